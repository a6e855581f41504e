import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startTestServer, type TestServer } from './helpers/server.ts';

/** Sends headers, then `chunk` every `everyMs`; resolves with what the server answered and when the connection closed. */
function trickle(s: TestServer, path: string, length: number, everyMs: number, chunk = '{"a":1') {
  const u = new URL(s.url);
  return new Promise<{ answer: string; afterMs: number }>((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(u.port), u.hostname);
    let answer = '';
    socket.on('data', (d) => { answer += d; });
    socket.on('close', () => { clearInterval(timer); resolve({ answer, afterMs: Date.now() - started }); });
    socket.on('error', () => {});
    socket.write(`PUT ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.keys.a}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`);
    const timer = setInterval(() => { if (!socket.destroyed) socket.write(chunk); }, everyMs);
  });
}

describe('slow request bodies', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite', { bodyIdleMs: 500 }); });
  after(async () => { await s?.close(); });

  it('cuts off an upload that trickles a few bytes at a time, with a 408, and keeps nothing', async () => {
    const ses = await (await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', options: { assessments: ['Squats'] } } })).json() as any;
    const r = await trickle(s, `/v1/sessions/${ses.id}/inputs/Squats`, 100_000, 200);
    assert.ok(r.afterMs < 5000, `closed after ${r.afterMs} ms`);
    assert.match(r.answer, /^HTTP\/1\.1 408/);
    assert.match(r.answer, /body_too_slow/);
    const inputs = await (await s.call('GET', `/v1/sessions/${ses.id}`)).json() as any;
    assert.deepEqual(inputs.inputs ?? [], []);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(fs.readdirSync(path.join(s.dataDir, 'tmp')), [], 'the half upload is discarded');
  });

  it('cuts off a JSON body that trickles', async () => {
    const r = await trickle(s, '/v1/users/u-slow', 5000, 200);
    assert.ok(r.afterMs < 5000, `closed after ${r.afterMs} ms`);
    assert.match(r.answer, /^HTTP\/1\.1 408/);
  });

  it('lets a body that keeps coming take its time', async () => {
    const body = JSON.stringify({ email: 'slow@b.test', first_name: 'x'.repeat(6000) });
    const u = new URL(s.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(u.port), u.hostname);
      let got = '';
      socket.on('data', (d) => { got += d; if (got.includes('\r\n\r\n') && got.includes('}')) { socket.end(); } });
      socket.on('close', () => resolve(got));
      socket.write(`PUT /v1/users/u-steady HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.keys.a}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
      let at = 0;
      const timer = setInterval(() => { socket.write(body.slice(at, at += 1500)); if (at >= body.length) clearInterval(timer); }, 300);
    });
    assert.match(answer, /^HTTP\/1\.1 400/, 'answered (first_name too long is a 400), not cut off');
  });
});
