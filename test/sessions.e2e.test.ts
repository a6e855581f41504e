import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { backends } from './helpers/backends.ts';
import { recordAnswer, releaseAbandonedKeys } from '../src/http/idempotency.ts';
import { eq } from 'drizzle-orm';
import { sessions } from '../src/store/schema.ts';
import { SQUATS_KEYPOINTS, readySquatsSession, startTestServer, waitForSession, type TestServer } from './helpers/server.ts';

for (const backend of backends()) {
  describe(`native session API on ${backend}`, () => {
    let s: TestServer;
    before(async () => { s = await startTestServer(backend); });
    after(async () => { await s?.close(); });

    const create = async (body: Record<string, unknown>, key?: string) => {
      const res = await s.call('POST', '/v1/sessions', { body, key });
      return { status: res.status, body: await res.json() as Record<string, any>, headers: res.headers };
    };

    it('creates a session and returns the documented object', async () => {
      const { status, body, headers } = await create({ kind: 'exercise', user_id: 'u1', external_id: 'x1', metadata: { clinic: 'north' }, options: { assessments: ['Squats'] } });
      assert.equal(status, 201);
      assert.match(headers.get('request-id')!, /^req_/);
      assert.deepEqual(Object.keys(body).sort(), ['analyzed_video_url', 'completed_at', 'created_at', 'error', 'external_id', 'id', 'kind', 'livemode', 'metadata', 'object', 'options', 'progress', 'status', 'user_id', 'video_url']);
      assert.equal(body.video_url, null);
      assert.equal(body.object, 'session');
      assert.equal(body.status, 'open');
      assert.equal(body.livemode, false);
      assert.deepEqual(body.metadata, { clinic: 'north' });
      assert.deepEqual(body.options, { assessments: ['Squats'] });
      const got = await (await s.call('GET', `/v1/sessions/${body.id}`)).json();
      assert.deepEqual(got, body);
    });

    it('rejects an unknown kind with the list of known kinds', async () => {
      const { status, body } = await create({ kind: 'juggling' });
      assert.equal(status, 400);
      assert.equal(body.error.param, 'kind');
      assert.match(body.error.message, /'exercise'/);
    });

    it('rejects an unknown assessment with the catalogue names', async () => {
      const { status, body } = await create({ kind: 'exercise', options: { assessments: ['Moonwalk'] } });
      assert.equal(status, 400);
      assert.match(body.error.message, /Squats/);
      assert.match(body.error.message, /R Shoulder flexion/);
    });

    it('replays an Idempotency-Key and refuses it with another body', async () => {
      const headers = { 'idempotency-key': `k-${Date.now()}` };
      const first = await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', options: { assessments: ['Squats'] } }, headers });
      const again = await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', options: { assessments: ['Squats'] } }, headers });
      assert.equal(first.status, 201);
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal((await first.json()).id, (await again.json()).id);
      const other = await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', options: { assessments: ['Lunges'] } }, headers });
      assert.equal(other.status, 409);
      assert.equal((await other.json()).error.code, 'idempotency_key_reused');
      // Keys are per workspace: another workspace may use the same key string.
      const elsewhere = await s.call('POST', '/v1/sessions', { key: s.keys.b, body: { kind: 'exercise', options: { assessments: ['Squats'] } }, headers });
      assert.equal(elsewhere.status, 201);
      assert.equal(elsewhere.headers.get('idempotent-replayed'), null);
    });

    it('takes over an Idempotency-Key left in progress by a process that died', async () => {
      const key = `stuck-${Date.now()}`;
      const body = { kind: 'exercise', options: { assessments: ['Squats'] } };
      const first = await s.call('POST', '/v1/sessions', { body, headers: { 'idempotency-key': `${key}-seed` } });
      assert.equal(first.status, 201);
      const [{ workspace_id: ws, request_hash: hash }] = (await s.debrief.database.sql.query<{ workspace_id: string; request_hash: string }>('SELECT workspace_id, request_hash FROM idempotency_keys WHERE key = $1', [`${key}-seed`])).rows;
      // A crash between the key's row and the answer leaves the row in progress.
      await s.debrief.database.sql.query('INSERT INTO idempotency_keys (workspace_id, livemode, key, request_hash) VALUES ($1, false, $2, $3)', [ws, key, hash]);
      const busy = await s.call('POST', '/v1/sessions', { body, headers: { 'idempotency-key': key } });
      assert.equal(busy.status, 409, 'a request still running keeps its key');
      assert.equal((await busy.json()).error.code, 'idempotency_request_in_progress');
      await s.debrief.database.sql.query("UPDATE idempotency_keys SET created_at = now() - interval '10 minutes' WHERE key = $1", [key]);
      const retried = await s.call('POST', '/v1/sessions', { body, headers: { 'idempotency-key': key } });
      assert.equal(retried.status, 201, 'an abandoned key is taken over');
      const replay = await s.call('POST', '/v1/sessions', { body, headers: { 'idempotency-key': key } });
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal((await replay.json()).id, (await retried.json()).id);
      // At start on the embedded database, every key still in progress is released.
      await s.debrief.database.sql.query('INSERT INTO idempotency_keys (workspace_id, livemode, key, request_hash) VALUES ($1, false, $2, $3)', [ws, `${key}-2`, hash]);
      assert.ok(await releaseAbandonedKeys(s.debrief.database.db) >= 1);
      assert.equal((await s.debrief.database.sql.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [`${key}-2`])).rows.length, 0);
      assert.equal((await s.debrief.database.sql.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rows.length, 1, 'answered keys stay');
    });

    it('replays what every creating POST made under its key: a scenario, a webhook endpoint, an API key', async () => {
      const creates: [string, unknown][] = [
        ['/v1/scenarios', { copy_from: 'sales-discovery', slug: `idem-${Date.now()}` }],
        ['/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/hook', events: ['session.completed'] }],
        ['/v1/api_keys', { mode: 'test' }],
      ];
      for (const [route, body] of creates) {
        const headers = { 'idempotency-key': `create-${route}-${Date.now()}` };
        const first = await s.call('POST', route, { body, headers });
        assert.equal(first.status, 201, `${route}: ${await first.clone().text()}`);
        const again = await s.call('POST', route, { body, headers });
        assert.equal(again.status, 201, `${route} replayed, not created again (a scenario's slug would be taken)`);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal((await again.json() as any).id, (await first.json() as any).id);
      }
    });

    it('rolls back a creation whose key was taken over while it ran', async () => {
      const key = `outlived-${Date.now()}`;
      const auth = (await s.debrief.keyAuth.authenticate({ headers: { authorization: `Bearer ${s.keys.a}` } } as any, 'secret'))!;
      const scope = { workspaceId: auth.workspaceId, livemode: auth.livemode };
      // This request holds the key as owner 'mine'; a retry after the takeover has made it 'theirs'.
      await s.debrief.database.sql.query("INSERT INTO idempotency_keys (workspace_id, livemode, key, request_hash, owner) VALUES ($1, false, $2, 'h', 'theirs')", [scope.workspaceId, key]);
      const request = { auth, idempotencyKey: { key, owner: 'mine', answered: false } } as any;
      const userId = `outlived-user-${Date.now()}`;
      await assert.rejects(s.debrief.ctx.sessions.create(scope, { kind: 'exercise', user_id: userId, options: { assessments: ['Squats'] } }, (tx, row) => recordAnswer(tx, request, 201, row)),
        (err: any) => err.status === 409 && err.code === 'idempotency_request_in_progress');
      const listed = await (await s.call('GET', `/v1/sessions?user_id=${userId}`)).json() as any;
      assert.equal(listed.data.length, 0, 'nothing of the outlived request was kept');
    });

    it('lists newest first with filters and cursor pagination', async () => {
      const user = `pager-${Date.now()}`;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await create({ kind: 'exercise', user_id: user, options: { assessments: ['Squats'] } })).body.id);
      const page1 = await (await s.call('GET', `/v1/sessions?user_id=${user}&limit=2`)).json() as any;
      assert.equal(page1.object, 'list');
      assert.deepEqual(page1.data.map((x: any) => x.id), [ids[4], ids[3]]);
      assert.equal(page1.has_more, true);
      const page2 = await (await s.call('GET', `/v1/sessions?user_id=${user}&limit=2&starting_after=${ids[3]}`)).json() as any;
      assert.deepEqual(page2.data.map((x: any) => x.id), [ids[2], ids[1]]);
      const page3 = await (await s.call('GET', `/v1/sessions?user_id=${user}&limit=2&starting_after=${ids[1]}`)).json() as any;
      assert.deepEqual(page3.data.map((x: any) => x.id), [ids[0]]);
      assert.equal(page3.has_more, false);
      const back = await (await s.call('GET', `/v1/sessions?user_id=${user}&limit=2&ending_before=${ids[1]}`)).json() as any;
      assert.deepEqual(back.data.map((x: any) => x.id), [ids[3], ids[2]]);
      const open = await (await s.call('GET', `/v1/sessions?user_id=${user}&status=open&kind=exercise&limit=100`)).json() as any;
      assert.equal(open.data.length, 5);
      const future = await (await s.call('GET', `/v1/sessions?user_id=${user}&created[gte]=${Math.floor(Date.now() / 1000) + 3600}`)).json() as any;
      assert.equal(future.data.length, 0);
      const past = await (await s.call('GET', `/v1/sessions?user_id=${user}&created[lte]=2020-01-01T00:00:00Z`)).json() as any;
      assert.equal(past.data.length, 0);
      // Test-mode and live-mode data never mix.
      const live = await (await s.call('GET', `/v1/sessions?user_id=${user}`, { key: s.keys.aLive })).json() as any;
      assert.equal(live.data.length, 0);
    });

    it('lists settled sessions from its cache only at their current version, and never across workspaces', async () => {
      const ready = await readySquatsSession(s);
      const user = `cache-${Date.now()}`;
      const open = (await create({ kind: 'exercise', user_id: user, options: { assessments: ['Squats'] } })).body;
      const fresh = await (await s.call('GET', '/v1/sessions?limit=100')).json() as any;
      const again = await (await s.call('GET', '/v1/sessions?limit=100')).json() as any;
      assert.deepEqual(again, fresh);
      assert.deepEqual(fresh.data.find((x: any) => x.id === ready.id), await (await s.call('GET', `/v1/sessions/${ready.id}`)).json());
      assert.equal(fresh.data.find((x: any) => x.id === open.id).status, 'open');
      // Another workspace's list never shows them, cached or not.
      const other = await (await s.call('GET', '/v1/sessions?limit=100', { key: s.keys.b })).json() as any;
      assert.ok(other.data.every((x: any) => x.id !== ready.id && x.id !== open.id));
      // A session that changed (its analysed video appeared: a new updated_at) is read again.
      await s.debrief.database.db.update(sessions).set({ analyzedVideoToken: 'T'.repeat(24), updatedAt: new Date(Date.now() + 1000) }).where(eq(sessions.id, ready.id));
      const changed = await (await s.call('GET', '/v1/sessions?limit=100')).json() as any;
      assert.match(changed.data.find((x: any) => x.id === ready.id).analyzed_video_url, /\/f\/T{24}$/);
      // A deleted one is gone from the next page.
      assert.equal((await s.call('DELETE', `/v1/sessions/${ready.id}`)).status, 200);
      const after = await (await s.call('GET', '/v1/sessions?limit=100')).json() as any;
      assert.ok(after.data.every((x: any) => x.id !== ready.id));
    });

    it('rejects a bad limit and an unknown cursor, naming the parameter', async () => {
      const res = await s.call('GET', '/v1/sessions?limit=500');
      assert.equal(res.status, 400);
      assert.equal((await res.json()).error.param, 'limit');
      const cur = await s.call('GET', '/v1/sessions?starting_after=ses_nope');
      assert.equal(cur.status, 400);
      assert.equal((await cur.json()).error.param, 'starting_after');
      const date = await s.call('GET', '/v1/sessions?created[gte]=yesterday');
      assert.equal((await date.json()).error.param, 'created[gte]');
    });

    it('analyses the real squat recording: two reps, served verbatim per reference 000', async () => {
      const ready = await readySquatsSession(s);
      assert.equal(ready.status, 'ready');
      assert.equal((ready as any).progress, 1);
      assert.ok((ready as any).completed_at);
      const info = await (await s.call('GET', `/v1/${ready.id}`)).json() as any;
      assert.deepEqual(info, { [ready.id]: ready.id, user_id: 36, prescription_id: 9, assessments: ['Squats'] });
      const res = await s.call('GET', `/v1/${ready.id}/squats`, { headers: { authorization: `Basic ${Buffer.from(`${s.keys.a}:`).toString('base64')}` } });
      assert.equal(res.status, 200);
      const squats = await res.json() as any;
      assert.equal(squats.count, 2);
      assert.deepEqual(Object.keys(squats), ['count', 'individual_reps_list']);
      const rep = squats.individual_reps_list[0];
      assert.deepEqual(Object.keys(rep), ['rep_number', 'start_frame_number', 'peak_frame_number', 'end_frame_number', 'overall_accuracy_measurement', 'measurement_results']);
      for (const r of squats.individual_reps_list) {
        assert.ok(r.start_frame_number < r.peak_frame_number && r.peak_frame_number < r.end_frame_number);
        const knee = r.measurement_results.find((m: any) => m.message === 'Knee flexion');
        const hip = r.measurement_results.find((m: any) => m.message === 'Hip flexion');
        assert.ok(knee.value >= 90 && knee.value <= 160, `knee flexion ${knee.value}`);
        assert.ok(hip.value >= 80 && hip.value <= 150, `hip flexion ${hip.value}`);
        assert.deepEqual(Object.keys(knee), ['type', 'frame', 'accuracy', 'value', 'measurement_id', 'message', 'priority']);
        assert.ok(Number.isInteger(r.overall_accuracy_measurement));
      }
      const report = await (await s.call('GET', `/v1/report/${ready.id}`)).json() as string;
      assert.match(report, /^http:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9]{24}$/);
      // Links never follow the caller's Host header (the read cache would serve them to others).
      const spoofed = await new Promise<string>((resolve, reject) => {
        const u = new URL(`${s.url}/v1/report/${ready.id}`);
        http.get({ host: u.hostname, port: u.port, path: u.pathname, headers: { host: 'attacker.example', authorization: `Bearer ${s.keys.a}` } }, (res) => {
          let body = '';
          res.on('data', (c) => { body += c; });
          res.on('end', () => resolve(body));
        }).on('error', reject);
      });
      assert.ok(!spoofed.includes('attacker.example'), spoofed.slice(0, 300));
      assert.ok(spoofed.includes(s.url), 'links use the server\'s own address');
      const page = await fetch(report);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'.*frame-ancestors 'none'/);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
      const docs = await fetch(`${s.url}/docs/`);
      assert.equal(docs.headers.get('x-frame-options'), 'DENY');
      assert.ok(docs.headers.get('content-security-policy'), 'the API explorer has a CSP');
      const html = await page.text();
      assert.match(html, /Squats/);
      assert.match(html, /<strong>2<\/strong> reps/);
      const result = await (await s.call('GET', `/v1/sessions/${ready.id}/result`)).json() as any;
      assert.equal(result.analyzer_version, 'exercise-3');
      assert.equal(result.data.assessments.Squats.count, 2);
    });

    it('accepts the API-KEY header style and answers 404 for an unknown assessment', async () => {
      const ready = await readySquatsSession(s);
      const res = await s.call('GET', `/v1/${ready.id}/Lunges`, { headers: { authorization: `API-KEY ${s.keys.a}` } });
      assert.equal(res.status, 404);
      assert.match((await res.json()).error.message, /Squats/);
    });

    it('streams inputs, replaces them, and refuses bad ones without losing the accepted one', async () => {
      const { body: ses } = await create({ kind: 'exercise', options: { assessments: ['Squats', 'L Cervical Extension'] } });
      const json = { 'content-type': 'application/json' };
      const put = (name: string, raw: Buffer | string, headers: Record<string, string> = json) => s.call('PUT', `/v1/sessions/${ses.id}/inputs/${name}`, { raw, headers });
      const first = await put('Squats', SQUATS_KEYPOINTS);
      assert.equal(first.status, 201);
      const meta = await first.json() as any;
      assert.equal(meta.size, SQUATS_KEYPOINTS.length);
      assert.match(meta.sha256, /^[0-9a-f]{64}$/);

      const bad = await put('Squats', JSON.stringify({ format: 'blazepose33', fps: 30, frames: [[[1, 2]]] }));
      assert.equal(bad.status, 400);
      assert.match((await bad.json()).error.message, /frames\[0\] has 1 points; blazepose33 has 33/);
      const nan = await put('Squats', '{"format":"coco17","fps":30,"frames":[[[1,2,NaN]]]}');
      assert.equal(nan.status, 400);
      assert.equal((await put('Squats', JSON.stringify({ format: 'openpose', fps: 30, frames: [null] }))).status, 400);
      const order = await put('Squats', JSON.stringify({ format: 'coco17', timestamps: [0, 10, 5], frames: [null, null, null] }));
      assert.match((await order.json()).error.message, /timestamps must increase/);
      assert.equal((await put('Squats', JSON.stringify({ format: 'coco17', fps: 30, frames: [] }))).status, 400);
      const type = await put('Squats', 'hello', { 'content-type': 'text/plain' });
      assert.equal(type.status, 415);
      const unknown = await put('Deadlift', SQUATS_KEYPOINTS);
      assert.equal(unknown.status, 400);
      assert.match((await unknown.json()).error.message, /L Cervical Extension/);

      // The accepted input is still there, byte for byte.
      const download = await s.call('GET', `/v1/sessions/${ses.id}/inputs/Squats`);
      assert.equal(download.status, 200);
      assert.ok(Buffer.from(await download.arrayBuffer()).equals(SQUATS_KEYPOINTS));

      // Names match case-insensitively and URL-decoded; re-uploading replaces.
      const cervical = JSON.stringify({ format: 'coco17', fps: 10, width: 100, height: 100, frames: [Array.from({ length: 17 }, () => [50, 50, 0, 0.9])] });
      assert.equal((await put('l%20cervical%20extension', cervical)).status, 201);
      assert.equal((await put('L%20Cervical%20Extension', cervical)).status, 201);
      const list = await (await s.call('GET', `/v1/sessions/${ses.id}/inputs`)).json() as any;
      assert.deepEqual(list.data.map((i: any) => i.name).sort(), ['L Cervical Extension', 'Squats']);
      const blobFiles = fs.readdirSync(path.join(s.dataDir, 'blobs', 'in'), { recursive: true }).filter((f) => fs.statSync(path.join(s.dataDir, 'blobs', 'in', String(f))).isFile());
      assert.ok(blobFiles.length >= 2);
    });

    it('refuses an input over the size limit with 413, and one over the frame limit with 400', async () => {
      const small = await startTestServer(backend, { maxInputBytes: 1000, maxFrames: 3 });
      try {
        const ses = await (await small.call('POST', '/v1/sessions', { body: { kind: 'exercise', options: { assessments: ['Squats'] } } })).json() as any;
        const res = await small.call('PUT', `/v1/sessions/${ses.id}/inputs/Squats`, { raw: SQUATS_KEYPOINTS, headers: { 'content-type': 'application/json' } });
        assert.equal(res.status, 413);
        assert.equal((await res.json()).error.code, 'payload_too_large');
        // Streamed without a declared length: still stopped at the limit.
        const chunked = await fetch(`${small.url}/v1/sessions/${ses.id}/inputs/Squats`, {
          method: 'PUT', headers: { authorization: `Bearer ${small.keys.a}`, 'content-type': 'application/json' },
          body: new ReadableStream({ start(c) { c.enqueue(SQUATS_KEYPOINTS); c.close(); } }), duplex: 'half',
        } as RequestInit);
        assert.equal(chunked.status, 413);
        assert.equal(fs.readdirSync(path.join(small.dataDir, 'tmp')).length, 0);
        const frames = await small.call('PUT', `/v1/sessions/${ses.id}/inputs/Squats`, { raw: JSON.stringify({ format: 'coco17', fps: 30, frames: [null, null, null, null] }), headers: { 'content-type': 'application/json' } });
        assert.equal(frames.status, 400);
        assert.equal((await frames.json() as any).error.code, 'input_too_many_frames');
      } finally {
        await small.close();
      }
    });

    it('lets report links expire when configured, and hands out a fresh one', async () => {
      const short = await startTestServer(backend, { reportLinkTtlMs: 300 });
      try {
        const ready = await readySquatsSession(short);
        const first = await (await short.call('GET', `/v1/report/${ready.id}`)).json() as string;
        assert.equal((await fetch(first)).status, 200);
        await new Promise((r) => setTimeout(r, 400));
        assert.equal((await fetch(first)).status, 404);
        const second = await (await short.call('GET', `/v1/report/${ready.id}`)).json() as string;
        assert.notEqual(second, first);
        assert.equal((await fetch(second)).status, 200);
      } finally {
        await short.close();
      }
    });

    it('completes only with every input, is harmless twice, and freezes inputs afterwards', async () => {
      const { body: ses } = await create({ kind: 'exercise', options: { assessments: ['Squats'] } });
      const early = await s.call('POST', `/v1/sessions/${ses.id}/complete`);
      assert.equal(early.status, 400);
      assert.match((await early.json()).error.message, /'Squats'/);
      await s.call('PUT', `/v1/sessions/${ses.id}/inputs/Squats`, { raw: SQUATS_KEYPOINTS, headers: { 'content-type': 'application/json' } });
      const done = await s.call('POST', `/v1/sessions/${ses.id}/complete`);
      assert.equal(done.status, 202);
      assert.equal((await done.json()).status, 'processing');
      const twice = await s.call('POST', `/v1/sessions/${ses.id}/complete`);
      assert.equal(twice.status, 202);
      await waitForSession(s, ses.id);
      const late = await s.call('PUT', `/v1/sessions/${ses.id}/inputs/Squats`, { raw: SQUATS_KEYPOINTS, headers: { 'content-type': 'application/json' } });
      assert.equal(late.status, 409);
    });

    it('makes a recording that never shows a person a ready session with zero reps and a warning', async () => {
      const { body: ses } = await create({ kind: 'exercise', options: { assessments: ['Squats'] } });
      await s.call('PUT', `/v1/sessions/${ses.id}/inputs/Squats`, { raw: JSON.stringify({ format: 'coco17', fps: 30, frames: [null, null, null] }), headers: { 'content-type': 'application/json' } });
      await s.call('POST', `/v1/sessions/${ses.id}/complete`);
      const final = await waitForSession(s, ses.id) as any;
      assert.equal(final.status, 'ready');
      const squats = (await (await s.call('GET', `/v1/sessions/${ses.id}/result`)).json() as any).data.assessments.Squats;
      assert.equal(squats.count, 0);
      assert.equal(squats.warnings[0].code, 'no_person_detected');
      assert.match(squats.warnings[0].message, /no person is visible/);
      assert.deepEqual(await (await s.call('GET', `/v1/${ses.id}/Squats`)).json(), { count: 0, individual_reps_list: [] });
      assert.equal((await fetch(await (await s.call('GET', `/v1/report/${ses.id}`)).json() as string)).status, 200);
    });

    it('says why a recording of someone standing still counts zero reps, in the result and on the report page', async () => {
      const { body: ses } = await create({ kind: 'exercise', options: { assessments: ['Squats'] } });
      const recording = JSON.parse(SQUATS_KEYPOINTS.toString());
      const still = { ...recording, frames: recording.frames.map(() => recording.frames[0]) };
      await s.call('PUT', `/v1/sessions/${ses.id}/inputs/Squats`, { raw: JSON.stringify(still), headers: { 'content-type': 'application/json' } });
      await s.call('POST', `/v1/sessions/${ses.id}/complete`);
      assert.equal((await waitForSession(s, ses.id) as any).status, 'ready');
      const squats = (await (await s.call('GET', `/v1/sessions/${ses.id}/result`)).json() as any).data.assessments.Squats;
      assert.equal(squats.count, 0);
      const why = squats.warnings.find((w: any) => w.code === 'no_reps_found');
      assert.match(why?.message ?? '', /no rep was found\. Knee flexion moves through only 0°/);
      const page = await (await fetch(await (await s.call('GET', `/v1/report/${ses.id}`)).json() as string)).text();
      assert.ok(page.includes('no rep was found. Knee flexion moves through only 0°'), 'the report page shows why');
    });

    it('fails a session whose recording lacks the points its exercise needs, with a clear code', async () => {
      const { body: ses } = await create({ kind: 'exercise', options: { assessments: ['Heel Raises'] } });
      const person = Array.from({ length: 17 }, (_, i) => [100 + i, 100 + 10 * i, 0.9]);
      await s.call('PUT', `/v1/sessions/${ses.id}/inputs/Heel%20Raises`, { raw: JSON.stringify({ format: 'coco17', fps: 30, width: 720, height: 1280, frames: [person, person] }), headers: { 'content-type': 'application/json' } });
      await s.call('POST', `/v1/sessions/${ses.id}/complete`);
      const final = await waitForSession(s, ses.id) as any;
      assert.equal(final.status, 'failed');
      assert.equal(final.error.code, 'keypoints_insufficient');
    });

    it('deletes a session with its inputs, results and files', async () => {
      const ready = await readySquatsSession(s);
      const input = await (await s.call('GET', `/v1/sessions/${ready.id}/inputs`)).json() as any;
      assert.equal(input.data.length, 1);
      const blobDir = path.join(s.dataDir, 'blobs');
      const countBlobs = () => (fs.readdirSync(path.join(blobDir, 'in'), { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(blobDir, 'in', f)).isFile()).length;
      const before = countBlobs();
      const del = await s.call('DELETE', `/v1/sessions/${ready.id}`);
      assert.equal(del.status, 200);
      assert.deepEqual(await del.json(), { id: ready.id, object: 'session', deleted: true });
      assert.equal((await s.call('GET', `/v1/sessions/${ready.id}`)).status, 404);
      assert.equal((await s.call('GET', `/v1/${ready.id}/Squats`)).status, 404);
      assert.equal(countBlobs(), before - 1);
    });

    it('serves /healthz, /readyz, /metrics, /openapi.json and /docs without a key', async () => {
      assert.deepEqual(await (await fetch(`${s.url}/healthz`)).json(), { status: 'ok' });
      const ready = await (await fetch(`${s.url}/readyz`)).json() as any;
      assert.equal(ready.status, 'ready');
      assert.equal(ready.database, backend);
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      assert.match(metrics, /debrief_http_request_duration_seconds_bucket/);
      assert.match(metrics, /debrief_jobs\{queue="analyze",status="done"\}/);
      const spec = await (await fetch(`${s.url}/openapi.json`)).json() as any;
      assert.ok(spec.paths['/v1/sessions'].post);
      assert.ok(spec.paths['/v1/sessions/{id}/complete'].post);
      assert.ok(spec.paths['/v1/{session_id}/{assessment}'].get);
      assert.equal((await fetch(`${s.url}/docs`)).status, 200);
    });

    it('lists the session kinds with their options schema', async () => {
      const kinds = await (await s.call('GET', '/v1/kinds')).json() as any;
      assert.deepEqual(kinds.data.map((k: any) => k.name), ['exercise', 'roleplay', 'jumping', 'running', 'weightlifting', 'behavior']);
      assert.ok(kinds.data[0].options_schema.properties.assessments);
    });

    it('lists the exercise catalogue', async () => {
      const list = await (await s.call('GET', '/v1/exercises')).json() as any;
      const names = list.data.map((e: any) => e.name);
      assert.ok(names.length >= 15);
      for (const n of ['Squats', 'L Cervical Extension', 'R Shoulder flexion', 'Front Raise', 'Pull-ups', 'Bench Press']) assert.ok(names.includes(n), n);
      // How each exercise is counted and what each measurement needs from the camera is documented.
      const squats = list.data.find((e: any) => e.name === 'Squats');
      assert.deepEqual(squats.counted_from.map((c: any) => c.metric), ['knee_flexion', 'hip_height']);
      assert.equal(squats.posture, 'upright');
      assert.deepEqual(squats.measurements.map((m: any) => m.plane), ['sagittal', 'sagittal', 'frontal', 'any']);
      assert.equal(list.data.find((e: any) => e.name === 'Pull-ups').posture, 'hanging');
    });
  });
}
