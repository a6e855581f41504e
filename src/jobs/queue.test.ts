import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openDatabase, type Database } from '../store/db.ts';
import { backends, freshPostgresDatabase } from '../../test/helpers/backends.ts';
import { createQueueStore, enqueue } from './queue.ts';
import { startWorker, type JobDefinition } from './worker.ts';
import { jobs } from '../store/schema.ts';
import { eq } from 'drizzle-orm';

// The queues of these tests and their payloads, as a module that owns a queue declares it.
type Numbered = { n?: number };
declare module './queue.ts' {
  interface JobPayloads { flaky: Numbered; doomed: Numbered; orphan: Numbered; poison: Numbered; slow: Numbered; tarpit: Numbered; analysis: Numbered; many: Numbered; keyed: Numbered; racing: Numbered }
}

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) { if (Date.now() > end) throw new Error('timed out'); await sleep(20); }
};

for (const backend of backends()) {
  describe(`job queue on ${backend}`, () => {
    let database: Database;
    let dir: string;
    let dropPg: (() => Promise<void>) | undefined;
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-jobs-'));
      const pgdb = backend === 'postgres' ? await freshPostgresDatabase() : null;
      dropPg = pgdb?.drop;
      database = await openDatabase({ dataDir: dir, databaseUrl: pgdb?.url ?? null });
    });
    after(async () => { await database?.close(); await dropPg?.(); fs.rmSync(dir, { recursive: true, force: true }); });

    /** A worker stopped when its test ends, failed or not: one left running keeps the file from ever exiting. */
    const workerFor = (t: TestContext, ...args: Parameters<typeof startWorker>) => {
      const w = startWorker(...args);
      t.after(() => w.stop());
      return w;
    };
    const statusOf = async (id: number) => (await database.db.select().from(jobs).where(eq(jobs.id, id)))[0];

    it('retries a failing job with backoff, then succeeds', async (t) => {
      const store = createQueueStore(database.db);
      const times: number[] = [];
      const def: JobDefinition = {
        queue: 'flaky', backoffMs: (a) => 100 * a,
        async handle() { times.push(Date.now()); if (times.length < 3) throw new Error(`boom ${times.length}`); },
      };
      const id = await enqueue(database.db, 'flaky', {}, { maxAttempts: 5 });
      const w = workerFor(t, store, [def], { concurrency: 1, pollMs: 20, graceMs: 100 }, log);
      await until(async () => (await statusOf(id)).status === 'done');
      await w.stop();
      const row = await statusOf(id);
      assert.equal(row.attempts, 3);
      assert.equal(row.lastError, 'boom 2');
      assert.ok(times[1] - times[0] >= 90, `first backoff ${times[1] - times[0]} ms`);
      assert.ok(times[2] - times[1] >= 190, `second backoff ${times[2] - times[1]} ms`);
    });

    it('gives up after the last attempt and calls onExhausted once', async (t) => {
      const store = createQueueStore(database.db);
      let exhausted = 0;
      const def: JobDefinition = { queue: 'doomed', backoffMs: () => 10, async handle() { throw new Error('always'); }, async onExhausted() { exhausted++; } };
      const id = await enqueue(database.db, 'doomed', {}, { maxAttempts: 2 });
      const w = workerFor(t, store, [def], { concurrency: 1, pollMs: 20, graceMs: 100 }, log);
      await until(async () => (await statusOf(id)).status === 'failed');
      await w.stop();
      assert.equal(exhausted, 1);
      assert.equal((await statusOf(id)).attempts, 2);
    });

    it('runs a job again when the process holding it died (lease ran out)', async (t) => {
      const store = createQueueStore(database.db);
      const id = await enqueue(database.db, 'orphan', { n: 1 });
      // The lease is long against the wait below: on a loaded machine a 60 ms sleep can take 150.
      const claimed = await store.claim(['orphan'], 'dead-process', 1000);
      assert.equal(claimed?.id, id);
      let ran = 0;
      const w = workerFor(t, store, [{ queue: 'orphan', backoffMs: () => 10, async handle() { ran++; } }], { concurrency: 1, pollMs: 20, graceMs: 100 }, log);
      await sleep(100);
      assert.equal(ran, 0, 'not while the lease holds');
      await until(async () => (await statusOf(id)).status === 'done');
      await w.stop();
      assert.equal(ran, 1);
    });

    it('dead-letters a job whose process died on every attempt, and tells its definition once', async (t) => {
      const store = createQueueStore(database.db);
      const id = await enqueue(database.db, 'poison', { n: 2 }, { maxAttempts: 2 });
      // Two processes claim it in turn and die holding it (their leases run out).
      assert.equal((await store.claim(['poison'], 'dead-1', 30))?.id, id);
      await sleep(50);
      assert.equal((await store.claim(['poison'], 'dead-2', 30))?.id, id);
      await sleep(50);
      assert.equal(await store.claim(['poison'], 'next', 30), null, 'never claimed past its attempts');
      const exhausted: unknown[] = [];
      const w = workerFor(t, store, [{ queue: 'poison', backoffMs: () => 10, async handle() { throw new Error('must not run'); }, async onExhausted(p, err) { exhausted.push([p, (err as Error).message]); } }],
        { concurrency: 1, pollMs: 20, graceMs: 100 }, log);
      await until(async () => (await statusOf(id)).status === 'failed');
      await w.stop();
      assert.deepEqual(exhausted, [[{ n: 2 }, 'the process running it stopped (crashed or was killed) on each of its 2 attempts']]);
      assert.equal((await statusOf(id)).attempts, 2);
      assert.ok((await store.failed(10)).some((j) => j.id === id), 'listed among the failed jobs');
      // After a crash of the one embedded process, an orphan with attempts left is queued again; one without is not.
      const spent = await enqueue(database.db, 'poison', { n: 3 }, { maxAttempts: 1 });
      await store.claim(['poison'], 'crashed', 60_000);
      await store.releaseOrphans();
      assert.equal((await statusOf(spent)).status, 'active');
      assert.equal((await store.deadLetter(['poison'])).map((j) => j.id).join(), String(spent));
    });

    it('gives running jobs back to the queue on stop, without counting the attempt', async (t) => {
      const store = createQueueStore(database.db);
      const id = await enqueue(database.db, 'slow', {});
      let started = false;
      const def: JobDefinition = {
        queue: 'slow', backoffMs: () => 10,
        handle: (_p, ctx) => new Promise((resolve) => { started = true; ctx.signal.addEventListener('abort', () => resolve()); }),
      };
      const w = workerFor(t, store, [def], { concurrency: 1, pollMs: 20, graceMs: 50 }, log);
      await until(async () => started);
      await w.stop();
      const row = await statusOf(id);
      assert.equal(row.status, 'queued');
      assert.equal(row.attempts, 0);
      assert.equal(row.lockedBy, null);
    });

    it('gives each queue its own slots: a queue of stuck jobs does not hold up another', async (t) => {
      const store = createQueueStore(database.db);
      const stuck: JobDefinition = { queue: 'tarpit', slots: 2, backoffMs: () => 10, async handle(_p, ctx) { await new Promise((r) => { const timer = setTimeout(r, 5000); ctx.signal.addEventListener('abort', () => { clearTimeout(timer); r(null); }); }); } };
      let doneAt = 0;
      const quick: JobDefinition = { queue: 'analysis', backoffMs: () => 10, async handle() { doneAt = Date.now(); } };
      for (let n = 0; n < 10; n++) await enqueue(database.db, 'tarpit', { n });
      const w = workerFor(t, store, [stuck, quick], { concurrency: 2, pollMs: 10, graceMs: 50 }, log);
      await sleep(200);
      const queued = Date.now();
      await enqueue(database.db, 'analysis', {});
      w.poke();
      await until(async () => doneAt > 0, 3000);
      assert.ok(doneAt - queued < 1000, `the analysis waited ${doneAt - queued} ms`);
      assert.equal(w.runningCount(), 2, 'the stuck queue keeps only its own two slots');
      await w.stop();
    });

    it('runs each job exactly once across concurrent workers', async (t) => {
      const store = createQueueStore(database.db);
      const seen: number[] = [];
      const def: JobDefinition<'many'> = { queue: 'many', backoffMs: () => 10, async handle(p) { seen.push(p.n!); await sleep(5); } };
      for (let n = 0; n < 30; n++) await enqueue(database.db, 'many', { n });
      const workers = [1, 2, 3].map(() => workerFor(t, store, [def], { concurrency: 2, pollMs: 10, graceMs: 100 }, log));
      await until(async () => seen.length >= 30);
      await sleep(100);
      await Promise.all(workers.map((w) => w.stop()));
      assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i));
    });
    it('keeps one job per key waiting; one enqueued while it runs runs once more after it, not before its time', async (t) => {
      const store = createQueueStore(database.db);
      const runs: { n: number; at: number }[] = [];
      let release: (() => void) | null = null;
      const def: JobDefinition<'keyed'> = {
        queue: 'keyed', backoffMs: () => 10,
        async handle(p) { runs.push({ n: p.n!, at: Date.now() }); if (runs.length === 1) await new Promise<void>((r) => { release = r; }); },
      };
      const first = await enqueue(database.db, 'keyed', { n: 1 }, { key: 'ses_a' });
      assert.equal(await enqueue(database.db, 'keyed', { n: 2 }, { key: 'ses_a' }), first, 'a second enqueue while one waits is that job');
      const other = await enqueue(database.db, 'keyed', { n: 3 }, { key: 'ses_b' });
      assert.notEqual(other, first, 'another key is another job');
      const w = workerFor(t, store, [def], { concurrency: 1, pollMs: 10, graceMs: 100 }, log);
      await until(async () => release !== null);
      // While the first runs, the same key asks again, for 300 ms from now: it is not a new row.
      const askedAt = Date.now();
      assert.equal(await enqueue(database.db, 'keyed', { n: 4 }, { key: 'ses_a', runAt: new Date(askedAt + 300) }), first);
      assert.equal((await database.db.select().from(jobs).where(eq(jobs.queue, 'keyed'))).length, 2);
      release!();
      await until(async () => runs.filter((r) => r.n === 1).length === 2 && (await statusOf(first)).status === 'done');
      await w.stop();
      const again = runs.filter((r) => r.n === 1)[1];
      assert.ok(again.at >= askedAt + 300 - 5, `the run asked for during the first ran ${again.at - askedAt} ms after it was asked for, not before 300`);
      assert.deepEqual(runs.map((r) => r.n).sort(), [1, 1, 3], 'ses_a twice (the second asked for while it ran), ses_b once');
      // Done, the key is free: a new enqueue is a new job.
      assert.notEqual(await enqueue(database.db, 'keyed', { n: 5 }, { key: 'ses_a' }), first);
    });

    it('inserts one job when many enqueue the same key at once', async () => {
      const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => enqueue(database.db, 'racing', { n }, { key: 'same' })));
      assert.equal(new Set(ids).size, 1);
      assert.equal((await database.db.select().from(jobs).where(eq(jobs.queue, 'racing'))).length, 1);
    });

    it("enqueues in the caller's transaction: rolled back, no job", async () => {
      await assert.rejects(database.db.transaction(async (tx) => {
        await enqueue(tx, 'racing', { n: 99 });
        throw new Error('the request failed after enqueueing');
      }));
      const rows = await database.db.select().from(jobs).where(eq(jobs.queue, 'racing'));
      assert.ok(!rows.some((r) => (r.payload as Numbered).n === 99));
    });
  });
}
