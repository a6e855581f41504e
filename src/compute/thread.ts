import { parentPort, workerData } from 'node:worker_threads';
import { createKindRegistry } from '../kinds/registry.ts';
import type { KindSettings } from '../kinds/kind.ts';
import { computeTasks } from './tasks.ts';
import { toThreadError } from './errors.ts';
import { transferables, type AnswerMessage, type TaskMessage } from './pool.ts';

// One compute thread: runs the tasks it is sent, one at a time, and answers each.
const tasks = computeTasks(createKindRegistry((workerData as { settings: KindSettings }).settings));
const port = parentPort!;
port.on('message', async (msg: TaskMessage) => {
  let answer: AnswerMessage;
  try {
    answer = { id: msg.id, ok: true, value: await (tasks[msg.task] as (a: unknown) => unknown)(msg.args) };
  } catch (err) {
    answer = { id: msg.id, ok: false, error: toThreadError(err) };
  }
  try {
    port.postMessage(answer, answer.ok ? transferables(answer.value) : []);
  } catch (err) {
    // An answer that cannot be cloned (a function, say) is a bug in the task: say so rather than hang.
    port.postMessage({ id: msg.id, ok: false, error: toThreadError(err) } satisfies AnswerMessage);
  }
});
