import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/app/config.ts';
import { createDebrief } from '../src/app/debrief.ts';
import { createLogger } from '../src/app/logger.ts';
import { freshPostgresDatabase } from './helpers/backends.ts';
import { SQUATS_KEYPOINTS } from './helpers/server.ts';

const log = createLogger('silent');

/** Issue 17's process roles: an API process that runs no job, worker processes that run the queues they are given. */
describe('process roles', () => {
  it('serve --no-worker answers the API while a worker process on the same PostgreSQL runs the analysis', { skip: !process.env.DEBRIEF_TEST_DATABASE_URL && 'needs PostgreSQL (scripts/test.mjs starts one)' }, async () => {
    const pg = await freshPostgresDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-roles-'));
    // The worker would look for jobs once a minute: it is woken by the API's NOTIFY instead.
    const config = loadConfig({}, { dataDir, databaseUrl: pg.url, port: 0, workerPollMs: 60_000, logLevel: 'silent' });
    const api = await createDebrief(config, { role: 'serve', worker: false, logger: log });
    const worker = await createDebrief(config, { role: 'worker', queues: ['analyze'], logger: log });
    try {
      assert.equal(api.worker, null, 'the API process runs no job');
      await api.accounts.createWorkspace('w');
      const { key } = await api.accounts.createKey({ workspace: 'w', livemode: false });
      const call = (method: string, route: string, body?: string | Buffer) => fetch(`${api.address}${route}`, {
        method, body: body as BodyInit | undefined, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      });
      const { id } = await (await call('POST', '/v1/sessions', JSON.stringify({ kind: 'exercise', options: { assessments: ['Squats'] } }))).json() as { id: string };
      assert.equal((await call('PUT', `/v1/sessions/${id}/inputs/Squats`, SQUATS_KEYPOINTS)).status, 201);
      // The first claim is made at start; from then on the worker sleeps until woken.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await call('POST', `/v1/sessions/${id}/complete`)).status, 202);
      let status = 'processing';
      for (let i = 0; i < 200 && status === 'processing'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = ((await (await call('GET', `/v1/sessions/${id}`)).json()) as { status: string }).status;
      }
      assert.equal(status, 'ready', 'the worker process analysed it within 10 s, long before its next poll');
      assert.equal(((await (await call('GET', `/v1/${id}/Squats`)).json()) as { count: number }).count, 2);
    } finally {
      await api.close();
      await worker.close();
      await pg.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses an API without workers on the embedded database, and a queue that does not exist', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-roles-'));
    try {
      const config = loadConfig({}, { dataDir, port: 0, logLevel: 'silent' });
      await assert.rejects(createDebrief(config, { role: 'serve', worker: false, logger: log }), (e) => e instanceof ConfigError && /needs DATABASE_URL/.test(e.message));
      await assert.rejects(createDebrief(config, { role: 'worker', queues: ['analyse'], logger: log }),
        (e) => e instanceof ConfigError && /Unknown queue 'analyse'\. Queues: analyze, deliver_webhook, render_video, behavior_assess\./.test(e.message));
      // The directory is free again after each refusal.
      const ok = await createDebrief(config, { role: 'worker', queues: ['analyze'], logger: log });
      assert.deepEqual(ok.worker ? 'running' : 'none', 'running');
      await ok.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
