import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../src/kinds/list.ts';
import { CONFORMANCE } from './conformance/fixtures.ts';
import { startTestServer, waitForSession, type TestServer } from './helpers/server.ts';

/**
 * Every kind in the kind list, through the API as a client uses it: its options accepted and
 * refused, an unknown input refused, a fixture analysed end to end, its report page, its own
 * retrieval and export routes, and none of it readable from another workspace. A kind is tested
 * the day it is added (its fixture: test/conformance/fixtures.ts).
 */
describe('every kind conforms', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite'); });
  after(async () => { await s?.close(); });

  const create = (kind: string, options: Record<string, unknown>) => s.call('POST', '/v1/sessions', { body: { kind, options } });

  it('lists the kinds in the kind list, in its order', async () => {
    const listed = await (await s.call('GET', '/v1/kinds')).json() as { data: { name: string }[] };
    assert.deepEqual(listed.data.map((k) => k.name), KINDS.map((k) => k.name));
  });

  for (const kind of KINDS) {
    const c = CONFORMANCE[kind.name as keyof typeof CONFORMANCE];
    describe(kind.name, () => {
      it('refuses options it does not take, naming the field', async () => {
        for (const refused of [...c.refused, ...(c.feed ? [] : [{ options: { ...c.options, not_an_option: 1 }, param: 'options.not_an_option' }])]) {
          const res = await create(kind.name, refused.options);
          assert.equal(res.status, 400, `${JSON.stringify(refused.options)}: ${await res.clone().text()}`);
          assert.equal((await res.json() as any).error.param, refused.param);
        }
      });

      it('analyses its fixture end to end, and serves its result, report page and routes to its workspace alone', async () => {
        let id: string;
        if (c.feed) {
          id = await c.feed(s);
        } else {
          const res = await create(kind.name, c.options);
          assert.equal(res.status, 201, await res.clone().text());
          id = (await res.json() as { id: string }).id;
          const unknown = await s.call('PUT', `/v1/sessions/${id}/inputs/not-an-input`, { raw: '{}', headers: { 'content-type': 'application/json' } });
          assert.equal(unknown.status, 400);
          assert.equal((await unknown.json() as any).error.code, 'input_name_unknown');
          for (const input of c.inputs) {
            const put = await s.call('PUT', `/v1/sessions/${id}/inputs/${encodeURIComponent(input.name)}`, { raw: input.body, headers: { 'content-type': input.contentType } });
            assert.equal(put.status, 201, await put.clone().text());
          }
          assert.equal((await s.call('POST', `/v1/sessions/${id}/complete`)).status, 202);
          const done = await waitForSession(s, id, undefined, 60_000);
          assert.equal(done.status, 'ready', JSON.stringify(done.error));
        }
        const result = await (await s.call('GET', `/v1/sessions/${id}/result`)).json() as any;
        c.check(result.data);

        if (kind.reportPage) {
          const link = await s.call('GET', `/v1/report/${id}`);
          assert.equal(link.status, 200, await link.clone().text());
          const page = await fetch(await link.json() as string);
          assert.equal(page.status, 200);
          assert.match(page.headers.get('content-type') ?? '', /text\/html/);
          assert.match(await page.text(), new RegExp(`Session ${id}`));
        }
        for (const route of c.reads) {
          const url = route.replace('{id}', id);
          const own = await s.call('GET', url);
          assert.equal(own.status, 200, `${url}: ${await own.clone().text()}`);
          assert.ok((await own.arrayBuffer()).byteLength > 0, `${url} answers something`);
          const theirs = await s.call('GET', url, { key: s.keys.b });
          assert.equal(theirs.status, 404, `another workspace's ${url}`);
        }
        assert.equal((await s.call('GET', `/v1/sessions/${id}`, { key: s.keys.b })).status, 404);
        assert.equal((await s.call('GET', `/v1/sessions/${id}`, { key: null })).status, 401);
      });
    });
  }
});
