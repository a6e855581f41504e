import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parseRecording } from '../../motion/keypoints.ts';
import { findExercise } from './catalogue.ts';
import { assessExercise } from './assess.ts';
import { exerciseReportPage } from './report-page.ts';
import type { SessionRecord } from '../../sessions/view.ts';

const squats = JSON.parse(fs.readFileSync(new URL('../../../demo/squats.keypoints.json', import.meta.url), 'utf8'));
const session = { id: 'ses_test', createdAt: new Date('2026-01-01T00:00:00Z'), analyzedVideoToken: null } as SessionRecord;

it('lists a peak short of its target as a form note, never "on target" beside it', () => {
  const a = assessExercise(findExercise('Squats')!, parseRecording(squats, { maxFrames: 1000 }));
  const onTarget = exerciseReportPage(session, { assessments: { Squats: a } } as never);
  assert.match(onTarget, /Every measurement of every rep was on target/);
  // The same reps with a shallow second squat: knee flexion 59° against a 90–140° target.
  const shallow = structuredClone(a);
  const knee = shallow.individual_reps_list[1].measurement_results.find((m) => m.measurement_id === 2)!;
  Object.assign(knee, { value: 59, accuracy: 49 });
  const page = exerciseReportPage(session, { assessments: { Squats: shallow } } as never);
  assert.match(page, /Rep 2: Knee flexion reached 59°, target 90–140° \(49%\)/);
  assert.doesNotMatch(page, /on target/);
  assert.match(page, /class="warn">49%/);
});

it('shows the analysed video when the session has one, from this origin', () => {
  const a = assessExercise(findExercise('Squats')!, parseRecording(squats, { maxFrames: 1000 }));
  const page = exerciseReportPage({ ...session, analyzedVideoToken: 'AbCdEfGhIjKlMnOpQrStUvWx' } as SessionRecord, { assessments: { Squats: a } } as never);
  assert.match(page, /<video controls preload="metadata" playsinline src="\/f\/AbCdEfGhIjKlMnOpQrStUvWx"><\/video>/);
});
