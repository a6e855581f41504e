import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLocked, lockDataDir } from './lock.ts';

it('allows one holder at a time and releases on request', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-lock-'));
  const release = lockDataDir(dir);
  assert.throws(() => lockDataDir(dir), (e) => e instanceof DataDirLocked && /in use by another Debrief process/.test(e.message));
  release();
  lockDataDir(dir)();
  fs.rmSync(dir, { recursive: true });
});

it('takes over the lock of a process that died', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-lock-'));
  // A pid far above any live one stands for a crashed process.
  fs.writeFileSync(path.join(dir, 'debrief.lock'), '4194000');
  const release = lockDataDir(dir);
  assert.match(fs.readFileSync(path.join(dir, 'debrief.lock'), 'utf8'), new RegExp(`^${process.pid}( \\d+)?$`));
  release();
  assert.ok(!fs.existsSync(path.join(dir, 'debrief.lock')));
  fs.rmSync(dir, { recursive: true });
});

it('takes over a lock left under its own pid by an earlier process (a container restarted as pid 1)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-lock-'));
  fs.writeFileSync(path.join(dir, 'debrief.lock'), String(process.pid));
  lockDataDir(dir)();
  fs.writeFileSync(path.join(dir, 'debrief.lock'), `${process.pid} 1`);
  lockDataDir(dir)();
  fs.rmSync(dir, { recursive: true });
});

it('keeps the lock of a live process whose pid has not been reused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-lock-'));
  const parent = process.ppid;
  const start = fs.existsSync(`/proc/${parent}/stat`) ? fs.readFileSync(`/proc/${parent}/stat`, 'utf8').split(') ')[1].split(' ')[19] : '';
  fs.writeFileSync(path.join(dir, 'debrief.lock'), `${parent} ${start}`.trim());
  assert.throws(() => lockDataDir(dir), DataDirLocked);
  if (start) {
    fs.writeFileSync(path.join(dir, 'debrief.lock'), `${parent} ${Number(start) + 1}`);
    lockDataDir(dir)(); // the same pid, another process: the lock is stale
  }
  fs.rmSync(dir, { recursive: true });
});
