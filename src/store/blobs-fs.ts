import fs from 'node:fs';
import path from 'node:path';
import { BlobMissing, type BlobBackend } from './blob-backend.ts';

const missing = (key: string) => (err: unknown): never => {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobMissing(key);
  throw err;
};

/** Blobs as files under `root` (`<data dir>/blobs`), one per key. */
export function filesystemBackend(root: string): BlobBackend {
  const file = (key: string) => path.join(root, key);
  const place = (key: string) => fs.promises.mkdir(path.dirname(file(key)), { recursive: true });
  return {
    name: 'filesystem',
    // The working files are in the same data directory, so this is a rename.
    async commit(from, key) { await place(key); await fs.promises.rename(from, file(key)); },
    async put(key, bytes) { await place(key); await fs.promises.writeFile(file(key), bytes); },
    get: (key) => fs.promises.readFile(file(key)).catch(missing(key)),
    size: async (key) => (await fs.promises.stat(file(key)).catch(missing(key))).size,
    async open(key, range) {
      // Opened before it is handed over, so a missing file is an error here, not mid-response.
      const handle = await fs.promises.open(file(key)).catch(missing(key));
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    },
    // A real copy (a reflink where the filesystem has them): what the holder does to it never reaches the blob.
    copyTo: (key, to) => fs.promises.copyFile(file(key), to, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE).catch(missing(key)),
    remove: (key) => fs.promises.rm(file(key), { force: true }),
    presign: async () => null,
    async check() { await fs.promises.mkdir(root, { recursive: true }); },
  };
}
