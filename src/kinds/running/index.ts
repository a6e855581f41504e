import { Type } from 'typebox';
import { poseModelOption } from '../keypoints-input.ts';
import { athleteHeightOption, recordingOf } from '../sports/common.ts';
import { sportsCli } from '../sports/cli.ts';
import { sportsKind } from '../sports/sports-kind.ts';
import { analyzeRunning, type RunningOptions, type RunningResult } from './analyze.ts';
import { runningBody } from './report-page.ts';

const optionsSchema = Type.Object({
  incline_degree: Type.Optional(Type.Number({ minimum: -15, maximum: 30, description: 'Treadmill incline in degrees.' })),
  speed_mps: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 15, description: 'Running speed in m/s when known (treadmill): gives step length.' })),
  athlete_height_m: athleteHeightOption,
  pose_model: poseModelOption,
}, { additionalProperties: false });

/** Running gait (reference 001's running sessions). */
export const running = sportsKind<RunningOptions, RunningResult>({
  name: 'running',
  title: () => 'Running',
  reportHeading: 'Running report',
  summary: (r) => ({ steps: r.steps }),
  frameColumns: (r) => ({ contact: r.contact }),
  reportBody: runningBody,
}, {
  description: 'Running gait from a side-on video or keypoints: contacts, cadence, contact and flight time, oscillation, lean, overstride (reference 001).',
  analyzerVersion: 'running-2',
  optionsSchema,
  analyze: (inputs, options) => analyzeRunning(recordingOf(inputs), options),
  videoOverlay(r) {
    return (frame) => {
      const c = r.contact[frame];
      const done = r.steps.filter((s) => s.contact_start_frame <= frame).length;
      return {
        lines: [
          `cadence ${r.metrics.cadence_spm} spm   steps ${done}`,
          r.metrics.mean_ground_contact_time_s === null ? 'contact time: not measurable' : `contact ${Math.round(Number(r.metrics.mean_ground_contact_time_s) * 1000)} ms`,
          c === 'none' || c === undefined ? 'in the air' : `on the ground: ${c}`,
        ],
        feetOnGround: c === 'both' ? ['left', 'right'] : c === 'left' || c === 'right' ? [c] : [],
      };
    };
  },
  cli: sportsCli(() => ({}), () => 'running'),
});
