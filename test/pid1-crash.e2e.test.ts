import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, debrief } from './helpers/cli.ts';

// The usual container setup: the server is pid 1 of its PID namespace. After a kill -9 the next
// server is pid 1 too, and finds a lock saying "pid 1", alive (itself): it must see that the lock's
// process is gone (the pid's start time differs) and start, with every acknowledged write kept.
const UNSHARE = ['--user', '--map-root-user', '--pid', '--fork', '--mount-proc'];
const namespaces = spawnSync('unshare', [...UNSHARE, 'true']).status === 0;

/** Starts `debrief serve` as pid 1 of a new PID namespace; resolves with its URL and host pid. */
function serveAsPid1(dataDir: string): Promise<{ url: string; pid: number; exited: Promise<void> }> {
  const child = spawn('unshare', [...UNSHARE, process.execPath, BIN, 'serve', '--port', '0', '--data-dir', dataDir], { env: { ...process.env, LOG_LEVEL: 'info' } });
  let out = '';
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
      if (!url) return;
      clearTimeout(timer);
      // unshare forked the server: its only child is pid 1 inside.
      const pid = Number(fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
      resolve({ url, pid, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}:\n${out}`)); });
  });
}

describe('a server that runs as pid 1', { skip: namespaces ? false : 'unshare cannot make user and PID namespaces here' }, () => {
  it('restarts after kill -9, three times, and keeps every acknowledged session', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-pid1-'));
    try {
      const env = { DEBRIEF_DATA_DIR: dataDir };
      assert.equal(debrief(['workspaces', 'create', 'w'], env).code, 0);
      const key = JSON.parse(debrief(['keys', 'create', '--workspace', 'w', '--mode', 'test', '--json'], env).stdout).key as string;
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const acknowledged: string[] = [];
      for (let life = 0; life < 3; life++) {
        const server = await serveAsPid1(dataDir);
        // The lock records pid 1 (and its start time): the previous life's lock said the same.
        assert.match(fs.readFileSync(path.join(dataDir, 'debrief.lock'), 'utf8'), /^1 \d+$/);
        for (let i = 0; i < 3; i++) {
          const res = await fetch(`${server.url}/v1/sessions`, { method: 'POST', headers, body: JSON.stringify({ kind: 'exercise', options: { assessments: ['Squats'] } }) });
          assert.equal(res.status, 201);
          acknowledged.push((await res.json() as { id: string }).id);
        }
        process.kill(server.pid, 'SIGKILL');
        await server.exited;
      }
      const last = await serveAsPid1(dataDir);
      const listed = await (await fetch(`${last.url}/v1/sessions?limit=100`, { headers })).json() as { data: { id: string }[] };
      assert.deepEqual(listed.data.map((s) => s.id).sort(), acknowledged.slice().sort());
      process.kill(last.pid, 'SIGTERM');
      await last.exited;
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
