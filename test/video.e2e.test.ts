import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startTestServer, waitForSession, type TestServer } from './helpers/server.ts';

const FIXTURES = new URL('../../shared/fixtures/video/', import.meta.url);
const SQUATS_MP4 = fs.readFileSync(new URL('pose_squats.mp4', FIXTURES));

/** Video in place of keypoints: the real squat video through the API. */
describe('video inputs', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite'); });
  after(async () => { await s?.close(); });

  const session = async () => (await (await s.call('POST', '/v1/sessions', { body: { kind: 'exercise', options: { assessments: ['Squats'] } } })).json()) as { id: string };
  const upload = (id: string, body: Buffer, type = 'video/mp4') => s.call('PUT', `/v1/sessions/${id}/inputs/Squats`, { raw: body, headers: { 'content-type': type } });

  it('counts the two squats of the real video and keeps its keypoints for download', async () => {
    const { id } = await session();
    const put = await upload(id, SQUATS_MP4);
    assert.equal(put.status, 201);
    await s.call('POST', `/v1/sessions/${id}/complete`);
    const done = await waitForSession(s, id, undefined, 120_000) as any;
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    const reps = await (await s.call('GET', `/v1/${id}/Squats`)).json() as any;
    assert.equal(reps.count, 2);
    const inputs = await (await s.call('GET', `/v1/sessions/${id}/inputs`)).json() as any;
    assert.equal(inputs.data[0].content_type, 'video/mp4');
    const keypoints = await (await s.call('GET', inputs.data[0].keypoints_url)).json() as any;
    assert.equal(keypoints.format, 'coco17');
    assert.equal(keypoints.frames.length, 65);
    assert.equal(keypoints.width, 720);
    assert.equal(keypoints.height, 1280);
    assert.equal(keypoints.timestamps[1], 200);
    const original = Buffer.from(await (await s.call('GET', `/v1/sessions/${id}/inputs/Squats`)).arrayBuffer());
    assert.ok(original.equals(SQUATS_MP4));
  });

  for (const [label, body, code] of [
    ['a file that is not a video', Buffer.from('this is not a video at all'), 'video_unreadable'],
    ['a truncated video', SQUATS_MP4.subarray(0, 4000), 'video_unreadable'],
  ] as const) {
    it(`fails the session with ${code} for ${label}, keeping the upload`, async () => {
      const { id } = await session();
      assert.equal((await upload(id, body)).status, 201);
      await s.call('POST', `/v1/sessions/${id}/complete`);
      const done = await waitForSession(s, id, undefined, 60_000) as any;
      assert.equal(done.status, 'failed');
      assert.equal(done.error.code, code);
      assert.match(done.error.message, /Squats/);
      const original = Buffer.from(await (await s.call('GET', `/v1/sessions/${id}/inputs/Squats`)).arrayBuffer());
      assert.ok(original.equals(body));
    });
  }
});
