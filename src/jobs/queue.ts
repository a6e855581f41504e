import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../store/db.ts';
import { jobs } from '../store/schema.ts';

export type JobRow = typeof jobs.$inferSelect;

/**
 * A durable job queue in the application's own database: a job is enqueued in the same
 * transaction as the data it concerns, so an acknowledged request and its job commit together.
 * Claiming uses FOR UPDATE SKIP LOCKED, so several worker processes can share one PostgreSQL;
 * a claimed job holds a lease, and a job whose lease ran out (its process died) is claimed again.
 */
export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /**
   * At most one job of the queue with this key waits or runs at a time: enqueueing it again while
   * one waits changes nothing; while one runs, it runs once more when it finishes (not before
   * `runAt`), so what arrived during the run is not missed. Unique by a partial index, so two
   * processes enqueueing at once cannot both insert.
   */
  key?: string;
}

/**
 * Every queue and the payload its jobs carry. The module that owns a queue adds it here
 * (`declare module '…/jobs/queue.ts' { interface JobPayloads { … } }`), so `enqueue` and the
 * queue's handler agree on its payload without this module knowing the queue.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the queues' owners through declaration merging.
export interface JobPayloads {}
export type QueueName = keyof JobPayloads;

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

const fromSql = (r: Record<string, unknown>): JobRow => ({
  id: Number(r.id), queue: r.queue as string, payload: r.payload as Record<string, unknown>,
  status: r.status as JobRow['status'], attempts: Number(r.attempts), maxAttempts: Number(r.max_attempts),
  runAt: new Date(r.run_at as string), lockedUntil: r.locked_until ? new Date(r.locked_until as string) : null,
  lockedBy: (r.locked_by as string) ?? null, lastError: (r.last_error as string) ?? null,
  key: (r.key as string) ?? null, rerunAt: r.rerun_at ? new Date(r.rerun_at as string) : null,
  createdAt: new Date(r.created_at as string), updatedAt: new Date(r.updated_at as string),
});

/** The channel workers LISTEN on: each enqueue NOTIFYs it with the queue's name. */
export const JOBS_CHANNEL = 'debrief_jobs';

/**
 * Adds a job, in the caller's transaction when given one (it then commits, or not, with the data it
 * concerns). Returns the job's id: the new job's, or with a key, the one already waiting or running.
 */
export async function enqueue<Q extends QueueName>(db: DbOrTx, queue: Q, payload: JobPayloads[Q], opts: EnqueueOptions = {}): Promise<number> {
  const runAt = opts.runAt ?? new Date();
  const values = { queue, payload, maxAttempts: opts.maxAttempts ?? 5, runAt, key: opts.key ?? null };
  const notify = async () => {
    // Delivered when the enqueueing transaction commits, to every worker process: none waits for its next poll.
    if (runAt.getTime() <= Date.now()) await db.execute(sql`SELECT pg_notify(${JOBS_CHANNEL}, ${queue})`);
  };
  if (opts.key === undefined) {
    const [row] = await db.insert(jobs).values(values).returning({ id: jobs.id });
    await notify();
    return row.id;
  }
  // A job of this key that runs is asked to run once more; one that waits is left as it is (no write).
  const [row] = await db.insert(jobs).values(values).onConflictDoUpdate({
    target: [jobs.queue, jobs.key],
    targetWhere: sql`status IN ('queued', 'active') AND key IS NOT NULL`,
    set: { rerunAt: sql`coalesce(${jobs.rerunAt}, excluded.run_at)` },
    setWhere: sql`${jobs.status} = 'active'`,
  }).returning({ id: jobs.id, created: sql<boolean>`xmax = 0` });
  if (row?.created) await notify();
  if (row) return row.id;
  const [waiting] = await db.select({ id: jobs.id }).from(jobs)
    .where(sql`${jobs.queue} = ${queue} AND ${jobs.key} = ${opts.key} AND ${jobs.status} IN ('queued', 'active')`);
  return waiting.id;
}

export function createQueueStore(db: Db) {
  return {
    async claim(queues: string[], workerId: string, leaseMs: number): Promise<JobRow | null> {
      const result = await db.execute(sql`
        UPDATE jobs SET status = 'active', attempts = attempts + 1, locked_by = ${workerId},
          locked_until = now() + (${leaseMs}::double precision * interval '1 millisecond'), updated_at = now()
        WHERE id = (
          SELECT id FROM jobs
          WHERE queue IN (${sql.join(queues.map((q) => sql`${q}`), sql`, `)})
            AND ((status = 'queued' AND run_at <= now()) OR (status = 'active' AND locked_until < now() AND attempts < max_attempts))
          ORDER BY run_at, id
          FOR UPDATE SKIP LOCKED
          LIMIT 1)
        RETURNING *`);
      const [row] = rowsOf<Record<string, unknown>>(result);
      return row ? fromSql(row) : null;
    },
    async extend(ids: number[], workerId: string, leaseMs: number) {
      if (!ids.length) return;
      await db.execute(sql`UPDATE jobs SET locked_until = now() + (${leaseMs}::double precision * interval '1 millisecond')
        WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) AND locked_by = ${workerId} AND status = 'active'`);
    },
    /** Done, unless it was enqueued again while it ran (its key): then it waits to run once more. */
    async finish(id: number, workerId: string) {
      await db.execute(sql`UPDATE jobs SET
          status = CASE WHEN rerun_at IS NULL THEN 'done' ELSE 'queued' END,
          attempts = CASE WHEN rerun_at IS NULL THEN attempts ELSE 0 END,
          run_at = CASE WHEN rerun_at IS NULL THEN run_at ELSE greatest(rerun_at, now()) END,
          rerun_at = NULL, locked_until = NULL, locked_by = CASE WHEN rerun_at IS NULL THEN locked_by END, updated_at = now()
        WHERE id = ${id} AND locked_by = ${workerId}`);
    },
    async retry(id: number, workerId: string, delayMs: number, error: string) {
      await db.execute(sql`UPDATE jobs SET status = 'queued', locked_until = NULL, locked_by = NULL, last_error = ${error},
        run_at = now() + (${delayMs}::double precision * interval '1 millisecond'), updated_at = now()
        WHERE id = ${id} AND locked_by = ${workerId}`);
    },
    async fail(id: number, workerId: string, error: string) {
      await db.execute(sql`UPDATE jobs SET status = 'failed', locked_until = NULL, last_error = ${error}, updated_at = now()
        WHERE id = ${id} AND locked_by = ${workerId}`);
    },
    /** Gives a job back without counting the attempt: used on shutdown. */
    async release(id: number, workerId: string) {
      await db.execute(sql`UPDATE jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), locked_until = NULL,
        locked_by = NULL, updated_at = now() WHERE id = ${id} AND locked_by = ${workerId} AND status = 'active'`);
    },
    /**
     * With the embedded database only one process exists, so any active job is an orphan of a crash.
     * Its attempt was counted when it was claimed: one with none left is not queued again (it may be
     * what crashed the process) but left for deadLetter, with its lease run out.
     */
    async releaseOrphans() {
      await db.execute(sql`UPDATE jobs SET status = 'queued', locked_until = NULL, locked_by = NULL WHERE status = 'active' AND attempts < max_attempts`);
      await db.execute(sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE status = 'active' AND attempts >= max_attempts`);
    },
    /**
     * Jobs whose lease ran out on their last attempt (the process running them died each time): failed
     * for good, never claimed again, and returned so the worker can tell their definitions.
     */
    async deadLetter(queues: string[]): Promise<JobRow[]> {
      if (!queues.length) return [];
      const result = await db.execute(sql`
        UPDATE jobs SET status = 'failed', locked_until = NULL, updated_at = now(),
          last_error = 'the process running it stopped (crashed or was killed) on each of its ' || attempts || ' attempts'
        WHERE queue IN (${sql.join(queues.map((q) => sql`${q}`), sql`, `)}) AND status = 'active' AND locked_until < now() AND attempts >= max_attempts
        RETURNING *`);
      return rowsOf<Record<string, unknown>>(result).map(fromSql);
    },
    /** Jobs that failed for good, newest first: what `debrief jobs failed` lists. */
    async failed(limit: number): Promise<JobRow[]> {
      const result = await db.execute(sql`SELECT * FROM jobs WHERE status = 'failed' ORDER BY updated_at DESC LIMIT ${limit}`);
      return rowsOf<Record<string, unknown>>(result).map(fromSql);
    },
    async counts(): Promise<{ queue: string; status: string; count: number }[]> {
      const result = await db.execute(sql`SELECT queue, status, count(*)::int AS count FROM jobs GROUP BY queue, status`);
      return rowsOf<{ queue: string; status: string; count: number }>(result).map((r) => ({ ...r, count: Number(r.count) }));
    },
    /** Finished jobs are kept a week for inspection, then removed. */
    async prune(olderThanMs: number) {
      await db.execute(sql`DELETE FROM jobs WHERE status IN ('done', 'failed')
        AND updated_at < now() - (${olderThanMs}::double precision * interval '1 millisecond')`);
    },
  };
}

export type QueueStore = ReturnType<typeof createQueueStore>;
