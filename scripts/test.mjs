#!/usr/bin/env node
// Runs every test once. API and storage tests run on PGlite and on a real PostgreSQL server:
// this script starts a throwaway PostgreSQL cluster (installing Debian's package when it is
// missing and we are root) unless DEBRIEF_TEST_DATABASE_URL already names one, and an
// S3-compatible server unless DEBRIEF_TEST_S3_ENDPOINT names one (scripts/services.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { findPgBin, startPostgres, startS3Server } = await import('./services.ts');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const isRoot = process.getuid?.() === 0;

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
  s3Server = await startS3Server();
  process.env.DEBRIEF_TEST_S3_ENDPOINT = s3Server.endpoint;
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
// The scale test runs three Debrief processes that take both cores.
const SOLO = new Set(['test/long-recording.e2e.test.ts', 'test/scale.e2e.test.ts']);
// A hang must fail by name, never run CI out of time: a test, and a file as a whole, gets
// TEST_TIMEOUT_MS; a file exits once its tests end (a worker a failed test left running kept one
// alive for ever); the whole run is stopped at RUN_DEADLINE_MS (SIGTERM: the runner then stops its
// files too). The whole suite takes ~9 minutes on two cores. (--test-force-exit needs Node 20.14.)
const TEST_TIMEOUT_MS = 15 * 60_000;
const RUN_DEADLINE_MS = 60 * 60_000;
const deadline = Date.now() + RUN_DEADLINE_MS;
const run = (list, concurrency) => {
  if (!list.length) return 0;
  if (Date.now() >= deadline) return 1; // the earlier run used up the time and said so
  const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-force-exit', '--test-reporter=spec', ...list];
  const { status, error } = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', timeout: Math.max(1, deadline - Date.now()), killSignal: 'SIGTERM' });
  if (error?.code === 'ETIMEDOUT') console.error(`The tests ran past ${RUN_DEADLINE_MS / 60_000} minutes and were stopped; the last file reported above is followed by the one that hung.`);
  return status ?? 1;
};
const shared = run(files.filter((f) => !SOLO.has(f)), 2);
const solo = run(files.filter((f) => SOLO.has(f)), 1);
const result = { status: shared === 0 && solo === 0 ? 0 : (shared || solo || 1) };
s3Server?.stop();
pgServer?.stop();
process.exit(result.status ?? 1);
