import { Worker } from 'node:worker_threads';
import { createKindRegistry } from '../kinds/registry.ts';
import type { KindSettings, RunOptions } from '../kinds/context.ts';
import { taskRunner, type ComputeTasks, type TaskAddress, type TaskName } from './tasks.ts';
import { fromThreadError, type ThreadError } from './errors.ts';

type Args<K extends TaskName> = Parameters<ComputeTasks[K]>[0];
type Answer<K extends TaskName> = Awaited<ReturnType<ComputeTasks[K]>>;

/**
 * Runs the compute tasks (compute/tasks.ts) in a pool of worker threads, one task per thread at a
 * time, first come first served. The API's event loop only hands bytes over and takes answers
 * back, so `/healthz` and every other tenant's requests stay quick while a 200,000-frame recording
 * is parsed or analysed. A thread that dies (out of memory, say) fails only its own task and is
 * replaced on the next one. With 0 threads, tasks run inline (the CLI, debugging).
 */
export interface ComputePool {
  run<K extends TaskName>(task: K, args: Args<K>, opts?: RunOptions): Promise<Answer<K>>;
  /** One of a kind's own tasks (kind.tasks); its KindContext types it for the kind. */
  runKind(kind: string, task: string, args: unknown, opts?: RunOptions): Promise<unknown>;
  close(): Promise<void>;
}

export type TaskMessage = ({ id: number; args: unknown } & TaskAddress) | { cancel: number };
export type AnswerMessage = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ThreadError } | { id: number; progress: [number, number | null] };

interface Job { at: TaskAddress; args: unknown; opts: RunOptions; resolve(v: unknown): void; reject(e: Error): void }
interface Thread { worker: Worker; job: Job | null; id: number }

/**
 * The byte arrays an argument (or answer) carries near its top, moved rather than copied. Only
 * arrays that own their whole buffer move: a Buffer cut from Node's shared pool is copied.
 */
export function transferables(value: unknown, depth = 3, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (value instanceof Uint8Array) {
    if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  } else if (depth > 0 && Array.isArray(value)) {
    // Long arrays are data (frames, samples), not containers of bytes.
    if (value.length <= 64) for (const v of value) transferables(v, depth - 1, out);
  } else if (depth > 0 && value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) transferables(v, depth - 1, out);
  }
  return out;
}

export function createComputePool(opts: { threads: number; settings: KindSettings }): ComputePool {
  if (opts.threads === 0) {
    const run = taskRunner(createKindRegistry(opts.settings), opts.settings);
    const inline = async (at: TaskAddress, args: unknown, o: RunOptions) => run(at, args, { signal: o.signal ?? new AbortController().signal, progress: o.onProgress ?? (() => {}) });
    return {
      run: (task, args, o = {}) => inline({ kind: null, task }, args, o) as Promise<Answer<typeof task>>,
      runKind: (kind, task, args, o = {}) => inline({ kind, task }, args, o),
      async close() {},
    };
  }

  const queue: Job[] = [];
  const threads = new Set<Thread>();
  let nextId = 1, closed = false;

  function spawn(): Thread {
    const worker = new Worker(new URL('./compute-worker.mjs', import.meta.url), { workerData: { settings: opts.settings } });
    const thread: Thread = { worker, job: null, id: 0 };
    worker.unref();
    worker.on('message', (msg: AnswerMessage) => {
      const job = thread.job;
      if (!job || msg.id !== thread.id) return;
      if ('progress' in msg) return job.opts.onProgress?.(...msg.progress);
      thread.job = null;
      worker.unref();
      if (msg.ok) job.resolve(msg.value);
      else job.reject(fromThreadError(msg.error));
      pump();
    });
    const gone = (err: Error) => {
      if (!threads.delete(thread)) return;
      thread.job?.reject(err);
      thread.job = null;
      pump();
    };
    worker.on('error', (err) => gone(err));
    worker.on('exit', (code) => gone(new Error(`a compute thread stopped (exit code ${code}) while working`)));
    threads.add(thread);
    return thread;
  }

  function pump() {
    if (closed) return;
    while (queue.length) {
      let idle = [...threads].find((t) => !t.job);
      if (!idle && threads.size < opts.threads) idle = spawn();
      if (!idle) return;
      const job = queue.shift()!;
      if (job.opts.signal?.aborted) { job.reject(new Error('the task was cancelled')); continue; }
      idle.job = job;
      const id = idle.id = nextId++;
      const thread = idle;
      job.opts.signal?.addEventListener('abort', () => { if (thread.job === job) thread.worker.postMessage({ cancel: id } satisfies TaskMessage); }, { once: true });
      // A busy thread keeps the process alive until its answer is in.
      idle.worker.ref();
      try {
        idle.worker.postMessage({ id: idle.id, ...job.at, args: job.args } satisfies TaskMessage, transferables(job.args));
      } catch (err) {
        idle.job = null;
        idle.worker.unref();
        job.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  const submit = (at: TaskAddress, args: unknown, o: RunOptions) => new Promise<unknown>((resolve, reject) => {
    if (closed) return reject(new Error('the compute pool is closed'));
    queue.push({ at, args, opts: o, resolve, reject });
    pump();
  });
  return {
    run: (task, args, o = {}) => submit({ kind: null, task }, args, o) as Promise<Answer<typeof task>>,
    runKind: (kind, task, args, o = {}) => submit({ kind, task }, args, o),
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the compute pool is closed'));
      const all = [...threads];
      threads.clear();
      for (const t of all) t.job?.reject(new Error('the compute pool is closed'));
      await Promise.all(all.map((t) => t.worker.terminate()));
    },
  };
}
