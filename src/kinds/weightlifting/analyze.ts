import type { Recording } from '../../motion/keypoints.ts';
import { segmentReps } from '../../motion/segment.ts';
import { metricSeries } from '../../motion/signals.ts';
import { facingDirection, footSeries, jointSeries, maxBetween, maxSeries, meanSeries, restingLevel, smoothed } from '../../motion/series.ts';
import { metres, pctOfHeight, type Scale } from '../../motion/stature.ts';
import { AnalysisFailed } from '../../analysis-errors.ts';
import { calibrate, frameAngles, mean, r1, r3, timestampsS, type SportsResultBase } from '../sports/common.ts';
import { extentOf } from '../../motion/extent.ts';
import { barTrack, concentricPhase } from './bar-speed.ts';

export const LIFTS = ['snatch', 'clean', 'clean_and_jerk', 'back_squat', 'deadlift', 'bench_press'] as const;
export type Lift = typeof LIFTS[number];
export type WeightliftingOptions = { exercise_name: Lift; barbell_mass?: number; athlete_height_m?: number };

const G = 9.81;
const OLYMPIC: ReadonlySet<Lift> = new Set(['snatch', 'clean', 'clean_and_jerk']);
/** Lifts whose rep starts at the top and goes down first (the concentric part comes last). */
const DOWN_FIRST: ReadonlySet<Lift> = new Set(['back_squat', 'bench_press']);

export interface OlympicPhases {
  start: number; first_pull_end: number; transition: number; second_pull_end: number; catch: number; recovery: number;
  jerk_dip?: number; jerk_lockout?: number;
}

export interface Rep {
  rep_number: number;
  start_frame: number;
  /** The top of a pull, or the bottom of a squat or press. */
  turn_frame: number;
  end_frame: number;
  concentric: { start_frame: number; end_frame: number };
  peak_velocity_mps: number | null;
  mean_concentric_velocity_mps: number | null;
  peak_velocity_height_per_s: number | null;
  mean_concentric_velocity_height_per_s: number | null;
  mean_concentric_power_w: number | null;
  horizontal_drift_m: number | null;
  horizontal_drift_pct_height: number | null;
  /** The bar's path from its start, per frame: [forward, up] in metres (or % of height uncalibrated). */
  bar_path: [number, number][];
  tempo: { eccentric_s: number; pause_s: number; concentric_s: number };
  depth: { hip_below_knee: boolean; margin_m: number | null; margin_pct_height: number | null; frame: number } | null;
  lockout: { reached: boolean; frame: number; knee_flexion_deg: number | null; hip_flexion_deg: number | null; elbow_flexion_deg: number | null };
  /** Largest elbow bend before the second pull ends (Olympic lifts). */
  early_arm_bend_deg: number | null;
  phases: OlympicPhases | null;
}

export interface WeightliftingResult extends SportsResultBase {
  activity: 'weightlifting';
  exercise_name: Lift;
  barbell_mass: number;
  reps: Rep[];
  /** Per frame: the bar (wrist midpoint) and hips, heights above the floor, bar velocity up; for charts, exports and the overlay. */
  bar: { x: (number | null)[]; y: (number | null)[]; velocity: (number | null)[]; hip_height: (number | null)[]; unit: 'm' | 'pct_height' };
}

const argExtreme = (v: Float64Array, from: number, to: number, sign: 1 | -1) => {
  let best = from;
  for (let i = from; i <= to; i++) if ((v[i] - v[best]) * sign > 0) best = i;
  return best;
};

export function analyzeLift(rec: Recording, options: WeightliftingOptions): WeightliftingResult {
  const lift = options.exercise_name;
  const mass = options.barbell_mass ?? 100;
  const { scale, calibration } = calibrate(rec, options.athlete_height_m);
  const H = scale.statureUnits;
  const rawY = meanSeries(jointSeries(rec, 'left_wrist', 'y'), jointSeries(rec, 'right_wrist', 'y'));
  const rawX = meanSeries(jointSeries(rec, 'left_wrist', 'x'), jointSeries(rec, 'right_wrist', 'x'));
  const bar = barTrack(rawY, rec.timesMs, rec.fps);
  if (!bar) throw new AnalysisFailed('keypoints_insufficient', 'The hands are never visible with enough confidence to follow the bar.');
  const { up: barUp, velocity } = bar;
  const barX = smoothed(rawX, rec.fps, 0.06);
  const hipY = smoothed(meanSeries(jointSeries(rec, 'left_hip', 'y'), jointSeries(rec, 'right_hip', 'y')), rec.fps, 0.06);
  const kneeY = smoothed(meanSeries(jointSeries(rec, 'left_knee', 'y'), jointSeries(rec, 'right_knee', 'y')), rec.fps, 0.06);
  const noseY = smoothed(jointSeries(rec, 'nose', 'y'), rec.fps, 0.06);
  const kneeFlex = metricSeries(rec, 'knee_flexion', 'both'), hipFlex = metricSeries(rec, 'hip_flexion', 'both'), elbowFlex = metricSeries(rec, 'elbow_flexion', 'both');

  // Reps from the bar's height (a squat's from the hips', which carry the bar on the back while the
  // hands may wander). A pull counts once the bar is up and held, even if the clip ends before it
  // comes down (a snatch caught overhead); a squat or press must come back up.
  const signal = lift === 'back_squat' ? hipY.slice() : DOWN_FIRST.has(lift) ? barUp.map((v) => -v) : barUp.slice();
  const n = rec.frameCount;
  const holdFrames = Math.round(0.2 * rec.fps);
  let padded = signal, times: ArrayLike<number> = rec.timesMs;
  if (!DOWN_FIRST.has(lift)) {
    const [low] = extentOf(signal);
    padded = Float64Array.from([...signal, ...new Array(holdFrames + 2).fill(low)]);
    const step = 1000 / rec.fps;
    times = Float64Array.from({ length: padded.length }, (_, i) => (i < n ? rec.timesMs[i] : rec.timesMs[n - 1] + (i - n + 1) * step));
  }
  const windows = segmentReps(padded, times, { minAmplitude: (OLYMPIC.has(lift) ? 0.25 : lift === 'bench_press' ? 0.08 : 0.12) * H, minRepMs: 500 })
    .filter((w) => w.peak < n - holdFrames || DOWN_FIRST.has(lift) || OLYMPIC.has(lift))
    .map((w) => ({ start: w.start, peak: w.peak, end: Math.min(w.end, n - 1) }));
  if (!windows.length) {
    throw new AnalysisFailed('no_lift_detected', `No ${lift.replace(/_/g, ' ')} rep was found: the hands (the bar) never travelled far enough and back. Film the whole lift from the side, hands in view.`);
  }

  const unit = scale.metresPerUnit ?? 100 / H;
  const hipStanding = percentile(hipY, 0.05);
  const facing = facingDirection(rec);
  const reps: Rep[] = windows.map((w, i) => {
    // The concentric phase as the bar shows it (bar-speed.ts): a squat's or press's after its bottom, a pull's up to its top.
    const concentric = DOWN_FIRST.has(lift)
      ? concentricPhase(bar, rec.timesMs, w.start, Math.min(n - 1, windows[i + 1]?.start ?? w.end + Math.round(0.3 * rec.fps)))
      : concentricPhase(bar, rec.timesMs, w.start, w.peak);
    const [c0, c1] = concentric ? [concentric.startFrame, concentric.endFrame] : DOWN_FIRST.has(lift) ? [w.peak, w.end] : [w.start, w.peak];
    const [e0, e1] = DOWN_FIRST.has(lift) ? [w.start, w.peak] : [w.peak, w.end];
    const peakV = concentric ? concentric.peakVelocity : maxBetween(velocity, c0, c1);
    const meanV = concentric ? concentric.meanVelocity : (barUp[c1] - barUp[c0]) / ((rec.timesMs[c1] - rec.timesMs[c0]) / 1000);
    let drift = 0;
    for (let f = c0; f <= c1; f++) drift = Math.max(drift, Math.abs(barX[f] - barX[c0]));
    const path: [number, number][] = [];
    for (let f = w.start; f <= w.end; f++) path.push([round3((barX[f] - barX[w.start]) * facing * unit), round3((barUp[f] - barUp[w.start]) * unit)]);
    // Pause: time the bar is nearly still around the turn.
    const still = 0.05 * H;
    let pause = 0;
    for (let f = Math.max(w.start, w.peak - Math.round(rec.fps)); f <= Math.min(w.end, w.peak + Math.round(rec.fps)); f++) {
      if (Math.abs(velocity[f]) < still && f > w.start) pause += (rec.timesMs[f] - rec.timesMs[f - 1]) / 1000;
    }
    const bottom = DOWN_FIRST.has(lift) ? w.peak : OLYMPIC.has(lift) ? argExtreme(hipY, w.peak, w.end, 1) : -1;
    const top = DOWN_FIRST.has(lift) ? w.end : argExtreme(barUp, w.start, w.end, 1);
    // A squat or press locks out where the bar is highest after the bottom (the rep's end may come a little early).
    const after = Math.min(n - 1, w.end + Math.round(0.3 * rec.fps));
    const lockoutFrame = lift === 'back_squat' ? argExtreme(hipY, w.peak, after, -1) : DOWN_FIRST.has(lift) ? argExtreme(barUp, w.peak, after, 1) : top;
    const phases = OLYMPIC.has(lift) ? olympicPhases(lift, w, { velocity, barUp, kneeY, hipY, kneeFlex, H, hipStanding, fps: rec.fps }) : null;
    const armsStraight = elbowFlex[lockoutFrame] < 20;
    const standing = kneeFlex[lockoutFrame] < 20 && hipFlex[lockoutFrame] < 25;
    const overhead = barUp[lockoutFrame] > -noseY[lockoutFrame];
    const reached = lift === 'bench_press' ? armsStraight
      : lift === 'snatch' || lift === 'clean_and_jerk' ? armsStraight && overhead && (phases ? hipY[phases.recovery] <= hipStanding + 0.04 * H : true)
      : lift === 'clean' ? (phases ? hipY[phases.recovery] <= hipStanding + 0.04 * H : standing)
      : standing;
    const depthMargin = bottom >= 0 ? hipY[bottom] - kneeY[bottom] : NaN;
    return {
      rep_number: i + 1,
      start_frame: w.start,
      turn_frame: w.peak,
      end_frame: w.end,
      concentric: { start_frame: c0, end_frame: c1 },
      peak_velocity_mps: scale.metresPerUnit === null ? null : r3(peakV * scale.metresPerUnit),
      mean_concentric_velocity_mps: scale.metresPerUnit === null ? null : r3(meanV * scale.metresPerUnit),
      peak_velocity_height_per_s: r3(peakV / H),
      mean_concentric_velocity_height_per_s: r3(meanV / H),
      mean_concentric_power_w: scale.metresPerUnit === null ? null : r1(mass * G * meanV * scale.metresPerUnit),
      horizontal_drift_m: metres(drift, scale),
      horizontal_drift_pct_height: pctOfHeight(drift, scale),
      bar_path: path,
      tempo: { eccentric_s: r3((rec.timesMs[e1] - rec.timesMs[e0]) / 1000)!, pause_s: r3(pause)!, concentric_s: r3((rec.timesMs[c1] - rec.timesMs[c0]) / 1000)! },
      depth: lift === 'back_squat' || OLYMPIC.has(lift) ? {
        hip_below_knee: depthMargin > 0, margin_m: metres(depthMargin, scale), margin_pct_height: pctOfHeight(depthMargin, scale), frame: bottom,
      } : null,
      lockout: { reached, frame: lockoutFrame, knee_flexion_deg: r1(kneeFlex[lockoutFrame]), hip_flexion_deg: r1(hipFlex[lockoutFrame]), elbow_flexion_deg: r1(elbowFlex[lockoutFrame]) },
      early_arm_bend_deg: phases ? r1(maxBetween(elbowFlex, phases.start, phases.transition)) : null,
      phases,
    };
  });

  const peaks = reps.map((r) => r.peak_velocity_height_per_s ?? NaN);
  const best = Math.max(...peaks);
  const velocityLoss = reps.length > 1 ? ((best - peaks[peaks.length - 1]) / best) * 100 : 0;
  const asUnit = (v: number) => (Number.isFinite(v) ? Math.round(v * unit * 1000) / 1000 : null);
  // Heights are measured from the floor (where the feet rest); lying on a bench, from the lowest the feet go.
  const floor = restingLevel(maxSeries(footSeries(rec, 'left'), footSeries(rec, 'right')), 0.03 * H);
  const floorY = Number.isFinite(floor) ? floor : 0;
  return {
    activity: 'weightlifting',
    exercise_name: lift,
    barbell_mass: mass,
    format: rec.format,
    fps: Math.round(rec.fps * 100) / 100,
    frame_count: n,
    calibration,
    timestamps_s: timestampsS(rec),
    end_frames: reps.map((r) => r.end_frame),
    angles: frameAngles(rec),
    metrics: liftMetrics(reps, scale, velocityLoss),
    metrics_uncertainty: {},
    warnings: [],
    reps,
    bar: {
      x: Array.from(barX, (v) => asUnit(v)),
      y: Array.from(barUp, (v) => asUnit(v + floorY)),
      velocity: Array.from(velocity, (v) => asUnit(v)),
      hip_height: Array.from(hipY, (v) => asUnit(floorY - v)),
      unit: scale.metresPerUnit === null ? 'pct_height' : 'm',
    },
  };
}

function liftMetrics(reps: Rep[], scale: Scale, velocityLoss: number) {
  const of = (f: (r: Rep) => number | null) => mean(reps.map((r) => f(r) ?? NaN));
  const calibrated = scale.metresPerUnit !== null;
  return {
    rep_count: reps.length,
    peak_velocity_mps: calibrated ? r3(Math.max(...reps.map((r) => r.peak_velocity_mps ?? NaN))) : null,
    mean_concentric_velocity_mps: calibrated ? r3(of((r) => r.mean_concentric_velocity_mps)) : null,
    peak_velocity_height_per_s: r3(Math.max(...reps.map((r) => r.peak_velocity_height_per_s ?? NaN))),
    mean_concentric_velocity_height_per_s: r3(of((r) => r.mean_concentric_velocity_height_per_s)),
    velocity_loss_pct: r1(velocityLoss),
    max_horizontal_drift_m: calibrated ? r3(Math.max(...reps.map((r) => r.horizontal_drift_m ?? NaN))) : null,
    max_horizontal_drift_pct_height: r1(Math.max(...reps.map((r) => r.horizontal_drift_pct_height ?? NaN))),
    mean_concentric_s: r3(of((r) => r.tempo.concentric_s)),
    mean_eccentric_s: r3(of((r) => r.tempo.eccentric_s)),
    reps_with_lockout: reps.filter((r) => r.lockout.reached).length,
    reps_below_parallel: reps.some((r) => r.depth) ? reps.filter((r) => r.depth?.hip_below_knee).length : null,
  };
}

interface Series { velocity: Float64Array; barUp: Float64Array; kneeY: Float64Array; hipY: Float64Array; kneeFlex: Float64Array; H: number; hipStanding: number; fps: number }

/** Start, first pull, transition (knees re-bend), second pull, catch and recovery of a snatch or clean, as frames. */
function olympicPhases(lift: Lift, w: { start: number; peak: number; end: number }, s: Series): OlympicPhases {
  let start = w.start;
  while (start < w.peak && !(s.velocity[start] > 0.1 * s.H)) start++;
  let firstPullEnd = start;
  while (firstPullEnd < w.peak && !(-s.barUp[firstPullEnd] < s.kneeY[firstPullEnd])) firstPullEnd++;
  const secondPullEnd = argExtreme(s.velocity, firstPullEnd, w.peak, 1);
  const transition = argExtreme(s.kneeFlex, firstPullEnd, secondPullEnd, 1);
  const catchFrame = argExtreme(s.hipY, secondPullEnd, w.end, 1);
  let recovery = catchFrame;
  while (recovery < w.end && s.hipY[recovery] > s.hipStanding + 0.03 * s.H) recovery++;
  const phases: OlympicPhases = { start, first_pull_end: firstPullEnd, transition, second_pull_end: secondPullEnd, catch: catchFrame, recovery };
  if (lift === 'clean_and_jerk' && recovery < w.end) {
    const lockout = argExtreme(s.barUp, recovery, w.end, 1);
    if (lockout > recovery) { phases.jerk_dip = argExtreme(s.hipY, recovery, lockout, 1); phases.jerk_lockout = lockout; }
  }
  return phases;
}


const round3 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : 0);
function percentile(v: Float64Array, share: number) {
  const s = Array.from(v).filter((x) => x === x).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(share * s.length))];
}

/** A lift's name as people write it: clean_and_jerk → Clean and Jerk. */
export const liftTitle = (lift: string) => lift.split('_').map((w) => (w === 'and' ? w : w[0].toUpperCase() + w.slice(1))).join(' ');
