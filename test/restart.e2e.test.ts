import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../src/app/config.ts';
import { createDebrief } from '../src/app/debrief.ts';
import { createLogger } from '../src/app/logger.ts';
import { createQueueStore } from '../src/jobs/queue.ts';
import { SQUATS_KEYPOINTS } from './helpers/server.ts';

describe('crash recovery', () => {
  it('an analysis cut off by a crash runs again after restart, and the data dir is reusable', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-restart-'));
    const config = loadConfig({}, { dataDir, port: 0, workerPollMs: 20 });
    const log = createLogger('silent');
    try {
      // First life: accept the session and its job, and have a worker claim it, then "crash".
      const first = await createDebrief(config, { role: 'none', logger: log });
      const ws = await first.accounts.createWorkspace('w');
      const scope = { workspaceId: ws.id, livemode: false };
      const s = await first.ctx.sessions.create(scope, { kind: 'exercise', options: { assessments: ['Squats'] } });
      await first.ctx.sessions.putInput(scope, s.id, 'Squats', 'application/json', Readable.from(SQUATS_KEYPOINTS));
      await first.ctx.sessions.complete(scope, s.id);
      const claimed = await createQueueStore(first.database.db).claim(['analyze'], 'crashed-worker', 3_600_000);
      assert.ok(claimed, 'the analyze job was queued with the completion');
      await first.close();

      // Second life on the same directory: the orphaned job runs and the session becomes ready.
      const second = await createDebrief(config, { role: 'worker', logger: log });
      try {
        let status = 'processing';
        for (let i = 0; i < 200 && status === 'processing'; i++) {
          await new Promise((r) => setTimeout(r, 50));
          status = (await second.ctx.sessions.get(scope, s.id)).status;
        }
        assert.equal(status, 'ready');
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
