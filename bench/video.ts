// End-to-end video → keypoints speed on this machine: ffmpeg decoding, then BlazePose (detector
// when the track is lost, rotated crop, landmarks) on the WebAssembly backend, for a 720p 30 fps
// clip made from the fixture. Both models, with one pose thread and with all of them, in one run.
// Bars: accurate ≥ 14 frames/s with 2 threads, fast ≥ 20, and 2 threads / 1 thread ≥ 1.4.
//   npm run bench:video
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractKeypoints } from '../src/video/extract.ts';
import type { PoseModel } from '../src/video/blazepose.ts';

const fixture = fileURLToPath(new URL('../../shared/fixtures/video/pose_1.mp4', import.meta.url));
const clip = path.join(os.tmpdir(), `debrief-bench-720p30-${process.pid}.mp4`);
// 12 s of 1280×720 at 30 fps: the 4 s dance clip three times, centred on a landscape frame.
execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '2', '-i', fixture, '-vf', 'scale=720:720,pad=1280:720:280:0', '-r', '30', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip]);

const all = os.availableParallelism();
const rows: { model: PoseModel; threads: number; fps: number; realTime: number }[] = [];
for (const model of ['accurate', 'fast'] as PoseModel[]) {
  for (const threads of [...new Set([1, all])]) {
    process.env.DEBRIEF_POSE_THREADS = String(threads);
    // The pool loads its models once per process: a first pass warms it, the second is measured.
    await extractKeypoints(clip, { model });
    const t0 = performance.now();
    const { doc, info } = await extractKeypoints(clip, { model });
    const seconds = (performance.now() - t0) / 1000;
    const videoSeconds = doc.timestamps[doc.timestamps.length - 1] / 1000 + 1 / info.fps;
    rows.push({ model, threads, fps: doc.frames.length / seconds, realTime: videoSeconds / seconds });
  }
}
fs.rmSync(clip, { force: true });

console.log('1280×720 at 30 fps, 360 frames (12 s)');
for (const r of rows) console.log(`  ${r.model.padEnd(8)} ${r.threads} thread${r.threads > 1 ? 's' : ' '}  ${r.fps.toFixed(1).padStart(5)} frames/s  ${r.realTime.toFixed(2)}× real time`);
const at = (model: PoseModel, threads: number) => rows.find((r) => r.model === model && r.threads === threads)?.fps ?? 0;
const ratio = at('accurate', all) / at('accurate', 1);
const pass = at('accurate', all) >= 14 && at('fast', all) >= 20 && (all < 2 || ratio >= 1.4);
console.log(`accurate with ${all} threads ${at('accurate', all).toFixed(1)} (bar ≥ 14), fast ${at('fast', all).toFixed(1)} (bar ≥ 20), ${all} threads / 1 thread ${ratio.toFixed(2)} (bar ≥ 1.4): ${pass ? 'PASS' : 'FAIL'}`);
process.exit(pass ? 0 : 1);
