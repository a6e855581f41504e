import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SQUATS_KEYPOINTS, startTestServer, type TestServer } from './helpers/server.ts';

/** Issue 16's points 5 and 6: errors that say what is allowed, and uploads as clients send them. */
describe('errors that say what is allowed, and uploads as clients send them', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite'); });
  after(async () => { await s?.close(); });
  const error = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: { code: string; message: string; param?: string } }).error });
  const squatsSession = async (key?: string) => (await (await s.call('POST', '/v1/sessions', { key, body: { kind: 'exercise', options: { assessments: ['Squats'] } } })).json() as { id: string }).id;

  it('names the allowed values of a field, in the body and in a kind\'s options', async () => {
    const cmj = await error(await s.call('POST', '/v1/sessions', { body: { kind: 'jumping', options: { exercise: 'CMJ' } } }));
    assert.equal(cmj.status, 400);
    assert.equal(cmj.param, 'options.exercise');
    assert.match(cmj.message, /Allowed: 'Countermovement Jump', 'Drop Jump', 'Squat Jump', 'Repeated Jumps'\./);
    const speaker = await error(await s.call('POST', '/v1/sessions', { body: { kind: 'roleplay', options: { scenario: 'price-objection', speakers: { Dana: 'bot' } } } }));
    assert.match(speaker.message, /Allowed: 'ai', 'user', 'system'\./);
    const status = await error(await s.call('GET', '/v1/sessions?status=done'));
    assert.equal(status.param, 'status');
    assert.match(status.message, /Allowed: 'open', 'processing', 'ready', 'failed'\./);
    const option = await error(await s.call('POST', '/v1/sessions', { body: { kind: 'jumping', options: { exercise: 'Squat Jump', height: 1.8 } } }));
    assert.equal(option.param, 'options.height');
    assert.match(option.message, /Fields of options: exercise, athlete_height_m/);
  });

  it('says where a misplaced option goes, that JSON needs its content type, and which mode a session is in', async () => {
    const top = await error(await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', assessments: ['Squats'] } }));
    assert.equal(top.param, 'assessments');
    assert.match(top.message, /Fields: kind, user_id, external_id, metadata, options\./);
    assert.match(top.message, /go inside options: \{"kind": "…", "options": \{"assessments": …\}\}/);
    const text = await error(await s.call('POST', '/v1/sessions', { raw: JSON.stringify({ kind: 'exercise' }), headers: { 'content-type': 'text/plain' } }));
    assert.equal(text.status, 400);
    assert.match(text.message, /Content-Type: application\/json \(this request said 'text\/plain'\)/);
    const british = await error(await s.call('POST', '/v1/sessions', { body: { kind: 'behaviour' } }));
    assert.equal(british.code, 'kind_not_creatable', 'the British spelling names the behaviour kind');
    const id = await squatsSession();
    const live = await error(await s.call('GET', `/v1/sessions/${id}`, { key: s.keys.aLive }));
    assert.equal(live.status, 404);
    assert.match(live.message, /in live mode\. It exists in test mode: read it with a test key\./);
    const other = await error(await s.call('GET', `/v1/sessions/${id}`, { key: s.keys.b }));
    assert.doesNotMatch(other.message, /exists/, 'another workspace learns nothing');
  });

  it('takes a numeric user_id as reference 000 sends it, and echoes it as a number there', async () => {
    const res = await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', user_id: 36, options: { prescription_id: 9, assessments: ['Squats'] } } });
    assert.equal(res.status, 201);
    const session = await res.json() as { id: string; user_id: string };
    assert.equal(session.user_id, '36');
    assert.equal(((await (await s.call('GET', `/v1/${session.id}`)).json()) as { user_id: number }).user_id, 36);
    assert.equal((await error(await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', user_id: 3.5, options: { assessments: ['Squats'] } } }))).param, 'user_id');
  });

  it('takes an upload with no content type, a generic one, or as a form\'s file; refuses what it cannot tell', async () => {
    const put = (id: string, body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${s.url}/v1/sessions/${id}/inputs/Squats`, { method: 'PUT', body, headers: { authorization: `Bearer ${s.keys.a}`, ...headers } });
    const bare = await put(await squatsSession(), new Uint8Array(SQUATS_KEYPOINTS));
    assert.equal(bare.status, 201, await bare.clone().text());
    assert.equal(((await bare.json()) as { content_type: string }).content_type, 'application/json');
    const octet = await put(await squatsSession(), new Uint8Array(SQUATS_KEYPOINTS), { 'content-type': 'application/octet-stream' });
    assert.equal(octet.status, 201);

    const id = await squatsSession();
    const form = new FormData();
    form.append('note', 'from a form');
    form.append('file', new Blob([new Uint8Array(SQUATS_KEYPOINTS)]), 'squats.json');
    const multipart = await put(id, form);
    assert.equal(multipart.status, 201, await multipart.clone().text());
    const stored = Buffer.from(await (await s.call('GET', `/v1/sessions/${id}/inputs/Squats`)).arrayBuffer());
    assert.ok(stored.equals(SQUATS_KEYPOINTS), 'the file part is stored byte for byte');
    assert.equal((await s.call('POST', `/v1/sessions/${id}/complete`)).status, 202);

    const empty = new FormData();
    empty.append('note', 'no file');
    const noFile = await error(await put(await squatsSession(), empty));
    assert.equal(noFile.status, 400);
    assert.match(noFile.message, /no file part/);
    const garbage = await error(await put(await squatsSession(), 'hello there', { 'content-type': 'application/octet-stream' }));
    assert.equal(garbage.status, 415);
    assert.match(garbage.message, /Send it with its Content-Type/);
    const wrong = await error(await put(await squatsSession(), new Uint8Array(SQUATS_KEYPOINTS), { 'content-type': 'image/png' }));
    assert.equal(wrong.status, 415);
  });

  it('points the root at the docs', async () => {
    const json = await (await fetch(`${s.url}/`)).json() as { docs: string; openapi: string };
    assert.equal(json.docs, `${s.url}/docs`);
    assert.equal(json.openapi, `${s.url}/openapi.json`);
    const browser = await fetch(`${s.url}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    assert.equal(browser.status, 302);
    assert.equal(browser.headers.get('location'), '/docs');
  });
});
