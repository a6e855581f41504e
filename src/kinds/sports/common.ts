import { Type } from 'typebox';
import type { Recording } from '../../motion/keypoints.ts';
import { metricSeries, type Metric, type Side } from '../../motion/signals.ts';
import { scaleFor, type Scale } from '../../motion/stature.ts';
import { unknownInput, type InputSpec } from '../kind.ts';
import type { KindSettings } from '../context.ts';
import { AnalysisFailed } from '../../analysis-errors.ts';
import { keypointsInput } from '../keypoints-input.ts';
import { CONTACT_HEIGHT_FOOT_LENGTHS, RULE_BIAS_MS, type FootTrack } from '../../motion/foot-contact.ts';

/** What every sports kind shares: one motion input, calibration, per-frame data. */

export const SPORTS_INPUTS = ['video', 'keypoints'];

export const athleteHeightOption = Type.Optional(Type.Number({
  minimum: 0.5, maximum: 2.6,
  description: "The athlete's standing height in metres: turns image distances into metres. Without it, distances are given as a percentage of the athlete's height only.",
}));

/** One input, named `video` (an mp4/mov/webm, through the pose pipeline) or `keypoints` (the motion JSON). */
export function sportsInput(name: string, settings: KindSettings): InputSpec {
  if (!SPORTS_INPUTS.includes(name)) throw unknownInput(name, SPORTS_INPUTS);
  return keypointsInput(name, settings);
}

/** The recording of a session (a video's keypoints when both were sent), checked for a person. */
export function recordingOf(inputs: Record<string, unknown>): Recording {
  const rec = (inputs.video ?? inputs.keypoints) as Recording;
  if (!rec.seen.includes(1)) throw new AnalysisFailed('no_person_detected', 'No person is visible in any frame.');
  if (rec.frameCount < 3) throw new AnalysisFailed('recording_too_short', `The recording has ${rec.frameCount} frames; at least 3 are needed.`);
  return rec;
}

export interface Calibration {
  calibrated: boolean;
  athlete_height_m: number | null;
  /** The athlete's height as seen, in frame heights (how the scale was found). */
  athlete_height_frame_share: number | null;
  note: string;
}

export function calibrate(rec: Recording, athleteHeightM: number | undefined): { scale: Scale; calibration: Calibration } {
  const scale = scaleFor(rec, athleteHeightM);
  if (!(scale.statureUnits > 0)) {
    throw new AnalysisFailed('keypoints_insufficient', 'The legs and trunk are never visible with enough confidence to measure the athlete.');
  }
  return {
    scale,
    calibration: {
      calibrated: scale.metresPerUnit !== null,
      athlete_height_m: athleteHeightM ?? null,
      athlete_height_frame_share: Math.round(scale.statureUnits * 1000) / 1000,
      note: scale.metresPerUnit !== null
        ? "Distances in metres use the athlete's height given in options.athlete_height_m."
        : "No athlete_height_m was given: fields in metres are null; distances are given as a percentage of the athlete's height (fields ending in _pct_height). Times and angles are exact.",
    },
  };
}

/** Per-frame joint angles served under `angles` (degrees, one decimal; null where not seen). */
const FRAME_ANGLES: [string, Metric, Side][] = [
  ['left_knee_flexion', 'knee_flexion', 'left'], ['right_knee_flexion', 'knee_flexion', 'right'],
  ['left_hip_flexion', 'hip_flexion', 'left'], ['right_hip_flexion', 'hip_flexion', 'right'],
  ['left_elbow_flexion', 'elbow_flexion', 'left'], ['right_elbow_flexion', 'elbow_flexion', 'right'],
  ['left_shoulder_flexion', 'shoulder_flexion', 'left'], ['right_shoulder_flexion', 'shoulder_flexion', 'right'],
  ['trunk_lean', 'trunk_lean', 'left'],
];

export const oneDecimal = (values: ArrayLike<number>) => {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? Math.round(values[i] * 10) / 10 : null;
  return out;
};

export function frameAngles(rec: Recording): Record<string, (number | null)[]> {
  return Object.fromEntries(FRAME_ANGLES.map(([name, metric, side]) => [name, oneDecimal(metricSeries(rec, metric, side))]));
}

export const timestampsS = (rec: Recording) => Array.from(rec.timesMs, (t) => Math.round(t) / 1000);

export const r3 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null);
export const r1 = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : null);

export const mean = (xs: number[]) => {
  const ok = xs.filter((x) => Number.isFinite(x));
  return ok.length ? ok.reduce((s, x) => s + x, 0) / ok.length : NaN;
};

/** Left/right asymmetry in percent of their mean (0 = symmetric); NaN when either is missing. */
export const asymmetryPct = (left: number, right: number) =>
  Number.isFinite(left) && Number.isFinite(right) && left + right !== 0 ? (Math.abs(left - right) / (Math.abs(left + right) / 2)) * 100 : NaN;

/** The fields every sports result carries; the kind adds its own (jumps, steps, reps). */
export interface SportsResultBase {
  /** The kind's name. */
  activity: string;
  format: Recording['format'];
  fps: number;
  frame_count: number;
  calibration: Calibration;
  timestamps_s: number[];
  end_frames: number[];
  angles: Record<string, (number | null)[]>;
  metrics: Record<string, number | string | boolean | null>;
  /** One standard deviation of each timed metric, under the metric's own name and in its unit (null: not measurable). */
  metrics_uncertainty: Record<string, number | null>;
  /** What the recording could not say, and why (a figure it concerns is null, or less exact than usual). */
  warnings: SportsWarning[];
}

export interface SportsWarning { code: 'feet_too_small' | 'feet_without_toes' | 'frame_rate_low'; message: string }

/**
 * One SD of a mean of timed figures (seconds): their own errors average out over n, the contact
 * rule's bias does not.
 */
export function meanSd(sds: (number | null)[]): number | null {
  const ok = sds.filter((s): s is number => s !== null);
  if (!ok.length) return null;
  const random = Math.sqrt(ok.reduce((s, x) => s + x * x, 0)) / ok.length;
  return r3(Math.hypot(random, RULE_BIAS_MS / 1000));
}

/** Milliseconds (one SD) as seconds to the millisecond; null stays null. */
export const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);

/**
 * What limits the contact timing of this recording: feet too small in the image for their points'
 * jitter (a tenth of a foot length must stand clear of it), feet without toe and heel points, or a
 * frame rate that leaves the timings a frame apart.
 */
export function timingWarnings(tracks: FootTrack[], rec: Recording): SportsWarning[] {
  const warnings: SportsWarning[] = [];
  if (tracks.some((t) => !timeable(t))) {
    const share = (Math.min(...tracks.map((t) => t.footLength)) * 100).toFixed(1);
    warnings.push({ code: 'feet_too_small', message: `The feet are ${share} % of the frame height long, too small for their points' jitter: foot contacts cannot be timed, so contact and flight times are null. Film closer, or at a higher resolution.` });
  }
  if (tracks.some((t) => t.points === 'ankle')) {
    warnings.push({ code: 'feet_without_toes', message: 'The keypoints have no toe or heel points (coco17): an ankle rises with the heel long before the toes leave the ground, so contact and flight times cannot be measured and are null; steps and cadence are counted from the ankles. Send blazepose33 keypoints, or the video.' });
  }
  if (rec.fps < 50) {
    warnings.push({ code: 'frame_rate_low', message: `At ${Math.round(rec.fps)} fps a frame lasts ${Math.round(1000 / rec.fps)} ms: contact and flight times are interpolated between frames; see each figure's uncertainty. 60 fps or more halves it.` });
  }
  return warnings;
}

/** A foot can be timed when a tenth of its length stands twice clear of its points' jitter. */
export const timeable = (t: FootTrack) => CONTACT_HEIGHT_FOOT_LENGTHS * t.footLength >= 2 * t.jitter;
