import { Type } from 'typebox';
import { sportsReportPage } from '../sports/report-page.ts';
import { defineKind } from '../kind.ts';
import { poseModelOption } from '../keypoints-input.ts';
import { athleteHeightOption, recordingOf, SPORTS_INPUTS, sportsInput } from '../sports/common.ts';
import { analyzeLift, LIFTS, type WeightliftingOptions, type WeightliftingResult } from './analyze.ts';

const optionsSchema = Type.Object({
  exercise_name: Type.Union(LIFTS.map((l) => Type.Literal(l)), { description: 'The lift filmed.' }),
  barbell_mass: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 700, description: 'Barbell mass in kg (default 100), for power.' })),
  athlete_height_m: athleteHeightOption,
  pose_model: poseModelOption,
}, { additionalProperties: false });

/** A lift's name as people write it: clean_and_jerk → Clean and Jerk. */
export const liftTitle = (lift: string) => lift.split('_').map((w) => (w === 'and' ? w : w[0].toUpperCase() + w.slice(1))).join(' ');

export const weightliftingKind = defineKind<WeightliftingOptions, WeightliftingResult>({
  name: 'weightlifting',
  description: 'Barbell lifts from a side-on video or keypoints: reps, bar path and speed, Olympic phases, depth, lockout, tempo, charts (reference 001).',
  analyzerVersion: 'weightlifting-1',
  optionsSchema,
  inputFor: (name, _options, settings) => sportsInput(name, settings),
  requiredInputs: () => [SPORTS_INPUTS],
  analyze: (inputs, options) => analyzeLift(recordingOf(inputs), options),
  reportPage: (session, result) => sportsReportPage(session, result, liftTitle(String(session.options.exercise_name))),
  videoOverlay(r) {
    const unit = r.bar.unit === 'm' ? 'm/s' : '% height/s';
    return (frame) => {
      const rep = r.reps.find((x) => x.start_frame <= frame && frame <= x.end_frame);
      const done = r.reps.filter((x) => x.end_frame < frame).length;
      const v = r.bar.velocity[frame];
      const lines = [liftTitle(r.exercise_name), `reps ${done}`, `bar ${v === null || v === undefined ? '-' : v.toFixed(2)} ${unit}`];
      if (rep) {
        const peak = rep.peak_velocity_mps ?? (rep.peak_velocity_height_per_s === null ? null : rep.peak_velocity_height_per_s * 100);
        lines.push(`rep ${rep.rep_number}: peak ${peak === null ? '-' : peak.toFixed(2)} ${unit}`);
      }
      // The bar path so far in this rep is traced on the video.
      return { lines, wristTraceFrom: rep?.start_frame };
    };
  },
});
