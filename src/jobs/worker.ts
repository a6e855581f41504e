import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { randomBase62 } from '../ids.ts';
import type { JobPayloads, JobRow, QueueName, QueueStore } from './queue.ts';

export interface JobContext { attempt: number; signal: AbortSignal; jobId: number }

export interface JobDefinition<Q extends QueueName = QueueName> {
  queue: Q;
  handle(payload: JobPayloads[Q], ctx: JobContext): Promise<void>;
  /** Delay before the next attempt after `attempt` failed. */
  backoffMs(attempt: number): number;
  /** Called once when the last attempt failed. */
  onExhausted?(payload: JobPayloads[Q], error: unknown): Promise<void>;
  /**
   * Jobs of this queue running at once, in slots of its own (default: the worker's concurrency),
   * so a slow queue (webhooks waiting on a receiver that never answers) cannot hold another's slots.
   */
  slots?: number;
}

export interface WorkerOptions { concurrency: number; pollMs: number; leaseMs?: number; graceMs: number }

export const exponentialBackoff = (baseMs: number, capMs: number) => (attempt: number) =>
  Math.min(capMs, baseMs * 2 ** (attempt - 1));

/**
 * Runs each queue's jobs in that queue's own slots (`slots`, else `concurrency`). Handlers must be idempotent: delivery is
 * at-least-once (a crash after the work but before `finish` runs the job again).
 */
/** A definition of any queue. */
export type AnyJobDefinition = { [Q in QueueName]: JobDefinition<Q> }[QueueName];

export function startWorker(store: QueueStore, definitions: AnyJobDefinition[], opts: WorkerOptions, log: Logger) {
  const workerId = `${hostname()}:${process.pid}:${randomBase62(6)}`;
  // Looked up by a row's queue name: its payload is what `enqueue` wrote for that queue.
  const byQueue = new Map<string, JobDefinition<QueueName>>(definitions.map((d) => [d.queue, d as JobDefinition<QueueName>]));
  const leaseMs = opts.leaseMs ?? 60_000;
  const running = new Map<number, { job: JobRow; abort: AbortController; done: Promise<void> }>();
  let stopping = false;
  let wake: (() => void) | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  const stats = { completed: 0, failed: 0, retried: 0 };

  const heartbeat = setInterval(() => {
    store.extend([...running.keys()], workerId, leaseMs).catch((err) => log.warn({ err }, 'job lease extension failed'));
  }, Math.max(1000, leaseMs / 3));
  heartbeat.unref();

  async function run(job: JobRow, abort: AbortController) {
    const def = byQueue.get(job.queue)!;
    const jlog = log.child({ job_id: job.id, queue: job.queue, attempt: job.attempts });
    try {
      await def.handle(job.payload as JobPayloads[QueueName], { attempt: job.attempts, signal: abort.signal, jobId: job.id });
      if (abort.signal.aborted) return; // released on shutdown; its result is discarded
      await store.finish(job.id, workerId);
      stats.completed++;
    } catch (err) {
      if (abort.signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      if (job.attempts >= job.maxAttempts) {
        jlog.error({ err }, 'job failed for good');
        stats.failed++;
        await store.fail(job.id, workerId, message);
        await def.onExhausted?.(job.payload as JobPayloads[QueueName], err).catch((e) => jlog.error({ err: e }, 'onExhausted failed'));
      } else {
        const delay = def.backoffMs(job.attempts);
        jlog.warn({ err, retry_in_ms: delay }, 'job failed; will retry');
        stats.retried++;
        await store.retry(job.id, workerId, delay, message);
      }
    }
  }

  /** Jobs that killed their process on every attempt are failed for good here, and their definitions told. */
  let lastSweep = 0;
  async function sweepDeadJobs() {
    if (Date.now() - lastSweep < 5_000) return;
    lastSweep = Date.now();
    for (const job of await store.deadLetter(definitions.map((d) => d.queue))) {
      const error = new Error(job.lastError ?? 'the process running it died on every attempt');
      log.error({ job_id: job.id, queue: job.queue, attempts: job.attempts }, 'job dead-lettered: its process died on every attempt');
      stats.failed++;
      await byQueue.get(job.queue)?.onExhausted?.(job.payload as JobPayloads[QueueName], error).catch((e) => log.error({ err: e, job_id: job.id }, 'onExhausted failed'));
    }
  }

  /** Queues with a free slot. */
  function open(): string[] {
    const busy = new Map<string, number>();
    for (const r of running.values()) busy.set(r.job.queue, (busy.get(r.job.queue) ?? 0) + 1);
    return definitions.filter((d) => (busy.get(d.queue) ?? 0) < (d.slots ?? opts.concurrency)).map((d) => d.queue);
  }

  async function loop() {
    while (!stopping) {
      const queues = open();
      if (!queues.length) {
        await new Promise<void>((r) => { wake = r; });
        continue;
      }
      let job: JobRow | null = null;
      try {
        job = await store.claim(queues, workerId, leaseMs);
      } catch (err) {
        if (!stopping) log.error({ err }, 'claiming a job failed');
      }
      if (stopping) { if (job) await store.release(job.id, workerId); break; }
      if (!job) {
        await sweepDeadJobs().catch((err) => log.error({ err }, 'dead-lettering jobs failed'));
        await new Promise<void>((r) => { wake = r; idleTimer = setTimeout(r, opts.pollMs); });
        continue;
      }
      const abort = new AbortController();
      const claimed = job;
      const done = run(claimed, abort)
        .catch((err) => log.error({ err }, 'job bookkeeping failed'))
        .finally(() => { running.delete(claimed.id); poke(); });
      running.set(claimed.id, { job: claimed, abort, done });
    }
  }

  function poke() {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const w = wake;
    wake = null;
    w?.();
  }

  const looping = loop();

  return {
    id: workerId,
    stats,
    /** Look for work now instead of at the next poll (called on each NOTIFY of an enqueue). */
    poke,
    runningCount: () => running.size,
    /** Stops claiming, waits up to the grace period, then gives unfinished jobs back to the queue. */
    async stop() {
      stopping = true;
      poke();
      await looping;
      const all = [...running.values()];
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(all.map((r) => r.done)),
        new Promise((r) => { timer = setTimeout(r, opts.graceMs); }),
      ]);
      clearTimeout(timer);
      for (const r of running.values()) {
        r.abort.abort();
        await store.release(r.job.id, workerId).catch((err) => log.warn({ err, job_id: r.job.id }, 'could not give a running job back at shutdown; it is retried once its lease expires'));
      }
      clearInterval(heartbeat);
    },
  };
}

export type Worker = ReturnType<typeof startWorker>;
