import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readySquatsSession, startTestServer, type TestServer } from './helpers/server.ts';
import { generateSession } from '../eval/behavior-gen.ts';

/** Issue 16's missing operations: erasing a user, managing webhook endpoints, scenario pages, raw behaviour events. */
describe('operations users expect', () => {
  let s: TestServer;
  let receiver: http.Server;
  const got: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  let hookUrl = '';
  before(async () => {
    s = await startTestServer('pglite');
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { got.push({ path: req.url!, headers: req.headers, body }); res.writeHead(200).end('ok'); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  after(async () => { await new Promise((r) => receiver.close(r)); await s?.close(); });
  const until = async (check: () => boolean, ms = 10_000) => {
    for (const end = Date.now() + ms; !check();) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('erases a user: their record, sessions with inputs and results, and the events about them; nothing of anyone else', async () => {
    assert.equal((await s.call('PUT', '/v1/users/patient-9', { body: { email: 'p9@example.test' } })).status, 200);
    const mine = await (await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', user_id: 'patient-9', options: { assessments: ['Squats'] } } })).json() as { id: string };
    const other = await readySquatsSession(s);
    const res = await s.call('DELETE', '/v1/users/patient-9');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: 'patient-9', object: 'user', deleted: true, sessions_deleted: 1 });
    assert.equal((await s.call('GET', `/v1/sessions/${mine.id}`)).status, 404);
    assert.equal((await s.call('GET', '/v1/users/patient-9')).status, 404);
    assert.equal((await s.call('GET', `/v1/sessions/${other.id}`)).status, 200, "another user's session stays");
    assert.equal((await s.call('DELETE', '/v1/users/patient-9')).status, 404, 'nothing left to erase');
    assert.equal((await s.call('DELETE', '/v1/users/36', { key: s.keys.b })).status, 404, "another workspace's user is not found");
  });

  it('changes, tests and resends webhooks; the test event is signed like any other', async () => {
    const made = await (await s.call('POST', '/v1/webhook_endpoints', { body: { url: `${hookUrl}/first`, events: ['session.failed'] } })).json() as { id: string; secret: string };
    const patched = await s.call('PATCH', `/v1/webhook_endpoints/${made.id}`, { body: { url: `${hookUrl}/second`, events: ['session.completed'] } });
    assert.equal(patched.status, 200);
    assert.deepEqual(((await patched.json()) as { url: string; events: string[] }).events, ['session.completed']);
    const bad = await s.call('PATCH', `/v1/webhook_endpoints/${made.id}`, { body: { events: ['session.exploded'] } });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /Known types: session\.completed, session\.failed/);

    const test = await s.call('POST', `/v1/webhook_endpoints/${made.id}/test`);
    assert.equal(test.status, 202);
    const event = await test.json() as { id: string; type: string };
    assert.equal(event.type, 'webhook.test');
    await until(() => got.some((g) => g.path === '/second' && g.headers['webhook-id'] === event.id));
    const delivered = got.find((g) => g.headers['webhook-id'] === event.id)!;
    const secret = Buffer.from(made.secret.replace(/^whsec_/, ''), 'base64');
    const signature = createHmac('sha256', secret).update(`${event.id}.${delivered.headers['webhook-timestamp']}.${delivered.body}`).digest('base64');
    assert.equal(delivered.headers['webhook-signature'], `v1,${signature}`);

    const resent = await s.call('POST', `/v1/events/${event.id}/resend?endpoint_id=${made.id}`);
    assert.equal(resent.status, 202);
    await until(() => got.filter((g) => g.headers['webhook-id'] === event.id).length === 2);
    const attempts = await (await s.call('GET', `/v1/webhook_endpoints/${made.id}/attempts`)).json() as { data: unknown[] };
    assert.equal(attempts.data.length, 2);
    assert.equal((await s.call('POST', `/v1/events/${event.id}/resend`, { key: s.keys.b })).status, 404, "another workspace's event is not found");
    assert.equal((await s.call('POST', `/v1/webhook_endpoints/${made.id}/test`, { key: s.keys.b })).status, 404);
  });

  it('pages the scenarios', async () => {
    const all = await (await s.call('GET', '/v1/scenarios?limit=100')).json() as { data: { id: string }[]; has_more: boolean };
    assert.ok(all.data.length >= 3);
    const first = await (await s.call('GET', '/v1/scenarios?limit=2')).json() as { data: { id: string }[]; has_more: boolean };
    assert.deepEqual(first.data.map((x) => x.id), all.data.slice(0, 2).map((x) => x.id));
    assert.equal(first.has_more, true);
    const next = await (await s.call('GET', `/v1/scenarios?limit=2&starting_after=${first.data[1].id}`)).json() as { data: { id: string }[] };
    assert.deepEqual(next.data.map((x) => x.id), all.data.slice(2, 4).map((x) => x.id));
    assert.equal((await s.call('GET', '/v1/scenarios?starting_after=nope')).status, 400);
  });

  it('sends behavior.flagged once when a behaviour session is assessed as a bot, and nothing for a person', async () => {
    const made = await (await s.call('POST', '/v1/webhook_endpoints', { body: { url: `${hookUrl}/behaviour`, events: ['behavior.flagged'] } })).json() as { id: string };
    const send = (session_id: string, seq: number, events: unknown[]) =>
      fetch(`${s.url}/v1/collect?key=${s.keys.publishable}`, { method: 'POST', body: JSON.stringify({ session_id, seq, user_id: 'visitor-1', events }), headers: { 'content-type': 'text/plain' } });
    const bot = generateSession('naive_linear', 3);
    const half = Math.floor(bot.length / 2);
    assert.equal((await send('flagged-bot-0001', 0, bot.slice(0, half))).status, 200);
    assert.equal((await send('flagged-bot-0001', 1, bot.slice(half))).status, 200);
    assert.equal((await send('calm-person-0001', 0, generateSession('person', 4))).status, 200);
    await until(() => got.some((g) => g.path === '/behaviour'), 15_000);
    const event = JSON.parse(got.find((g) => g.path === '/behaviour')!.body) as { type: string; data: { object: { session_id: string; recommended_action: string; risk_score: number; failed_checks: unknown[] } } };
    assert.equal(event.type, 'behavior.flagged');
    assert.equal(event.data.object.session_id, 'flagged-bot-0001');
    assert.equal(event.data.object.recommended_action, 'block');
    assert.ok(event.data.object.failed_checks.length >= 2);
    // Another batch later is assessed again, but the session was flagged already: no second event.
    assert.equal((await send('flagged-bot-0001', 2, [{ t: bot[bot.length - 1].t + 1000, k: 'track', a: 'Paid' }])).status, 200);
    await new Promise((r) => setTimeout(r, 4_500));
    assert.equal(got.filter((g) => g.path === '/behaviour').length, 1, 'one event per session, and none for the person');
    await s.call('DELETE', `/v1/webhook_endpoints/${made.id}`);
  });

  it('exports a behaviour session\'s raw events in the order they were captured', async () => {
    const t = Date.UTC(2025, 2, 25, 14, 30, 45);
    for (const [seq, events] of [[0, [{ t, k: 'nav', p: '/' }, { t: t + 10, k: 'move', x: 1, y: 2 }]], [1, [{ t: t + 20, k: 'down', x: 1, y: 2 }]]] as const) {
      const res = await fetch(`${s.url}/v1/collect?key=${s.keys.publishable}`, { method: 'POST', body: JSON.stringify({ session_id: 'raw-events-0001', seq, events }), headers: { 'content-type': 'text/plain' } });
      assert.equal(res.status, 200);
    }
    const res = await s.call('GET', '/v0.0/sessions/raw-events-0001/events');
    assert.equal(res.status, 200);
    const doc = await res.json() as { batches: number; event_count: number; events: { k: string }[] };
    assert.equal(doc.batches, 2);
    assert.deepEqual(doc.events.map((e) => e.k), ['nav', 'move', 'down']);
    assert.equal((await s.call('GET', '/v0.0/sessions/raw-events-0001/events', { key: s.keys.b })).status, 404);
  });
});
