import fs from 'node:fs';
import path from 'node:path';

export class DataDirLocked extends Error {}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is single-process: a second process opening the same directory would corrupt it.
 * The lock file holds the owner's pid; it is created with link(), which fails if the file
 * exists, so two processes cannot both create it. A lock whose owner is dead is taken over.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'debrief.lock');
  const tmp = `${lockPath}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(tmp, String(process.pid));
  try {
    for (let tries = 0; tries < 5; tries++) {
      try {
        fs.linkSync(tmp, lockPath);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
          } catch { /* already gone */ }
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let owner = NaN;
      try { owner = Number(fs.readFileSync(lockPath, 'utf8')); } catch { continue; }
      if (Number.isInteger(owner) && pidAlive(owner)) {
        throw new DataDirLocked(
          `The data directory ${dir} is in use by another Debrief process (pid ${owner}). ` +
          'The embedded database allows one process at a time: stop that process, use another --data-dir, ' +
          'or set DATABASE_URL to share a PostgreSQL server between processes.',
        );
      }
      // Stale lock from a process that died: move it aside (only one taker's rename succeeds), retry.
      try { fs.renameSync(lockPath, `${lockPath}.stale.${process.pid}`); fs.rmSync(`${lockPath}.stale.${process.pid}`, { force: true }); } catch { /* another process took it */ }
    }
    throw new DataDirLocked(`Could not lock the data directory ${dir}; try again.`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
