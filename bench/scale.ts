// Throughput with 1, 2 and 4 worker processes on one PostgreSQL (issue 17, bar: 2 workers ≥ 1.5×
// one). Each count gets a fresh database and BENCH_BATCHES batches of BENCH_SESSIONS exercise
// sessions whose analysis is the work: a 2-minute, 30 fps, 33-landmark Squats recording each
// (generated, image landmarks only). All are uploaded through an API process that runs no job; then
// the workers (`debrief worker`, one analysis at a time) are started, and once every one is
// listening the batches are completed one after the other. A batch's throughput is its sessions over
// the time from its first completion request to its last session ready; the median batch is
// reported. On 2 cores, more than two workers shows the queue's overhead and contention, not more
// cores. Blobs are on a data directory the processes share (one machine).
// Each count runs twice: workers set up as the deployment guide says for one worker process per
// core (the analysis on the worker's own thread, DEBRIEF_COMPUTE_THREADS=0, and
// `node --single-threaded-gc`, so that V8's collector stays on that core too), and with the default
// settings (a compute thread, Node's parallel collector), whose extra threads in each process compete
// for the other's core. The bar is read on the first.
//   npm run bench:scale         (DATABASE_URL to use a server; else a throwaway cluster is started)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/app/config.ts';
import { createDebrief } from '../src/app/debrief.ts';
import { createLogger } from '../src/app/logger.ts';
import { PROGRAMS } from '../eval/exercise-programs.ts';
import { generate } from '../eval/generate.ts';
import { startPostgres } from '../scripts/services.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 40);
/** Each count is measured this many times on the same workers; the median is reported. */
const BATCHES = Number(process.env.BENCH_BATCHES ?? 3);
const COUNTS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const BIN = fileURLToPath(new URL('../bin/debrief.mjs', import.meta.url));

const program = PROGRAMS.find((p) => p.exercise === 'Squats')!;
const g = generate(program, { seed: 3, fps: 30, format: 'blazepose33', reps: 120, partialLastRep: false, faultRate: 0.2, jitterPx: 3, dropFrame: 0.01, dropPoint: 0.01, repSeconds: [2, 2.6] });
g.doc.frames.length = Math.min(g.doc.frames.length, 2 * 60 * 30);
delete g.doc.world;
const recording = Buffer.from(JSON.stringify(g.doc));

const cluster = process.env.DATABASE_URL ? null : await startPostgres();
const adminUrl = process.env.DATABASE_URL ?? cluster!.url;

interface Mode { label: string; nodeFlags: string[]; computeThreads: string }

async function run(workerCount: number, mode: Mode, index: number): Promise<number[]> {
  const name = `debrief_bench_scale_${workerCount}_${index}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-scale-'));
  const api = await createDebrief(loadConfig({}, { dataDir, databaseUrl: url.toString(), port: 0, logLevel: 'silent', computeThreads: 1 }), { role: 'serve', worker: false, logger: createLogger('silent') });
  const workers: ChildProcess[] = [];
  try {
    await api.accounts.createWorkspace('bench');
    const { key } = await api.accounts.createKey({ workspace: 'bench', livemode: false });
    const call = (method: string, route: string, body?: string | Buffer) => fetch(`${api.address}${route}`, { method, body: body as BodyInit | undefined, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    const ids: string[] = [];
    for (let i = 0; i < SESSIONS * BATCHES; i++) {
      const { id } = await (await call('POST', '/v1/sessions', JSON.stringify({ kind: 'exercise', options: { assessments: ['Squats'] } }))).json() as { id: string };
      const put = await call('PUT', `/v1/sessions/${id}/inputs/Squats`, recording);
      if (put.status !== 201) throw new Error(`upload: ${put.status} ${await put.text()}`);
      ids.push(id);
    }
    // Workers, each ready before any job is queued: their start-up is not counted.
    await Promise.all(Array.from({ length: workerCount }, () => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...mode.nodeFlags, BIN, 'worker'], {
        env: { ...process.env, DATABASE_URL: url.toString(), DEBRIEF_DATA_DIR: dataDir, DEBRIEF_WORKER_CONCURRENCY: '1', DEBRIEF_COMPUTE_THREADS: mode.computeThreads, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      workers.push(child);
      let out = '';
      const onData = (c: Buffer) => { out += c; if (out.includes('worker started')) resolve(); };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`a worker exited with ${code}: ${out}`)));
    })));
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    const rates: number[] = [];
    for (let b = 0; b < BATCHES; b++) {
      const batch = ids.slice(b * SESSIONS, (b + 1) * SESSIONS);
      const t0 = Date.now();
      await Promise.all(batch.map((id) => call('POST', `/v1/sessions/${id}/complete`).then((r) => r.body?.cancel())));
      for (;;) {
        const { rows: [r] } = await db.query(`SELECT count(*) FILTER (WHERE status = 'ready')::int AS ready, count(*) FILTER (WHERE status = 'failed')::int AS failed,
          extract(epoch FROM max(completed_at)) * 1000 AS last FROM sessions WHERE id = ANY($1)`, [batch]);
        if (r.failed) throw new Error(`${r.failed} sessions failed`);
        if (r.ready === SESSIONS) { rates.push(SESSIONS / ((Number(r.last) - t0) / 1000)); break; }
        await new Promise((res) => setTimeout(res, 100));
      }
    }
    await db.end();
    return rates;
  } finally {
    for (const w of workers) { w.removeAllListeners('exit'); w.kill('SIGTERM'); }
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
    await api.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`${SESSIONS} sessions of ${g.doc.frames.length} frames (${(recording.length / 1e6).toFixed(1)} MB of keypoints each), ${os.availableParallelism()} cores`);
const MODES: Mode[] = [
  { label: 'one process per core', nodeFlags: ['--single-threaded-gc'], computeThreads: '0' },
  { label: 'default settings', nodeFlags: [], computeThreads: '1' },
];
const rates = new Map<string, number>();
for (const [index, mode] of MODES.entries()) {
  for (const n of COUNTS) {
    const each = await run(n, mode, index);
    const rate = [...each].sort((a, b) => a - b)[Math.floor(each.length / 2)];
    rates.set(`${mode.label}:${n}`, rate);
    const base = rates.get(`${mode.label}:${COUNTS[0]}`)!;
    console.log(`${mode.label.padEnd(22)} ${n} worker${n === 1 ? ' ' : 's'}: ${rate.toFixed(2)} sessions/s (${(rate / base).toFixed(2)}× ${COUNTS[0]} worker; median of ${each.map((r) => r.toFixed(2)).join(', ')})`);
  }
}
cluster?.stop();
const ratio = (mode: string) => (rates.get(`${mode}:2`) ?? 0) / (rates.get(`${mode}:1`) ?? Infinity);
const measured = COUNTS.includes(1) && COUNTS.includes(2);
if (measured) {
  console.log(`with the default settings, 2 workers: ${ratio(MODES[1].label).toFixed(2)}× one`);
  console.log(`bar: 2 workers ≥ 1.5× one (${MODES[0].label}): ${ratio(MODES[0].label).toFixed(2)}× ${ratio(MODES[0].label) >= 1.5 ? 'PASS' : 'FAIL'}`);
}
process.exit(measured && ratio(MODES[0].label) < 1.5 ? 1 : 0);
