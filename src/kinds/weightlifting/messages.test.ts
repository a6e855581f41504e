import { it } from 'node:test';
import assert from 'node:assert/strict';
import { seeded } from '../../../eval/body.ts';
import { liftMotion, sample, STICK_HEIGHT_M } from '../../../eval/sports-gen.ts';
import { parseRecording } from '../../motion/keypoints.ts';
import { analyzeLift } from './analyze.ts';
import { LANGUAGES, recommendations } from './messages.ts';

/** A measured set of squats, then set to a clean set (the stick figure's hands ride the bar loosely). */
const squat = () => {
  const { motion, durationS } = liftMotion('back_squat', seeded(2));
  const doc = sample(motion, durationS, { fps: 60, format: 'blazepose33', jitterPx: 1, dropPoint: 0, dropFrame: 0, view: 'side', seed: 1 });
  const r = analyzeLift(parseRecording(doc, { maxFrames: 1e6 }), { exercise_name: 'back_squat', athlete_height_m: STICK_HEIGHT_M });
  for (const rep of r.reps) Object.assign(rep, { horizontal_drift_m: 0.03, horizontal_drift_pct_height: 1.7, depth: { ...rep.depth, hip_below_knee: true }, lockout: { ...rep.lockout, reached: true } });
  r.metrics.velocity_loss_pct = 4;
  return r;
};

it('recommends from the measured faults, in every language, with the measured numbers', () => {
  const clean = squat();
  const good = recommendations(clean);
  assert.equal(good.en.length, 1);
  assert.match(good.en[0], /^Clean technique: the bar stayed within 3 cm of its line and peaked at [\d.]+ m\/s\.$/);
  const shallow = squat();
  shallow.reps[1].depth!.hip_below_knee = false;
  shallow.reps[1].lockout.reached = false;
  const advice = recommendations(shallow);
  for (const lang of LANGUAGES) {
    assert.equal(advice[lang].length, 2, lang);
    assert.ok(advice[lang].every((line) => line.includes('2')), `${lang} names rep 2`);
  }
  assert.match(advice.en.join(' '), /Squat deeper.*rep\(s\) 2/);
  assert.match(advice.ru.join(' '), /Приседайте глубже/);
});
