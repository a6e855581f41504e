import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { backends } from './helpers/backends.ts';
import { readySquatsSession, startTestServer, waitForSession, type TestServer } from './helpers/server.ts';

interface Received { headers: http.IncomingHttpHeaders; body: string; path: string }

/** A real HTTP receiver standing in for a customer's endpoint; `plan` sets each answer's status. */
async function receiver(plan: (n: number, path: string) => number) {
  const got: Received[] = [];
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const n = (counts.get(req.url!) ?? 0) + 1;
      counts.set(req.url!, n);
      got.push({ headers: req.headers, body, path: req.url! });
      res.writeHead(plan(n, req.url!), { 'content-type': 'text/plain', 'set-cookie': 'sid=secret' }).end('ok db_password=hunter2');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, close: () => new Promise((r) => server.close(r)) };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

for (const backend of backends()) {
  describe(`webhooks on ${backend}`, () => {
    let s: TestServer;
    let hook: Awaited<ReturnType<typeof receiver>>;
    before(async () => {
      s = await startTestServer(backend);
      // /flaky fails its first attempt; /down always fails; others succeed.
      hook = await receiver((n, path) => (path === '/down' ? 503 : path === '/flaky' && n === 1 ? 500 : 200));
    });
    after(async () => { await s?.close(); await hook?.close(); });

    it('creates, lists and deletes endpoints; the secret is shown once', async () => {
      const res = await s.call('POST', '/v1/webhook_endpoints', { body: { url: `${hook.url}/tmp`, events: ['session.completed'] } });
      assert.equal(res.status, 201);
      const ep = await res.json() as any;
      assert.match(ep.secret, /^whsec_[A-Za-z0-9+/=]{40,}$/);
      const list = await (await s.call('GET', '/v1/webhook_endpoints')).json() as any;
      const listed = list.data.find((e: any) => e.id === ep.id);
      assert.ok(listed);
      assert.equal(listed.secret, undefined);
      assert.equal((await (await s.call('GET', `/v1/webhook_endpoints/${ep.id}`)).json() as any).secret, undefined);
      assert.equal((await s.call('DELETE', `/v1/webhook_endpoints/${ep.id}`)).status, 200);
      assert.equal((await s.call('GET', `/v1/webhook_endpoints/${ep.id}`)).status, 404);
    });

    it('delivers session.completed signed per Standard Webhooks, retries a failure, and records attempts', async () => {
      const good = await (await s.call('POST', '/v1/webhook_endpoints', { body: { url: `${hook.url}/good`, events: ['session.completed', 'session.failed'] } })).json() as any;
      const flaky = await (await s.call('POST', '/v1/webhook_endpoints', { body: { url: `${hook.url}/flaky`, events: ['*'] } })).json() as any;
      const down = await (await s.call('POST', '/v1/webhook_endpoints', { body: { url: `${hook.url}/down`, events: ['session.completed'] } })).json() as any;
      const session = await readySquatsSession(s);

      await until(() => hook.got.some((g) => g.path === '/good'));
      const delivery = hook.got.find((g) => g.path === '/good')!;
      const event = JSON.parse(delivery.body);
      assert.equal(event.type, 'session.completed');
      assert.equal(event.data.object.id, session.id);
      assert.equal(event.data.object.status, 'ready');
      assert.ok(Number.isInteger(event.created));
      assert.equal(delivery.headers['webhook-id'], event.id);
      // Verify as a receiver would, from the specification, not with our own helper.
      const expected = createHmac('sha256', Buffer.from(good.secret.slice('whsec_'.length), 'base64'))
        .update(`${delivery.headers['webhook-id']}.${delivery.headers['webhook-timestamp']}.${delivery.body}`).digest('base64');
      assert.equal(delivery.headers['webhook-signature'], `v1,${expected}`);
      assert.ok(Math.abs(Number(delivery.headers['webhook-timestamp']) - Date.now() / 1000) < 60);

      await until(() => hook.got.filter((g) => g.path === '/flaky').length >= 2);
      await until(async () => (await (await s.call('GET', `/v1/webhook_endpoints/${flaky.id}/attempts`)).json() as any).data.length >= 2);
      const attempts = await (await s.call('GET', `/v1/webhook_endpoints/${flaky.id}/attempts`)).json() as any;
      assert.deepEqual(attempts.data.map((a: any) => a.status_code), [200, 500]);
      assert.deepEqual(attempts.data.map((a: any) => a.attempt_number), [2, 1]);
      assert.equal(attempts.data[0].response_headers['content-type'], 'text/plain');
      assert.ok(!JSON.stringify(attempts).includes('hunter2') && !JSON.stringify(attempts).includes('sid=secret'), 'attempts keep headers, never the body or cookies');
      const [second, first] = hook.got.filter((g) => g.path === '/flaky');
      assert.equal(first.headers['webhook-id'], second.headers['webhook-id'], 'a retry keeps the event id');

      // The always-failing endpoint is tried once per step of the schedule (here 100 ms, 200 ms), then given up.
      await until(async () => (await (await s.call('GET', `/v1/webhook_endpoints/${down.id}/attempts`)).json() as any).data.length >= 3);
      await new Promise((r) => setTimeout(r, 500));
      const downAttempts = await (await s.call('GET', `/v1/webhook_endpoints/${down.id}/attempts?limit=100`)).json() as any;
      assert.equal(downAttempts.data.length, 3);
      assert.ok(downAttempts.data.every((a: any) => a.status_code === 503 && a.error));
      const page = await (await s.call('GET', `/v1/webhook_endpoints/${down.id}/attempts?limit=1`)).json() as any;
      assert.equal(page.has_more, true);
      const next = await (await s.call('GET', `/v1/webhook_endpoints/${down.id}/attempts?limit=1&starting_after=${page.data[0].id}`)).json() as any;
      assert.equal(next.data[0].attempt_number, page.data[0].attempt_number - 1);

      const events = await (await s.call('GET', '/v1/events')).json() as any;
      assert.ok(events.data.some((e: any) => e.id === event.id));
      assert.equal((await (await s.call('GET', `/v1/events/${event.id}`)).json() as any).type, 'session.completed');
      // Pages follow each other by cursor, newest first, served from the cache or not alike.
      const all = await (await s.call('GET', '/v1/events?limit=100')).json() as any;
      const page1 = await (await s.call('GET', '/v1/events?limit=1')).json() as any;
      const page2 = await (await s.call('GET', `/v1/events?limit=1&starting_after=${page1.data[0].id}`)).json() as any;
      assert.deepEqual([...page1.data, ...page2.data], all.data.slice(0, 2));
      assert.equal(page1.has_more, all.data.length > 1);
      assert.equal((await s.call('GET', '/v1/events?starting_after=evt_nope')).status, 400);
    });

    it('delivers session.failed for a failed analysis', async () => {
      // Heel raises need the heel and toe points, which coco17 does not have: the analysis fails.
      const ses = await (await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', options: { assessments: ['Heel Raises'] } } })).json() as any;
      const person = Array.from({ length: 17 }, (_, i) => [100 + i, 100 + 10 * i, 0.9]);
      await s.call('PUT', `/v1/sessions/${ses.id}/inputs/Heel%20Raises`, { raw: JSON.stringify({ format: 'coco17', fps: 30, width: 720, height: 1280, frames: [person] }), headers: { 'content-type': 'application/json' } });
      await s.call('POST', `/v1/sessions/${ses.id}/complete`);
      await waitForSession(s, ses.id);
      await until(() => hook.got.some((g) => g.path === '/good' && JSON.parse(g.body).type === 'session.failed'));
      const failed = JSON.parse(hook.got.find((g) => g.path === '/good' && JSON.parse(g.body).type === 'session.failed')!.body);
      assert.equal(failed.data.object.error.code, 'keypoints_insufficient');
    });
  });
}
