import type { Recording } from '../../motion/keypoints.ts';
import { fillGaps, savitzkyGolay } from '../../motion/filters.ts';
import { segmentReps, type RepWindow } from '../../motion/segment.ts';
import { metricSeries, type Metric, type Side } from '../../motion/signals.ts';
import type { Exercise, Measurement } from './catalogue.ts';
import { AnalysisFailed } from '../kind.ts';

export interface MeasurementResult {
  type: 'peak' | 'static';
  frame?: number;
  accuracy: number;
  value?: number;
  error?: { frame: number; accuracy: number; message: string };
  measurement_id: number;
  message: string;
  priority: number;
}

export interface RepResult {
  rep_number: number;
  start_frame_number: number;
  peak_frame_number: number;
  end_frame_number: number;
  overall_accuracy_measurement: number;
  measurement_results: MeasurementResult[];
}

export interface AssessmentResult {
  name: string;
  count: number;
  individual_reps_list: RepResult[];
  /** The smoothed rep signal and frame times, for the report chart. */
  signal: { metric: Metric; values: number[]; times_ms: number[] };
  fps: number;
  frame_count: number;
}

/** Accuracy 100 inside [lo, hi], falling linearly to 0 at `tolerance` outside it. */
export const rangeAccuracy = (value: number, lo: number, hi: number, tolerance: number) => {
  const outside = value < lo ? lo - value : value > hi ? value - hi : 0;
  return Math.max(0, 100 * (1 - outside / tolerance));
};

/** Smoothing over about a fifth of a second: removes jitter, keeps peaks. */
const halfWindowFor = (fps: number) => Math.max(0, Math.round((fps * 0.2 - 1) / 2));

/** Gaps filled, then smoothed; all-missing stays NaN. */
function smooth(raw: Float64Array, half: number): Float64Array {
  return fillGaps(raw) === 0 ? raw : savitzkyGolay(raw, half);
}

/** A metric smoothed over a window of frames, read by absolute frame number. */
interface Window { from: number; values: Float64Array }
const valueAt = (w: Window, frame: number) => w.values[frame - w.from];

const rounded = (values: ArrayLike<number>) => {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? Math.round(values[i] * 10) / 10 : 0;
  return out;
};

export function assessExercise(exercise: Exercise, rec: Recording): AssessmentResult {
  const half = halfWindowFor(rec.fps);
  const { metric, side, direction } = exercise.signal;
  const sig = smooth(metricSeries(rec, metric, side), half);
  const seen = !Number.isNaN(sig[0]);
  if (!seen && rec.seen.includes(1)) {
    throw new AnalysisFailed('keypoints_insufficient',
      `${exercise.name} is measured from ${metric.replace(/_/g, ' ')}, and the points it needs are never visible with enough confidence in this ${rec.format} recording` +
      (rec.format === 'coco17' ? ' (coco17 has no heel or foot points; send blazepose33).' : '.'));
  }
  const oriented = direction === 1 ? sig : sig.map((v) => -v);
  const windows = seen ? segmentReps(oriented, rec.timesMs, { minAmplitude: exercise.minAmplitude, minRepMs: exercise.minRepMs }) : [];

  // Measurements are only needed around reps: compute each metric just there (with a margin so
  // the smoothing is the same as over the whole recording).
  const windowed = (m: Metric, s: Side | 'both', lo: number, hi: number): Window => {
    if (m === metric && s === side) return { from: 0, values: sig };
    const from = Math.max(0, lo - half), to = Math.min(rec.frameCount, hi + half + 1);
    return { from, values: smooth(metricSeries(rec, m, s, from, to), half) };
  };

  const reps = windows.map((w, i) => assessRep(exercise, w, i + 1, windowed));
  return {
    name: exercise.name,
    count: reps.length,
    individual_reps_list: reps,
    signal: { metric, values: rounded(sig), times_ms: rounded(rec.timesMs) },
    fps: Math.round(rec.fps * 10) / 10,
    frame_count: rec.frameCount,
  };
}

type Windowed = (m: Metric, s: Side | 'both', lo: number, hi: number) => Window;

function assessRep(exercise: Exercise, w: RepWindow, repNumber: number, windowed: Windowed): RepResult {
  // A measurement the recording cannot show (e.g. heels in coco17) is left out, not scored 0.
  const results = exercise.measurements.map((m) => measure(m, w, exercise.tolerance, m.type === 'peak'
    ? windowed(m.metric, m.side, w.peak, w.peak)
    : windowed(m.metric, m.side, w.start, w.end))).filter((r): r is MeasurementResult => r !== null);
  // Priority 1 matters most: weight each measurement by 1/priority.
  let num = 0, den = 0;
  for (const r of results) { num += r.accuracy / r.priority; den += 1 / r.priority; }
  return {
    rep_number: repNumber,
    start_frame_number: w.start,
    peak_frame_number: w.peak,
    end_frame_number: w.end,
    overall_accuracy_measurement: den ? Math.round(num / den) : 0,
    measurement_results: results,
  };
}

function measure(m: Measurement, w: RepWindow, tolerance: number, s: Window): MeasurementResult | null {
  const ids = { measurement_id: m.id, message: m.message, priority: m.priority };
  if (m.type === 'peak') {
    const value = valueAt(s, w.peak);
    if (Number.isNaN(value)) return null;
    return { type: 'peak', frame: w.peak, accuracy: Math.round(rangeAccuracy(value, m.target[0], m.target[1], tolerance)), value: Math.round(value), ...ids };
  }
  const origin = m.relative ? valueAt(s, w.start) : 0;
  const lo = m.limit.min ?? -Infinity, hi = m.limit.max ?? Infinity;
  let sum = 0, count = 0, worst = 100, worstFrame = w.start;
  for (let f = w.start; f <= w.end; f++) {
    const v = valueAt(s, f) - origin;
    if (Number.isNaN(v)) continue;
    const a = rangeAccuracy(v, lo, hi, tolerance);
    sum += a; count++;
    if (a < worst) { worst = a; worstFrame = f; }
  }
  if (!count) return null;
  const accuracy = Math.round(sum / count);
  // The worst moment is reported where the constraint was broken, as in reference 000.
  if (worst < 100) return { type: 'static', accuracy, error: { frame: worstFrame, accuracy: Math.round(worst), message: m.message }, ...ids };
  return { type: 'static', accuracy, ...ids };
}
