// A server under test for bench/api.ts, in its own process so the load generator does not share its thread.
//   debrief: the real server on the embedded default, with one ready session;
//   empty:   the real server on the embedded default with a key and nothing else;
//   lists:   the real server on the embedded default with 1,000 ready sessions in one workspace;
//   bare:    a Fastify route returning the same JSON from memory (the ceiling).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { loadConfig } from '../src/app/config.ts';
import { createDebrief } from '../src/app/debrief.ts';
import { createLogger } from '../src/app/logger.ts';

const mode = process.argv[2];

if (mode === 'collect') {
  // The collect endpoint on the embedded default, with the rate limit out of the way (one client sends everything).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-'));
  const d = await createDebrief(loadConfig({}, { dataDir, port: 0, collectRatePerSecond: 1e6, collectRateBurst: 1e6 }), { role: 'serve', logger: createLogger('silent') });
  await d.accounts.createWorkspace('bench');
  const { key } = await d.accounts.createKey({ workspace: 'bench', livemode: false, type: 'publishable' });
  const secret = (await d.accounts.createKey({ workspace: 'bench', livemode: false })).key;
  process.stdout.write(`${JSON.stringify({ url: d.address, key, secret })}\n`);
  process.on('SIGTERM', async () => { await d.close(); fs.rmSync(dataDir, { recursive: true, force: true }); process.exit(0); });
} else if (mode === 'empty') {
  // The embedded default with one workspace and a secret key, nothing in it (bench/healthz.ts).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-'));
  const d = await createDebrief(loadConfig({}, { dataDir, port: 0, workerPollMs: 50 }), { role: 'serve', logger: createLogger('silent') });
  await d.accounts.createWorkspace('bench');
  const { key } = await d.accounts.createKey({ workspace: 'bench', livemode: false });
  process.stdout.write(`${JSON.stringify({ url: d.address, key })}\n`);
  process.on('SIGTERM', async () => { await d.close(); fs.rmSync(dataDir, { recursive: true, force: true }); process.exit(0); });
} else if (mode === 'lists') {
  // The embedded default with 1,000 ready roleplay sessions (and so 1,000 events) in one workspace (bench/lists.ts).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-'));
  const d = await createDebrief(loadConfig({}, { dataDir, port: 0, workerPollMs: 20 }), { role: 'serve', logger: createLogger('silent') });
  const ws = await d.accounts.createWorkspace('bench');
  const { key } = await d.accounts.createKey({ workspace: 'bench', livemode: false });
  const scope = { workspaceId: ws.id, livemode: false };
  const ids: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const s = await d.ctx.sessions.create(scope, { kind: 'roleplay', user_id: `u-${i % 50}`, options: { scenario: 'coaching-conversation' } });
    const lines = [
      { speaker: 'ai', text: 'I have been struggling to hit my targets this quarter.', seconds_from_start: 0 },
      { speaker: 'user', text: i % 2 ? 'What do you think is getting in the way?' : 'You need to work harder.', seconds_from_start: 4 },
      { speaker: 'ai', text: 'Mostly the new accounts take longer than I planned.', seconds_from_start: 9 },
      { speaker: 'user', text: 'So the new accounts are eating your time. What would help?', seconds_from_start: 14 },
    ];
    await d.ctx.sessions.putInput(scope, s.id, 'transcript', 'application/json', Readable.from(Buffer.from(JSON.stringify(lines))));
    await d.ctx.sessions.complete(scope, s.id);
    ids.push(s.id);
  }
  for (const id of ids) while ((await d.ctx.sessions.get(scope, id)).status === 'processing') await new Promise((r) => setTimeout(r, 50));
  // Fresh planner statistics, as the server's own refresh (at start and every 5 minutes) gives a workspace that grew.
  await d.database.sql.query('ANALYZE');
  process.stdout.write(`${JSON.stringify({ url: d.address, key })}\n`);
  process.on('SIGTERM', async () => { await d.close(); fs.rmSync(dataDir, { recursive: true, force: true }); process.exit(0); });
} else if (mode === 'bare') {
  const body = JSON.parse(process.argv[3]);
  const app = Fastify();
  app.get('/v1/sessions/:id', async () => body);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
} else {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-'));
  const d = await createDebrief(loadConfig({}, { dataDir, port: 0, workerPollMs: 20 }), { role: 'serve', logger: createLogger('silent') });
  const ws = await d.accounts.createWorkspace('bench');
  const { key } = await d.accounts.createKey({ workspace: 'bench', livemode: false });
  const scope = { workspaceId: ws.id, livemode: false };
  const s = await d.ctx.sessions.create(scope, { kind: 'exercise', options: { assessments: ['Squats'] } });
  const body = fs.readFileSync(new URL('../demo/squats.keypoints.json', import.meta.url));
  await d.ctx.sessions.putInput(scope, s.id, 'Squats', 'application/json', Readable.from(body));
  await d.ctx.sessions.complete(scope, s.id);
  while ((await d.ctx.sessions.get(scope, s.id)).status === 'processing') await new Promise((r) => setTimeout(r, 20));
  process.stdout.write(`${JSON.stringify({ url: d.address, key, path: `/v1/sessions/${s.id}` })}\n`);
  process.on('SIGTERM', async () => { await d.close(); fs.rmSync(dataDir, { recursive: true, force: true }); process.exit(0); });
}
