import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { generateSession } from '../eval/behavior-gen.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

/** The collect endpoint and the reference 003 routes, without a browser (see behavior.browser.test.ts for the script). */
describe('behaviour sessions (reference 003)', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite', { collectRatePerSecond: 5, collectRateBurst: 30 }); });
  after(async () => { await s?.close(); });

  const collect = (body: unknown, opts: { key?: string | null; gzip?: boolean; headers?: Record<string, string>; query?: string } = {}) => {
    const json = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const key = opts.key === undefined ? s.keys.publishable : opts.key;
    const q = [key ? `key=${key}` : '', opts.gzip ? 'enc=gzip' : '', opts.query ?? ''].filter(Boolean).join('&');
    return fetch(`${s.url}/v1/collect${q ? `?${q}` : ''}`, { method: 'POST', body: opts.gzip ? gzipSync(json) : json, headers: { 'content-type': 'text/plain', origin: 'https://shop.example', ...opts.headers } });
  };
  const report = (id: string, key = s.keys.a) => s.call('GET', `/v0.0/sessions/${id}/report`, { key });

  it('stores numbered batches once, creates the session on the first, and reports a bot', async () => {
    const events = generateSession('naive_linear', 3);
    const half = Math.floor(events.length / 2);
    const sid = 'bot-session-0001';
    const first = await collect({ session_id: sid, seq: 0, user_id: 'user-456', events: events.slice(0, half), replay: [] }, { gzip: true });
    assert.equal(first.status, 200, await first.clone().text());
    assert.equal(first.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.deepEqual(await first.json(), { ok: true, session_id: sid, seq: 0, duplicate: false });
    const again = await collect({ session_id: sid, seq: 0, events: events.slice(0, half) }, { gzip: true });
    assert.equal((await again.json() as any).duplicate, true, 'a retried batch is stored once');
    await collect({ session_id: sid, seq: 1, events: events.slice(half) });
    const res = await report(sid);
    assert.equal(res.status, 200);
    const r = await res.json() as any;
    assert.deepEqual(Object.keys(r).slice(0, 5), ['session_id', 'user_id', 'user_logs', 'failed_checks', 'session_replay']);
    assert.equal(r.session_id, sid);
    assert.equal(r.user_id, 'user-456');
    assert.equal(r.event_count, events.length, 'every event once, despite the retry');
    const names = r.failed_checks.map((c: any) => c.check);
    for (const n of ['Straight-line constant-speed paths', 'Perfectly centred clicks', 'Programmatic typing']) assert.ok(names.includes(n), `${n} in ${names}`);
    for (const c of r.failed_checks) {
      assert.match(c.user_time, /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d\d:\d\d:\d\d$/);
      assert.equal(typeof c.timestamp, 'number');
      assert.ok(Object.keys(c.evidence).length > 0);
    }
    assert.ok(r.user_logs.some((l: any) => l.action === 'Navigated to /checkout'));
    assert.ok(r.user_logs.some((l: any) => l.action === 'Clicked "Pay now"'));
    assert.ok(r.user_logs.some((l: any) => l.action === 'Submitted form "checkout"'));
    assert.ok(r.risk_score >= 70 && r.recommended_action === 'block');
    assert.match(r.session_replay.url, /\/replay\/[A-Za-z0-9]{24}$/);
    assert.equal(typeof r.session_replay.duration_seconds, 'number');
    // The user's sessions, newest first.
    const list = await (await s.call('GET', '/v0.0/users/user-456/sessions')).json() as any;
    assert.equal(list.sessions[0].session_id, sid);
    for (const key of [s.keys.b, s.keys.aLive]) {
      const theirs = await (await s.call('GET', '/v0.0/users/user-456/sessions', { key })).json() as any;
      assert.deepEqual(theirs.sessions, [], "another workspace or mode sees none of this user's sessions");
    }
    // The report follows new batches.
    await collect({ session_id: sid, seq: 2, events: [{ t: events[events.length - 1].t + 1000, k: 'track', a: 'Updated credit card' }] });
    const later = await (await report(sid)).json() as any;
    assert.equal(later.user_logs[later.user_logs.length - 1].action, 'Updated credit card');
  });

  it('uses the workspace time zone for user_time', async () => {
    const sid = 'tz-session-0001';
    await collect({ session_id: sid, seq: 0, events: [{ t: Date.UTC(2025, 2, 25, 14, 30, 45), k: 'identify', u: 'u1' }] });
    assert.equal((await report(sid).then((r) => r.json()) as any).user_logs[0].user_time, 'Mar 25, 2025 14:30:45');
    assert.equal((await s.call('PATCH', '/v1/workspace', { body: { time_zone: 'Europe/Berlin' } })).status, 200);
    const r = await report(sid).then((x) => x.json()) as any;
    assert.deepEqual(r.user_logs[0], { action: 'Signed in', user_time: 'Mar 25, 2025 15:30:45', timestamp: Date.UTC(2025, 2, 25, 14, 30, 45) });
    assert.equal((await s.call('PATCH', '/v1/workspace', { body: { time_zone: 'Mars/Olympus' } })).status, 400);
    await s.call('PATCH', '/v1/workspace', { body: { time_zone: 'UTC' } });
  });

  it('refuses bad batches clearly and keeps what was accepted', async () => {
    const sid = 'bad-session-0001';
    assert.equal((await collect({ session_id: sid, seq: 0, events: [{ t: 1, k: 'nav', p: '/' }] })).status, 200);
    const cases: [unknown, number, string][] = [
      ['{not json', 400, 'body'],
      [{ session_id: 'short', seq: 0, events: [] }, 400, 'session_id'],
      [{ session_id: sid, seq: -1, events: [] }, 400, 'seq'],
      [{ session_id: sid, seq: 1, events: 'x' }, 400, 'events'],
      [{ session_id: sid, seq: 1, events: [{ t: 'soon', k: 'nav' }] }, 400, 'events[0]'],
      [{ session_id: sid, seq: 1, events: [{ t: 1, k: 'explode' }] }, 400, 'events[0]'],
    ];
    for (const [body, status, param] of cases) {
      const res = await collect(body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal((await res.json() as any).error.param, param);
    }
    const notGzip = await collect({ session_id: sid, seq: 1, events: [] }, { query: 'enc=gzip' });
    assert.equal(notGzip.status, 400);
    const huge = await fetch(`${s.url}/v1/collect?key=${s.keys.publishable}`, { method: 'POST', body: Buffer.alloc(3 * 1024 * 1024, 32), headers: { 'content-type': 'text/plain' } });
    assert.equal(huge.status, 413);
    const bomb = await collect(JSON.stringify({ session_id: sid, seq: 1, events: [], pad: 'x'.repeat(9 * 1024 * 1024) }), { gzip: true });
    assert.equal(bomb.status, 413, 'a small gzip that expands past the limit');
    assert.equal((await report(sid).then((r) => r.json()) as any).event_count, 1, 'the accepted batch is kept');
  });

  it('reports a session whose pages sent text the database cannot store (NUL, unpaired surrogates), now and on every later read', async () => {
    const sid = 'nul-session-0001';
    const events = [{ t: 1_700_000_000_000, k: 'nav', p: '/a\u0000b' }, { t: 1_700_000_000_500, k: 'focus', f: 'name\ud800' }, { t: 1_700_000_001_000, k: 'nav', p: '/next' }];
    assert.equal((await collect({ session_id: sid, seq: 0, events })).status, 200);
    for (let read = 0; read < 2; read++) {
      const res = await report(sid);
      assert.equal(res.status, 200, await res.clone().text());
      const text = await res.text();
      assert.ok(!text.includes('\\u0000'), 'no NUL served back');
    }
  });

  it('authenticates capture with publishable keys only, and live keys only from allowed origins', async () => {
    const body = { session_id: 'auth-session-01', seq: 0, events: [] };
    assert.equal((await collect(body, { key: null })).status, 401);
    assert.equal((await collect(body, { key: 'pub_test_nope' })).status, 401);
    const secret = await collect(body, { key: s.keys.a });
    assert.equal(secret.status, 403);
    assert.equal((await secret.json() as any).error.code, 'publishable_key_required');
    const live = (await s.debrief.accounts.createKey({ workspace: 'alpha', livemode: true, type: 'publishable' })).key;
    const refused = await collect(body, { key: live, headers: { origin: 'https://evil.example' } });
    assert.equal(refused.status, 403);
    assert.equal((await refused.json() as any).error.code, 'origin_not_allowed');
    assert.equal((await s.call('PATCH', '/v1/workspace', { key: s.keys.aLive, body: { allowed_origins: ['https://shop.example'] } })).status, 200);
    assert.equal((await s.call('PATCH', '/v1/workspace', { body: { allowed_origins: ['https://shop.example/path'] } })).status, 400);
    await new Promise((r) => setTimeout(r, 5100)); // the origin list is cached for 5 s
    assert.equal((await collect(body, { key: live, headers: { origin: 'https://shop.example' } })).status, 200);
    assert.equal((await collect(body, { key: live, headers: { origin: 'https://evil.example' } })).status, 403);
    // Test data and live data never mix: the live session is invisible to the test key.
    assert.equal((await report('auth-session-01', s.keys.aLive)).status, 200);
    assert.equal((await report('auth-session-01')).status, 404);
  });

  it("answers 404 for another workspace's or mode's session, and for other kinds", async () => {
    await collect({ session_id: 'mine-session-01', seq: 0, events: [{ t: 1, k: 'nav', p: '/' }] });
    assert.equal((await report('mine-session-01', s.keys.b)).status, 404);
    assert.equal((await report('mine-session-01', s.keys.aLive)).status, 404);
    assert.equal((await report('never-existed-01')).status, 404);
    const { id } = await (await s.call('POST', '/v1/sessions', { body: { kind: 'jumping', options: { exercise: 'Squat Jump' } } })).json() as any;
    assert.equal((await report(id)).status, 404);
    const made = await s.call('POST', '/v1/sessions', { body: { kind: 'behavior' } });
    assert.equal(made.status, 400);
    assert.match((await made.json() as any).error.message, /capture script/);
  });

  it('documents its checks', async () => {
    const list = await (await s.call('GET', '/v1/behavior/checks')).json() as any;
    const names = list.data.map((c: any) => c.name);
    for (const n of ['Unnatural mouse movement', 'Suspicious copy-paste activity', 'Teleporting pointer', 'Superhuman speed']) assert.ok(names.includes(n), n);
    assert.ok(list.data.length >= 12 && list.data.every((c: any) => c.description && c.weight > 0));
  });

  it('serves the capture script and the replay page behind an unguessable, expiring link', async () => {
    const js = await fetch(`${s.url}/capture.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type')!, /javascript/);
    assert.ok((await js.text()).includes('rtSessionId'));
    const r = await report('mine-session-01').then((x) => x.json()) as any;
    const page = await fetch(r.session_replay.url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /rrweb-player/);
    assert.equal((await fetch(r.session_replay.url.replace('/replay/', '/r/'))).status, 404, 'a replay token opens no report page');
    const data = await (await fetch(`${r.session_replay.url}/events`)).json() as any;
    assert.ok(Array.isArray(data.events));
    assert.equal((await fetch(`${s.url}/replay/${'A'.repeat(24)}`)).status, 404);
  });

  it('rate-limits batches per key and address', async () => {
    let limited: Response | null = null;
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await collect({ session_id: 'rate-session-01', seq: i, events: [] });
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, 'a burst past the limit is refused');
    assert.ok(Number(limited!.headers.get('retry-after')) >= 1);
  });
});

/** Hostile input: whatever a page (or a bot holding the public key) sends, nothing answers 5xx. */
describe('behaviour collect against bad input', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite', { collectRatePerSecond: 10_000, collectRateBurst: 10_000 }); });
  after(async () => { await s?.close(); });

  const collect = (body: unknown, opts: { gzip?: boolean } = {}) => {
    const json = Buffer.from(JSON.stringify(body));
    return fetch(`${s.url}/v1/collect?key=${s.keys.publishable}${opts.gzip ? '&enc=gzip' : ''}`, { method: 'POST', body: opts.gzip ? gzipSync(json) : json, headers: { 'content-type': 'text/plain', origin: 'https://shop.example' } });
  };
  const report = (id: string) => s.call('GET', `/v0.0/sessions/${id}/report`, { key: s.keys.a });

  it('refuses a batch with a malformed event, naming it, and creates nothing', async () => {
    const sid = 'malformed-0001';
    for (const [event, field] of [
      [{ t: 1e12, k: 'click', x: 1, y: 2, box: [0, 0, 10, 10] }, /events\[1\]: el must be/],
      [{ t: 1e12, k: 'env', webdriver: false }, /events\[1\]: hints must be/],
      [{ t: 1e16, k: 'track', a: 'x' }, /events\[1\]: t must be/],
      [{ t: 1e300, k: 'move', x: 1, y: 1 }, /events\[1\]: t must be/],
      [{ t: 1e12, k: 'move', x: 'far', y: 1 }, /events\[1\]: x must be/],
      [{ t: 1e12, k: 'key', d: 'sideways', cat: 'char' }, /events\[1\]: d must be/],
    ] as const) {
      const res = await collect({ session_id: sid, seq: 0, events: [{ t: 1e12, k: 'nav', p: '/' }, event] });
      assert.equal(res.status, 400);
      const body = await res.json() as any;
      assert.equal(body.error.param, 'events[1]');
      assert.match(body.error.message, field);
    }
    assert.equal((await report(sid)).status, 404, 'no session was created by a refused batch');
  });

  it('refuses a capture id shaped like a Debrief session id', async () => {
    const res = await collect({ session_id: 'ses_0123456789abcdef', seq: 0, events: [] });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as any).error.param, 'session_id');
  });

  it('answers the report of a session with 150,000 replay events', async () => {
    const sid = 'long-replay-0001';
    for (let b = 0; b < 3; b++) {
      const replay = Array.from({ length: 50_000 }, (_, i) => ({ type: 3, timestamp: 1.7e12 + b * 50_000 + i, data: {} }));
      const res = await collect({ session_id: sid, seq: b, events: [], replay }, { gzip: true });
      assert.equal(res.status, 200, await res.text());
    }
    const res = await report(sid);
    assert.equal(res.status, 200);
    assert.equal((await res.json() as any).session_replay.duration_seconds, 150);
  });

  it('sends the replay page with a policy that loads nothing from elsewhere and forbids framing', async () => {
    const sid = 'csp-session-0001';
    await collect({ session_id: sid, seq: 0, events: [{ t: 1.7e12, k: 'nav', p: '/' }], replay: [{ type: 4, timestamp: 1.7e12, data: { href: 'https://shop.example/' } }] });
    const r = await (await report(sid)).json() as any;
    const page = await fetch(r.session_replay.url);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /img-src 'self' data: blob:;/);
    assert.match(csp, /frame-ancestors 'none'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    assert.ok((await page.text()).includes(`<script nonce="${nonce}">`));
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
  });

  it('answers every report after a thousand random and mutated batches', async () => {
    const rand = (() => { let a = 7; return () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), a | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; })();
    const base = generateSession('person', 11);
    const weird = [null, -1, 0, 1e300, -1e300, 'x', '', [], {}, true, 1.5, 2 ** 53, '\u0000', 'ses_x'];
    let fives = 0;
    for (let b = 0; b < 1000; b++) {
      const events = base.slice(0, 40).map((e) => ({ ...e }));
      for (let m = 0; m < 3; m++) {
        const e = events[Math.floor(rand() * events.length)] as Record<string, unknown>;
        const keys = Object.keys(e);
        e[rand() < 0.7 ? keys[Math.floor(rand() * keys.length)] : 'extra'] = weird[Math.floor(rand() * weird.length)];
      }
      const res = await collect({ session_id: `fuzz-${String(b % 10).padStart(6, '0')}`, seq: b, events });
      if (res.status >= 500) fives++;
      await res.arrayBuffer();
    }
    for (let k = 0; k < 10; k++) {
      const res = await report(`fuzz-${String(k).padStart(6, '0')}`);
      assert.ok(res.status === 200 || res.status === 404, `report ${k}: ${res.status}`);
    }
    assert.equal(fives, 0);
  });
});
