import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractKeypoints } from './extract.ts';

const FIXTURES = new URL('../../../shared/fixtures/video/', import.meta.url);
const COCO = ['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
  'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'];

/** Where each COCO point is in BlazePose's 33 landmarks. */
const IN_BLAZEPOSE = [0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28];

it('finds the dancer of pose_1.mp4 within 8 px of the reference keypoints on average (the 17 points both models share)', async () => {
  const reference = JSON.parse(fs.readFileSync(new URL('pose_1.json', FIXTURES), 'utf8')) as Record<string, { x: number; y: number }>[];
  const progress: number[] = [];
  const { doc, info } = await extractKeypoints(fileURLToPath(new URL('pose_1.mp4', FIXTURES)), { onProgress: (n) => progress.push(n) });
  assert.equal(info.fps, 30);
  assert.equal(doc.frames.length, reference.length);
  assert.equal(progress.at(-1), 120);
  let sum = 0, count = 0;
  doc.frames.forEach((frame, i) => {
    assert.ok(frame, `frame ${i} has a person`);
    COCO.forEach((name, k) => { const p = frame[IN_BLAZEPOSE[k]]; sum += Math.hypot(p[0] - reference[i][name].x, p[1] - reference[i][name].y); count++; });
  });
  const mean = sum / count;
  assert.ok(mean <= 8, `mean distance ${mean.toFixed(1)} px`);
  assert.equal(doc.format, 'blazepose33');
  assert.equal(doc.world.length, 120);
  assert.equal(doc.model.name, 'accurate');
  // Frame times come from the video, one per frame at 30 fps.
  assert.equal(doc.timestamps[30], 1000);
});

it('reads pose_1.mp4 with the fast model too, and says which model it was', async () => {
  const reference = JSON.parse(fs.readFileSync(new URL('pose_1.json', FIXTURES), 'utf8')) as Record<string, { x: number; y: number }>[];
  const { doc } = await extractKeypoints(fileURLToPath(new URL('pose_1.mp4', FIXTURES)), { model: 'fast' });
  let sum = 0, count = 0;
  doc.frames.forEach((frame, i) => {
    if (!frame) return;
    COCO.forEach((name, k) => { const p = frame[IN_BLAZEPOSE[k]]; sum += Math.hypot(p[0] - reference[i][name].x, p[1] - reference[i][name].y); count++; });
  });
  assert.ok(count >= 110 * 17, `person found in ${count / 17} frames`);
  assert.ok(sum / count <= 10, `mean distance ${(sum / count).toFixed(1)} px`);
  assert.deepEqual(doc.model, { name: 'fast', version: 'blazepose-lite@human-models-3.0.4' });
});

it('keeps each frame’s own time in a variable-frame-rate video', async () => {
  const { execFileSync } = await import('node:child_process');
  const os = await import('node:os');
  const path = await import('node:path');
  const file = path.join(os.tmpdir(), `debrief-vfr-${process.pid}.mp4`);
  // 30 fps for two seconds, then every other frame: 15 fps.
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', fileURLToPath(new URL('pose_1.mp4', FIXTURES)), '-vf', "select='lt(n,60)+not(mod(n,2))'",
    '-fps_mode', 'vfr', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', file]);
  try {
    const { doc } = await extractKeypoints(file);
    assert.equal(doc.frames.length, 90);
    const step = (i: number) => doc.timestamps[i + 1] - doc.timestamps[i];
    assert.ok(Math.abs(step(10) - 1000 / 30) < 2, `early step ${step(10)}`);
    assert.ok(Math.abs(step(80) - 2000 / 30) < 2, `late step ${step(80)}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
});
