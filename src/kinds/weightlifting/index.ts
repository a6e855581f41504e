import { Type } from 'typebox';
import { DebriefError } from '../../errors.ts';
import { poseModelOption } from '../keypoints-input.ts';
import { athleteHeightOption, recordingOf } from '../sports/common.ts';
import { sportsCli } from '../sports/cli.ts';
import { sportsKind } from '../sports/sports-kind.ts';
import { analyzeLift, LIFTS, liftTitle, type WeightliftingOptions, type WeightliftingResult } from './analyze.ts';
import { weightliftingBody } from './report-page.ts';
import { weightliftingRoutes } from './routes.ts';
import { liftTasks } from './tasks.ts';

const optionsSchema = Type.Object({
  exercise_name: Type.Union(LIFTS.map((l) => Type.Literal(l)), { description: 'The lift filmed.' }),
  barbell_mass: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 700, description: 'Barbell mass in kg (default 100), for power.' })),
  athlete_height_m: athleteHeightOption,
  pose_model: poseModelOption,
}, { additionalProperties: false });

/** Barbell lifts (reference 001's weightlifting sessions), with their lift analysis. */
export const weightlifting = sportsKind<WeightliftingOptions, WeightliftingResult, typeof liftTasks>({
  name: 'weightlifting',
  title: (options) => liftTitle(options.exercise_name),
  reportHeading: 'Lift report',
  summary: (r) => ({ exercise_name: r.exercise_name, barbell_mass: r.barbell_mass, reps: r.reps }),
  frameColumns: ({ bar }) => ({ [`bar_x_${bar.unit}`]: bar.x, [`bar_y_${bar.unit}`]: bar.y, [`bar_velocity_${bar.unit}_per_s`]: bar.velocity }),
  reportBody: weightliftingBody,
}, {
  description: 'Barbell lifts from a side-on video or keypoints: reps, bar path and speed, Olympic phases, depth, lockout, tempo, charts (reference 001).',
  analyzerVersion: 'weightlifting-2',
  optionsSchema,
  analyze: (inputs, options) => analyzeLift(recordingOf(inputs), options),
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
  routes: weightliftingRoutes,
  tasks: liftTasks,
  cli: sportsCli((flags) => {
    if (!flags.exercise) throw new DebriefError(400, 'invalid_request_error', 'exercise_missing', `Name the lift: --exercise ${LIFTS.join('|')}.`);
    return { exercise_name: flags.exercise };
  }, (options) => `weightlifting: ${options.exercise_name}`),
});
