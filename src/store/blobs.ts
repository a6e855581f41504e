import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBase62 } from '../ids.ts';
import { BlobMissing, type BlobBackend, type ByteRange } from './blob-backend.ts';
import { filesystemBackend } from './blobs-fs.ts';
import { s3Backend, type S3Settings } from './blobs-s3.ts';

/**
 * Uploaded inputs, extracted keypoints, large results, analysed videos and charts: bytes kept by
 * key, on the local disk (the embedded default) or in S3-compatible object storage (so API and
 * worker processes on different machines share them). Bytes stream in and out; a tool that needs a
 * file (ffmpeg, a compute thread) works on a local copy it owns and releases.
 */

export interface StoredBlob { key: string; size: number; sha256: string }

export { BlobMissing };

export class BlobTooLarge extends Error {
  constructor(readonly limit: number) { super(`blob exceeds ${limit} bytes`); }
}

/** A local file with a blob's bytes, the holder's until released (which removes it). */
export interface LocalCopy { path: string; release(): Promise<void> }

const KEY = /^[A-Za-z0-9/_.-]+$/;
const newKey = (prefix: string) => `${prefix}/${randomBase62(2)}/${randomBase62(24)}`;

export function createBlobStore(opts: { dataDir: string; s3?: S3Settings | null }) {
  const backend: BlobBackend = opts.s3 ? s3Backend(opts.s3) : filesystemBackend(path.join(opts.dataDir, 'blobs'));
  // Local working files: uploads being received, copies handed to ffmpeg, videos being drawn.
  const tmpDir = path.join(opts.dataDir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const scratchFile = (ext = '') => path.join(tmpDir, randomBase62(24) + ext);

  const checked = (key: string) => {
    if (!KEY.test(key) || key.includes('..')) throw new Error(`bad blob key ${key}`);
    return key;
  };

  /**
   * Streams `source` to a local file while counting and hashing it (nothing is held in memory),
   * lets `check` read the file (and its size), then stores it. Past `limit` bytes, or when the check throws,
   * nothing is stored and the file is removed.
   */
  async function write(source: Readable, limit: number, o: { prefix?: string; check?: (file: string, size: number) => Promise<void> } = {}): Promise<StoredBlob> {
    const tmp = scratchFile();
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > limit) return done(new BlobTooLarge(limit));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const file = fs.createWriteStream(tmp);
    try {
      await pipeline(source, meter, file);
      await o.check?.(tmp, size);
      const key = newKey(o.prefix ?? 'in');
      await backend.commit(tmp, key);
      return { key, size, sha256: hash.digest('hex') };
    } finally {
      // The file may still be opening when the pipeline fails: remove it once it is closed.
      if (!file.closed) await new Promise<void>((r) => file.once('close', () => r()));
      fs.rmSync(tmp, { force: true });
    }
  }

  /** Stores a finished local file (an analysed video), which is gone afterwards. */
  async function writeFile(file: string, prefix = 'out'): Promise<{ key: string; size: number }> {
    const { size } = await fs.promises.stat(file);
    const key = newKey(prefix);
    await backend.commit(file, key);
    return { key, size };
  }

  async function writeBuffer(bytes: Buffer, prefix = 'out'): Promise<StoredBlob> {
    const key = newKey(prefix);
    await backend.put(key, bytes);
    return { key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  async function checkout(key: string): Promise<LocalCopy> {
    const file = scratchFile();
    try {
      await backend.copyTo(checked(key), file);
    } catch (err) {
      fs.rmSync(file, { force: true });
      throw err;
    }
    return { path: file, release: () => fs.promises.rm(file, { force: true }) };
  }

  /** Runs `use` with local copies of the blobs, released however it ends. */
  async function withLocalCopies<T>(keys: string[], use: (paths: string[]) => Promise<T>): Promise<T> {
    const copies: LocalCopy[] = [];
    try {
      for (const key of keys) copies.push(await checkout(key));
      return await use(copies.map((c) => c.path));
    } finally {
      await Promise.all(copies.map((c) => c.release()));
    }
  }

  /**
   * Removes local working files nobody has written to for `idleMs`: what a crash left mid-upload
   * or mid-render. A live upload or render keeps writing, so its file stays fresh. Returns how many.
   */
  function pruneTemporaries(idleMs = 10 * 60_000): number {
    let removed = 0;
    for (const name of fs.readdirSync(tmpDir)) {
      const file = path.join(tmpDir, name);
      try {
        if (Date.now() - fs.statSync(file).mtimeMs > idleMs) { fs.rmSync(file, { force: true, recursive: true }); removed++; }
      } catch { /* removed meanwhile */ }
    }
    return removed;
  }

  return {
    backend: backend.name,
    tmpDir,
    write,
    writeFile,
    writeBuffer,
    checkout,
    withLocalCopies,
    scratchFile,
    pruneTemporaries,
    check: () => backend.check(),
    read: async (key: string) => backend.get(checked(key)),
    size: async (key: string) => backend.size(checked(key)),
    stream: async (key: string, range?: ByteRange) => backend.open(checked(key), range),
    remove: async (key: string) => backend.remove(checked(key)),
    presign: async (key: string, contentType: string) => backend.presign(checked(key), contentType),
  };
}

export type BlobStore = ReturnType<typeof createBlobStore>;
