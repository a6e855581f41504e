import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/app/config.ts';
import { createDebrief, type Debrief } from '../../src/app/debrief.ts';
import { createLogger } from '../../src/app/logger.ts';
import { freshPostgresDatabase } from './backends.ts';

export interface TestServer {
  url: string;
  debrief: Debrief;
  dataDir: string;
  /** Secret keys: workspace A test and live, workspace B test; a revoked key; a publishable key. */
  keys: { a: string; aLive: string; b: string; revoked: string; publishable: string };
  /** fetch against the server with a key (Bearer by default). */
  call(method: string, route: string, opts?: { key?: string | null; body?: unknown; raw?: Buffer | string; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(backend: 'pglite' | 'postgres', overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-test-'));
  const pgdb = backend === 'postgres' ? await freshPostgresDatabase() : null;
  const config = loadConfig({}, {
    port: 0, host: '127.0.0.1', dataDir, databaseUrl: pgdb?.url ?? null, logLevel: 'silent',
    workerPollMs: 50, webhookRetryScheduleMs: [100, 200], webhookTimeoutMs: 2000, webhookAllowPrivate: true, shutdownGraceMs: 2000, checkResponses: true, ...overrides,
  });
  const debrief = await createDebrief(config, { role: 'serve', logger: createLogger(process.env.DEBRIEF_TEST_LOG ?? 'silent') });
  const { accounts } = debrief;
  await accounts.createWorkspace('alpha');
  await accounts.createWorkspace('beta');
  const a = (await accounts.createKey({ workspace: 'alpha', livemode: false })).key;
  const aLive = (await accounts.createKey({ workspace: 'alpha', livemode: true })).key;
  const b = (await accounts.createKey({ workspace: 'beta', livemode: false })).key;
  const revokedKey = await accounts.createKey({ workspace: 'alpha', livemode: false });
  await accounts.revokeKey(revokedKey.id);
  const publishable = (await accounts.createKey({ workspace: 'alpha', livemode: false, type: 'publishable' })).key;
  const url = debrief.address!;

  return {
    url, debrief, dataDir,
    keys: { a, aLive, b, revoked: revokedKey.key, publishable },
    call(method, route, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const key = opts.key === undefined ? a : opts.key;
      if (key !== null && !headers.authorization) headers.authorization = `Bearer ${key}`;
      let body: string | Buffer | undefined;
      if (opts.raw !== undefined) body = opts.raw;
      else if (opts.body !== undefined) { body = JSON.stringify(opts.body); headers['content-type'] ??= 'application/json'; }
      return fetch(`${url}${route}`, { method, headers, body: body as BodyInit | undefined });
    },
    async close() {
      await debrief.close();
      await pgdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const SQUATS_KEYPOINTS = fs.readFileSync(new URL('../../demo/squats.keypoints.json', import.meta.url));

/** Polls a session until it leaves `processing` (or the time runs out). */
export async function waitForSession(server: TestServer, id: string, key?: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await server.call('GET', `/v1/sessions/${id}`, { key });
    const body = await res.json() as { status: string };
    if (body.status !== 'processing' && body.status !== 'open') return body as Record<string, unknown>;
    if (Date.now() > until) throw new Error(`session ${id} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Creates an exercise session for Squats, uploads the real recording and completes it. */
export async function readySquatsSession(server: TestServer, key?: string) {
  const created = await (await server.call('POST', '/v1/sessions', { key, body: { kind: 'exercise', user_id: '36', options: { prescription_id: 9, assessments: ['Squats'] } } })).json() as { id: string };
  const put = await server.call('PUT', `/v1/sessions/${created.id}/inputs/Squats`, { key, raw: SQUATS_KEYPOINTS, headers: { 'content-type': 'application/json' } });
  if (put.status !== 201) throw new Error(`upload failed: ${put.status} ${await put.text()}`);
  await server.call('POST', `/v1/sessions/${created.id}/complete`, { key });
  return waitForSession(server, created.id, key) as Promise<{ id: string; status: string }>;
}
