import type { Recording } from '../../motion/keypoints.ts';
import { metricSeries } from '../../motion/signals.ts';
import { bodyLength, derivative, footSeries, halfWindow, jointSeries, maxBetween, maxSeries, meanSeries, restingLevel, restingLevelBetween, restingSpread, smoothed } from '../../motion/series.ts';
import { airborneStretches, edgeTimeMs, frameAtOrAfter, frameAtOrBefore, type Airborne } from '../../motion/contact.ts';
import { metres, pctOfHeight, type Scale } from '../../motion/stature.ts';
import { AnalysisFailed } from '../../analysis-errors.ts';
import { asymmetryPct, calibrate, frameAngles, mean, r1, r3, timestampsS, type SportsResultBase } from '../sports/common.ts';

export const JUMP_EXERCISES = ['Countermovement Jump', 'Drop Jump', 'Squat Jump', 'Repeated Jumps'] as const;
export type JumpExercise = typeof JUMP_EXERCISES[number];
export type JumpingOptions = { exercise: JumpExercise; athlete_height_m?: number };

const G = 9.81;
/** Flight shorter than this is a stumble or a step, not a jump (a 1 cm hop lasts 90 ms). */
const MIN_FLIGHT_MS = 90;

export interface Phase { start_frame: number; end_frame: number }
export interface Jump {
  jump_number: number;
  takeoff_frame: number;
  landing_frame: number;
  takeoff_time_s: number;
  landing_time_s: number;
  flight_time_s: number;
  /** From flight time, h = g·t²/8: needs no calibration. */
  jump_height_m: number;
  /** Rise of the hips above standing at the peak (calibrated only). */
  jump_height_hip_m: number | null;
  hip_rise_pct_height: number | null;
  /** Ground contact before this jump (drop and repeated jumps). */
  contact_time_s: number | null;
  reactive_strength_index: number | null;
  countermovement_depth_m: number | null;
  countermovement_depth_pct_height: number | null;
  phases: { preparation: Phase; braking: Phase; takeoff: Phase; peak: { frame: number }; landing: Phase };
  knee_valgus_landing_deg: { left: number | null; right: number | null };
  knee_flexion_landing_deg: { left: number | null; right: number | null };
  asymmetry: { takeoff_ms: number | null; landing_ms: number | null; knee_flexion_landing_pct: number | null };
}

export interface JumpingResult extends SportsResultBase {
  activity: 'jumping';
  exercise: JumpExercise;
  jumps: Jump[];
}

const peakOf = (values: Float64Array, from: number, to: number, sign: 1 | -1) => {
  let best = from;
  for (let i = from; i <= to; i++) if ((values[i] - values[best]) * sign > 0) best = i;
  return best;
};

/**
 * Takeoff and landing times of one foot series over an airborne stretch. The ground level is read
 * next to each edge (the feet rest in the same pose as they leave or land, so a keypoint model's
 * bias for that pose cancels), falling back to the level over the whole recording.
 */
function edges(y: Float64Array, rec: Recording, ground: number, clear: number, s: Airborne, samples: number) {
  const near = (from: number, to: number) => restingLevelBetween(y, from, to, clear) ?? ground;
  const span = Math.max(3, Math.round(0.1 * rec.fps));
  return {
    leave: edgeTimeMs(y, rec.timesMs, near(s.first - span, s.first - 1), clear, s.first, s.last, 'leave', samples),
    reach: edgeTimeMs(y, rec.timesMs, near(s.last + 1, s.last + span), clear, s.first, s.last, 'reach', samples),
  };
}

export function analyzeJumps(rec: Recording, options: JumpingOptions): JumpingResult {
  const { scale, calibration } = calibrate(rec, options.athlete_height_m);
  const leg = bodyLength(rec, 'ankle', 'knee') + bodyLength(rec, 'knee', 'hip');
  const left = footSeries(rec, 'left'), right = footSeries(rec, 'right');
  // Both feet must be off the ground to fly: follow the lower foot.
  const feet = maxSeries(left, right);
  const ground = restingLevel(feet, 0.03 * leg);
  if (!Number.isFinite(ground) || !(leg > 0)) throw new AnalysisFailed('keypoints_insufficient', 'The feet and legs are never visible with enough confidence to find jumps.');
  const spread = restingSpread(feet, ground, 0.03 * leg);
  const clear = ground - Math.max(3 * spread, 0.015 * leg);
  const stretches = airborneStretches(feet, ground - Math.max(0.06 * leg, 4 * spread), ground - Math.max(0.025 * leg, 2 * spread));
  const samples = Math.max(4, Math.round(0.2 * rec.fps));

  const firstSeen = rec.seen.indexOf(1);
  const hip = smoothed(meanSeries(jointSeries(rec, 'left_hip', 'y'), jointSeries(rec, 'right_hip', 'y')), rec.fps, 0.08);
  const hipSpeed = derivative(hip, rec.timesMs, halfWindow(rec.fps, 0.08));
  const kneeL = metricSeries(rec, 'knee_flexion', 'left'), kneeR = metricSeries(rec, 'knee_flexion', 'right');
  const valgusL = metricSeries(rec, 'knee_valgus', 'left'), valgusR = metricSeries(rec, 'knee_valgus', 'right');
  const groundL = restingLevel(left, 0.03 * leg), groundR = restingLevel(right, 0.03 * leg);

  // Standing hip height: on the ground with straight knees; else the highest the hips are on the ground.
  const onGround = (i: number) => feet[i] === feet[i] && feet[i] > clear;
  const standingHips: number[] = [];
  for (let i = 0; i < rec.frameCount; i++) if (onGround(i) && meanOf(kneeL[i], kneeR[i]) < 15) standingHips.push(hip[i]);
  let standing = standingHips.length ? median(standingHips) : NaN;
  if (!Number.isFinite(standing)) {
    const grounded: number[] = [];
    for (let i = 0; i < rec.frameCount; i++) if (onGround(i)) grounded.push(hip[i]);
    standing = grounded.length ? grounded.sort((a, b) => a - b)[Math.floor(grounded.length * 0.05)] : NaN;
  }

  // Each foot's own airborne stretches, found once (not per jump: a long recording has many).
  const ownStretches = (y: Float64Array, g: number) => Number.isFinite(g) ? airborneStretches(y.subarray(0, rec.frameCount), g - 0.06 * leg, g - 0.025 * leg) : null;
  const sideAirborne = { left: ownStretches(left, groundL), right: ownStretches(right, groundR) };

  const jumps: Jump[] = [];
  let previousLandingMs: number | null = null;
  let previousLandingFrame = firstSeen;
  for (const [index, s] of stretches.entries()) {
    const { leave, reach } = edges(feet, rec, ground, clear, s, samples);
    // A stretch that starts with the recording was not a takeoff we saw (on a box, mid-air): only its landing counts.
    const sawTakeoff = s.first > firstSeen;
    const sawLanding = s.last < rec.frameCount - 1;
    if (!sawTakeoff || !sawLanding || reach - leave < MIN_FLIGHT_MS) {
      if (sawLanding) { previousLandingMs = reach; previousLandingFrame = frameAtOrAfter(rec.timesMs, reach); }
      continue;
    }
    const flightS = (reach - leave) / 1000;
    const takeoffFrame = frameAtOrBefore(rec.timesMs, leave), landingFrame = frameAtOrAfter(rec.timesMs, reach);
    const nextTakeoff = stretches[index + 1]?.first ?? rec.frameCount;
    const searchFrom = Math.max(previousLandingFrame, firstSeen);

    const lowest = peakOf(hip, searchFrom, takeoffFrame, 1);
    let start = lowest;
    while (start > searchFrom && hip[start - 1] > standing + 0.02 * leg) start--;
    const braking = peakOf(hipSpeed, start, lowest, 1);
    const peak = peakOf(hip, takeoffFrame, landingFrame, -1);
    const landingEnd = peakOf(hip, landingFrame, Math.min(nextTakeoff - 1, frameAtOrAfter(rec.timesMs, reach + 1000)), 1);

    const depth = hip[lowest] - standing;
    const hasCountermovement = depth > 0.03 * leg;
    const rise = standing - hip[peak];
    const contactS = previousLandingMs !== null && (options.exercise === 'Drop Jump' || options.exercise === 'Repeated Jumps')
      ? (leave - previousLandingMs) / 1000 : null;
    const height = (G * flightS * flightS) / 8;

    const sideEdges = (y: Float64Array, g: number, own: Airborne[]) => {
      const stretch = { first: Math.max(0, s.first - samples), last: Math.min(rec.frameCount - 1, s.last + samples) };
      const mine = own.find((o) => o.first <= s.last && o.last >= s.first) ?? stretch;
      return edges(y, rec, g, g - Math.max(3 * spread, 0.015 * leg), mine, samples);
    };
    const l = sideAirborne.left ? sideEdges(left, groundL, sideAirborne.left) : null;
    const r = sideAirborne.right ? sideEdges(right, groundR, sideAirborne.right) : null;
    const landWindow = (v: Float64Array) => maxBetween(v, landingFrame, landingEnd);
    const flexL = landWindow(kneeL), flexR = landWindow(kneeR);

    jumps.push({
      jump_number: jumps.length + 1,
      takeoff_frame: takeoffFrame,
      landing_frame: landingFrame,
      takeoff_time_s: Math.round(leave) / 1000,
      landing_time_s: Math.round(reach) / 1000,
      flight_time_s: r3(flightS)!,
      jump_height_m: r3(height)!,
      jump_height_hip_m: metres(rise, scale),
      hip_rise_pct_height: pctOfHeight(rise, scale),
      contact_time_s: contactS === null ? null : r3(contactS),
      reactive_strength_index: contactS && contactS > 0 ? r3(height / contactS) : null,
      countermovement_depth_m: hasCountermovement ? metres(depth, scale) : null,
      countermovement_depth_pct_height: hasCountermovement ? pctOfHeight(depth, scale) : null,
      phases: {
        preparation: { start_frame: start, end_frame: braking },
        braking: { start_frame: braking, end_frame: lowest },
        takeoff: { start_frame: lowest, end_frame: takeoffFrame },
        peak: { frame: peak },
        landing: { start_frame: landingFrame, end_frame: landingEnd },
      },
      knee_valgus_landing_deg: { left: r1(landWindow(valgusL)), right: r1(landWindow(valgusR)) },
      knee_flexion_landing_deg: { left: r1(flexL), right: r1(flexR) },
      asymmetry: {
        takeoff_ms: l && r ? Math.round(Math.abs(l.leave - r.leave)) : null,
        landing_ms: l && r ? Math.round(Math.abs(l.reach - r.reach)) : null,
        knee_flexion_landing_pct: r1(asymmetryPct(flexL, flexR)),
      },
    });
    previousLandingMs = reach;
    previousLandingFrame = landingFrame;
  }

  if (!jumps.length) {
    throw new AnalysisFailed('no_jump_detected', 'No jump was found: both feet never left the ground for long enough. Film the whole body, feet included, from head to toe.');
  }
  return {
    activity: 'jumping',
    exercise: options.exercise,
    format: rec.format,
    fps: Math.round(rec.fps * 100) / 100,
    frame_count: rec.frameCount,
    calibration,
    timestamps_s: timestampsS(rec),
    end_frames: jumps.map((j) => j.phases.landing.end_frame),
    angles: frameAngles(rec),
    metrics: jumpMetrics(jumps, scale),
    jumps,
  };
}

function jumpMetrics(jumps: Jump[], scale: Scale) {
  const heights = jumps.map((j) => j.jump_height_m);
  const of = (f: (j: Jump) => number | null) => mean(jumps.map((j) => f(j) ?? NaN));
  return {
    jump_count: jumps.length,
    best_jump_height_m: r3(Math.max(...heights)),
    mean_jump_height_m: r3(mean(heights)),
    mean_flight_time_s: r3(of((j) => j.flight_time_s)),
    mean_contact_time_s: r3(of((j) => j.contact_time_s)),
    mean_reactive_strength_index: r3(of((j) => j.reactive_strength_index)),
    mean_countermovement_depth_m: scale.metresPerUnit === null ? null : r3(of((j) => j.countermovement_depth_m)),
    mean_countermovement_depth_pct_height: r1(of((j) => j.countermovement_depth_pct_height)),
    max_knee_valgus_landing_deg: r1(Math.max(...jumps.flatMap((j) => [j.knee_valgus_landing_deg.left ?? -Infinity, j.knee_valgus_landing_deg.right ?? -Infinity]))),
    mean_takeoff_asymmetry_ms: r1(of((j) => j.asymmetry.takeoff_ms)),
    mean_landing_knee_flexion_asymmetry_pct: r1(of((j) => j.asymmetry.knee_flexion_landing_pct)),
  };
}

const meanOf = (a: number, b: number) => (a !== a ? b : b !== b ? a : (a + b) / 2);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
