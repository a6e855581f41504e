import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createDebriefClient, type DebriefClient } from '../clients/typescript/src/index.ts';
import { CLIENT_DIR, clientTypes } from '../scripts/openapi.ts';
import { seeded } from '../eval/body.ts';
import { jumpMotion, liftMotion, runMotion, sample, STICK_HEIGHT_M } from '../eval/sports-gen.ts';
import { CASES } from '../eval/roleplay-set.ts';
import { SQUATS_KEYPOINTS, startTestServer, type TestServer } from './helpers/server.ts';

type Operation = { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }> };

describe('the OpenAPI description and the typed client', () => {
  let s: TestServer;
  let document: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
  let debrief: DebriefClient;
  before(async () => {
    s = await startTestServer('pglite');
    document = await (await fetch(`${s.url}/openapi.json`)).json() as typeof document;
    debrief = createDebriefClient({ baseUrl: s.url, apiKey: s.keys.a });
  });
  after(async () => { await s?.close(); });

  it('validates as OpenAPI 3.1, and every operation has an id, a success schema and the shared error schema', async () => {
    assert.equal(document.openapi, '3.1.0');
    const result = await new Validator().validate(document as never);
    assert.equal(result.valid, true, JSON.stringify(result.errors)?.slice(0, 2000));
    assert.ok(document.components.schemas.Error, 'the error schema is a named component');
    const ids = new Set<string>();
    const operations = Object.entries(document.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ at: `${m.toUpperCase()} ${p}`, op })));
    assert.ok(operations.length >= 49, `${operations.length} operations`);
    for (const { at, op } of operations) {
      assert.ok(op.operationId, `${at} has an operationId`);
      assert.ok(!ids.has(op.operationId), `${at}: operationId ${op.operationId} is unique`);
      ids.add(op.operationId);
      const success = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
      assert.ok(success.length, `${at} documents a success response`);
      for (const [code, r] of success) assert.ok(r.content && Object.values(r.content).every((c) => c.schema), `${at} ${code} has a body schema`);
      const bad = op.responses?.['400']?.content?.['application/json']?.schema as { $ref?: string } | undefined;
      assert.equal(bad?.$ref, '#/components/schemas/Error', `${at} answers errors with the shared schema`);
    }
  });

  it('the committed client types are what the served description generates, with no body typed never', async () => {
    const types = await clientTypes(document);
    const committed = fs.readFileSync(path.join(CLIENT_DIR, 'src/schema.d.ts'), 'utf8');
    assert.ok(committed === types, 'clients/typescript/src/schema.d.ts is stale: run npm run client:generate');
    assert.doesNotMatch(types, /content(\?)?: never/, 'every response has a typed body');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(CLIENT_DIR, 'openapi.json'), 'utf8')), document, 'clients/typescript/openapi.json is stale');
  });

  /** Uploads an input as raw bytes, completes the session, and waits for it to settle. */
  async function analysed(id: string, input: string, body: string | Buffer, contentType: string) {
    const put = await debrief.PUT('/v1/sessions/{id}/inputs/{name}', {
      params: { path: { id, name: input } }, body: body as never, bodySerializer: (b) => b as BodyInit, headers: { 'content-type': contentType },
    });
    assert.equal(put.response.status, 201, JSON.stringify(put.error));
    const done = await debrief.POST('/v1/sessions/{id}/complete', { params: { path: { id } } });
    assert.equal(done.data?.status, 'processing');
    for (const until = Date.now() + 30_000; Date.now() < until;) {
      const { data } = await debrief.GET('/v1/sessions/{id}', { params: { path: { id } } });
      if (data && data.status !== 'processing') return data;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`session ${id} did not settle`);
  }

  it('drives an exercise session: create, upload, complete, read reference 000', async () => {
    const created = await debrief.POST('/v1/sessions', { body: { kind: 'exercise', user_id: '36', options: { prescription_id: 9, assessments: ['Squats'] } } });
    assert.equal(created.response.status, 201);
    const id = created.data!.id;
    assert.equal((await analysed(id, 'Squats', SQUATS_KEYPOINTS, 'application/json')).status, 'ready');
    const info = await debrief.GET('/v1/{session_id}', { params: { path: { session_id: id } } });
    assert.equal(info.data?.user_id, 36);
    const squats = await debrief.GET('/v1/{session_id}/{assessment}', { params: { path: { session_id: id, assessment: 'Squats' } } });
    assert.equal(squats.data?.count, 2);
    assert.equal(squats.data?.individual_reps_list[0].rep_number, 1);
    const report = await debrief.GET('/v1/report/{session_id}', { params: { path: { session_id: id } } });
    assert.match(report.data!, /\/r\/[A-Za-z0-9]+$/);
    const missing = await debrief.GET('/v1/sessions/{id}', { params: { path: { id: 'ses_nope' } } });
    assert.equal(missing.response.status, 404);
    assert.equal(missing.error?.error.code, 'resource_missing');
  });

  it('drives jumping, running and weightlifting sessions through reference 001', async () => {
    const noise = { fps: 60, format: 'blazepose33' as const, jitterPx: 1.5, dropPoint: 0.01, dropFrame: 0, view: 'side' as const, seed: 9 };
    const runs = [
      { kind: 'jumping', options: { exercise: 'Countermovement Jump', athlete_height_m: STICK_HEIGHT_M }, ...jumpMotion('Countermovement Jump', seeded(5)) },
      { kind: 'running', options: { speed_mps: 3.2 }, ...runMotion(seeded(8)) },
      { kind: 'weightlifting', options: { exercise_name: 'deadlift', athlete_height_m: STICK_HEIGHT_M }, ...liftMotion('deadlift', seeded(4)) },
    ];
    for (const r of runs) {
      const created = await debrief.POST('/v1/sessions', { body: { kind: r.kind, options: r.options } });
      const id = created.data!.id;
      assert.equal((await analysed(id, 'keypoints', JSON.stringify(sample(r.motion, r.durationS, noise)), 'application/json')).status, 'ready', r.kind);
      const params = { params: { path: { session_id: id } } };
      const detail = r.kind === 'jumping' ? await debrief.GET('/jumping/sessions/{session_id}/', params)
        : r.kind === 'running' ? await debrief.GET('/running/sessions/{session_id}/', params)
          : await debrief.GET('/weightlifting/sessions/{session_id}/', params);
      assert.equal(detail.data?.session_id, id);
      assert.equal(detail.data?.activity, r.kind);
      assert.ok(detail.data!.all_timestamps.length > 0);
    }
    const lift = await debrief.GET('/v1/sessions', { params: { query: { kind: 'weightlifting', limit: 1 } } });
    const analysis = await debrief.GET('/weightlifting/sessions/{session_id}/lift-analysis/', { params: { path: { session_id: lift.data!.data[0].id } } });
    assert.ok(analysis.data?.recommendations.en);
  });

  it('drives a roleplay session through reference 004', async () => {
    const good = CASES.find((c) => c.scenario === 'sales-discovery' && c.label === 'good')!;
    const created = await debrief.POST('/v1/sessions', { body: { kind: 'roleplay', options: { scenario: 'sales-discovery' } } });
    const id = created.data!.id;
    assert.equal((await analysed(id, 'transcript', JSON.stringify({ lines: good.lines, duration_seconds: good.duration }), 'application/json')).status, 'ready');
    const detail = await debrief.GET('/rest/v1/sessions/{session_id}', { params: { path: { session_id: id }, query: { include: 'transcript,evaluations' } } });
    assert.ok(typeof detail.data?.score === 'number');
    assert.ok(detail.data?.evaluations?.length);
    const page = await debrief.GET('/rest/v1/sessions', { params: { query: { page_size: 5 } } });
    assert.equal(page.data?.data[0].id, id);
  });

  it('drives a behaviour session: the capture batch with a publishable key, the reference 003 report', async () => {
    const capture = createDebriefClient({ baseUrl: s.url, apiKey: s.keys.publishable });
    const t = Date.UTC(2025, 2, 25, 14, 30, 45);
    const sent = await capture.POST('/v1/collect', {
      body: { session_id: 'client-test-0001', seq: 0, user_id: 'user-456', events: [{ t, k: 'nav', p: '/dashboard' } as never, { t: t + 500, k: 'track', a: 'Signed in' } as never] },
    });
    assert.equal(sent.data?.ok, true, JSON.stringify(sent.error));
    const report = await debrief.GET('/v0.0/sessions/{sessionId}/report', { params: { path: { sessionId: 'client-test-0001' } } });
    assert.equal(report.data?.user_id, 'user-456');
    assert.ok(report.data?.user_logs.some((l) => l.action === 'Signed in'));
    assert.match(report.data!.session_replay.url, /\/replay\//);
  });
});
