import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';

// A compute thread loads every kind (its analysis, tasks and routes' modules) but never the HTTP
// server: Fastify stays out of its memory and start-up. Started as compute-worker.mjs starts one,
// then asked which CommonJS modules (Fastify is one) it has loaded.
it('a compute thread loads the kinds without loading Fastify', async () => {
  const entry = `
    import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
    import { createRequire } from 'node:module';
    import { parentPort } from 'node:worker_threads';
    register();
    const thread = ${JSON.stringify(new URL('./thread.ts', import.meta.url).href)};
    await import(thread);
    parentPort.postMessage(Object.keys(createRequire(thread).cache));`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), { workerData: { settings: { maxFrames: 1000 } } });
  try {
    const loaded = await new Promise<string[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    assert.ok(loaded.some((m) => m.includes('/node_modules/')), 'the check sees the CommonJS modules a thread loads');
    assert.deepEqual(loaded.filter((m) => /\/node_modules\/(fastify|@fastify)\//.test(m)), []);
  } finally {
    await worker.terminate();
  }
});
