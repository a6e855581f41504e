import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.ts';

describe('API keys over HTTP (/v1/api_keys)', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite'); });
  after(async () => { await s?.close(); });
  const json = async (res: Response) => ({ status: res.status, body: await res.json() as any });

  it('creates, lists, imports and revokes the caller workspace\'s keys; a new key works at once', async () => {
    const created = await json(await s.call('POST', '/v1/api_keys', { body: {} }));
    assert.equal(created.status, 201);
    assert.match(created.body.key, /^dbf_test_/);
    assert.equal(created.body.workspace, 'alpha');
    assert.equal((await s.call('GET', '/v1/sessions', { key: created.body.key })).status, 200);

    const pub = await json(await s.call('POST', '/v1/api_keys', { body: { type: 'publishable' } }));
    assert.match(pub.body.key, /^pub_test_/);

    const listed = await json(await s.call('GET', '/v1/api_keys'));
    assert.equal(listed.status, 200);
    assert.ok(listed.body.data.some((k: { id: string }) => k.id === created.body.id));
    assert.ok(listed.body.data.every((k: { key?: string; workspace: string }) => k.key === undefined && k.workspace === 'alpha'), 'only redacted keys, only this workspace');

    const imported = await json(await s.call('POST', '/v1/api_keys/import', { body: { key: 'exec_test_Qq1Ww2Ee3Rr4Tt5Yy6Uu7' } }));
    assert.equal(imported.status, 201);
    assert.equal(imported.body.imported, true);
    assert.equal((await s.call('GET', '/v1/sessions', { key: 'exec_test_Qq1Ww2Ee3Rr4Tt5Yy6Uu7' })).status, 200);
    assert.equal((await json(await s.call('POST', '/v1/api_keys/import', { body: { key: 'exec_test_Qq1Ww2Ee3Rr4Tt5Yy6Uu7' } }))).status, 409);

    const doomed = await json(await s.call('POST', '/v1/api_keys', { body: {} }));
    const revoked = await json(await s.call('DELETE', `/v1/api_keys/${doomed.body.id}`));
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revoked_at);
    const refused = await json(await s.call('GET', '/v1/sessions', { key: doomed.body.key }));
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'api_key_revoked');
  });

  it('a test key manages test keys only; a live key makes live keys', async () => {
    const live = await json(await s.call('POST', '/v1/api_keys', { body: { mode: 'live' } }));
    assert.equal(live.status, 403);
    assert.equal(live.body.error.code, 'live_key_required');
    assert.equal((await s.call('POST', '/v1/api_keys/import', { body: { key: 'exec_live_Qq1Ww2Ee3Rr4Tt5Yy6Uu7' } })).status, 403);
    const liveKey = (await json(await s.call('POST', '/v1/api_keys', { key: s.keys.aLive, body: {} }))).body;
    assert.match(liveKey.key, /^dbf_live_/);
    assert.equal((await s.call('DELETE', `/v1/api_keys/${liveKey.id}`)).status, 403, 'a test key cannot revoke a live key');
    assert.equal((await s.call('DELETE', `/v1/api_keys/${liveKey.id}`, { key: s.keys.aLive })).status, 200);
  });

  it('answers bad requests with the field, other workspaces with 404, and no key with 401', async () => {
    const noKey = await json(await s.call('GET', '/v1/api_keys', { key: null }));
    assert.equal(noKey.status, 401);
    assert.match(noKey.body.error.message, /API key/);
    assert.equal((await s.call('GET', '/v1/api_keys', { key: s.keys.publishable })).status, 403);

    const bMine = (await json(await s.call('POST', '/v1/api_keys', { key: s.keys.b, body: {} }))).body;
    const other = await json(await s.call('DELETE', `/v1/api_keys/${bMine.id}`));
    assert.equal(other.status, 404, "another workspace's key is not found");
    assert.equal((await s.call('GET', '/v1/sessions', { key: bMine.key })).status, 200, 'and stays active');
    assert.equal((await s.call('GET', '/v1/api_keys?workspace=beta')).status, 400, 'a key manages only its own workspace');

    const badMode = await json(await s.call('POST', '/v1/api_keys', { body: { mode: 'prod' } }));
    assert.equal(badMode.status, 400);
    assert.equal(badMode.body.error.param, 'mode');
    const unknown = await json(await s.call('POST', '/v1/api_keys', { body: { workspace: 'beta' } }));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.param, 'workspace');
    const malformed = await json(await s.call('POST', '/v1/api_keys/import', { body: { key: 'not a key' } }));
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.param, 'key');
    const huge = await s.call('POST', '/v1/api_keys/import', { raw: JSON.stringify({ key: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
    assert.equal(huge.status, 413);
  });

  it('the data directory\'s operator token manages any workspace\'s keys, and nothing else', async () => {
    const server = JSON.parse(fs.readFileSync(path.join(s.dataDir, 'server.json'), 'utf8')) as { url: string; operator_token: string };
    assert.equal(fs.statSync(path.join(s.dataDir, 'server.json')).mode & 0o777, 0o600, 'readable by the owner only');
    assert.equal(server.url, s.url);
    const op = { key: null, headers: { authorization: `Bearer ${server.operator_token}` } };
    const made = await json(await s.call('POST', '/v1/api_keys?workspace=beta', { ...op, body: { mode: 'live' } }));
    assert.equal(made.status, 201);
    assert.equal(made.body.workspace, 'beta');
    assert.equal((await json(await s.call('POST', '/v1/api_keys', { ...op, body: {} }))).body.error.param, 'workspace');
    assert.equal((await s.call('POST', '/v1/api_keys?workspace=nope', { ...op, body: {} })).status, 404);
    const all = await json(await s.call('GET', '/v1/api_keys', op));
    assert.deepEqual([...new Set(all.body.data.map((k: { workspace: string }) => k.workspace))].sort(), ['alpha', 'beta']);
    assert.equal((await s.call('DELETE', `/v1/api_keys/${made.body.id}`, op)).status, 200);
    assert.equal((await s.call('GET', '/v1/sessions', op)).status, 401, 'the operator token is not an API key');
    // One character off (not always to 'x': a token ending in 'x' would then be the right one).
    const last = server.operator_token.slice(-1) === 'x' ? 'y' : 'x';
    const wrong = { key: null, headers: { authorization: `Bearer ${server.operator_token.slice(0, -1)}${last}` } };
    assert.equal((await s.call('GET', '/v1/api_keys', wrong)).status, 401);
  });
});
