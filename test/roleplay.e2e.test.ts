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
      // Nested objects in reference 004's documented key order, not the store's.
      assert.deepEqual(Object.keys(full.transcript[0]), ['speaker', 'text', 'seconds_from_start']);
      assert.deepEqual(Object.keys(full.evaluations[0]), ['criterion_name', 'items']);
      assert.deepEqual(Object.keys(full.evaluations[0].items[0]), ['name', 'grade', 'feedback', 'feedback_examples']);
      const example = full.evaluations.flatMap((e: any) => e.items).flatMap((i: any) => i.feedback_examples)[0];
      assert.deepEqual(Object.keys(example), ['quote', 'feedback', 'suggestion_quote', 'grade', 'salience']);
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

    it('creates, copies, edits and deletes scenarios; a session keeps the rubric it was created with', async () => {
      const list = await (await s.call('GET', '/v1/scenarios')).json() as any;
      assert.deepEqual(list.data.filter((x: any) => x.built_in).map((x: any) => x.slug), ['sales-discovery', 'price-objection', 'coaching-conversation']);
      const copy = await s.call('POST', '/v1/scenarios', { body: { copy_from: 'coaching-conversation', slug: 'team-coaching', name: 'Team coaching' } });
      assert.equal(copy.status, 201);
      const mine = await copy.json() as any;
      assert.equal(mine.built_in, false);
      assert.equal(mine.rubric.criteria.length, 2);
      assert.equal((await s.call('POST', '/v1/scenarios', { body: { copy_from: 'coaching-conversation', slug: 'team-coaching' } })).status, 409);
      assert.equal((await s.call('PATCH', '/v1/scenarios/coaching-conversation', { body: { name: 'x' } })).status, 400);
      const bad = await s.call('POST', '/v1/scenarios', { body: { name: 'X', slug: 'x', rubric: { criteria: [{ name: 'C', items: [{ name: 'I', description: 'd', what_good_looks_like: 'g', weight: 0 }] }] } } });
      assert.equal(bad.status, 400);
      assert.match((await bad.json() as any).error.param, /weight/);

      const good = CASES.find((c) => c.scenario === 'coaching-conversation' && c.label === 'good')!;
      const id = await graded('team-coaching', JSON.stringify({ lines: good.lines, duration_seconds: good.duration }), 'application/json', 'u-kim');
      // Only "No lecturing" left in the rubric: later sessions use it, the first keeps its five items.
      const only = { criteria: [{ name: 'Stance', items: [mine.rubric.criteria[1].items[0]] }] };
      assert.equal((await s.call('PATCH', `/v1/scenarios/${mine.id}`, { body: { rubric: only } })).status, 200);
      const id2 = await graded('team-coaching', JSON.stringify({ lines: good.lines, duration_seconds: good.duration }), 'application/json', 'u-kim');
      const first = await (await s.call('GET', `/rest/v1/sessions/${id}?include=evaluations`)).json() as any;
      const second = await (await s.call('GET', `/rest/v1/sessions/${id2}?include=evaluations`)).json() as any;
      assert.equal(first.evaluations.flatMap((e: any) => e.items).length, 5);
      assert.deepEqual(second.evaluations.flatMap((e: any) => e.items.map((i: any) => i.name)), ['No lecturing']);
      assert.deepEqual(first.scenario, { id: mine.id, name: 'Team coaching', slug: 'team-coaching' });
      const filtered = await (await s.call('GET', `/rest/v1/sessions?scenario_ids=${mine.id}`)).json() as any;
      assert.equal(filtered.pagination.total_count, 2);
      assert.equal((await s.call('DELETE', `/v1/scenarios/${mine.id}`)).status, 200);
      assert.equal((await s.call('GET', `/v1/scenarios/${mine.id}`)).status, 404);
      assert.equal((await s.call('GET', `/rest/v1/sessions/${id}`)).status, 200, 'graded sessions outlive their scenario');
    });

    it('grades a transcript holding text the database cannot store (NUL, unpaired surrogates), and serves it', async () => {
      const lines = [
        { speaker: 'ai', text: 'I am swamped \u0000 and behind.', seconds_from_start: 0 },
        { speaker: 'user', text: 'What is taking up \ud800 most of your time?', seconds_from_start: 6 },
        { speaker: 'ai', text: 'Client reports, every week.', seconds_from_start: 70 },
      ];
      const id = await graded('coaching-conversation', JSON.stringify({ lines, duration_seconds: 80 }), 'application/json', 'u-nul');
      const full = await (await s.call('GET', `/rest/v1/sessions/${id}?include=transcript,evaluations`)).json() as any;
      assert.equal(full.is_valid_attempt, true);
      assert.equal(full.transcript[0].text, 'I am swamped \ufffd and behind.');
      assert.equal(full.transcript[1].text, 'What is taking up \ufffd most of your time?');
    });

    it('grades a rubric written in words only by what its items mean, and says which detector graded each', async () => {
      const rubric = { criteria: [{ name: 'Listening', items: [
        { name: 'Asks open-ended questions', description: 'Invites the client to explain in their own words.', weight: 2 },
        { name: 'Reflects what was said', description: 'Says back what the client said.', weight: 2 },
        { name: 'No lecturing or unsolicited advice', description: 'Does not tell the client what to do.', weight: 2 },
        { name: 'Warmth', description: 'Comes across as kind.', weight: 1 },
      ] }] };
      const created = await s.call('POST', '/v1/scenarios', { body: { name: 'Words only', slug: 'words-only', description: 'A rubric with no detector names', rubric } });
      assert.equal(created.status, 201, await created.clone().text());
      const coaching = CASES.find((c) => c.scenario === 'coaching-conversation' && c.label === 'bad')!;
      const id = await graded('words-only', JSON.stringify({ lines: coaching.lines, duration_seconds: coaching.duration }), 'application/json', 'u-words');
      const result = await (await s.call('GET', `/v1/sessions/${id}/result`)).json() as any;
      assert.deepEqual(result.data.rubric_mapping.map((m: any) => [m.item, m.graded_by, m.confidence]), [
        ['Asks open-ended questions', 'open_questions', 'high'], ['Reflects what was said', 'reflective_listening', 'high'],
        ['No lecturing or unsolicited advice', 'no_lecturing', 'high'], ['Warmth', 'wording', 'low']]);
      const full = await (await s.call('GET', `/rest/v1/sessions/${id}?include=evaluations`)).json() as any;
      assert.ok(!('rubric_mapping' in full), 'the reference shape is unchanged');
      assert.match(full.constructive_feedback, /^[^:]+: \S.*[.!?"]$/, `constructive feedback: ${full.constructive_feedback}`);
      for (const item of full.evaluations[0].items) assert.ok(item.feedback.trim().length > 3, `${item.name}: "${item.feedback}"`);
    });

    it('serves a repeated list page from memory only while nothing it shows has changed', async () => {
      await s.call('PUT', '/v1/users/u-list-cache', { body: { first_name: 'Kim' } });
      const c = CASES.find((x) => x.scenario === 'coaching-conversation' && x.label === 'good')!;
      const transcript = JSON.stringify({ lines: c.lines, duration_seconds: c.duration });
      const first = await graded(c.scenario, transcript, 'application/json', 'u-list-cache');
      const page = async () => (await s.call('GET', '/rest/v1/sessions?user_ids=u-list-cache')).json() as Promise<any>;
      const before = await page();
      assert.deepEqual(await page(), before);
      assert.equal(before.data[0].user.first_name, 'Kim');
      // A person renamed, a session added and graded, a session deleted: each shows at once.
      await s.call('PUT', '/v1/users/u-list-cache', { body: { first_name: 'Kimberly' } });
      assert.equal((await page()).data[0].user.first_name, 'Kimberly');
      const second = await graded(c.scenario, transcript, 'application/json', 'u-list-cache');
      assert.deepEqual((await page()).data.map((d: any) => d.id), [second, first]);
      assert.equal((await s.call('DELETE', `/v1/sessions/${first}`)).status, 200);
      const after = await page();
      assert.deepEqual([after.data.map((d: any) => d.id), after.pagination.total_count], [[second], 1]);
      // Another workspace asking the same question gets its own answer.
      assert.equal((await (await s.call('GET', '/rest/v1/sessions?user_ids=u-list-cache', { key: s.keys.b })).json() as any).pagination.total_count, 0);
    });

    it('lists, filters and sorts a long conversation whose result is kept as a file', async () => {
      const c = CASES.find((x) => x.scenario === 'coaching-conversation' && x.label === 'good')!;
      // A long session: the same exchange many times over, with long turns (a result of well over 256 KB).
      const lines = Array.from({ length: 60 }, (_, k) => c.lines.map((l) => ({ ...l, seconds_from_start: l.seconds_from_start + k * c.duration, text: `${l.text} ${'And so on, in some detail. '.repeat(12)}` }))).flat();
      const id = await graded(c.scenario, JSON.stringify({ lines, duration_seconds: 60 * c.duration }), 'application/json', 'u-long');
      const [row] = (await s.debrief.database.sql.query<{ blob_key: string | null }>('SELECT blob_key FROM results WHERE session_id = $1', [id])).rows;
      assert.ok(row.blob_key, 'the result is kept as a file');
      const detail = await (await s.call('GET', `/rest/v1/sessions/${id}?include=transcript`)).json() as any;
      assert.equal(detail.transcript.length, lines.length);
      assert.ok(detail.rank && detail.score !== null);
      // What the list filters and sorts by in SQL stayed in the row.
      const listed = await (await s.call('GET', `/rest/v1/sessions?user_ids=u-long&ranks=${detail.rank}&sort=-score`)).json() as any;
      assert.deepEqual(listed.data.map((d: any) => [d.id, d.score, d.rank, d.duration_seconds]), [[id, detail.score, detail.rank, detail.duration_seconds]]);
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
      // Past the last page: no rows, the total still counted (with the rank filter's join too).
      const beyond = await (await s.call('GET', '/rest/v1/sessions?user_ids=u-lee&page=9&page_size=2')).json() as any;
      assert.deepEqual([beyond.data.length, beyond.pagination.total_count], [0, 3]);
      const beyondGold = await (await s.call('GET', '/rest/v1/sessions?user_ids=u-lee&ranks=gold&page=9')).json() as any;
      assert.deepEqual([beyondGold.data.length, beyondGold.pagination.total_count], [0, 1]);
      const future = await (await s.call('GET', '/rest/v1/sessions?start_date=2999-01-01')).json() as any;
      assert.equal(future.pagination.total_count, 0);
      assert.equal((await s.call('GET', '/rest/v1/sessions?ranks=platinum')).status, 400);
      assert.equal((await s.call('GET', '/rest/v1/sessions?page_size=500')).status, 400);
      assert.equal((await s.call('GET', '/rest/v1/sessions?start_date=someday')).status, 400);
    });
  });
}
