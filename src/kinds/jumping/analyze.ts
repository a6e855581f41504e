import type { Recording } from '../../motion/keypoints.ts';
import { metricSeries } from '../../motion/signals.ts';
import { bodyLength, derivative, frameAtOrAfter, frameAtOrBefore, halfWindow, jointSeries, maxBetween, meanSeries, smoothed } from '../../motion/series.ts';
import { footTrack, type FootTrack } from '../../motion/foot-contact.ts';
import { metres, pctOfHeight, type Scale } from '../../motion/stature.ts';
import { AnalysisFailed } from '../../analysis-errors.ts';
import { asymmetryPct, calibrate, frameAngles, mean, meanSd, r1, r3, seconds, timeable, timestampsS, timingWarnings, type SportsResultBase } from '../sports/common.ts';

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
  /** One standard deviation of each timed figure, in its unit: from the frame rate, the points' jitter and the contact rule. */
  uncertainty: { takeoff_time_s: number | null; landing_time_s: number | null; flight_time_s: number | null; jump_height_m: number | null; contact_time_s: number | null };
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

/** A stretch with at least one foot on the ground: both feet's contacts, overlapping, joined. */
interface Ground { startMs: number | null; endMs: number | null; startSdMs: number | null; endSdMs: number | null; firstFrame: number; lastFrame: number; level: number; footLength: number }

/**
 * The stretches on the ground: each foot's contacts (motion/foot-contact.ts) joined where they
 * overlap, so a flight is a gap with both feet in the air; the first foot down lands, the last
 * one up takes off.
 */
function groundStretches(tracks: FootTrack[]): Ground[] {
  const all = tracks.flatMap((t) => t.contacts.map((c) => ({ ...c, footLength: t.footLength }))).sort((a, b) => a.firstFrame - b.firstFrame);
  const out: Ground[] = [];
  for (const c of all) {
    const last = out[out.length - 1];
    if (last && c.firstFrame <= last.lastFrame + 1) {
      // The last foot up takes off. Of two that leave on the same frame, a known time beats an
      // unknown one (a frame the foot was not seen in), and the later known time beats the earlier.
      const sameFrame = c.lastFrame === last.lastFrame;
      if (c.lastFrame > last.lastFrame || (sameFrame && (last.endMs === null || (c.endMs !== null && c.endMs > last.endMs)))) {
        last.endMs = c.endMs; last.endSdMs = c.endSdMs; last.lastFrame = c.lastFrame;
      }
      // The first foot down lands: of two that come down together, the earlier crossing.
      if (c.startMs !== null && last.startMs !== null && c.startMs < last.startMs && c.firstFrame <= last.firstFrame + 1) { last.startMs = c.startMs; last.startSdMs = c.startSdMs; }
      last.level = Math.max(last.level, c.level);
    } else {
      out.push({ startMs: c.startMs, endMs: c.endMs, startSdMs: c.startSdMs, endSdMs: c.endSdMs, firstFrame: c.firstFrame, lastFrame: c.lastFrame, level: c.level, footLength: c.footLength });
    }
  }
  return out;
}

/** A foot's own contact that ends at (or starts after) a flight: for left/right timing. */
const sideEdge = (track: FootTrack | null, afterFrame: number, edge: 'end' | 'start') => {
  if (!track) return null;
  const c = edge === 'end'
    ? [...track.contacts].reverse().find((x) => x.lastFrame < afterFrame)
    : track.contacts.find((x) => x.firstFrame > afterFrame);
  return (edge === 'end' ? c?.endMs : c?.startMs) ?? null;
};

const sdOf = (...sds: (number | null)[]) => sds.some((s) => s === null) ? null : Math.sqrt(sds.reduce((s: number, x) => s + x! * x!, 0));

export function analyzeJumps(rec: Recording, options: JumpingOptions): JumpingResult {
  const { scale, calibration } = calibrate(rec, options.athlete_height_m);
  const leg = bodyLength(rec, 'ankle', 'knee') + bodyLength(rec, 'knee', 'hip');
  const left = footTrack(rec, 'left'), right = footTrack(rec, 'right');
  const tracks = [left, right].filter((t): t is FootTrack => t !== null);
  if (!tracks.length || !(leg > 0)) throw new AnalysisFailed('keypoints_insufficient', 'The feet and legs are never visible with enough confidence to find jumps.');
  const warnings = timingWarnings(tracks, rec);
  // Contacts cannot be timed on feet this small for their jitter: say so rather than give flight times.
  if (!tracks.some(timeable)) throw new AnalysisFailed('feet_too_small', warnings[0].message);
  // A jump is its flight time: an ankle alone (coco17) would read it 0.1–0.25 s long.
  if (tracks.every((t) => t.points === 'ankle')) {
    throw new AnalysisFailed('feet_without_toes', 'Jumps are timed from the toes and heels, which coco17 keypoints do not have: an ankle rises with the heel long before the toes leave the ground, so flight times would read 0.1–0.25 s long. Send blazepose33 keypoints, or the video.');
  }
  const ground = groundStretches(tracks.filter(timeable));

  const firstSeen = rec.seen.indexOf(1);
  const hip = smoothed(meanSeries(jointSeries(rec, 'left_hip', 'y'), jointSeries(rec, 'right_hip', 'y')), rec.fps, 0.08);
  const hipSpeed = derivative(hip, rec.timesMs, halfWindow(rec.fps, 0.08));
  const kneeL = metricSeries(rec, 'knee_flexion', 'left'), kneeR = metricSeries(rec, 'knee_flexion', 'right');
  const valgusL = metricSeries(rec, 'knee_valgus', 'left'), valgusR = metricSeries(rec, 'knee_valgus', 'right');

  // Standing hip height: on the ground with straight knees; else the highest the hips are on the ground.
  const onGround = (i: number) => tracks.some((t) => t.down[i] === 1);
  const standingHips: number[] = [];
  for (let i = 0; i < rec.frameCount; i++) if (onGround(i) && meanOf(kneeL[i], kneeR[i]) < 15) standingHips.push(hip[i]);
  let standing = standingHips.length ? median(standingHips) : NaN;
  if (!Number.isFinite(standing)) {
    const grounded: number[] = [];
    for (let i = 0; i < rec.frameCount; i++) if (onGround(i)) grounded.push(hip[i]);
    standing = grounded.length ? grounded.sort((a, b) => a - b)[Math.floor(grounded.length * 0.05)] : NaN;
  }

  const jumps: Jump[] = [];
  for (let k = 0; k + 1 < ground.length; k++) {
    const before = ground[k], after = ground[k + 1];
    const leave = before.endMs, reach = after.startMs;
    // Stepping down from a box is a drop, not a jump: the feet land clearly lower than they left.
    const drop = after.level - before.level > 0.5 * before.footLength;
    if (leave === null || reach === null || drop || reach - leave < MIN_FLIGHT_MS) continue;
    const flightS = (reach - leave) / 1000;
    const takeoffFrame = frameAtOrBefore(rec.timesMs, leave), landingFrame = frameAtOrAfter(rec.timesMs, reach);
    const landedUntil = after.lastFrame;
    const searchFrom = Math.max(before.firstFrame, firstSeen);

    const lowest = peakOf(hip, searchFrom, takeoffFrame, 1);
    let start = lowest;
    while (start > searchFrom && hip[start - 1] > standing + 0.02 * leg) start--;
    const braking = peakOf(hipSpeed, start, lowest, 1);
    const peak = peakOf(hip, takeoffFrame, landingFrame, -1);
    const landingEnd = peakOf(hip, landingFrame, Math.min(landedUntil, frameAtOrAfter(rec.timesMs, reach + 1000)), 1);

    const depth = hip[lowest] - standing;
    const hasCountermovement = depth > 0.03 * leg;
    const rise = standing - hip[peak];
    // Ground contact before this jump (drop and repeated jumps): from the landing that began it.
    const reactive = options.exercise === 'Drop Jump' || options.exercise === 'Repeated Jumps';
    const contactS = reactive && before.startMs !== null ? (leave - before.startMs) / 1000 : null;
    const height = (G * flightS * flightS) / 8;
    const flightSd = sdOf(before.endSdMs, after.startSdMs);

    const lTakeoff = sideEdge(left, takeoffFrame + 1, 'end'), rTakeoff = sideEdge(right, takeoffFrame + 1, 'end');
    const lLanding = sideEdge(left, landingFrame - 1, 'start'), rLanding = sideEdge(right, landingFrame - 1, 'start');
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
        takeoff_ms: lTakeoff !== null && rTakeoff !== null ? Math.round(Math.abs(lTakeoff - rTakeoff)) : null,
        landing_ms: lLanding !== null && rLanding !== null ? Math.round(Math.abs(lLanding - rLanding)) : null,
        knee_flexion_landing_pct: r1(asymmetryPct(flexL, flexR)),
      },
      uncertainty: {
        takeoff_time_s: seconds(before.endSdMs),
        landing_time_s: seconds(after.startSdMs),
        flight_time_s: seconds(flightSd),
        jump_height_m: heightSd(flightS, flightSd === null ? null : flightSd / 1000),
        contact_time_s: contactS === null ? null : seconds(sdOf(before.startSdMs, before.endSdMs)),
      },
    });
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
    metrics_uncertainty: jumpMetricsUncertainty(jumps),
    warnings,
    jumps,
  };
}

/** h = g·t²/8, so one SD of t (seconds) is g·t/4 of it in height. */
const heightSd = (flightS: number, flightSdS: number | null) => (flightSdS === null ? null : r3(((G * flightS) / 4) * flightSdS));

function jumpMetricsUncertainty(jumps: Jump[]) {
  const best = jumps.reduce((a, b) => (b.jump_height_m > a.jump_height_m ? b : a));
  return {
    best_jump_height_m: best.uncertainty.jump_height_m,
    mean_jump_height_m: heightSd(mean(jumps.map((j) => j.flight_time_s)), meanSd(jumps.map((j) => j.uncertainty.flight_time_s))),
    mean_flight_time_s: meanSd(jumps.map((j) => j.uncertainty.flight_time_s)),
    mean_contact_time_s: meanSd(jumps.filter((j) => j.contact_time_s !== null).map((j) => j.uncertainty.contact_time_s)),
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
