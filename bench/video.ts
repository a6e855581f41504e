// End-to-end video → keypoints speed on this machine: ffmpeg decoding, the body-following crop and
// MoveNet Lightning on the WebAssembly backend, for a 720p 30 fps clip (made from the fixture).
// Prints frames/s and the multiple of real time. Bar: ≥ 15 frames/s.   npm run bench:video
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractKeypoints } from '../src/video/extract.ts';
import { loadMoveNet } from '../src/video/movenet.ts';

const fixture = fileURLToPath(new URL('../../shared/fixtures/video/pose_1.mp4', import.meta.url));
const clip = path.join(os.tmpdir(), 'debrief-bench-720p30.mp4');
// 12 s of 1280×720 at 30 fps: the 4 s dance clip three times, centred on a landscape frame.
execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '2', '-i', fixture, '-vf', 'scale=720:720,pad=1280:720:280:0', '-r', '30', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip]);

await loadMoveNet(); // the model loads once per process; the figure is the steady state
const t0 = performance.now();
const { doc, info, personFrames } = await extractKeypoints(clip);
const seconds = (performance.now() - t0) / 1000;
fs.rmSync(clip, { force: true });

const fps = doc.frames.length / seconds;
const videoSeconds = doc.timestamps[doc.timestamps.length - 1] / 1000 + 1 / info.fps;
console.log(`${info.width}×${info.height} at ${info.fps} fps, ${doc.frames.length} frames (${videoSeconds.toFixed(1)} s), person in ${personFrames}`);
console.log(`video → keypoints: ${fps.toFixed(1)} frames/s = ${(videoSeconds / seconds).toFixed(2)}× real time (bar ≥ 15 frames/s) ${fps >= 15 ? 'PASS' : 'FAIL'}`);
process.exit(fps >= 15 ? 0 : 1);
