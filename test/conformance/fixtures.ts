import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { KindName } from '../../src/kinds/list.ts';
import { seeded } from '../../eval/body.ts';
import { jumpMotion, liftMotion, runMotion, sample, STICK_HEIGHT_M } from '../../eval/sports-gen.ts';
import { CASES } from '../../eval/roleplay-set.ts';
import { generateSession } from '../../eval/behavior-gen.ts';
import { SQUATS_KEYPOINTS, type TestServer } from '../helpers/server.ts';

/**
 * What the conformance suite (kinds.conformance.e2e.test.ts) runs each kind with. A map over the
 * kind list: a kind added to src/kinds/list.ts without an entry here does not compile.
 */
export interface Conformance {
  /** Options a session of the kind is created with. */
  options: Record<string, unknown>;
  /** Options refused with a 400, and the field the error names. */
  refused: { options: Record<string, unknown>; param: string }[];
  /** The inputs uploaded before completing it. */
  inputs: { name: string; contentType: string; body: Buffer | string }[];
  /**
   * For a kind whose sessions are not made with POST /v1/sessions: makes one and feeds it,
   * returning Debrief's session id (creating one with POST is then refused, naming `kind`).
   */
  feed?(server: TestServer): Promise<string>;
  /** What the analysed result must hold, from the fixture. */
  check(result: any): void;
  /** The kind's retrieval and export routes for the ready session ({id}: its id), each answering 200. */
  reads: string[];
}

const sports = { fps: 60, format: 'blazepose33' as const, jitterPx: 1, dropPoint: 0, dropFrame: 0, view: 'side' as const, seed: 5 };
const keypoints = (doc: unknown) => [{ name: 'keypoints', contentType: 'application/json', body: JSON.stringify(doc) }];
const good = CASES.find((c) => c.scenario === 'sales-discovery' && c.label === 'good')!;

export const CONFORMANCE: Record<KindName, Conformance> = {
  exercise: {
    options: { prescription_id: 9, assessments: ['Squats'] },
    refused: [{ options: { assessments: ['Moonwalk'] }, param: 'options.assessments' }, { options: {}, param: 'options' }],
    inputs: [{ name: 'Squats', contentType: 'application/json', body: SQUATS_KEYPOINTS }],
    check: (r) => assert.equal(r.assessments.Squats.count, 2),
    reads: ['/v1/{id}', '/v1/{id}/Squats'],
  },
  roleplay: {
    options: { scenario: 'sales-discovery' },
    refused: [{ options: { scenario: 'no-such-scenario' }, param: 'options.scenario' }],
    inputs: [{ name: 'transcript', contentType: 'application/json', body: JSON.stringify(good.lines) }],
    check: (r) => { assert.ok(r.score > 50, `a good call scores ${r.score}`); assert.equal(r.scenario.slug, 'sales-discovery'); },
    reads: ['/rest/v1/sessions/{id}?include=transcript,evaluations'],
  },
  jumping: {
    options: { exercise: 'Countermovement Jump', athlete_height_m: STICK_HEIGHT_M },
    refused: [{ options: { exercise: 'Moon Jump' }, param: 'options.exercise' }, { options: { exercise: 'Drop Jump', athlete_height_m: 178 }, param: 'options.athlete_height_m' }],
    inputs: (() => { const m = jumpMotion('Countermovement Jump', seeded(5)); return keypoints(sample(m.motion, m.durationS, sports)); })(),
    check: (r) => assert.equal(r.jumps.length, 1),
    reads: ['/jumping/sessions/{id}/', '/jumping/sessions/{id}/export/', '/jumping/sessions/{id}/export/?format=csv'],
  },
  running: {
    options: { speed_mps: 3.5 },
    refused: [{ options: { speed_mps: -1 }, param: 'options.speed_mps' }],
    inputs: (() => { const m = runMotion(seeded(5)); return keypoints(sample(m.motion, m.durationS, sports)); })(),
    check: (r) => assert.ok(r.steps.length >= 6, `${r.steps.length} steps`),
    reads: ['/running/sessions/{id}/', '/running/sessions/{id}/export/', '/running/sessions/{id}/export/?format=csv'],
  },
  weightlifting: {
    options: { exercise_name: 'deadlift', barbell_mass: 120, athlete_height_m: STICK_HEIGHT_M },
    refused: [{ options: { exercise_name: 'curl' }, param: 'options.exercise_name' }],
    inputs: (() => { const m = liftMotion('deadlift', seeded(5)); return keypoints(sample(m.motion, m.durationS, sports)); })(),
    check: (r) => assert.ok(r.reps.length >= 1, `${r.reps.length} reps`),
    reads: ['/weightlifting/sessions/{id}/', '/weightlifting/sessions/{id}/export/', '/weightlifting/sessions/{id}/lift-analysis/'],
  },
  behavior: {
    options: {},
    refused: [{ options: {}, param: 'kind' }],
    inputs: [],
    async feed(s) {
      const sid = 'conformance-visit-01';
      const events = generateSession('naive_linear', 7);
      const res = await fetch(`${s.url}/v1/collect?key=${s.keys.publishable}&enc=gzip`, {
        method: 'POST', headers: { 'content-type': 'text/plain' }, body: gzipSync(JSON.stringify({ session_id: sid, seq: 0, events, replay: [] })),
      });
      assert.equal(res.status, 200, await res.clone().text());
      const report = await (await s.call('GET', `/v0.0/sessions/${sid}/report`)).json() as any;
      assert.equal(report.recommended_action, 'block', 'a naive bot is blocked');
      const listed = await (await s.call('GET', '/v1/sessions?kind=behavior&limit=100')).json() as any;
      return listed.data.find((x: any) => x.external_id === sid).id;
    },
    check: (r) => assert.ok(r.report.risk_score >= 70),
    reads: ['/v0.0/sessions/{id}/report', '/v0.0/sessions/{id}/events'],
  },
};
