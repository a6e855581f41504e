// No acknowledged write is lost to a crash (issue 15, bar: 0 over 20 kill -9s). A client keeps
// creating sessions, uploading the real squat recording and completing them against
// `debrief serve` on the embedded default, while the server is killed with SIGKILL at random
// moments (20 times) and started again on the same data directory. Afterwards every session that
// was acknowledged (201) must exist, every acknowledged upload must be there with its sha256, every
// acknowledged completion (202) must not be open again, and each completed session must end ready.
//   npm run bench:crash            (BENCH_KILLS=20 by default)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KILLS = Number(process.env.BENCH_KILLS ?? 20);
const BIN = fileURLToPath(new URL('../bin/debrief.mjs', import.meta.url));
const squats = fs.readFileSync(new URL('../demo/squats.keypoints.json', import.meta.url));
const squatsSha = crypto.createHash('sha256').update(squats).digest('hex');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-crash-'));
const env = { ...process.env, DEBRIEF_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
const cli = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
cli(['workspaces', 'create', 'w']);
const key = JSON.parse(cli(['keys', 'create', '--workspace', 'w', '--mode', 'test', '--json']).stdout).key as string;
const auth = { authorization: `Bearer ${key}` };

function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...env, LOG_LEVEL: 'info' } });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const url = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
      if (url) resolve({ child, url });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening:\n${out}`)));
  });
}

const created = new Set<string>(), uploaded = new Set<string>(), completed = new Set<string>();
let server = await serve();
let stop = false;
const client = (async () => {
  while (!stop) {
    try {
      const res = await fetch(`${server.url}/v1/sessions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'exercise', options: { assessments: ['Squats'] } }) });
      if (res.status !== 201) continue;
      const { id } = await res.json() as { id: string };
      created.add(id);
      const put = await fetch(`${server.url}/v1/sessions/${id}/inputs/Squats`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: squats });
      if (put.status !== 201) continue;
      uploaded.add(id);
      const done = await fetch(`${server.url}/v1/sessions/${id}/complete`, { method: 'POST', headers: auth });
      if (done.status === 202) completed.add(id);
    } catch {
      await new Promise((r) => setTimeout(r, 50)); // the server is down: wait for the next one
    }
  }
})();

for (let kill = 0; kill < KILLS; kill++) {
  await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGKILL');
  await exited;
  server = await serve();
}
stop = true;
await client;

/** The fields of a session or an input list read here. */
type Answer = { id?: string; status?: string; data?: { sha256: string }[] };
const get = async (p: string) => (await fetch(`${server.url}${p}`, { headers: auth })).json() as Promise<Answer>;
const lost: string[] = [];
for (const id of created) {
  const s = await get(`/v1/sessions/${id}`);
  if (s.id !== id) { lost.push(`${id}: session gone`); continue; }
  if (uploaded.has(id)) {
    const inputs = await get(`/v1/sessions/${id}/inputs`);
    if (!inputs.data?.some((i) => i.sha256 === squatsSha)) lost.push(`${id}: upload gone`);
  }
  if (completed.has(id) && s.status === 'open') lost.push(`${id}: completion gone`);
}
// Every completed session is analysed in the end (jobs cut off by a kill run again).
const until = Date.now() + 120_000;
let pending = [...completed];
while (pending.length && Date.now() < until) {
  const states = await Promise.all(pending.map(async (id) => [id, (await get(`/v1/sessions/${id}`)).status] as const));
  pending = states.filter(([, st]) => st === 'processing').map(([id]) => id);
  const failed = states.filter(([, st]) => st !== 'processing' && st !== 'ready');
  for (const [id, st] of failed) { lost.push(`${id}: ended ${st}`); completed.delete(id); }
  if (pending.length) await new Promise((r) => setTimeout(r, 500));
}
for (const id of pending) lost.push(`${id}: still processing after 2 minutes`);
server.child.kill('SIGTERM');
fs.rmSync(dataDir, { recursive: true, force: true });

console.log(`${KILLS} kill -9s: ${created.size} sessions, ${uploaded.size} uploads and ${completed.size} completions acknowledged; ${lost.length} lost`);
for (const l of lost.slice(0, 20)) console.log(`  ${l}`);
console.log(`bar: 0 acknowledged writes lost: ${lost.length === 0 ? 'PASS' : 'FAIL'}`);
process.exit(lost.length === 0 ? 0 : 1);
