import { Type } from 'typebox';
import { poseModelOption } from '../keypoints-input.ts';
import { athleteHeightOption, recordingOf } from '../sports/common.ts';
import { sportsCli } from '../sports/cli.ts';
import { sportsKind } from '../sports/sports-kind.ts';
import { analyzeJumps, JUMP_EXERCISES, type JumpingOptions, type JumpingResult } from './analyze.ts';
import { jumpingBody } from './report-page.ts';

const optionsSchema = Type.Object({
  exercise: Type.Union(JUMP_EXERCISES.map((e) => Type.Literal(e)), { description: 'Which jump test was filmed.' }),
  athlete_height_m: athleteHeightOption,
  pose_model: poseModelOption,
}, { additionalProperties: false });

/** Jump tests (reference 001's jumping sessions). */
export const jumping = sportsKind<JumpingOptions, JumpingResult>({
  name: 'jumping',
  title: (options) => options.exercise,
  reportHeading: 'Jump report',
  summary: (r) => ({ exercise: r.exercise, jumps: r.jumps }),
  reportBody: jumpingBody,
}, {
  description: 'Jump tests (countermovement, drop, squat, repeated) from a video or keypoints: flight, height, contact, RSI, phases (reference 001).',
  analyzerVersion: 'jumping-2',
  optionsSchema,
  analyze: (inputs, options) => analyzeJumps(recordingOf(inputs), options),
  videoOverlay(r) {
    return (frame) => {
      const lines: string[] = [r.exercise];
      const done = r.jumps.filter((j) => j.landing_frame <= frame);
      const last = done[done.length - 1];
      if (last) lines.push(`jump ${last.jump_number}: ${(last.jump_height_m * 100).toFixed(1)} cm, flight ${Math.round(last.flight_time_s * 1000)} ms`);
      const current = r.jumps.find((j) => j.phases.preparation.start_frame <= frame && frame <= j.phases.landing.end_frame);
      if (current) {
        const p = current.phases;
        const phase = frame < p.braking.start_frame ? 'preparation' : frame < p.takeoff.start_frame ? 'braking'
          : frame <= p.takeoff.end_frame ? 'takeoff' : frame < p.landing.start_frame ? (frame < p.peak.frame ? 'flight' : 'peak / descent') : 'landing';
        lines.push(`phase: ${phase}`);
      }
      return lines;
    };
  },
  cli: sportsCli((flags) => ({ exercise: flags.exercise ?? 'Countermovement Jump' }), (options) => `jumping: ${options.exercise}`),
});
