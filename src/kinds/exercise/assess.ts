import { everyNthFrame, type Recording } from '../../motion/keypoints.ts';
import { fillGaps } from '../../motion/filters.ts';
import type { RepWindow } from '../../motion/segment.ts';
import { postureMask } from '../../motion/posture.ts';
import { cleanChannel, countRepetitions, type RepChannel } from '../../motion/repetitions.ts';
import { bothSides, DEPTH_METRICS, metricSeries, smoothingHalfWindow, smoothSeries, type Metric, type Side } from '../../motion/signals.ts';
import { estimateView, type CameraView, type ViewEstimate } from '../../motion/view.ts';
import { measurableFrom, showsPlane, type AssessmentWarning } from './camera-view.ts';
import { countWarnings } from './count-warnings.ts';
import type { Exercise, Measurement } from './catalogue.ts';
import { AnalysisFailed } from '../../analysis-errors.ts';

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
  /** The camera view estimated from the keypoints, when the shoulders and hips are seen. */
  camera_view: { view: CameraView; shoulder_ratio: number } | null;
  /** What the recording could not support (a measurement left out for the camera view, nobody in view). */
  warnings: AssessmentWarning[];
  /** The smoothed rep signal and frame times, for the report chart. */
  signal: { metric: Metric; values: number[]; times_ms: number[] };
  fps: number;
  frame_count: number;
}

/** An exercise session's result: each assessment by the name the client gave it. */
export interface ExerciseResult { assessments: Record<string, AssessmentResult> }

/** Accuracy 100 inside [lo, hi], falling linearly to 0 at `tolerance` outside it. */
export const rangeAccuracy = (value: number, lo: number, hi: number, tolerance: number) => {
  const outside = value < lo ? lo - value : value > hi ? value - hi : 0;
  return Math.max(0, 100 * (1 - outside / tolerance));
};


/** A metric smoothed over a window of frames, read by absolute frame number. */
interface Window { from: number; values: Float64Array }
const valueAt = (w: Window, frame: number) => w.values[frame - w.from];

const rounded = (values: ArrayLike<number>) => {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? Math.round(values[i] * 10) / 10 : 0;
  return out;
};

export function assessExercise(exercise: Exercise, rec: Recording): AssessmentResult {
  const half = smoothingHalfWindow(rec.fps);
  const { metric, side } = exercise.signal;
  const base = { name: exercise.name, fps: Math.round(rec.fps * 10) / 10, frame_count: rec.frameCount };
  if (!rec.seen.includes(1)) {
    return {
      ...base, count: 0, individual_reps_list: [], camera_view: null,
      warnings: [{ code: 'no_person_detected', message: `${exercise.name}: no person is visible in any frame of this recording, so no rep could be counted.` }],
      signal: { metric, values: [], times_ms: [] },
    };
  }
  const series = seriesCache(rec);
  const raw = side === 'both' ? bothSides(metric, series(metric, 'left', 'joints'), series(metric, 'right', 'joints')) : series(metric, side, 'joints').slice();
  // fillGaps answers how many frames were really seen (and smoothSeries finds nothing left to fill).
  const seenShare = fillGaps(raw) / raw.length;
  const sig = smoothSeries(raw, half);
  if (Number.isNaN(sig[0])) {
    throw new AnalysisFailed('keypoints_insufficient',
      `${exercise.name} is measured from ${metric.replace(/_/g, ' ')}, and the points it needs are never visible with enough confidence in this ${rec.format} recording` +
      (rec.format === 'coco17' ? ' (coco17 has no heel or foot points; send blazepose33).' : '.'));
  }
  const windows = countReps(exercise, rec, estimateView(rec), series);
  // The view while exercising, not while getting ready: from the reps' frames when there are any.
  const view = estimateView(rec, windows.length ? windows : undefined);
  const { measurements, warnings } = measurableFrom(exercise, view, rec.hasDepth);

  // Measurements are only needed around reps: compute each metric just there (with a margin so
  // the smoothing is the same as over the whole recording).
  const windowed = (m: Metric, s: Side | 'both', lo: number, hi: number): Window => {
    if (m === metric && s === side) return { from: 0, values: sig };
    const from = Math.max(0, lo - half), to = Math.min(rec.frameCount, hi + half + 1);
    return { from, values: smoothSeries(metricSeries(rec, m, s, from, to), half) };
  };

  const reps = windows.map((w, i) => assessRep(exercise.tolerance, measurements, w, i + 1, windowed));
  return {
    ...base,
    count: reps.length,
    individual_reps_list: reps,
    camera_view: view && { view: view.view, shoulder_ratio: view.shoulderRatio },
    warnings: [...countWarnings(exercise, reps.length, seenShare, sig), ...warnings],
    signal: { metric, values: rounded(sig), times_ms: rounded(rec.timesMs) },
  };
}

/**
 * A metric's raw series over the whole recording on one side: in the image plane (`flat`), in 3D
 * from the points with rebuilt depth (`joints`, what measurements use), or in 3D from the depth as
 * given (`given`, what counting uses: its direction is often right where its size is not, and the
 * fusion only needs the direction).
 */
type Depth = 'flat' | 'joints' | 'given';
type SeriesOf = (metric: Metric, side: Side, depth: Depth) => Float64Array;

/** Each series computed once per assessment: counting and the rep signal share them. Callers copy before changing one. */
function seriesCache(rec: Recording): SeriesOf {
  const sources: Record<Depth, Recording> = { flat: { ...rec, hasDepth: false, joints3d: null }, joints: rec, given: { ...rec, joints3d: null } };
  const cache = new Map<string, Float64Array>();
  return (metric, side, depth) => {
    const source = rec.hasDepth && DEPTH_METRICS.has(metric) ? depth : 'flat';
    const key = `${metric}/${side}/${source}`;
    let s = cache.get(key);
    if (!s) cache.set(key, (s = metricSeries(sources[source], metric, side)));
    return s;
  };
}

type Windowed = (m: Metric, s: Side | 'both', lo: number, hi: number) => Window;

function assessRep(tolerance: number, measurements: Measurement[], w: RepWindow, repNumber: number, windowed: Windowed): RepResult {
  // A measurement the recording cannot show (e.g. heels in coco17) is left out, not scored 0.
  const results = measurements.map((m) => measure(m, w, tolerance, m.type === 'peak'
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

/**
 * The joint angles reps are counted from: the exercise's signal (and any others that move with it)
 * on each side, in the image plane and, when the keypoints carry depth, in 3D. Image-plane angles
 * come first: their direction is trusted; a 3D angle built from estimated depth can read a
 * movement upside down. Which way is up is the exercise's own signal's call, though: in 3D where
 * the image sees it edge-on, since a helper in the image (the hips' height in a front-filmed
 * squat) reads real reps upside down more often than the 3D knee angle does.
 */
function repChannels(exercise: Exercise, rec: Recording, view: ViewEstimate | null, series: SeriesOf): RepChannel[] {
  const specs = [exercise.signal, ...(exercise.countAlso ?? [])];
  // An image-plane angle seen edge-on (knee flexion from the front) is a poor, saturating
  // projection; with depth, the 3D angle stands in for it.
  const edgeOn = (spec: Exercise['signal']) => rec.hasDepth && DEPTH_METRICS.has(spec.metric) && view !== null && !showsPlane(exercise, spec.metric, view.view);
  const channels: RepChannel[] = [];
  for (const depth of rec.hasDepth ? [false, true] : [false]) {
    for (const spec of specs) {
      if (depth && !DEPTH_METRICS.has(spec.metric)) continue;
      if (!depth && edgeOn(spec)) continue;
      const sides: Side[] = spec.side === 'both' ? ['left', 'right'] : [spec.side];
      for (const side of sides) {
        const v = cleanChannel(series(spec.metric, side, depth ? 'given' : 'flat'), rec.fps);
        if (!v) continue;
        if (spec.direction === -1) for (let i = 0; i < v.length; i++) v[i] = -v[i];
        channels.push({ values: v, trusted: !depth, leads: spec === exercise.signal && (!depth || edgeOn(spec)) });
      }
    }
  }
  return channels;
}

/** Reps are counted on at most ~30 frames a second: a 60 or 120 fps recording adds cost, not reps. */
const COUNTING_FPS = 30;

function countReps(exercise: Exercise, rec: Recording, view: ViewEstimate | null, series: SeriesOf): RepWindow[] {
  const step = Math.max(1, Math.floor(rec.fps / COUNTING_FPS));
  const sparse = everyNthFrame(rec, step);
  const inPosture = exercise.posture ? postureMask(sparse, exercise.posture) : undefined;
  const channels = repChannels(exercise, sparse, view, step === 1 ? series : seriesCache(sparse));
  const reps = countRepetitions(channels, sparse.timesMs, sparse.fps, { minAmplitude: exercise.minAmplitude, minRepMs: exercise.minRepMs, inPosture, dropUnlikeReps: exercise.dropUnlikeReps });
  const last = rec.frameCount - 1;
  return reps.map((w) => ({ start: w.start * step, peak: w.peak * step, end: Math.min(last, w.end * step) }));
}
