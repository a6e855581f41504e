import type { Recording } from '../../motion/keypoints.ts';
import { fillGaps, savitzkyGolay } from '../../motion/filters.ts';
import { segmentReps, type RepWindow } from '../../motion/segment.ts';
import { metricSeries, type Metric, type Side } from '../../motion/signals.ts';
import type { Exercise, Measurement } from './catalogue.ts';

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

/** Smoothing window of about a fifth of a second: enough to remove jitter, short enough for peaks. */
const halfWindowFor = (fps: number) => Math.max(0, Math.round((fps * 0.2 - 1) / 2));

export function assessExercise(exercise: Exercise, rec: Recording): AssessmentResult {
  const half = halfWindowFor(rec.fps);
  const cache = new Map<string, Float64Array>();
  const series = (metric: Metric, side: Side | 'both') => {
    const key = `${metric}:${side}`;
    let s = cache.get(key);
    if (!s) {
      const raw = metricSeries(rec, metric, side);
      s = fillGaps(raw) === 0 ? raw : savitzkyGolay(raw, half);
      cache.set(key, s);
    }
    return s;
  };

  const sig = series(exercise.signal.metric, exercise.signal.side);
  const oriented = exercise.signal.direction === 1 ? sig : sig.map((v) => -v);
  const seen = sig.some((v) => !Number.isNaN(v));
  const windows = seen ? segmentReps(oriented, rec.timesMs, { minAmplitude: exercise.minAmplitude, minRepMs: exercise.minRepMs }) : [];

  const reps = windows.map((w, i) => assessRep(exercise, w, i + 1, series));
  return {
    name: exercise.name,
    count: reps.length,
    individual_reps_list: reps,
    signal: { metric: exercise.signal.metric, values: Array.from(sig, (v) => round1(v)), times_ms: rec.timesMs.map(round1) },
    fps: round1(rec.fps),
    frame_count: rec.frames.length,
  };
}

const round1 = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : 0);

function assessRep(exercise: Exercise, w: RepWindow, repNumber: number, series: (m: Metric, s: Side | 'both') => Float64Array): RepResult {
  const results = exercise.measurements.map((m) => measure(m, w, exercise.tolerance, series(m.metric, m.side)));
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

function measure(m: Measurement, w: RepWindow, tolerance: number, s: Float64Array): MeasurementResult {
  const base = { measurement_id: m.id, message: m.message, priority: m.priority };
  if (m.type === 'peak') {
    const value = s[w.peak];
    if (Number.isNaN(value)) return { type: 'peak', frame: w.peak, accuracy: 0, value: 0, ...base };
    return { type: 'peak', frame: w.peak, accuracy: Math.round(rangeAccuracy(value, m.target[0], m.target[1], tolerance)), value: Math.round(value), ...base };
  }
  const origin = m.relative ? s[w.start] : 0;
  const lo = m.limit.min ?? -Infinity, hi = m.limit.max ?? Infinity;
  let sum = 0, count = 0, worst = 100, worstFrame = w.start;
  for (let f = w.start; f <= w.end; f++) {
    const v = s[f] - origin;
    if (Number.isNaN(v)) continue;
    const a = rangeAccuracy(v, lo, hi, tolerance);
    sum += a; count++;
    if (a < worst) { worst = a; worstFrame = f; }
  }
  const result: MeasurementResult = { type: 'static', accuracy: count ? Math.round(sum / count) : 0, ...base };
  if (worst < 100) result.error = { frame: worstFrame, accuracy: Math.round(worst), message: m.message };
  return { type: result.type, accuracy: result.accuracy, ...(result.error ? { error: result.error } : {}), ...base };
}
