import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startTestServer, waitForSession, type TestServer } from './helpers/server.ts';

const FIXTURES = new URL('../../shared/fixtures/video/', import.meta.url);
const VIDEOS = { 'pose_squats.mp4': fs.readFileSync(new URL('pose_squats.mp4', FIXTURES)), 'pose_1.mp4': fs.readFileSync(new URL('pose_1.mp4', FIXTURES)) };
const KINDS: [string, Record<string, unknown>][] = [
  ['jumping', { exercise: 'Repeated Jumps' }],
  ['running', {}],
  ['weightlifting', { exercise_name: 'back_squat', athlete_height_m: 1.7 }],
];

/** The real fixture videos through all three sports kinds: each ends ready, or failed with a clear code, and its routes answer. */
describe('sports kinds on the real fixture videos', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite'); });
  after(async () => { await s?.close(); });

  for (const [file, video] of Object.entries(VIDEOS)) {
    it(`runs ${file} through jumping, running and weightlifting`, async () => {
      const outcomes: string[] = [];
      for (const [kind, options] of KINDS) {
        const { id } = await (await s.call('POST', '/v1/sessions', { body: { kind, options } })).json() as any;
        assert.equal((await s.call('PUT', `/v1/sessions/${id}/inputs/video`, { raw: video, headers: { 'content-type': 'video/mp4' } })).status, 201);
        assert.equal((await s.call('POST', `/v1/sessions/${id}/complete`)).status, 202);
        const done = await waitForSession(s, id, undefined, 120_000) as any;
        const detail = await s.call('GET', `/${kind}/sessions/${id}/`, { key: null, headers: { authorization: `API-KEY ${s.keys.a}` } });
        if (done.status === 'ready') {
          assert.equal(detail.status, 200);
          const d = await detail.json() as any;
          assert.equal(d.all_timestamps.length, d.angles.left_knee_flexion.length);
          assert.match(d.video_url, /\/f\//);
          assert.match(d.analyzed_video_url ?? '', /\/f\//, 'the analysed video is drawn with the kind overlay');
          outcomes.push(`${kind}: ready`);
        } else {
          assert.equal(done.status, 'failed');
          assert.match(done.error.code, /^no_(jump|running|lift)_detected$|^keypoints_insufficient$/, `${kind}: ${JSON.stringify(done.error)}`);
          assert.equal(detail.status, 409);
          outcomes.push(`${kind}: ${done.error.code}`);
        }
      }
      console.log(`${file}: ${outcomes.join(', ')}`);
    });
  }

  it('finds the two squats of pose_squats.mp4 as back-squat reps', async () => {
    const { id } = await (await s.call('POST', '/v1/sessions', { body: { kind: 'weightlifting', options: { exercise_name: 'back_squat' } } })).json() as any;
    await s.call('PUT', `/v1/sessions/${id}/inputs/video`, { raw: VIDEOS['pose_squats.mp4'], headers: { 'content-type': 'video/mp4' } });
    await s.call('POST', `/v1/sessions/${id}/complete`);
    const done = await waitForSession(s, id, undefined, 120_000) as any;
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    const d = await (await s.call('GET', `/weightlifting/sessions/${id}/`, { key: null, headers: { authorization: `API-KEY ${s.keys.a}` } })).json() as any;
    assert.equal(d.reps.length, 2);
    assert.equal(d.calibration.calibrated, false);
    assert.equal(d.reps[0].peak_velocity_mps, null);
    assert.ok(d.reps[0].peak_velocity_height_per_s > 0);
    // The key positions are drawn over the video's own frames.
    const la = await (await s.call('GET', `/weightlifting/sessions/${id}/lift-analysis/`, { key: null, headers: { authorization: `API-KEY ${s.keys.a}` } })).json() as any;
    const png = Buffer.from(await (await fetch(la.positions.en)).arrayBuffer());
    fs.mkdirSync('test/artifacts', { recursive: true });
    fs.writeFileSync('test/artifacts/lift-positions.png', png);
    assert.ok(png.length > 100_000, `positions image of ${png.length} bytes holds the video stills`);
  });
});
