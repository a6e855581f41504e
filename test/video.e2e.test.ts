import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readySquatsSession, startTestServer, waitForSession, type TestServer } from './helpers/server.ts';

const ffprobe = (file: string) => JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-print_format', 'json', '-show_streams', '-show_format', file], { encoding: 'utf8' }));

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
    const early = await s.call('GET', `/sessions/${id}/analyzed-video/`, { headers: { authorization: `API-KEY ${s.keys.a}` } });
    assert.equal(early.status, 202, 'while processing, the route answers 202 with the status');
    assert.equal((await early.json() as any).status, 'processing');
    // Progress moves while the video is read and drawn.
    const seen: number[] = [];
    for (let i = 0; i < 2400; i++) {
      const now = await (await s.call('GET', `/v1/sessions/${id}`)).json() as any;
      if (now.status !== 'processing') break;
      seen.push(now.progress);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(seen.some((p) => p > 0 && p < 1), `progress seen: ${[...new Set(seen)].join(', ')}`);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'progress never goes back');
    const done = await waitForSession(s, id, undefined, 120_000) as any;
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    assert.match(done.video_url, /\/f\/[A-Za-z0-9]{24}$/);
    assert.match(done.analyzed_video_url, /\/f\/[A-Za-z0-9]{24}$/);
    for (const route of [`/sessions/${id}/analyzed-video/`, `/session-management/sessions/${id}/analyzed-video/`]) {
      const res = await s.call('GET', route, { headers: { authorization: `API-KEY ${s.keys.a}` } });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { analyzed_video_url: done.analyzed_video_url });
    }
    // The analysed video plays in browsers: H.264, yuv420p, one frame per input frame.
    const file = path.join(os.tmpdir(), `analyzed-${id}.mp4`);
    const res = await fetch(done.analyzed_video_url);
    assert.equal(res.headers.get('content-type'), 'video/mp4');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const probe = ffprobe(file);
    fs.rmSync(file);
    const video = probe.streams.find((st: any) => st.codec_type === 'video');
    assert.equal(video.codec_name, 'h264');
    assert.equal(video.pix_fmt, 'yuv420p');
    assert.equal(Number(video.nb_read_frames), 65);
    assert.equal(video.width, 720);
    assert.equal(video.height, 1280);
    // The report page shows the analysed video, from this origin (its Content-Security-Policy allows no other).
    const page = await (await fetch(await (await s.call('GET', `/v1/report/${id}`)).json() as string)).text();
    assert.ok(page.includes(`<video controls preload="metadata" playsinline src="${new URL(done.analyzed_video_url).pathname}">`), 'the page plays the analysed video');
    const part = await fetch(done.analyzed_video_url, { headers: { range: 'bytes=0-99' } });
    assert.equal(part.status, 206);
    assert.equal((await part.arrayBuffer()).byteLength, 100);
    assert.ok(Buffer.from(await (await fetch(done.video_url)).arrayBuffer()).equals(SQUATS_MP4), 'video_url serves the original');
    const reps = await (await s.call('GET', `/v1/${id}/Squats`)).json() as any;
    assert.equal(reps.count, 2);
    // What a clinician would measure: from the limb lengths in this front view the bottoms are
    // about 103° / 107° knee and 118° / 120° hip; standing knees are nearly straight.
    const result = await (await s.call('GET', `/v1/sessions/${id}/result`)).json() as any;
    const assessment = result.data.assessments.Squats;
    assert.equal(assessment.warnings.length, 0, JSON.stringify(assessment.warnings));
    for (const rep of assessment.individual_reps_list) {
      const value = (mid: number) => rep.measurement_results.find((m: any) => m.measurement_id === mid);
      assert.ok(value(2).value >= 90 && value(2).value <= 120, `knee flexion ${value(2).value}`);
      assert.ok(value(1).value >= 105 && value(1).value <= 135, `hip flexion ${value(1).value}`);
      assert.ok(value(4), 'heel lift is measured (BlazePose has the feet)');
      // Standing: the straightest moment just before the rep starts.
      const standing = Math.min(...assessment.signal.values.slice(Math.max(0, rep.start_frame_number - 5), rep.start_frame_number + 1));
      assert.ok(standing <= 20, `standing knee flexion ${standing}`);
    }
    const poseModel = result.data.pose_model;
    assert.equal(poseModel.name, 'accurate');
    assert.match(poseModel.version, /blazepose-full/);
    const inputs = await (await s.call('GET', `/v1/sessions/${id}/inputs`)).json() as any;
    assert.equal(inputs.data[0].content_type, 'video/mp4');
    const keypoints = await (await s.call('GET', inputs.data[0].keypoints_url)).json() as any;
    assert.equal(keypoints.format, 'blazepose33');
    assert.equal(keypoints.world.length, 65);
    assert.equal(keypoints.frames.length, 65);
    assert.equal(keypoints.width, 720);
    assert.equal(keypoints.height, 1280);
    assert.equal(keypoints.timestamps[1], 200);
    const original = Buffer.from(await (await s.call('GET', `/v1/sessions/${id}/inputs/Squats`)).arrayBuffer());
    assert.ok(original.equals(SQUATS_MP4));
  });

  it('answers 404 for the analysed video of a keypoints session', async () => {
    const ready = await readySquatsSession(s);
    const res = await s.call('GET', `/sessions/${ready.id}/analyzed-video/`);
    assert.equal(res.status, 404);
    assert.equal((await res.json() as any).error.code, 'no_video');
  });

  /** Test videos made with ffmpeg: a phone-style rotated copy, sound only, and an empty room. */
  const made = (name: string, args: string[]) => {
    const file = path.join(os.tmpdir(), `debrief-${process.pid}-${name}`);
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, file]);
    const body = fs.readFileSync(file);
    fs.rmSync(file);
    return body;
  };

  it('honours rotation metadata: a portrait phone video stored sideways', async () => {
    const sideways = path.join(os.tmpdir(), `debrief-${process.pid}-sideways.mp4`);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', fileURLToPath(new URL('pose_squats.mp4', FIXTURES)), '-vf', 'transpose=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', sideways]);
    const rotated = made('rotated.mp4', ['-i', sideways, '-c', 'copy', '-metadata:s:v:0', 'rotate=270']);
    fs.rmSync(sideways);
    const { id } = await session();
    assert.equal((await upload(id, rotated)).status, 201);
    await s.call('POST', `/v1/sessions/${id}/complete`);
    const done = await waitForSession(s, id, undefined, 120_000) as any;
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    const inputs = await (await s.call('GET', `/v1/sessions/${id}/inputs`)).json() as any;
    const keypoints = await (await s.call('GET', inputs.data[0].keypoints_url)).json() as any;
    assert.deepEqual([keypoints.width, keypoints.height], [720, 1280]);
    assert.equal((await (await s.call('GET', `/v1/${id}/Squats`)).json() as any).count, 2);
  });

  it('refuses an empty upload at once', async () => {
    const { id } = await session();
    const res = await upload(id, Buffer.alloc(0));
    assert.equal(res.status, 400);
    assert.equal((await res.json() as any).error.code, 'input_empty');
  });

  for (const [label, body, code] of [
    ['a file that is not a video', () => Buffer.from('this is not a video at all'), 'video_unreadable'],
    ['a truncated video', () => SQUATS_MP4.subarray(0, 4000), 'video_unreadable'],
    ['sound without picture', () => made('sound.mp4', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac']), 'no_video_stream'],
  ] as const) {
    it(`fails the session with ${code} for ${label}, keeping the upload`, async () => {
      const { id } = await session();
      const bytes = body();
      assert.equal((await upload(id, bytes)).status, 201);
      await s.call('POST', `/v1/sessions/${id}/complete`);
      const done = await waitForSession(s, id, undefined, 60_000) as any;
      assert.equal(done.status, 'failed');
      assert.equal(done.error.code, code);
      assert.match(done.error.message, /Squats/);
      const original = Buffer.from(await (await s.call('GET', `/v1/sessions/${id}/inputs/Squats`)).arrayBuffer());
      assert.ok(original.equals(bytes));
      const video = await s.call('GET', `/sessions/${id}/analyzed-video/`);
      assert.equal(video.status, 409);
      assert.equal((await video.json() as any).error.code, 'session_failed');
    });
  }

  it('makes a video with nobody in it a ready session with zero reps and a warning, keeping the upload', async () => {
    const { id } = await session();
    const bytes = made('empty.mp4', ['-f', 'lavfi', '-i', 'color=c=gray:s=320x240:d=1:r=10', '-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
    assert.equal((await upload(id, bytes)).status, 201);
    await s.call('POST', `/v1/sessions/${id}/complete`);
    const done = await waitForSession(s, id, undefined, 60_000) as any;
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    const squats = (await (await s.call('GET', `/v1/sessions/${id}/result`)).json() as any).data.assessments.Squats;
    assert.equal(squats.count, 0);
    assert.deepEqual(squats.warnings.map((w: any) => w.code), ['no_person_detected']);
    assert.ok(Buffer.from(await (await s.call('GET', `/v1/sessions/${id}/inputs/Squats`)).arrayBuffer()).equals(bytes));
  });

  it('renders a missing analysed video on request, and the session object shows it at once', async () => {
    const { id } = await session();
    await upload(id, SQUATS_MP4);
    await s.call('POST', `/v1/sessions/${id}/complete`);
    const ready = await waitForSession(s, id, undefined, 120_000) as any;
    const oldUrl = ready.analyzed_video_url;
    // As if rendering had failed after the analysis: the file and the link are gone.
    await s.debrief.database.sql.query('DELETE FROM session_files WHERE session_id = $1', [id]);
    await s.debrief.database.sql.query('UPDATE sessions SET analyzed_video_token = NULL WHERE id = $1', [id]);
    s.debrief.ctx.sessionCache.delete(id);
    assert.equal((await (await s.call('GET', `/v1/sessions/${id}`)).json() as any).analyzed_video_url, null);
    assert.equal((await fetch(oldUrl)).status, 404, 'a removed file is gone from its URL');
    const started = await s.call('GET', `/session-management/sessions/${id}/analyzed-video/`);
    assert.equal(started.status, 202);
    assert.equal((await started.json() as any).status, 'ready');
    let url: string | null = null;
    for (let i = 0; i < 600 && !url; i++) {
      const res = await s.call('GET', `/sessions/${id}/analyzed-video/`);
      if (res.status === 200) url = (await res.json() as any).analyzed_video_url;
      else { await res.body?.cancel(); await new Promise((r) => setTimeout(r, 100)); }
    }
    assert.ok(url, 'the render job made the video');
    const { rows: renders } = await s.debrief.database.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE queue = 'render_video' AND payload->>'session_id' = $1", [id]);
    assert.equal(Number(renders[0].n), 1, 'asked on every poll, rendered by one job');
    assert.equal((await (await s.call('GET', `/v1/sessions/${id}`)).json() as any).analyzed_video_url, url, 'not served stale from the cache');
    assert.equal((await fetch(url!)).status, 200);
    assert.equal((await fetch(url!.replace(/\/f\/.+$/, '/f/AAAAAAAAAAAAAAAAAAAAAAAA'))).status, 404);
    assert.equal((await fetch(url!.replace(/\/f\/.+$/, '/f/..%2F..%2Fetc'))).status, 404);
  });
});
