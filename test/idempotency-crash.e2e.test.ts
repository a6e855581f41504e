import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/store/db.ts';
import { backends, freshPostgresDatabase } from './helpers/backends.ts';
import { debrief, startServe } from './helpers/cli.ts';

/**
 * A POST with an Idempotency-Key whose process is killed (SIGKILL) between creating the session
 * and answering: after a restart, and once the key's two-minute takeover has passed, the client's
 * retry with the same key must get the first answer, never a second session. The server kills
 * itself at the named moment (DEBRIEF_CRASH_AT, src/crash-points.ts): inside the transaction
 * before it commits, and after the commit before the answer is written.
 */
for (const backend of backends()) {
  describe(`an Idempotency-Key across a crash, on ${backend}`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-idem-crash-'));
    let drop: (() => Promise<void>) | undefined;
    after(async () => { await drop?.(); fs.rmSync(dataDir, { recursive: true, force: true }); });

    async function setUp() {
      const pgdb = backend === 'postgres' ? await freshPostgresDatabase() : null;
      drop = pgdb?.drop;
      const env = { DEBRIEF_DATA_DIR: dataDir, ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) };
      assert.equal(debrief(['workspaces', 'create', 'crashy'], env).code, 0);
      const key = JSON.parse(debrief(['keys', 'create', '--workspace', 'crashy', '--mode', 'test', '--json'], env).stdout).key as string;
      return { env, key, databaseUrl: pgdb?.url ?? null };
    }

    /** As if the takeover's two minutes had passed: every key still in progress is made older than that. */
    async function ageKeysInProgress(databaseUrl: string | null) {
      const database = await openDatabase({ dataDir, databaseUrl });
      try {
        await database.db.execute(sql`UPDATE idempotency_keys SET created_at = created_at - interval '3 minutes' WHERE status_code IS NULL`);
      } finally {
        await database.close();
      }
    }

    it('finds one session per key when the process dies before the commit or before the answer', async () => {
      const { env, key, databaseUrl } = await setUp();
      const create = (url: string, idempotencyKey: string) => fetch(`${url}/v1/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify({ kind: 'exercise', user_id: idempotencyKey, options: { assessments: ['Squats'] } }),
      });
      for (const point of ['session-inserted', 'session-created']) {
        const k = `crash-at-${point}`;
        const doomed = await startServe(['--data-dir', dataDir], { ...env, DEBRIEF_CRASH_AT: point });
        await assert.rejects(create(doomed.url, k), 'the process died before it answered');
        assert.equal(await doomed.exited, null, 'killed by a signal');

        await ageKeysInProgress(databaseUrl);
        const server = await startServe(['--data-dir', dataDir], env);
        try {
          const retry = await create(server.url, k);
          assert.equal(retry.status, 201, await retry.clone().text());
          const first = await retry.json() as { id: string };
          const again = await create(server.url, k);
          assert.equal(again.status, 201);
          assert.equal(again.headers.get('idempotent-replayed'), 'true');
          assert.equal((await again.json() as { id: string }).id, first.id, 'a second retry gets the same answer');
          const listed = await (await fetch(`${server.url}/v1/sessions?user_id=${k}&limit=100`, { headers: { authorization: `Bearer ${key}` } })).json() as { data: { id: string }[] };
          assert.deepEqual(listed.data.map((s) => s.id), [first.id], `one session for the key, killed at ${point}`);
          if (point === 'session-created') assert.equal(retry.headers.get('idempotent-replayed'), 'true', 'the committed answer is what the retry gets');
        } finally {
          server.child.kill('SIGTERM');
          await server.exited;
        }
      }
    });
  });
}
