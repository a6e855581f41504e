import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { startTestServer, waitForSession, type TestServer } from './helpers/server.ts';
import { CASES } from '../eval/roleplay-set.ts';

for (const backend of backends()) {
  describe(`roleplay sessions (reference 004) on ${backend}`, () => {
    let s: TestServer;
    before(async () => { s = await startTestServer(backend); });
    after(async () => { await s?.close(); });

    /** Creates, uploads and completes a graded session; returns its id. */
    async function graded(scenario: string, body: string, type: string, userId: string) {
      const ses = await (await s.call('POST', '/v1/sessions', { body: { kind: 'roleplay', user_id: userId, options: { scenario } } })).json() as any;
      const put = await s.call('PUT', `/v1/sessions/${ses.id}/inputs/transcript`, { raw: body, headers: { 'content-type': type } });
      assert.equal(put.status, 201, await put.clone().text());
      await s.call('POST', `/v1/sessions/${ses.id}/complete`);
      const done = await waitForSession(s, ses.id) as any;
      assert.equal(done.status, 'ready', JSON.stringify(done.error));
      return ses.id as string;
    }

    it('grades a transcript and serves the reference 004 detail, sections only when included', async () => {
      const good = CASES.find((c) => c.scenario === 'sales-discovery' && c.label === 'good')!;
      assert.equal((await s.call('PUT', '/v1/users/u-jane', { body: { email: 'jane@example.test', first_name: 'Jane', last_name: 'Smith' } })).status, 200);
      const id = await graded('sales-discovery', JSON.stringify({ lines: good.lines, duration_seconds: good.duration }), 'application/json', 'u-jane');
      const plain = await (await s.call('GET', `/rest/v1/sessions/${id}`)).json() as any;
      assert.deepEqual(Object.keys(plain), ['id', 'user', 'scenario', 'score', 'rank', 'duration_seconds', 'is_valid_attempt', 'outcome_feedback',
        'positive_feedback', 'constructive_feedback', 'created_at', 'transcript', 'evaluations']);
      assert.deepEqual(plain.user, { id: 'u-jane', email: 'jane@example.test', first_name: 'Jane', last_name: 'Smith' });
      assert.deepEqual(plain.scenario, { id: 'sales-discovery', name: 'Sales discovery call', slug: 'sales-discovery' });
      assert.equal(plain.rank, 'gold');
      assert.equal(plain.score, 100);
      assert.equal(plain.is_valid_attempt, true);
      assert.equal(plain.transcript, null);
      assert.equal(plain.evaluations, null);
      assert.match(plain.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const full = await (await s.call('GET', `/rest/v1/sessions/${id}?include=transcript,evaluations`)).json() as any;
      assert.ok(full.transcript.every((l: any) => l.speaker !== 'system'), 'system lines are never returned');
      assert.equal(full.transcript.length, good.lines.length - 1);
      const userText = new Set(good.lines.filter((l) => l.speaker === 'user').map((l) => l.text));
      for (const e of full.evaluations) for (const item of e.items) for (const ex of item.feedback_examples) assert.ok(userText.has(ex.quote), `quote is verbatim: ${ex.quote}`);
      assert.equal((await s.call('GET', `/rest/v1/sessions/${id}?include=audio`)).status, 400);
    });

    it('reads WebVTT with mapped speaker names', async () => {
      const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n<v Dana>The price is too high for us.\n\n00:00:06.000 --> 00:00:20.000\n<v Pat>I understand. What were you comparing it to?\n\n00:01:05.000 --> 00:01:10.000\n<v Dana>Our current tool.\n';
      const ses = await (await s.call('POST', '/v1/sessions', { body: { kind: 'roleplay', user_id: 'u-pat', options: { scenario: 'price-objection', speakers: { Dana: 'ai', Pat: 'user' } } } })).json() as any;
      assert.equal((await s.call('PUT', `/v1/sessions/${ses.id}/inputs/transcript`, { raw: vtt, headers: { 'content-type': 'text/vtt' } })).status, 201);
      await s.call('POST', `/v1/sessions/${ses.id}/complete`);
      await waitForSession(s, ses.id);
      const d = await (await s.call('GET', `/rest/v1/sessions/${ses.id}?include=evaluations`)).json() as any;
      assert.equal(d.duration_seconds, 70);
      const ack = d.evaluations[0].items.find((i: any) => i.name === 'Acknowledge the concern');
      assert.equal(ack.grade, 'good');
    });

    it('names the line and the problem in a bad transcript, and the known scenarios', async () => {
      const ses = await (await s.call('POST', '/v1/sessions', { body: { kind: 'roleplay', options: { scenario: 'coaching-conversation' } } })).json() as any;
      const res = await s.call('PUT', `/v1/sessions/${ses.id}/inputs/transcript`, { raw: JSON.stringify([{ speaker: 'user', text: 'hi', seconds_from_start: 0 }, { speaker: 'user', text: '', seconds_from_start: 1 }]), headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 400);
      assert.match((await res.json() as any).error.message, /line 2: text/);
      const unknown = await s.call('POST', '/v1/sessions', { body: { kind: 'roleplay', options: { scenario: 'cold-calling' } } });
      assert.equal(unknown.status, 400);
      assert.match((await unknown.json() as any).error.message, /sales-discovery, price-objection, coaching-conversation/);
    });

    it('lists with filters, sorting and pages', async () => {
      await s.call('PUT', '/v1/users/u-lee', { body: { email: 'lee@example.test', first_name: 'Lee' } });
      const ids: Record<string, string> = {};
      for (const c of CASES.filter((x) => x.scenario === 'coaching-conversation')) {
        ids[c.label] = await graded(c.scenario, JSON.stringify({ lines: c.lines, duration_seconds: c.duration }), 'application/json', 'u-lee');
      }
      const byUser = await (await s.call('GET', '/rest/v1/sessions?user_emails=lee@example.test&sort=-score')).json() as any;
      assert.equal(byUser.pagination.total_count, 3);
      assert.deepEqual(byUser.data.map((d: any) => d.id), [ids.good, ids.mixed, ids.bad]);
      const asc = await (await s.call('GET', '/rest/v1/sessions?user_ids=u-lee&sort=score')).json() as any;
      assert.deepEqual(asc.data.map((d: any) => d.id), [ids.bad, ids.mixed, ids.good]);
      const gold = await (await s.call('GET', '/rest/v1/sessions?user_ids=u-lee&ranks=gold')).json() as any;
      assert.deepEqual(gold.data.map((d: any) => d.id), [ids.good]);
      const paged = await (await s.call('GET', '/rest/v1/sessions?scenario_ids=coaching-conversation&user_ids=u-lee&page=2&page_size=2')).json() as any;
      assert.deepEqual(paged.pagination, { page: 2, page_size: 2, total_count: 3, total_pages: 2 });
      assert.equal(paged.data.length, 1);
      const future = await (await s.call('GET', '/rest/v1/sessions?start_date=2999-01-01')).json() as any;
      assert.equal(future.pagination.total_count, 0);
      assert.equal((await s.call('GET', '/rest/v1/sessions?ranks=platinum')).status, 400);
      assert.equal((await s.call('GET', '/rest/v1/sessions?page_size=500')).status, 400);
      assert.equal((await s.call('GET', '/rest/v1/sessions?start_date=someday')).status, 400);
    });
  });
}
