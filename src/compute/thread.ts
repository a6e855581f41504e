import { parentPort, workerData } from 'node:worker_threads';
import { createKindRegistry } from '../kinds/registry.ts';
import type { KindSettings } from '../kinds/context.ts';
import { taskRunner } from './tasks.ts';
import { toThreadError } from './errors.ts';
import { transferables, type AnswerMessage, type TaskMessage } from './pool.ts';

// One compute thread: runs the tasks it is sent, one at a time, and answers each.
const { settings } = workerData as { settings: KindSettings };
const run = taskRunner(createKindRegistry(settings), settings);
const port = parentPort!;
const running = new Map<number, AbortController>();
port.on('message', async (msg: TaskMessage) => {
  if ('cancel' in msg) return running.get(msg.cancel)?.abort();
  const abort = new AbortController();
  running.set(msg.id, abort);
  const progress = (done: number, total: number | null) => port.postMessage({ id: msg.id, progress: [done, total] } satisfies AnswerMessage);
  let answer: AnswerMessage;
  try {
    answer = { id: msg.id, ok: true, value: await run(msg, msg.args, { signal: abort.signal, progress }) };
  } catch (err) {
    answer = { id: msg.id, ok: false, error: toThreadError(err) };
  } finally {
    running.delete(msg.id);
  }
  try {
    port.postMessage(answer, 'value' in answer ? transferables(answer.value) : []);
  } catch (err) {
    // An answer that cannot be cloned (a function, say) is a bug in the task: say so rather than hang.
    port.postMessage({ id: msg.id, ok: false, error: toThreadError(err) } satisfies AnswerMessage);
  }
});
