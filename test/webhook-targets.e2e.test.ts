import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { isPublicAddress, postWebhook } from '../src/webhooks/targets.ts';

/** Webhook SSRF: internal targets refused at creation and at connect time unless the operator allows them. */
describe('webhook targets', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite', { webhookAllowPrivate: false }); });
  after(async () => { await s?.close(); });

  const create = (url: string) => s.call('POST', '/v1/webhook_endpoints', { body: { url, events: ['session.completed'] } });

  for (const url of ['http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'http://0.0.0.0/', 'http://10.1.2.3/', 'http://192.168.0.10/', 'http://169.254.169.254/latest/meta-data',
    'http://[::ffff:127.0.0.1]/', 'http://[fd00::1]/', 'http://100.64.0.1/', 'http://localhost:3000/', 'http://metadata.google.internal/', 'http://2130706433/']) {
    it(`refuses ${url} with a 400 naming the url`, async () => {
      const res = await create(url);
      assert.equal(res.status, 400);
      const { error } = await res.json() as any;
      assert.equal(error.code, 'url_not_allowed');
      assert.equal(error.param, 'url');
    });
  }

  it('accepts a public address', async () => {
    assert.equal((await create('https://93.184.216.34/hook')).status, 201);
  });

  it('refuses at connect time a name that resolves inside (DNS rebinding), and sends nothing', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => { hits++; res.end('db_password=hunter2'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await assert.rejects(postWebhook(`http://localhost:${port}/`, {}, '{}', 2000, false), /not a public address/);
      assert.equal(hits, 0);
      const allowed = await postWebhook(`http://localhost:${port}/`, {}, '{}', 2000, true);
      assert.equal(allowed.status, 200, 'an operator opt-in reaches internal receivers');
      assert.equal(hits, 1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('classifies addresses', () => {
    for (const a of ['8.8.8.8', '93.184.216.34', '2606:4700::1111']) assert.ok(isPublicAddress(a), a);
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '169.254.1.1', '0.0.0.0', '::1', 'fe80::1', '::ffff:10.0.0.1', '224.0.0.1', 'nonsense']) assert.ok(!isPublicAddress(a), a);
  });
});
