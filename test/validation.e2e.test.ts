import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.ts';

/** Malformed bodies, wrong types, unknown fields and oversize bodies: 4xx naming the field, never 500. */
describe('request validation', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite'); });
  after(async () => { await s?.close(); });

  const post = async (route: string, raw: string) => {
    const res = await s.call('POST', route, { raw, headers: { 'content-type': 'application/json' } });
    return { status: res.status, error: ((await res.json()) as any).error };
  };

  const cases: [string, string, string, number, string | undefined, RegExp?][] = [
    ['malformed JSON', '/v1/sessions', '{"kind": "exercise",', 400, 'body', /not valid JSON/],
    ['empty body', '/v1/sessions', '', 400, 'body'],
    ['an array body', '/v1/sessions', '[]', 400, 'body'],
    ['missing kind', '/v1/sessions', '{}', 400, 'kind', /Missing required field 'kind'/],
    ['kind of the wrong type', '/v1/sessions', '{"kind": 5}', 400, 'kind'],
    ['user_id as a fraction', '/v1/sessions', '{"kind": "exercise", "user_id": 3.5, "options": {"assessments": ["Squats"]}}', 400, 'user_id'],
    ['an unknown field', '/v1/sessions', '{"kind": "exercise", "colour": "red"}', 400, 'colour', /Unknown field 'colour'/],
    ['metadata with a non-string value', '/v1/sessions', '{"kind": "exercise", "metadata": {"n": 1}, "options": {"assessments": ["Squats"]}}', 400, 'metadata.n'],
    ['options of the wrong type', '/v1/sessions', '{"kind": "exercise", "options": []}', 400, 'options'],
    ['assessments not a list', '/v1/sessions', '{"kind": "exercise", "options": {"assessments": "Squats"}}', 400, 'options.assessments'],
    ['an unknown pose model', '/v1/sessions', '{"kind": "exercise", "options": {"assessments": ["Squats"], "pose_model": "turbo"}}', 400, 'options.pose_model'],
    ['a pose model for jumping that is not a string', '/v1/sessions', '{"kind": "jumping", "options": {"exercise": "Countermovement Jump", "pose_model": 1}}', 400, 'options.pose_model'],
    ['an unknown option', '/v1/sessions', '{"kind": "exercise", "options": {"assessments": ["Squats"], "speed": 2}}', 400, 'options.speed', /Unknown field 'options.speed'/],
    ['a webhook URL that is not a URL', '/v1/webhook_endpoints', '{"url": "not a url", "events": ["session.completed"]}', 400, 'url'],
    ['an unknown event type', '/v1/webhook_endpoints', '{"url": "https://example.test/h", "events": ["session.exploded"]}', 400, 'events'],
    ['no events', '/v1/webhook_endpoints', '{"url": "https://example.test/h", "events": []}', 400, 'events'],
  ];

  for (const [label, route, raw, status, param, message] of cases) {
    it(`answers ${status} for ${label}`, async () => {
      const r = await post(route, raw);
      assert.equal(r.status, status);
      assert.equal(r.error.type, 'invalid_request_error');
      if (param) assert.equal(r.error.param, param);
      if (message) assert.match(r.error.message, message);
    });
  }

  it('accepts both pose models for the motion kinds', async () => {
    for (const body of [{ kind: 'exercise', options: { assessments: ['Squats'], pose_model: 'fast' } }, { kind: 'running', options: { pose_model: 'accurate' } }]) {
      const res = await s.call('POST', '/v1/sessions', { body });
      assert.equal(res.status, 201, JSON.stringify(await res.json()));
    }
  });

  it('checks user fields', async () => {
    const bad = await s.call('PUT', '/v1/users/u1', { body: { email: 'not an email' } });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json() as any).error.param, 'email');
    const extra = await s.call('PUT', '/v1/users/u1', { body: { email: 'a@b.test', age: 3 } });
    assert.equal((await extra.json() as any).error.param, 'age');
    const ok = await s.call('PUT', '/v1/users/u1', { body: { email: 'a@b.test', first_name: 'Ada' } });
    assert.deepEqual(await ok.json(), { id: 'u1', object: 'user', email: 'a@b.test', first_name: 'Ada', last_name: null });
    assert.equal((await s.call('GET', '/v1/users/u2')).status, 404);
  });

  it('answers 413 for a JSON body over the limit', async () => {
    const big = JSON.stringify({ kind: 'exercise', metadata: { a: 'x'.repeat(2 * 1024 * 1024) } });
    const r = await post('/v1/sessions', big);
    assert.equal(r.status, 413);
    assert.equal(r.error.code, 'payload_too_large');
  });

  it('answers 415 for a form body', async () => {
    const res = await s.call('POST', '/v1/sessions', { raw: 'kind=exercise', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 415);
  });

  it('answers 400 naming the field for strings the database cannot hold (NUL, unpaired surrogates), in the path, the query and the body', async () => {
    const cases: [string, string, Record<string, unknown> | undefined, string][] = [
      ['GET', '/v1/sessions/%00', undefined, 'id'],
      ['GET', '/v1/sessions?kind=%00', undefined, 'kind'],
      ['POST', '/v1/sessions', { kind: 'exercise', external_id: 'a\u0000b', options: { assessments: ['Squats'] } }, 'external_id'],
      ['PUT', '/v1/users/u-nul', { email: 'n@b.test', first_name: 'A\u0000' }, 'first_name'],
    ];
    for (const [method, url, body, param] of cases) {
      const res = await s.call(method, url, body ? { raw: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {});
      assert.equal(res.status, 400, `${method} ${url}`);
      assert.equal((await res.json() as any).error.param, param, `${method} ${url}`);
    }
    const surrogate = await s.call('POST', '/v1/sessions', { raw: '{"kind": "exercise", "metadata": {"a": "\\ud800"}, "options": {"assessments": ["Squats"]}}', headers: { 'content-type': 'application/json' } });
    assert.equal(surrogate.status, 400);
    assert.equal((await surrogate.json() as any).error.param, 'metadata.a');
    const paired = await s.call('POST', '/v1/sessions', { raw: '{"kind": "exercise", "metadata": {"a": "\\ud83d\\ude00"}, "options": {"assessments": ["Squats"]}}', headers: { 'content-type': 'application/json' } });
    assert.equal(paired.status, 201, 'an emoji (a paired surrogate) is fine');
    const page = await s.call('GET', '/rest/v1/sessions?page=1e20');
    assert.equal(page.status, 400);
    assert.equal((await page.json() as any).error.param, 'page');
  });

  it('answers 404 with a JSON error for an unknown route', async () => {
    const res = await s.call('GET', '/v2/nothing');
    assert.equal(res.status, 404);
    assert.equal((await res.json() as any).error.code, 'route_not_found');
  });
});
