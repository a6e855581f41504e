// How quickly the API answers while a long recording is processed (issue 15, bar: /healthz p99
// under 100 ms while a 200,000-frame recording is uploaded, analysed and exported). The server runs
// in its own process (bench/api-target.ts); this process pings /healthz every 20 ms and, alongside,
// uploads a 200,000-frame running recording (60 fps, 55 min), completes the session, waits for the
// result and downloads its JSON and CSV exports. Prints the ping latencies per phase.
//   npm run bench:healthz            (BENCH_FRAMES=200000 by default; DEBRIEF_COMPUTE_THREADS=0 shows the stall without threads)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { seeded } from '../eval/body.ts';
import { runMotion, sample } from '../eval/sports-gen.ts';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 200_000);
const FPS = 60;

function start(): Promise<{ child: ChildProcess; info: { url: string; key: string } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./api-target.ts', import.meta.url).pathname, 'empty'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, info: JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`target exited with ${code}`)));
  });
}

// The recording, made before any timing starts (it takes this process a while).
const { motion } = runMotion(seeded(1));
const doc = sample(motion, FRAMES / FPS + 1, { fps: FPS, format: 'blazepose33', jitterPx: 1, dropPoint: 0, dropFrame: 0, view: 'side', seed: 3 });
// One decimal, as pose estimators' pixel coordinates usually come: ~150 MB for 200,000 frames.
doc.frames = doc.frames.slice(0, FRAMES).map((f) => (f ? f.map((p) => p.map((x) => Math.round(x * 10) / 10)) : null));
const body = new Uint8Array(Buffer.from(JSON.stringify(doc)));

const { child, info } = await start();
const auth = { authorization: `Bearer ${info.key}` };
const api = async (method: string, path: string, init: { body?: Uint8Array<ArrayBuffer> | string; type?: string } = {}) => {
  const res = await fetch(`${info.url}${path}`, { method, headers: { ...auth, ...(init.type ? { 'content-type': init.type } : {}) }, body: init.body });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${bytes.toString('utf8', 0, 300)}`);
  return bytes;
};

let phase = 'idle';
const pings = new Map<string, number[]>();
let pinging = true;
const pinger = (async () => {
  while (pinging) {
    const t = performance.now();
    const res = await fetch(`${info.url}/healthz`);
    await res.arrayBuffer();
    const ms = performance.now() - t;
    if (!pings.has(phase)) pings.set(phase, []);
    pings.get(phase)!.push(ms);
    await new Promise((r) => setTimeout(r, 20));
  }
})();

const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  phase = name;
  const t = performance.now();
  const out = await work();
  console.log(`${name.padEnd(28)} ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s`);
  return out;
};

await new Promise((r) => setTimeout(r, 1000));
const session = JSON.parse((await api('POST', '/v1/sessions', { body: JSON.stringify({ kind: 'running' }), type: 'application/json' })).toString());
await timed(`upload (${(body.length / 1e6).toFixed(0)} MB, checked)`, () => api('PUT', `/v1/sessions/${session.id}/inputs/keypoints`, { body, type: 'application/json' }));
await timed('analysis', async () => {
  await api('POST', `/v1/sessions/${session.id}/complete`);
  for (;;) {
    const s = JSON.parse((await api('GET', `/v1/sessions/${session.id}`)).toString());
    if (s.status === 'ready') return;
    if (s.status === 'failed') throw new Error(`analysis failed: ${JSON.stringify(s.error)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});
const detail = await timed('GET session (reference 001)', () => api('GET', `/running/sessions/${session.id}/`));
const json = await timed('export JSON', () => api('GET', `/running/sessions/${session.id}/export/`));
const csv = await timed('export CSV', () => api('GET', `/running/sessions/${session.id}/export/?format=csv`));
console.log(`(detail ${(detail.length / 1e6).toFixed(1)} MB, JSON export ${(json.length / 1e6).toFixed(0)} MB, CSV ${(csv.length / 1e6).toFixed(0)} MB)`);
pinging = false;
await pinger;
// The server's peak resident memory over the run (Linux), for the memory a long upload costs.
const peakMb = (() => { try { return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024; } catch { return null; } })();
child.kill('SIGTERM');
if (peakMb !== null) console.log(`server peak resident memory: ${peakMb.toFixed(0)} MB`);

const quantile = (xs: number[], q: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const all: number[] = [];
console.log('\n/healthz while…                  pings   p50 ms   p99 ms   max ms');
for (const [name, xs] of pings) {
  if (name === 'idle') continue;
  all.push(...xs);
  console.log(`${name.padEnd(32)} ${String(xs.length).padStart(5)} ${quantile(xs, 0.5).toFixed(1).padStart(8)} ${quantile(xs, 0.99).toFixed(1).padStart(8)} ${Math.max(...xs).toFixed(0).padStart(8)}`);
}
const p99 = quantile(all, 0.99);
console.log(`${'all of it'.padEnd(32)} ${String(all.length).padStart(5)} ${quantile(all, 0.5).toFixed(1).padStart(8)} ${p99.toFixed(1).padStart(8)} ${Math.max(...all).toFixed(0).padStart(8)}`);
console.log(`\nbar: /healthz p99 < 100 ms: ${p99 < 100 ? 'PASS' : 'FAIL'}`);
process.exit(p99 < 100 ? 0 : 1);
