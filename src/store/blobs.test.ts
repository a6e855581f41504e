import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobMissing, BlobTooLarge, createBlobStore } from './blobs.ts';
import { freshBucket, testS3Endpoint } from '../../test/helpers/object-store.ts';

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

const text = async (r: Readable) => { let s = ''; for await (const c of r) s += c; return s; };

// The same suite on the local disk and on the S3-compatible server scripts/test.mjs starts.
const adapters = ['filesystem', ...(testS3Endpoint() ? ['s3'] : [])] as const;

for (const adapter of adapters) {
  describe(`blob store on ${adapter}`, () => {
    const open = async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-blobs-'));
      const store = createBlobStore({ dataDir: dir, s3: adapter === 's3' ? await freshBucket() : null });
      await store.check();
      return { dir, store, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
    };

    it('streams a large upload in with its sha256, without holding it in memory', async () => {
      const { store, done } = await open();
      const total = (adapter === 's3' ? 128 : 512) * 1024 * 1024;
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
      assert.equal(await store.size(blob.key), total);
      assert.ok(peak - rssBefore < 128 * 1024 * 1024, `memory grew by ${Math.round((peak - rssBefore) / 1e6)} MB`);
      const copy = await store.checkout(blob.key);
      assert.equal(fs.statSync(copy.path).size, total);
      await copy.release();
      assert.equal(fs.existsSync(copy.path), false);
      await store.remove(blob.key);
      done();
    });

    it('reads back whole, by range and through a local copy the holder owns', async () => {
      const { store, done } = await open();
      const blob = await store.writeBuffer(Buffer.from('0123456789'), 'res');
      assert.equal((await store.read(blob.key)).toString(), '0123456789');
      assert.equal(await text(await store.stream(blob.key)), '0123456789');
      assert.equal(await text(await store.stream(blob.key, { start: 2, end: 5 })), '2345');
      const copies = await store.withLocalCopies([blob.key, blob.key], async (paths) => {
        assert.notEqual(paths[0], paths[1]);
        fs.writeFileSync(paths[0], 'changed by ffmpeg');
        return paths;
      });
      assert.ok(copies.every((p) => !fs.existsSync(p)), 'the copies are removed afterwards');
      assert.equal((await store.read(blob.key)).toString(), '0123456789', 'writing to a copy leaves the blob alone');
      done();
    });

    it('says a removed blob is missing, on every read', async () => {
      const { store, done } = await open();
      const blob = await store.writeBuffer(Buffer.from('x'));
      await store.remove(blob.key);
      await store.remove(blob.key);
      await assert.rejects(store.read(blob.key), BlobMissing);
      await assert.rejects(store.size(blob.key), BlobMissing);
      await assert.rejects(store.stream(blob.key), BlobMissing);
      await assert.rejects(store.checkout(blob.key), BlobMissing);
      assert.deepEqual(fs.readdirSync(store.tmpDir), [], 'a failed copy leaves no file');
      done();
    });

    it('stops at the limit, or when the check fails, and stores nothing', async () => {
      const { store, done } = await open();
      await assert.rejects(store.write(generated(5000, 1000), 4000), BlobTooLarge);
      let checked = '';
      await assert.rejects(store.write(generated(3000, 1000), 4000, {
        check: async (file) => { checked = fs.readFileSync(file, 'utf8').slice(0, 8); throw new Error('not a recording'); },
      }), /not a recording/);
      assert.equal(checked, 'debrief-', 'the check reads the received bytes');
      assert.deepEqual(fs.readdirSync(store.tmpDir), []);
      done();
    });

    it('refuses keys that could leave the store', async () => {
      const { store, done } = await open();
      await assert.rejects(store.read('../server.json'), /bad blob key/);
      await assert.rejects(store.read('in/a b'), /bad blob key/);
      done();
    });
  });
}

it('removes the working files a crash left, not the ones still being written', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-blobs-'));
  const store = createBlobStore({ dataDir: dir });
  fs.writeFileSync(path.join(store.tmpDir, 'orphan'), 'half an upload');
  const old = new Date(Date.now() - 3600_000);
  fs.utimesSync(path.join(store.tmpDir, 'orphan'), old, old);
  fs.writeFileSync(path.join(store.tmpDir, 'live'), 'being written');
  assert.equal(store.pruneTemporaries(), 1);
  assert.deepEqual(fs.readdirSync(store.tmpDir), ['live']);
  fs.rmSync(dir, { recursive: true });
});

it('names the bucket and the reason when object storage cannot be used', { skip: !testS3Endpoint() }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-blobs-'));
  const settings = { ...(await freshBucket()), bucket: 'debrief-no-such-bucket' };
  const store = createBlobStore({ dataDir: dir, s3: settings });
  await assert.rejects(store.check(), /bucket "debrief-no-such-bucket" at http:\/\/127\.0\.0\.1:\d+: it does not exist/);
  fs.rmSync(dir, { recursive: true });
});
