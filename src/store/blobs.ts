import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBase62 } from '../ids.ts';

export interface StoredBlob { key: string; size: number; sha256: string }

export class BlobTooLarge extends Error {
  constructor(readonly limit: number) { super(`blob exceeds ${limit} bytes`); }
}

/**
 * Files under `<dataDir>/blobs`, written by streaming: bytes go to a temporary file while
 * being counted and hashed, then the file is renamed into place. Nothing is held in memory.
 */
export function createBlobStore(dataDir: string) {
  const root = path.join(dataDir, 'blobs');
  const tmpDir = path.join(root, '.tmp');
  fs.mkdirSync(tmpDir, { recursive: true });

  const pathOf = (key: string) => {
    if (!/^[A-Za-z0-9/_.-]+$/.test(key) || key.includes('..')) throw new Error(`bad blob key ${key}`);
    return path.join(root, key);
  };

  async function write(source: Readable, limit: number, prefix = 'in'): Promise<StoredBlob> {
    const key = `${prefix}/${randomBase62(2)}/${randomBase62(24)}`;
    const tmp = path.join(tmpDir, randomBase62(24));
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
      fs.mkdirSync(path.dirname(pathOf(key)), { recursive: true });
      fs.renameSync(tmp, pathOf(key));
    } catch (err) {
      // The file may still be opening when the pipeline fails: remove it once it is closed.
      if (!file.closed) await new Promise<void>((r) => file.once('close', () => r()));
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  /**
   * Removes temporary files nobody has written to for `idleMs`: what a crash left mid-upload or
   * mid-render. A live upload or render keeps writing, so its file stays fresh. Returns how many.
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
    write,
    pruneTemporaries,
    writeBuffer: (buf: Buffer, prefix = 'out') => {
      const key = `${prefix}/${randomBase62(2)}/${randomBase62(24)}`;
      fs.mkdirSync(path.dirname(pathOf(key)), { recursive: true });
      fs.writeFileSync(pathOf(key), buf);
      return { key, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
    },
    read: (key: string) => fs.promises.readFile(pathOf(key)),
    stream: (key: string) => fs.createReadStream(pathOf(key)),
    path: pathOf,
    remove: (key: string) => fs.promises.rm(pathOf(key), { force: true }),
  };
}

export type BlobStore = ReturnType<typeof createBlobStore>;
