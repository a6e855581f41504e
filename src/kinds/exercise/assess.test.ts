import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parseRecording } from '../../motion/keypoints.ts';
import { CATALOGUE, findExercise } from './catalogue.ts';
import { PROGRAMS } from '../../../eval/exercise-programs.ts';
import { generate } from '../../../eval/generate.ts';
import { assessExercise, rangeAccuracy } from './assess.ts';
import { AnalysisFailed } from '../../analysis-errors.ts';

const squats = JSON.parse(fs.readFileSync(new URL('../../../demo/squats.keypoints.json', import.meta.url), 'utf8'));

it('finds exactly the two complete squats in the real recording', () => {
  const rec = parseRecording(squats, { maxFrames: 1000 });
  const result = assessExercise(findExercise('Squats')!, rec);
  assert.equal(result.count, 2);
  for (const rep of result.individual_reps_list) {
    const knee = rep.measurement_results.find((m) => m.measurement_id === 2)!;
    const hip = rep.measurement_results.find((m) => m.measurement_id === 1)!;
    // From the standing limb lengths in this front view the bottoms are about 103° / 107° knee and
    // 118° / 120° hip; image-plane z taken at its size would say about 140°.
    assert.ok(knee.value! >= 95 && knee.value! <= 115, `knee ${knee.value}`);
    assert.ok(hip.value! >= 108 && hip.value! <= 130, `hip ${hip.value}`);
  }
  const [first, second] = result.individual_reps_list;
  assert.ok(first.end_frame_number <= second.start_frame_number);
});

it('finds names case-insensitively and through aliases', () => {
  assert.equal(findExercise('squats')?.name, 'Squats');
  assert.equal(findExercise('r  shoulder FLEXION')?.name, 'R Shoulder flexion');
  assert.equal(findExercise('left lunge')?.name, 'L Lunge');
  assert.equal(findExercise('moonwalk'), undefined);
});

it('scores 100 inside the target and falls linearly to 0 at the tolerance', () => {
  assert.equal(rangeAccuracy(90, 80, 100, 20), 100);
  assert.equal(rangeAccuracy(70, 80, 100, 20), 50);
  assert.equal(rangeAccuracy(130, 80, 100, 20), 0);
});

it('reads pixel coordinates, 0–1 coordinates, null frames and timestamps', () => {
  const rec = parseRecording({ format: 'coco17', timestamps: [100, 133, 180], frames: [null, Array(17).fill([0.5, 0.5]), null] }, { maxFrames: 10 });
  assert.deepEqual(Array.from(rec.timesMs), [0, 33, 80]);
  assert.deepEqual(Array.from(rec.seen), [0, 1, 0]);
  assert.deepEqual(Array.from(rec.data.subarray(17 * 4, 17 * 4 + 4)), [0.5, 0.5, 0, 1]);
  assert.equal(rec.hasDepth, false);
  assert.throws(() => parseRecording({ format: 'coco17', fps: 30, frames: Array(11).fill(null) }, { maxFrames: 10 }), /limit is 10/);
  assert.throws(() => parseRecording({ format: 'coco17', fps: 30, width: 100, frames: [null] }, { maxFrames: 10 }), /both width and height/);
});

it('fails clearly when the format lacks the points an exercise needs', () => {
  const person = Array.from({ length: 17 }, (_, i) => [100 + i, 100 + 10 * i, 0.9]);
  const rec = parseRecording({ format: 'coco17', fps: 30, width: 720, height: 1280, frames: [person, person, person] }, { maxFrames: 10 });
  assert.throws(() => assessExercise(findExercise('Heel Raises')!, rec), (e) => e instanceof AnalysisFailed && e.code === 'keypoints_insufficient' && /blazepose33/.test(e.message));
});

/** A generated recording of a catalogue exercise, filmed from the given view. */
function filmed(exercise: string, view: 'front' | 'side', format: 'blazepose33' | 'coco17') {
  const program = { ...PROGRAMS.find((p) => p.exercise === exercise)!, view };
  const g = generate(program, { seed: 3, fps: 30, format, reps: 5, partialLastRep: false, faultRate: 0, jitterPx: 1, dropFrame: 0, dropPoint: 0 });
  return assessExercise(findExercise(exercise)!, parseRecording(g.doc, { maxFrames: 10_000 }));
}

it('leaves out, with a warning, what the camera view cannot show, and keeps what it can', () => {
  // A front raise filmed from the front, without depth: the arm's forward angle is not in the image.
  const front2d = filmed('Front Raise', 'front', 'coco17');
  assert.equal(front2d.camera_view?.view, 'front');
  assert.equal(front2d.count, 5, 'reps are still counted');
  assert.ok(front2d.individual_reps_list.every((r) => !r.measurement_results.some((m) => m.measurement_id === 1)));
  assert.equal(front2d.warnings[0].code, 'camera_view');
  assert.match(front2d.warnings[0].message, /shoulder flexion.*only be measured from the side.*left out/);
  // With depth the same angle is measured in 3D, from any view.
  const front3d = filmed('Front Raise', 'front', 'blazepose33');
  assert.ok(front3d.individual_reps_list.every((r) => r.measurement_results.some((m) => m.measurement_id === 1 && m.value! > 80)));
  // Squats filmed side on: knee valgus (frontal plane) is left out, knee flexion kept.
  const side = filmed('Squats', 'side', 'blazepose33');
  assert.equal(side.camera_view?.view, 'side');
  const ids = side.individual_reps_list[0].measurement_results.map((m) => m.measurement_id);
  assert.ok(!ids.includes(3) && ids.includes(2), `measured ${ids}`);
  assert.match(side.warnings.map((w) => w.message).join(' '), /knee valgus can only be measured from the front/);
  // Filmed as the catalogue expects: nothing to warn about.
  assert.deepEqual(filmed('Squats', 'front', 'blazepose33').warnings, []);
});

it('answers a recording with nobody in it with zero reps and a warning, not a failure', () => {
  const rec = parseRecording({ format: 'blazepose33', fps: 30, frames: [null, null, null] }, { maxFrames: 10 });
  const result = assessExercise(findExercise('Pull-ups')!, rec);
  assert.equal(result.count, 0);
  assert.deepEqual(result.warnings.map((w) => w.code), ['no_person_detected']);
});

it('says why a count is zero, and when it rests on few frames', () => {
  const codes = (r: ReturnType<typeof assessExercise>) => r.warnings.map((w) => w.code);
  const squat = findExercise('Squats')!;
  // The real recording, seen whole: nothing to say about the count.
  const whole = assessExercise(squat, parseRecording(squats, { maxFrames: 1000 }));
  assert.ok(!codes(whole).includes('no_reps_found') && !codes(whole).includes('person_partly_visible'), codes(whole).join());
  // Someone standing still: zero reps, and how far the knee moved against what a rep needs.
  const still = assessExercise(squat, parseRecording({ ...squats, frames: squats.frames.map(() => squats.frames[0]) }, { maxFrames: 1000 }));
  assert.equal(still.count, 0);
  const why = still.warnings.find((w) => w.code === 'no_reps_found');
  assert.match(why?.message ?? '', /Knee flexion moves through only 0° .* at least 12.5° \(usually 25°\) .* done standing/);
  // The person lost after the first few seconds: the count may miss reps, and says so.
  const partly = assessExercise(squat, parseRecording({ ...squats, frames: squats.frames.map((f: unknown, i: number) => (i < 25 ? f : null)) }, { maxFrames: 1000 }));
  assert.match(partly.warnings.find((w) => w.code === 'person_partly_visible')?.message ?? '', /knee flexion can be measured in only 38% of the frames/);
});

it('has as many exercises as the README says', () => {
  const readme = fs.readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const said = Number(/\((\d+) exercises/.exec(readme)?.[1]);
  assert.equal(said, CATALOGUE.length);
  for (const name of ['Front Raise', 'Pull-ups', 'Bench Press']) assert.ok(findExercise(name), name);
});
