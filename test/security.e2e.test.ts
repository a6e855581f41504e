import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { readySquatsSession, startTestServer, type TestServer } from './helpers/server.ts';

/**
 * Table-driven over the server's own route table, so a route added later cannot skip it:
 * every authenticated route refuses missing, malformed, unknown and revoked keys with a JSON
 * 401, and treats another workspace's or the other mode's objects as missing (404).
 */
for (const backend of backends()) {
  describe(`security of every route on ${backend}`, () => {
    let s: TestServer;
    const foreign: Record<'b' | 'live', Record<string, string>> = { b: {}, live: {} };
    let routes: { method: string; url: string; auth: string; scoped: Record<string, string> }[];

    before(async () => {
      s = await startTestServer(backend);
      routes = (s.debrief.app as unknown as { registeredRoutes: typeof routes }).registeredRoutes;
      for (const [who, key] of [['b', s.keys.b], ['live', s.keys.aLive]] as const) {
        const session = await readySquatsSession(s, key);
        const endpoint = await (await s.call('POST', '/v1/webhook_endpoints', { key, body: { url: 'http://127.0.0.1:9/hook', events: ['session.completed'] } })).json() as any;
        const session2 = await readySquatsSession(s, key);
        const events = await (await s.call('GET', '/v1/events', { key })).json() as any;
        assert.ok(events.data.length >= 1, 'a completed session emits an event');
        const userId = `person-${who}`;
        assert.equal((await s.call('PUT', `/v1/users/${userId}`, { key, body: { email: `${who}@example.test` } })).status, 200);
        const own = await (await s.call('POST', '/v1/scenarios', { key, body: { copy_from: 'sales-discovery', slug: `own-${who}` } })).json() as any;
        assert.match(own.id, /^scn_/);
        foreign[who] = { session: session.id, webhook_endpoint: endpoint.id, event: events.data[0].id, user: userId, scenario: own.id, spare: session2.id };
      }
    });
    after(async () => { await s?.close(); });

    const fill = (url: string, scoped: Record<string, string>, ids: Record<string, string>) =>
      url.replace(/:(\w+)/g, (_m, p: string) => encodeURIComponent(scoped[p] ? ids[scoped[p]] : p === 'assessment' || p === 'name' ? 'Squats' : 'x'));

    const authed = () => routes.filter((r) => r.auth !== 'none');

    it('knows the routes it checks', () => {
      assert.ok(authed().length >= 20, `only ${authed().length} authenticated routes found`);
      assert.ok(authed().some((r) => r.url === '/v1/:session_id/:assessment'));
      // CORS preflights carry no credentials by design; every other /v1 route needs a key.
      assert.ok(routes.every((r) => r.auth !== 'none' || !r.url.startsWith('/v1/') || r.method === 'OPTIONS'), 'no /v1 route is public');
    });

    const badCredentials: [string, (s: TestServer) => Record<string, string>, string][] = [
      ['no key', () => ({}), 'api_key_missing'],
      ['garbage bearer', () => ({ authorization: 'Bearer garbage' }), 'api_key_invalid'],
      ['unknown well-formed key', () => ({ authorization: 'Bearer dbf_test_000000000000000000000000000000' }), 'api_key_invalid'],
      ['revoked key', (t) => ({ authorization: `Bearer ${t.keys.revoked}` }), 'api_key_revoked'],
      ['unknown scheme', (t) => ({ authorization: `Token ${t.keys.a}` }), 'authorization_malformed'],
      ['basic with a password', (t) => ({ authorization: `Basic ${Buffer.from(`${t.keys.a}:secret`).toString('base64')}` }), 'authorization_malformed'],
      ['empty bearer', () => ({ authorization: 'Bearer ' }), 'authorization_malformed'],
    ];

    for (const [label, headers, code] of badCredentials) {
      it(`answers 401 with a JSON error for ${label} on every authenticated route`, async () => {
        for (const r of authed()) {
          const res = await s.call(r.method, fill(r.url, r.scoped, foreign.b), { key: null, headers: { ...headers(s), 'content-type': 'application/json' }, raw: r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}' });
          assert.equal(res.status, 401, `${r.method} ${r.url} → ${res.status}`);
          assert.ok(res.headers.get('www-authenticate'), `${r.method} ${r.url} has no WWW-Authenticate`);
          assert.ok(res.headers.get('request-id'));
          const body = await res.json() as any;
          assert.equal(body.error.type, 'authentication_error');
          assert.equal(body.error.code, code, `${r.method} ${r.url}`);
          assert.equal(body.error.request_id, res.headers.get('request-id'));
          assert.match(body.error.message, /key/i);
        }
      });
    }

    it('refuses a publishable key on every secret route', async () => {
      for (const r of authed().filter((x) => x.auth === 'secret')) {
        const res = await s.call(r.method, fill(r.url, r.scoped, foreign.b), { key: s.keys.publishable, headers: { 'content-type': 'application/json' }, raw: r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}' });
        assert.equal(res.status, 403, `${r.method} ${r.url} → ${res.status}`);
      }
    });

    for (const who of ['b', 'live'] as const) {
      it(`answers 404 for ${who === 'b' ? "another workspace's" : "the other mode's"} objects on every scoped route`, async () => {
        const scopedRoutes = authed().filter((r) => Object.keys(r.scoped).length);
        assert.ok(scopedRoutes.length >= 12);
        for (const r of scopedRoutes) {
          const res = await s.call(r.method, fill(r.url, r.scoped, foreign[who]), {
            key: s.keys.a, headers: { 'content-type': 'application/json' },
            raw: r.method === 'PUT' ? JSON.stringify({ format: 'coco17', fps: 30, frames: [null] }) : r.method === 'POST' || r.method === 'PATCH' ? '{}' : undefined,
          });
          assert.equal(res.status, 404, `${r.method} ${r.url} → ${res.status} ${await res.clone().text()}`);
          const body = await res.json() as any;
          assert.equal(body.error.type, 'not_found');
          // Indistinguishable from an id that never existed.
          const missing = await s.call(r.method, fill(r.url, r.scoped, { session: 'ses_doesnotexist', webhook_endpoint: 'we_doesnotexist', event: 'evt_doesnotexist', user: 'nobody', scenario: 'scn_doesnotexist' }), {
            key: s.keys.a, headers: { 'content-type': 'application/json' },
            raw: r.method === 'PUT' ? JSON.stringify({ format: 'coco17', fps: 30, frames: [null] }) : r.method === 'POST' || r.method === 'PATCH' ? '{}' : undefined,
          });
          assert.equal(missing.status, 404);
          assert.equal((await missing.json() as any).error.code, body.error.code);
        }
        // Nothing of theirs was touched.
        const key = who === 'b' ? s.keys.b : s.keys.aLive;
        assert.equal((await s.call('GET', `/v1/sessions/${foreign[who].session}`, { key })).status, 200);
        assert.equal((await s.call('GET', `/v1/webhook_endpoints/${foreign[who].webhook_endpoint}`, { key })).status, 200);
      });
    }

    it('never answers 500 to garbage on any route', async () => {
      const garbage = ['{', '[]', 'null', '"x"', '{"kind":{"$gt":""}}', '\u0000\u0001', JSON.stringify({ url: 5, events: 'x', kind: [], options: 'no' })];
      for (const r of routes) {
        for (const g of garbage) {
          const res = await s.call(r.method, fill(r.url, r.scoped, { session: "ses_'; drop table sessions;--", webhook_endpoint: '../../etc/passwd', event: '%00' }), {
            key: s.keys.a, headers: { 'content-type': 'application/json' }, raw: r.method === 'GET' || r.method === 'DELETE' ? undefined : g,
          });
          assert.ok(res.status < 500, `${r.method} ${r.url} with ${JSON.stringify(g)} → ${res.status} ${await res.text()}`);
        }
      }
    });

    it('never stores an API key, or its secret part, in clear', async () => {
      const rows = await s.debrief.database.sql.query<{ row: string }>('SELECT row_to_json(k)::text AS row FROM api_keys k');
      assert.ok(rows.rows.length >= Object.keys(s.keys).length);
      const stored = rows.rows.map((r) => r.row).join('\n');
      for (const key of Object.values(s.keys)) assert.ok(!stored.includes(key.split('_')[2]), 'secret part found in api_keys');
    });
  });
}
