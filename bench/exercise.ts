// Analysis speed: a 10-minute, 30 fps, 33-landmark Squats recording (generated, with jitter and
// dropped frames), parsed once, then analysed repeatedly. Bar: ≤ 20 ms (≥ 1 M frames/s).
//   npm run bench:exercise
import { parseRecording } from '../src/motion/keypoints.ts';
import { findExercise } from '../src/kinds/exercise/catalogue.ts';
import { assessExercise } from '../src/kinds/exercise/assess.ts';
import { PROGRAMS } from '../eval/exercise-programs.ts';
import { generate } from '../eval/generate.ts';

const name = process.env.BENCH_EXERCISE ?? 'Squats';
const program = PROGRAMS.find((p) => p.exercise === name)!;
const g = generate(program, { seed: 7, fps: 30, format: 'blazepose33', reps: 240, partialLastRep: true, faultRate: 0.3, jitterPx: 3, dropFrame: 0.02, dropPoint: 0.01, repSeconds: [2, 2.6] });
// Trim or pad with rest frames to exactly ten minutes.
const frames = 10 * 60 * 30;
while (g.doc.frames.length < frames) g.doc.frames.push(g.doc.frames[g.doc.frames.length - 1]);
g.doc.frames.length = frames;
// The world landmarks BlazePose gives beside the image ones, kept frame for frame.
if (g.doc.world) {
  while (g.doc.world.length < frames) g.doc.world.push(g.doc.world[g.doc.world.length - 1]);
  g.doc.world.length = frames;
}
const rec = parseRecording(g.doc, { maxFrames: 1e6 });
const exercise = findExercise(name)!;

for (let i = 0; i < 20; i++) assessExercise(exercise, rec); // warm up the JIT
const runs = 50;
const times: number[] = [];
let reps = 0;
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  reps = assessExercise(exercise, rec).count;
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(runs / 2)];
console.log(`${name}: ${frames} frames (10 min at 30 fps, ${rec.pointCount} landmarks), ${reps} reps found`);
console.log(`analysis: median ${median.toFixed(2)} ms, best ${times[0].toFixed(2)} ms → ${Math.round(frames / median * 1000).toLocaleString('en')} frames/s (bar ≤ 20 ms) ${median <= 20 ? 'PASS' : 'FAIL'}`);
process.exit(median <= 20 ? 0 : 1);
