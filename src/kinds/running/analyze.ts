import type { Recording } from '../../motion/keypoints.ts';
import { metricSeries } from '../../motion/signals.ts';
import { facingDirection, frameAtOrAfter, frameAtOrBefore, jointSeries, meanSeries, smoothed } from '../../motion/series.ts';
import { footTrack, type FootTrack } from '../../motion/foot-contact.ts';
import { metres, pctOfHeight } from '../../motion/stature.ts';
import { AnalysisFailed } from '../../analysis-errors.ts';
import { asymmetryPct, calibrate, frameAngles, mean, meanSd, r1, r3, seconds, timeable, timestampsS, timingWarnings, type SportsResultBase } from '../sports/common.ts';

export type RunningOptions = { incline_degree?: number; speed_mps?: number; athlete_height_m?: number };

export type Contact = 'left' | 'right' | 'both' | 'none';

export interface Step {
  step_number: number;
  side: 'left' | 'right';
  contact_start_frame: number;
  contact_end_frame: number;
  contact_start_s: number;
  /** Null where the feet have no toe and heel points (coco17): an ankle cannot time a contact. */
  ground_contact_time_s: number | null;
  /** Time in the air after this contact, until the other foot lands. */
  flight_time_s: number | null;
  knee_flexion_at_contact_deg: number | null;
  /** How far ahead of the hips the ankle lands (positive = overstriding). */
  overstride_m: number | null;
  overstride_pct_height: number | null;
  /** Shin against vertical at contact, positive when the ankle lands ahead of the knee. */
  shin_angle_at_contact_deg: number | null;
  /** One standard deviation of each timed figure, in seconds: from the frame rate, the points' jitter and the contact rule. */
  uncertainty: { contact_start_s: number | null; ground_contact_time_s: number | null; flight_time_s: number | null };
}

export interface RunningResult extends SportsResultBase {
  activity: 'running';
  steps: Step[];
  contact: Contact[];
}

const DEG = 180 / Math.PI;

interface TimedContact { side: 'left' | 'right'; startMs: number; endMs: number; startSdMs: number; endSdMs: number; fromToes: boolean }

export function analyzeRunning(rec: Recording, options: RunningOptions): RunningResult {
  const { scale, calibration } = calibrate(rec, options.athlete_height_m);
  const tracks = (['left', 'right'] as const).map((side) => footTrack(rec, side, { running: true })).filter((t): t is FootTrack => t !== null);
  if (!tracks.length) throw new AnalysisFailed('keypoints_insufficient', 'The feet are never visible with enough confidence to find foot contacts.');
  const warnings = timingWarnings(tracks, rec);
  const timed = tracks.filter(timeable);

  // A contact cut by the start or end of the clip, or by the runner leaving the view, is not timed.
  const contacts: TimedContact[] = timed.flatMap((t) => t.contacts.flatMap((c) =>
    c.startMs !== null && c.endMs !== null && c.endMs > c.startMs ? [{ side: t.side, startMs: c.startMs, endMs: c.endMs, startSdMs: c.startSdMs!, endSdMs: c.endSdMs!, fromToes: t.points === 'toe and heel' }] : []));
  contacts.sort((a, b) => a.startMs - b.startMs);
  if (timed.length === tracks.length && contacts.length < 3) {
    throw new AnalysisFailed('no_running_detected', `Only ${contacts.length} complete foot contacts were found; running needs at least 3. Film the runner from the side with both feet in view.`);
  }
  const onGround: Record<'left' | 'right', Uint8Array> = { left: new Uint8Array(rec.frameCount), right: new Uint8Array(rec.frameCount) };
  for (const t of timed) onGround[t.side].set(t.down);

  // Which way the runner faces: the nose is ahead of the ears.
  const hipX = meanSeries(jointSeries(rec, 'left_hip', 'x'), jointSeries(rec, 'right_hip', 'x'));
  const hipY = smoothed(meanSeries(jointSeries(rec, 'left_hip', 'y'), jointSeries(rec, 'right_hip', 'y')), rec.fps, 0.05);
  const facing = facingDirection(rec);
  const lean = signedLean(rec, facing);
  const knee = { left: metricSeries(rec, 'knee_flexion', 'left'), right: metricSeries(rec, 'knee_flexion', 'right') };

  // Built once per side, not per step: a long run has thousands of steps.
  const legOf = (side: 'left' | 'right') => ({
    ankleX: jointSeries(rec, `${side}_ankle`, 'x'), ankleY: jointSeries(rec, `${side}_ankle`, 'y'),
    kneeX: jointSeries(rec, `${side}_knee`, 'x'), kneeY: jointSeries(rec, `${side}_knee`, 'y'),
  });
  const legs = { left: legOf('left'), right: legOf('right') };

  const steps: Step[] = contacts.map((c, i) => {
    const f = frameAtOrAfter(rec.timesMs, c.startMs);
    const leg = legs[c.side];
    const ankleX = leg.ankleX[f], ankleY = leg.ankleY[f], kneeX = leg.kneeX[f], kneeY = leg.kneeY[f];
    const ahead = (ankleX - hipX[f]) * facing;
    const next = contacts[i + 1];
    // Flight runs from this toe-off to the other foot's landing; an ankle times neither.
    const flight = next && next.side !== c.side && c.fromToes && next.fromToes;
    return {
      step_number: i + 1,
      side: c.side,
      contact_start_frame: f,
      contact_end_frame: frameAtOrBefore(rec.timesMs, c.endMs),
      contact_start_s: Math.round(c.startMs) / 1000,
      ground_contact_time_s: c.fromToes ? r3((c.endMs - c.startMs) / 1000) : null,
      flight_time_s: flight ? r3(Math.max(0, next.startMs - c.endMs) / 1000) : null,
      knee_flexion_at_contact_deg: r1(knee[c.side][f]),
      overstride_m: metres(ahead, scale),
      overstride_pct_height: pctOfHeight(ahead, scale),
      shin_angle_at_contact_deg: r1(Math.atan2((ankleX - kneeX) * facing, ankleY - kneeY) * DEG),
      uncertainty: {
        contact_start_s: seconds(c.startSdMs),
        ground_contact_time_s: c.fromToes ? seconds(Math.hypot(c.startSdMs, c.endSdMs)) : null,
        flight_time_s: flight ? seconds(Math.hypot(c.endSdMs, next.startSdMs)) : null,
      },
    };
  });

  // Vertical oscillation: the hips' rise and fall over each step.
  const swingsOfHip: number[] = [];
  for (let i = 0; i + 1 < contacts.length; i++) {
    const a = frameAtOrBefore(rec.timesMs, contacts[i].startMs), b = frameAtOrAfter(rec.timesMs, contacts[i + 1].startMs);
    let lo = Infinity, hi = -Infinity;
    for (let k = a; k <= b; k++) if (hipY[k] === hipY[k]) { lo = Math.min(lo, hipY[k]); hi = Math.max(hi, hipY[k]); }
    if (hi > lo) swingsOfHip.push(hi - lo);
  }
  const oscillation = mean(swingsOfHip);
  const { cadence, cadenceSd } = cadenceOf(contacts);
  const bySide = (side: 'left' | 'right', f: (s: Step) => number | null) => mean(steps.filter((s) => s.side === side).map((s) => f(s) ?? NaN));
  const stepTimeS = 60 / cadence;

  const contact: Contact[] = Array.from(rec.seen, (_, i) => {
    const l = onGround.left[i], r = onGround.right[i];
    return l && r ? 'both' : l ? 'left' : r ? 'right' : 'none';
  });

  return {
    activity: 'running',
    format: rec.format,
    fps: Math.round(rec.fps * 100) / 100,
    frame_count: rec.frameCount,
    calibration,
    timestamps_s: timestampsS(rec),
    end_frames: steps.map((s) => s.contact_end_frame),
    angles: frameAngles(rec),
    metrics: {
      step_count: steps.length,
      cadence_spm: r1(cadence),
      mean_ground_contact_time_s: r3(mean(steps.map((s) => s.ground_contact_time_s ?? NaN))),
      mean_flight_time_s: r3(mean(steps.map((s) => s.flight_time_s ?? NaN))),
      vertical_oscillation_m: metres(oscillation, scale),
      vertical_oscillation_pct_height: pctOfHeight(oscillation, scale),
      mean_trunk_lean_deg: r1(mean(Array.from(lean))),
      mean_knee_flexion_at_contact_deg: r1(mean(steps.map((s) => s.knee_flexion_at_contact_deg ?? NaN))),
      mean_overstride_m: scale.metresPerUnit === null ? null : r3(mean(steps.map((s) => s.overstride_m ?? NaN))),
      mean_overstride_pct_height: r1(mean(steps.map((s) => s.overstride_pct_height ?? NaN))),
      mean_shin_angle_at_contact_deg: r1(mean(steps.map((s) => s.shin_angle_at_contact_deg ?? NaN))),
      contact_time_asymmetry_pct: r1(asymmetryPct(bySide('left', (s) => s.ground_contact_time_s), bySide('right', (s) => s.ground_contact_time_s))),
      flight_time_asymmetry_pct: r1(asymmetryPct(bySide('left', (s) => s.flight_time_s), bySide('right', (s) => s.flight_time_s))),
      knee_flexion_at_contact_asymmetry_pct: r1(asymmetryPct(bySide('left', (s) => s.knee_flexion_at_contact_deg), bySide('right', (s) => s.knee_flexion_at_contact_deg))),
      step_time_s: r3(stepTimeS),
      step_length_m: options.speed_mps === undefined ? null : r3(options.speed_mps * stepTimeS),
      speed_mps: options.speed_mps ?? null,
      incline_degree: options.incline_degree ?? null,
    },
    metrics_uncertainty: {
      cadence_spm: cadenceSd === null ? null : r1(cadenceSd),
      mean_ground_contact_time_s: meanSd(steps.filter((s) => s.ground_contact_time_s !== null).map((s) => s.uncertainty.ground_contact_time_s)),
      mean_flight_time_s: meanSd(steps.filter((s) => s.flight_time_s !== null).map((s) => s.uncertainty.flight_time_s)),
      step_time_s: cadenceSd === null ? null : r3((60 / cadence) * (cadenceSd / cadence)),
    },
    warnings,
    steps,
    contact,
  };
}

/**
 * Steps per minute from each foot's stride (its own contact to its next): a foot whose contacts
 * are all timed counts even when the other foot is hidden or cut. One SD from the first and last
 * contacts' timing over the span.
 */
function cadenceOf(contacts: TimedContact[]): { cadence: number; cadenceSd: number | null } {
  let strides = 0, span = 0, variance = 0;
  for (const side of ['left', 'right'] as const) {
    const own = contacts.filter((c) => c.side === side);
    if (own.length < 2) continue;
    const first = own[0], last = own[own.length - 1];
    strides += own.length - 1;
    span += last.startMs - first.startMs;
    variance += first.startSdMs ** 2 + last.startSdMs ** 2;
  }
  if (!strides || !(span > 0)) return { cadence: NaN, cadenceSd: null };
  const cadence = (120 * 1000 * strides) / span;
  return { cadence, cadenceSd: (cadence * Math.sqrt(variance)) / span };
}

/** Trunk against vertical per frame, positive leaning forward (towards where the runner faces). */
function signedLean(rec: Recording, facing: 1 | -1): Float64Array {
  const sx = meanSeries(jointSeries(rec, 'left_shoulder', 'x'), jointSeries(rec, 'right_shoulder', 'x'));
  const sy = meanSeries(jointSeries(rec, 'left_shoulder', 'y'), jointSeries(rec, 'right_shoulder', 'y'));
  const hx = meanSeries(jointSeries(rec, 'left_hip', 'x'), jointSeries(rec, 'right_hip', 'x'));
  const hy = meanSeries(jointSeries(rec, 'left_hip', 'y'), jointSeries(rec, 'right_hip', 'y'));
  return sx.map((_, i) => Math.atan2((sx[i] - hx[i]) * facing, hy[i] - sy[i]) * DEG);
}
