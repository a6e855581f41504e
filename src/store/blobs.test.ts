import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobTooLarge, createBlobStore } from './blobs.ts';

/** `total` bytes of a repeating pattern, produced chunk by chunk. */
function generated(total: number, chunk = 1 << 20) {
  const block = Buffer.alloc(chunk, 'debrief-');
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return this.push(null);
      const n = Math.min(chunk, total - sent);
      sent += n;
      this.push(n === chunk ? block : block.subarray(0, n));
    },
  });
}

it('streams a large upload to disk with its sha256, without holding it in memory', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-blobs-'));
  const store = createBlobStore(dir);
  const total = 512 * 1024 * 1024;
  const expected = createHash('sha256');
  const block = Buffer.alloc(1 << 20, 'debrief-');
  for (let i = 0; i < total / block.length; i++) expected.update(block);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const blob = await store.write(generated(total), total);
  clearInterval(sampler);
  assert.equal(blob.size, total);
  assert.equal(blob.sha256, expected.digest('hex'));
  assert.equal(fs.statSync(store.path(blob.key)).size, total);
  assert.ok(peak - rssBefore < 128 * 1024 * 1024, `memory grew by ${Math.round((peak - rssBefore) / 1e6)} MB`);
  fs.rmSync(dir, { recursive: true });
});

it('stops at the limit and leaves nothing behind', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-blobs-'));
  const store = createBlobStore(dir);
  await assert.rejects(store.write(generated(5000, 1000), 4000), BlobTooLarge);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'blobs', '.tmp')), []);
  fs.rmSync(dir, { recursive: true });
});

it('removes the temporaries a crash left, not the ones still being written', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-blobs-'));
  const store = createBlobStore(dir);
  const tmp = path.join(dir, 'blobs', '.tmp');
  fs.writeFileSync(path.join(tmp, 'orphan'), 'half an upload');
  const old = new Date(Date.now() - 3600_000);
  fs.utimesSync(path.join(tmp, 'orphan'), old, old);
  fs.writeFileSync(path.join(tmp, 'live'), 'being written');
  assert.equal(store.pruneTemporaries(), 1);
  assert.deepEqual(fs.readdirSync(tmp), ['live']);
  fs.rmSync(dir, { recursive: true });
});
