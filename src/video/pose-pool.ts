import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PoseFrame, PoseModel } from './blazepose.ts';
import type { ChunkResult } from './pose-thread.ts';

/**
 * Pose estimation on every core: a pool of worker threads, each with its own WebAssembly backend
 * and models, estimating runs of consecutive frames. The API's event loop only decodes and
 * collects. Threads are kept for the process (a model takes a moment to load) but do not keep it
 * alive while idle.
 */
export interface PosePool {
  threads: number;
  estimate(width: number, height: number, frames: ArrayBuffer[]): Promise<(PoseFrame | null)[]>;
  close(): Promise<void>;
}

/** `DEBRIEF_POSE_THREADS` (default: the machine's cores). */
export function poseThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DEBRIEF_POSE_THREADS;
  if (raw === undefined || raw === '') return Math.max(1, os.availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`DEBRIEF_POSE_THREADS must be a whole number from 1 to 64, got '${raw}'`);
  return n;
}

interface Slot { worker: Worker; ready: Promise<void>; busy: boolean }
interface Task { width: number; height: number; frames: ArrayBuffer[]; resolve(r: (PoseFrame | null)[]): void; reject(e: Error): void }

export function createPosePool(model: PoseModel, threads = poseThreads(), onBroken?: () => void): PosePool {
  const queue: Task[] = [];
  let nextId = 1;
  const pending = new Map<number, Task>();
  const slots: Slot[] = Array.from({ length: threads }, () => {
    const worker = new Worker(new URL('./pose-worker.mjs', import.meta.url), { workerData: { model } });
    worker.unref();
    const slot: Slot = { worker, busy: false, ready: new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    }) };
    slot.ready.catch(() => {});
    worker.on('message', (msg: ChunkResult | { ready: true }) => {
      if (!('id' in msg)) return;
      const task = pending.get(msg.id);
      pending.delete(msg.id);
      slot.busy = false;
      worker.unref();
      if (task) msg.error ? task.reject(new Error(`pose estimation failed: ${msg.error}`)) : task.resolve(msg.poses);
      pump();
    });
    // A thread that dies fails what it held and retires the pool: the next video gets a fresh one.
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => { if (!closing) fail(new Error(`pose thread exited with code ${code}`)); });
    return slot;
  });
  let closing = false;
  function fail(err: Error) {
    for (const t of [...pending.values(), ...queue.splice(0)]) t.reject(err);
    pending.clear();
    onBroken?.();
    closing = true;
    for (const s of slots) s.worker.terminate().catch(() => {});
  }

  function pump() {
    for (const slot of slots) {
      if (slot.busy || !queue.length) continue;
      const task = queue.shift()!;
      slot.busy = true;
      const id = nextId++;
      pending.set(id, task);
      // Busy threads keep the process alive until their answer is in.
      slot.worker.ref();
      slot.ready.then(() => slot.worker.postMessage({ id, width: task.width, height: task.height, frames: task.frames }, task.frames),
        (err) => { pending.delete(id); task.reject(err); });
    }
  }

  return {
    threads,
    estimate: (width, height, frames) => new Promise((resolve, reject) => { queue.push({ width, height, frames, resolve, reject }); pump(); }),
    async close() { closing = true; await Promise.all(slots.map((s) => s.worker.terminate())); },
  };
}

const pools = new Map<string, PosePool>();
/** The process's pool for a model (made on first use). */
export function posePool(model: PoseModel): PosePool {
  const threads = poseThreads();
  const key = `${model}/${threads}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = createPosePool(model, threads, () => pools.delete(key))));
  return pool;
}
