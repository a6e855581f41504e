#!/usr/bin/env node
// Runs every test once. API and storage tests run on PGlite and on a real PostgreSQL server:
// this script starts a throwaway PostgreSQL cluster (installing Debian's package when it is
// missing and we are root) unless DEBRIEF_TEST_DATABASE_URL already names one.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const isRoot = process.getuid?.() === 0;

function findPgBin() {
  const fromPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (fromPath) return path.dirname(fs.realpathSync(fromPath));
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

/** Debian packages the tests use, installed when missing (root only). */
function ensurePackages() {
  const wanted = [];
  if (!findPgBin()) wanted.push('postgresql');
  if (!fs.existsSync('/usr/bin/chromium')) wanted.push('chromium');
  if (spawnSync('sh', ['-c', 'command -v ffmpeg']).status !== 0) wanted.push('ffmpeg');
  if (!wanted.length) return;
  if (!isRoot) {
    console.error(`Missing system packages: ${wanted.join(' ')}. Install them (apt-get install -y ${wanted.join(' ')}) and re-run.`);
    process.exit(1);
  }
  console.log(`Installing ${wanted.join(' ')} from Debian's packages…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...wanted], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

const freePort = () => new Promise((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});

async function startPostgres() {
  const bin = findPgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  // PostgreSQL refuses to run as root: run it as the postgres user the Debian package creates.
  const as = (cmd, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args]);
  if (isRoot) execFileSync('chown', ['postgres', dir]);
  const run = (cmd, args) => { const [c, a] = as(cmd, args); execFileSync(c, a, { stdio: ['ignore', 'ignore', 'inherit'] }); };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']), dir };
}

function testFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...testFiles(p));
    else if (entry.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out.sort();
}

ensurePackages();
let pgServer = null;
if (!process.env.DEBRIEF_TEST_DATABASE_URL) {
  pgServer = await startPostgres();
  process.env.DEBRIEF_TEST_DATABASE_URL = pgServer.url;
}
// The storage suite and the video end-to-end tests also run against an S3-compatible server
// (s3rver, an npm dev dependency), in its own process: spawnSync below blocks this one.
let s3Server = null;
if (!process.env.DEBRIEF_TEST_S3_ENDPOINT) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-s3-'));
  const child = spawn(process.execPath, [path.join(root, 'scripts', 's3-server.mjs'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => { out += c; const m = /s3 endpoint (\S+)/.exec(out); if (m) resolve(m[1]); });
    child.once('exit', (code) => reject(new Error(`the S3 server exited with ${code}`)));
  });
  s3Server = { child, dir };
  process.env.DEBRIEF_TEST_S3_ENDPOINT = endpoint;
}
// The AWS SDK warns once per process that it will need Node 22 from 2027; Debrief supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Every JSON response a test server sends is checked against its documented schema (src/http/openapi.ts).
process.env.DEBRIEF_CHECK_RESPONSES ??= 'true';
console.log(`PostgreSQL for tests: ${process.env.DEBRIEF_TEST_DATABASE_URL}; S3 for tests: ${process.env.DEBRIEF_TEST_S3_ENDPOINT}`);
const only = process.argv.slice(2);
const files = only.length ? only : ['src', 'eval', 'test'].flatMap((dir) => testFiles(path.join(root, dir)));
// Tests that measure the event loop's pauses run alone, after the rest: on two cores another file's
// load would count as the server's pause (a 533 ms "stall" seen in CI was another file's CPU).
const SOLO = new Set(['test/long-recording.e2e.test.ts']);
const run = (list, concurrency) => (list.length
  ? spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...list], { cwd: root, stdio: 'inherit' }).status
  : 0);
const shared = run(files.filter((f) => !SOLO.has(f)), 2);
const solo = run(files.filter((f) => SOLO.has(f)), 1);
const result = { status: shared === 0 && solo === 0 ? 0 : (shared || solo || 1) };
if (s3Server) {
  s3Server.child.kill('SIGTERM');
  fs.rmSync(s3Server.dir, { recursive: true, force: true });
}
if (pgServer) {
  try { pgServer.stop(); } catch { /* already down */ }
  fs.rmSync(pgServer.dir, { recursive: true, force: true });
}
process.exit(result.status ?? 1);
