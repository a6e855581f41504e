import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seeded } from '../eval/body.ts';
import { jumpMotion, liftMotion, runMotion, sample, STICK_HEIGHT_M } from '../eval/sports-gen.ts';
import { startTestServer, waitForSession, type TestServer } from './helpers/server.ts';

const noise = { fps: 60, format: 'blazepose33' as const, jitterPx: 1.5, dropPoint: 0.01, dropFrame: 0, view: 'side' as const, seed: 9 };

describe('sports sessions (reference 001)', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite'); });
  after(async () => { await s?.close(); });
  const apiKey = () => ({ headers: { authorization: `API-KEY ${s.keys.a}` }, key: null });

  async function session(kind: string, options: Record<string, unknown>, doc: unknown, userId?: string) {
    const res = await s.call('POST', '/v1/sessions', { body: { kind, options, ...(userId ? { user_id: userId } : {}) } });
    assert.equal(res.status, 201, await res.clone().text());
    const { id } = await res.json() as { id: string };
    const put = await s.call('PUT', `/v1/sessions/${id}/inputs/keypoints`, { raw: JSON.stringify(doc), headers: { 'content-type': 'application/json' } });
    assert.equal(put.status, 201, await put.clone().text());
    assert.equal((await s.call('POST', `/v1/sessions/${id}/complete`)).status, 202);
    return { id, done: await waitForSession(s, id) as any };
  }

  it('measures a countermovement jump and serves detail and export verbatim', async () => {
    const { motion, durationS, truth } = jumpMotion('Countermovement Jump', seeded(5));
    const doc = sample(motion, durationS, noise);
    assert.equal((await s.call('PUT', '/v1/users/u-ath', { body: { first_name: 'Ana', last_name: 'Lima' } })).status, 200);
    const { id, done } = await session('jumping', { exercise: 'Countermovement Jump', athlete_height_m: STICK_HEIGHT_M }, doc, 'u-ath');
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    const res = await s.call('GET', `/jumping/sessions/${id}/`, apiKey());
    assert.equal(res.status, 200);
    const d = await res.json() as any;
    assert.deepEqual(Object.keys(d).slice(0, 12), ['session_id', 'title', 'activity', 'user_name', 'analyzed_video_url', 'video_url', 'created_at', 'all_timestamps', 'end_frames', 'angles', 'metrics', 'exercise']);
    assert.equal(d.session_id, id);
    assert.equal(d.title, 'Countermovement Jump');
    assert.equal(d.activity, 'jumping');
    assert.equal(d.user_name, 'Ana Lima');
    assert.match(d.created_at.date, /^\d\d\/\d\d\/\d{4}$/);
    assert.match(d.created_at.time, /^(0\d|1[0-2]):\d\d (AM|PM)$/);
    assert.equal(d.all_timestamps.length, doc.frames.length);
    assert.equal(d.angles.left_knee_flexion.length, doc.frames.length);
    assert.equal(d.jumps.length, 1);
    assert.ok(Math.abs(d.jumps[0].jump_height_m - truth.height_m[0]) < 0.02, `height ${d.jumps[0].jump_height_m} vs ${truth.height_m[0]}`);
    assert.ok(d.jumps[0].countermovement_depth_m > 0.1);
    // Each timing carries its uncertainty (1 SD): a frame's worth at most, never zero.
    const u = d.jumps[0].uncertainty;
    assert.ok(u.flight_time_s > 0 && u.flight_time_s < 0.03, `flight SD ${u.flight_time_s}`);
    assert.ok(u.jump_height_m > 0 && u.jump_height_m < 0.02, `height SD ${u.jump_height_m}`);
    assert.equal(d.metrics_uncertainty.mean_flight_time_s >= u.flight_time_s / 2, true);
    assert.deepEqual(d.warnings, []);
    const p = d.jumps[0].phases;
    assert.ok(p.preparation.start_frame <= p.braking.start_frame && p.braking.start_frame <= p.takeoff.start_frame && p.takeoff.end_frame < p.peak.frame && p.peak.frame < p.landing.start_frame);
    assert.equal(d.calibration.calibrated, true);

    const ex = await (await s.call('GET', `/jumping/sessions/${id}/export/`, apiKey())).json() as any;
    for (const k of ['headx', 'lkney', 'rankv', 'ltoex', 'rshoy']) assert.equal(ex.keypoints[k]?.length, doc.frames.length, k);
    assert.equal(ex.keypoints.lkney[10], Math.round(doc.frames[10]![25][1] * 100) / 100, 'export keeps the input pixels');
    const csv = await s.call('GET', `/jumping/sessions/${id}/export/?format=csv`, apiKey());
    assert.match(csv.headers.get('content-type')!, /^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines.length, doc.frames.length + 1);
    assert.ok(lines[0].startsWith('frame,time_s,headx,heady,headv'));
    assert.equal((await s.call('GET', `/jumping/sessions/${id}/export/?format=xml`, apiKey())).status, 400);
  });

  it('finds cadence and contacts of a run; export adds the per-frame contact column', async () => {
    const { motion, durationS, truth } = runMotion(seeded(8));
    const doc = sample(motion, durationS, noise);
    const { id, done } = await session('running', { speed_mps: 3.2 }, doc);
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    const d = await (await s.call('GET', `/running/sessions/${id}/`, apiKey())).json() as any;
    assert.ok(Math.abs(d.metrics.cadence_spm - truth.cadence_spm) < 1, `cadence ${d.metrics.cadence_spm} vs ${truth.cadence_spm}`);
    assert.ok(Math.abs(d.metrics.mean_ground_contact_time_s - truth.contact_s) < 1 / 60, `contact ${d.metrics.mean_ground_contact_time_s} vs ${truth.contact_s}`);
    assert.equal(d.calibration.calibrated, false);
    assert.equal(d.metrics.vertical_oscillation_m, null, 'no metres without a known length');
    assert.ok(d.metrics.vertical_oscillation_pct_height > 0);
    assert.match(d.calibration.note, /athlete_height_m/);
    assert.ok(d.metrics.step_length_m > 0.5);
    const ex = await (await s.call('GET', `/running/sessions/${id}/export/`, apiKey())).json() as any;
    assert.equal(ex.contact.length, doc.frames.length);
    assert.ok(ex.contact.includes('left') && ex.contact.includes('right') && ex.contact.includes('none'));
  });

  it('tracks the bar of a deadlift and draws the lift analysis in five languages', async () => {
    const { motion, durationS, truth } = liftMotion('deadlift', seeded(4));
    const doc = sample(motion, durationS, noise);
    const { id, done } = await session('weightlifting', { exercise_name: 'deadlift', athlete_height_m: STICK_HEIGHT_M, barbell_mass: 140 }, doc);
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    const d = await (await s.call('GET', `/weightlifting/sessions/${id}/`, apiKey())).json() as any;
    assert.equal(d.title, 'Deadlift');
    assert.equal(d.reps.length, truth.reps);
    d.reps.forEach((r: any, i: number) => { assert.ok(Math.abs(r.peak_velocity_mps / truth.peak_velocity_mps[i] - 1) < 0.08, `rep ${i + 1}: ${r.peak_velocity_mps} vs ${truth.peak_velocity_mps[i]}`); });
    const la = await s.call('GET', `/weightlifting/sessions/${id}/lift-analysis/`, apiKey());
    assert.equal(la.status, 200);
    const a = await la.json() as any;
    for (const chart of ['hip_height', 'bar_speed', 'bar_path', 'positions']) {
      assert.deepEqual(Object.keys(a[chart]), ['en', 'ru', 'es', 'de', 'fr']);
    }
    const png = await fetch(a.bar_path.ru);
    assert.equal(png.headers.get('content-type'), 'image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    assert.notEqual(a.hip_height.en, a.hip_height.ru, 'each language has its own image');
    for (const lang of ['en', 'ru', 'es', 'de', 'fr']) assert.ok(a.recommendations[lang].length >= 1);
    assert.equal(a.recommendations.ru.length, a.recommendations.en.length);
    const again = await (await s.call('POST', `/weightlifting/sessions/${id}/lift-analysis/`, { ...apiKey(), body: {} })).json() as any;
    assert.equal(again.positions.de, a.positions.de, 'drawn once, then served from storage');

    // Deleting the session removes its drawn charts too, not only its inputs.
    const chartBlobs = async () => (await s.debrief.database.sql.query('SELECT blob_key FROM session_files WHERE session_id = $1', [id])).rows.map((r: any) => r.blob_key as string);
    const drawn = await chartBlobs();
    assert.equal(drawn.length, 20);
    const onDisk = (key: string) => fs.readdirSync(path.join(s.dataDir, 'blobs'), { recursive: true }).some((f) => String(f).endsWith(key.split('/').pop()!));
    assert.ok(drawn.every(onDisk));
    assert.equal((await s.call('DELETE', `/v1/sessions/${id}`)).status, 200);
    assert.deepEqual(drawn.filter(onDisk), [], 'no chart left on disk');
    assert.equal((await fetch(a.bar_path.ru)).status, 404);
  });

  it('answers bad requests clearly: options, inputs, kinds, not ready, no movement', async () => {
    const bad = await s.call('POST', '/v1/sessions', { body: { kind: 'jumping', options: { exercise: 'Box Jump' } } });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json() as any).error.param, 'options.exercise');
    const tall = await s.call('POST', '/v1/sessions', { body: { kind: 'running', options: { athlete_height_m: 7 } } });
    assert.equal((await tall.json() as any).error.param, 'options.athlete_height_m');
    const { id } = await (await s.call('POST', '/v1/sessions', { body: { kind: 'weightlifting', options: { exercise_name: 'snatch' } } })).json() as any;
    const wrongName = await s.call('PUT', `/v1/sessions/${id}/inputs/clip`, { raw: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(wrongName.status, 400);
    assert.match((await wrongName.json() as any).error.message, /'video', 'keypoints'/);
    const incomplete = await s.call('POST', `/v1/sessions/${id}/complete`);
    assert.equal(incomplete.status, 400);
    assert.match((await incomplete.json() as any).error.message, /'video' or 'keypoints'/);
    const early = await s.call('GET', `/weightlifting/sessions/${id}/`, apiKey());
    assert.equal(early.status, 409);
    assert.equal((await early.json() as any).error.code, 'session_not_ready');
    assert.equal((await s.call('GET', `/weightlifting/sessions/${id}/lift-analysis/`, apiKey())).status, 409);
    assert.equal((await s.call('GET', `/weightlifting/sessions/${id}/export/`, apiKey())).status, 409);
    assert.equal((await s.call('GET', `/running/sessions/${id}/`, apiKey())).status, 404, 'a weightlifting session is not a running one');
    const badJson = await s.call('PUT', `/v1/sessions/${id}/inputs/keypoints`, { raw: '{"format":"coco17","fps":30,"frames":[[1,2]]}', headers: { 'content-type': 'application/json' } });
    assert.equal(badJson.status, 400);

    // Someone standing still: no jump, a failed session with a clear code.
    const still = sample(() => ({ pose: jumpMotion('Countermovement Jump', seeded(1)).motion(0).pose, pelvisY: 0.95 }), 2, noise);
    const { done } = await session('jumping', { exercise: 'Countermovement Jump' }, still);
    assert.equal(done.status, 'failed');
    assert.equal(done.error.code, 'no_jump_detected');
    const { done: lift } = await session('weightlifting', { exercise_name: 'back_squat' }, still);
    assert.equal(lift.error.code, 'no_lift_detected');
    const { id: runId, done: run } = await session('running', {}, still);
    assert.equal(run.error.code, 'no_running_detected');
    const failed = await s.call('GET', `/running/sessions/${runId}/`, apiKey());
    assert.equal(failed.status, 409);
    assert.match((await failed.json() as any).error.message, /no_running_detected/);
    assert.equal((await s.call('GET', `/weightlifting/sessions/${runId}/lift-analysis/`, apiKey())).status, 404, 'a running session has no lift analysis');
  });
});
