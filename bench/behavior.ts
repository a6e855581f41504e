// The behaviour kind's two speed bars, on this machine:
//  1. the collect endpoint sustains ≥ 20,000 events/s sent as gzipped batches (server in its own process);
//  2. a one-hour session of 200,000 events is analysed in ≤ 1 s, from the stored batches (read, gunzip,
//     parse, checks, user logs) as the report route does on a cache miss.
//   npm run bench:behavior       (BENCH_SECONDS=10 by default)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { longSession } from '../eval/behavior-gen.ts';
import { loadConfig } from '../src/app/config.ts';
import { createDebrief } from '../src/app/debrief.ts';
import { createLogger } from '../src/app/logger.ts';
import { createBehaviorStore, type BehaviorContext } from '../src/kinds/behavior/store.ts';
import { analyzeBehavior } from '../src/kinds/behavior/analyze.ts';
import type { Batch } from '../src/kinds/behavior/events.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const BATCH = 500;

// ---- 1. ingest ----
const child = spawn(process.execPath, ['--import', 'tsx', new URL('./api-target.ts', import.meta.url).pathname, 'collect'], { stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise<{ url: string; key: string }>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  child.once('exit', (code) => reject(new Error(`target exited with ${code}`)));
});
// Realistic events (a person's pointer, keys, scrolls), cut into batches of 500; each request gets a fresh session or sequence number.
const pool = longSession(7, 20_000);
const bodies: Buffer[] = [];
for (let i = 0; i < 400; i++) {
  const from = (i * BATCH) % (pool.length - BATCH);
  bodies.push(gzipSync(JSON.stringify({ session_id: `bench-session-${String(Math.floor(i / 20)).padStart(4, '0')}`, seq: i % 20, events: pool.slice(from, from + BATCH) })));
}
let sent = 0, events = 0, failed = 0;
async function client(id: number, until: number) {
  while (Date.now() < until) {
    const k = sent++;
    // Distinct (session, seq) for every request: each batch is really stored.
    const body = bodies[k % bodies.length];
    const sessionSalt = `c${id}r${Math.floor(k / bodies.length)}`;
    const res = await fetch(`${info.url}/v1/collect?key=${info.key}&enc=gzip&_=${sessionSalt}`, { method: 'POST', body: (k < bodies.length ? body : regzip(k)) as unknown as BodyInit, headers: { 'content-type': 'text/plain' } });
    if (res.ok) events += BATCH; else failed++;
    await res.arrayBuffer();
  }
}
const rebuilt = new Map<number, Buffer>();
function regzip(k: number) {
  // Past the prepared bodies, new session ids keep every batch distinct.
  let b = rebuilt.get(k);
  if (!b) {
    const from = (k * BATCH) % (pool.length - BATCH);
    b = gzipSync(JSON.stringify({ session_id: `bench-more-${String(k).padStart(8, '0')}`, seq: 0, events: pool.slice(from, from + BATCH) }), { level: 1 });
    if (rebuilt.size < 50_000) rebuilt.set(k, b);
  }
  return b;
}
await Promise.all(Array.from({ length: 8 }, (_, i) => client(i, Date.now() + 2000))); // warm-up
// The counter keeps running, so no batch of the measured run repeats one already stored.
events = 0; failed = 0;
const started = Date.now();
await Promise.all(Array.from({ length: 8 }, (_, i) => client(i, started + seconds * 1000)));
const rate = events / ((Date.now() - started) / 1000);
child.kill('SIGTERM');
console.log(`collect: ${Math.round(rate).toLocaleString('en-US')} events/s in gzipped batches of ${BATCH} (${failed} failed requests), 8 concurrent clients, ${seconds} s — bar ≥ 20,000`);

// ---- 2. analysis of one hour ----
// People's sessions back to back, squeezed into one hour (the bar is about volume, not about what they did).
const raw = longSession(11, 200_000);
const squeeze = 3_600_000 / (raw[raw.length - 1].t - raw[0].t);
const hour = raw.map((e) => ({ ...e, t: Math.round(raw[0].t + (e.t - raw[0].t) * squeeze) }));
const spanMin = (hour[hour.length - 1].t - hour[0].t) / 60_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-'));
const d = await createDebrief(loadConfig({}, { dataDir, port: 0 }), { role: 'none', logger: createLogger('silent') });
const ws = await d.accounts.createWorkspace('bench');
const scope = { workspaceId: ws.id, livemode: false };
const store = createBehaviorStore(d.ctx.kindContext('behavior') as BehaviorContext);
const batches: Batch[] = [];
for (let i = 0, seq = 0; i < hour.length; i += 1000, seq++) {
  const batch: Batch = { session_id: 'one-hour-session', seq, events: hour.slice(i, i + 1000) };
  batches.push(batch);
  await store.ingest(scope, batch, gzipSync(JSON.stringify(batch), { level: 1 }));
}
const times: number[] = [];
for (let run = 0; run < 5; run++) {
  await d.database.db.execute('delete from results');
  const t0 = performance.now();
  const { report } = await store.report(scope, 'one-hour-session');
  times.push(performance.now() - t0);
  if (run === 0) console.log(`  (${report.event_count.toLocaleString('en-US')} events over ${spanMin.toFixed(0)} min; ${report.user_logs.length} user logs, ${report.failed_checks.length} failed checks)`);
}
const pureTimes: number[] = [];
for (let run = 0; run < 5; run++) { const t0 = performance.now(); analyzeBehavior(batches, { timeZone: 'UTC' }); pureTimes.push(performance.now() - t0); }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`analysis: ${median(times).toFixed(0)} ms median for 200,000 events from storage (read, then gunzip, parse and analyse in a compute thread); ${median(pureTimes).toFixed(0)} ms for the pure analysis — bar ≤ 1000 ms`);
await d.close();
fs.rmSync(dataDir, { recursive: true, force: true });
const missed = [...(rate >= 20_000 ? [] : ['collect rate']), ...(median(times) <= 1000 ? [] : ['analysis time'])];
if (missed.length) { console.error(`Bars missed: ${missed.join(', ')}`); process.exit(1); }
