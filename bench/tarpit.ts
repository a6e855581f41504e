// One workspace's webhook receivers must not slow another workspace's analyses (issue 15, bar:
// with ten endpoints that accept and never answer, another workspace's analysis still takes under
// 5 s). Workspace A has ten tarpit endpoints (a TCP server that accepts and stays silent) and
// completes ten sessions, so a hundred deliveries hang for the 10 s timeout; meanwhile workspace B
// analyses the real squat recording. The server runs with its production defaults (the private
// address opt-in aside, since the tarpit is on this machine).
//   npm run bench:tarpit
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../src/app/config.ts';
import { createDebrief } from '../src/app/debrief.ts';
import { createLogger } from '../src/app/logger.ts';

const squats = fs.readFileSync(new URL('../demo/squats.keypoints.json', import.meta.url));
const held: net.Socket[] = [];
const tarpit = net.createServer((socket) => { held.push(socket); socket.on('error', () => {}); });
await new Promise<void>((r) => tarpit.listen(0, '127.0.0.1', r));
const tarpitUrl = `http://127.0.0.1:${(tarpit.address() as net.AddressInfo).port}/hook`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-'));
const d = await createDebrief(loadConfig({}, { dataDir, port: 0, webhookAllowPrivate: true }), { role: 'serve', logger: createLogger('silent') });
const a = { workspaceId: (await d.accounts.createWorkspace('slow-receivers')).id, livemode: false };
const b = { workspaceId: (await d.accounts.createWorkspace('other')).id, livemode: false };
for (let i = 0; i < 10; i++) await d.ctx.webhooks.createEndpoint(a, { url: tarpitUrl, events: ['*'] });

async function analyse(scope: typeof a) {
  const s = await d.ctx.sessions.create(scope, { kind: 'exercise', options: { assessments: ['Squats'] } });
  await d.ctx.sessions.putInput(scope, s.id, 'Squats', 'application/json', Readable.from(squats));
  await d.ctx.sessions.complete(scope, s.id);
  return s.id;
}
const ready = async (scope: typeof a, id: string) => {
  while ((await d.ctx.sessions.get(scope, id)).status === 'processing') await new Promise((r) => setTimeout(r, 20));
};

// Baseline in the same run: B's analysis with nothing else going on (after one that starts the compute threads).
await ready(b, await analyse(b));
let t = performance.now();
await ready(b, await analyse(b));
const alone = (performance.now() - t) / 1000;

const slow = [];
for (let i = 0; i < 10; i++) slow.push(await analyse(a));
for (const id of slow) await ready(a, id);
// A's sessions are ready; their hundred deliveries now hang on the tarpit.
await new Promise((r) => setTimeout(r, 500));
t = performance.now();
await ready(b, await analyse(b));
const beside = (performance.now() - t) / 1000;

console.log(`another workspace's analysis: ${alone.toFixed(2)} s alone, ${beside.toFixed(2)} s beside 100 deliveries hanging on 10 tarpit endpoints (${held.length} connections held)`);
const ok = beside < 5;
console.log(`bar: under 5 s: ${ok ? 'PASS' : 'FAIL'}`);
for (const s of held) s.destroy();
tarpit.close();
await d.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
