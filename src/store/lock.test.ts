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
  assert.equal(fs.readFileSync(path.join(dir, 'debrief.lock'), 'utf8'), String(process.pid));
  release();
  assert.ok(!fs.existsSync(path.join(dir, 'debrief.lock')));
  fs.rmSync(dir, { recursive: true });
});
