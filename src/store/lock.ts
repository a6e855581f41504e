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
 * When a process started (clock ticks since boot, from /proc on Linux), or '' where unknown. A pid
 * is reused: a container's server is pid 1 on every start, so a pid alone cannot say whether the
 * lock's owner is still the process that wrote it.
 */
function startOf(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name (which may hold spaces) closes with ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** Locks held by this process: its own pid in a lock file is live only when it is one of these. */
const held = new Set<string>();

/** The lock file's owner is running: its pid is alive, it is the same process (start time) and, if it is us, we hold it. */
function ownerRunning(content: string, lockPath: string): boolean {
  const [pidText, start] = content.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return held.has(lockPath);
  if (!pidAlive(pid)) return false;
  return !start || !startOf(pid) || startOf(pid) === start;
}

/**
 * PGlite is single-process: a second process opening the same directory would corrupt it.
 * The lock file holds the owner's pid; it is created with link(), which fails if the file
 * exists, so two processes cannot both create it. A lock whose owner is dead (or whose pid now
 * belongs to another process, such as this one restarted as pid 1) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'debrief.lock');
  const tmp = `${lockPath}.${process.pid}.${Date.now()}`;
  const me = `${process.pid} ${startOf(process.pid)}`.trim();
  fs.writeFileSync(tmp, me);
  try {
    for (let tries = 0; tries < 5; tries++) {
      try {
        fs.linkSync(tmp, lockPath);
        held.add(lockPath);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          held.delete(lockPath);
          try {
            if (fs.readFileSync(lockPath, 'utf8') === me) fs.unlinkSync(lockPath);
          } catch { /* already gone */ }
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let owner = '';
      try { owner = fs.readFileSync(lockPath, 'utf8'); } catch { continue; }
      if (ownerRunning(owner, lockPath)) {
        throw new DataDirLocked(
          `The data directory ${dir} is in use by another Debrief process (pid ${owner.trim().split(' ')[0]}). ` +
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
