import type { Recording } from './keypoints.ts';
import { JOINT_INDEX, type Joint } from './skeleton.ts';
import { MIN_SCORE } from './signals.ts';
import { fillGaps, percentiles, savitzkyGolay } from './filters.ts';

/** Time series of joint positions and their derivatives, in recording units (frame heights; y down). */

/** One coordinate of a joint per frame; NaN where it was not seen (or the format lacks it). */
export function jointSeries(rec: Recording, joint: Joint, axis: 'x' | 'y'): Float64Array {
  const out = new Float64Array(rec.frameCount).fill(NaN);
  const index = JOINT_INDEX[rec.format][joint];
  if (index === undefined) return out;
  const stride = rec.pointCount * 4, k = axis === 'x' ? 0 : 1;
  for (let f = 0, o = index * 4; f < rec.frameCount; f++, o += stride) if (rec.data[o + 3] >= MIN_SCORE) out[f] = rec.data[o + k];
  return out;
}

export const hasJoint = (rec: Recording, joint: Joint) => JOINT_INDEX[rec.format][joint] !== undefined;

/** Per-frame mean of two series where both are seen, else whichever is. */
export function meanSeries(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] !== a[i] ? b[i] : b[i] !== b[i] ? a[i] : (a[i] + b[i]) / 2;
  return out;
}

/** Per-frame maximum (the lower point on screen, as y grows downwards). */
export function maxSeries(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] !== a[i] ? b[i] : b[i] !== b[i] ? a[i] : Math.max(a[i], b[i]);
  return out;
}

/** Samples in a smoothing window of about `seconds` (half-width, at least 2 for a real fit). */
export const halfWindow = (fps: number, seconds: number) => Math.max(2, Math.round((fps * seconds - 1) / 2));

/** Gaps filled and Savitzky–Golay smoothed over about `seconds`; a never-seen series stays NaN. */
export function smoothed(values: Float64Array, fps: number, seconds = 0.1): Float64Array {
  const v = values.slice();
  if (fillGaps(v) === 0) return v;
  return savitzkyGolay(v, halfWindow(fps, seconds));
}

/**
 * Rate of change per second, from a local straight-line fit over ±half samples (a Savitzky–Golay
 * derivative, which tolerates jitter far better than differencing neighbours). Uses real times,
 * so variable frame rates are fine.
 */
export function derivative(values: Float64Array, timesMs: Float64Array, half: number): Float64Array {
  const n = values.length, out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half), hi = Math.min(n - 1, i + half);
    let st = 0, sv = 0, stt = 0, stv = 0, m = 0;
    for (let k = lo; k <= hi; k++) {
      const t = (timesMs[k] - timesMs[i]) / 1000, v = values[k];
      if (v !== v) continue;
      st += t; sv += v; stt += t * t; stv += t * v; m++;
    }
    const den = m * stt - st * st;
    out[i] = m >= 2 && den > 0 ? (m * stv - st * sv) / den : NaN;
  }
  return out;
}

/**
 * The level a point rests at when on the ground: the largest y it keeps returning to. Jitter
 * spreads the resting samples, so this is the median of the samples within `tolerance` of a top
 * percentile (`share`: 0.97 over a whole recording; 1, the lowest point, over one contact).
 */
export function restingLevel(values: Float64Array, tolerance: number, share = 0.97): number {
  const sorted = values.filter((v) => v === v).sort();
  if (!sorted.length) return NaN;
  const top = sorted[Math.round(share * (sorted.length - 1))];
  let lo = 0, hi = sorted.length - 1;
  while (sorted[lo] < top - tolerance) lo++;
  while (sorted[hi] > top + tolerance) hi--;
  return sorted[lo + Math.round((hi - lo) / 2)];
}

/**
 * A length on the body in recording units: the 90th percentile of its per-frame image length,
 * since foreshortening only ever shortens a segment.
 */
export function segmentLength(rec: Recording, a: Joint, b: Joint): number {
  const ax = jointSeries(rec, a, 'x'), ay = jointSeries(rec, a, 'y'), bx = jointSeries(rec, b, 'x'), by = jointSeries(rec, b, 'y');
  const lengths: number[] = [];
  for (let i = 0; i < rec.frameCount; i++) {
    const d = Math.sqrt((ax[i] - bx[i]) ** 2 + (ay[i] - by[i]) ** 2);
    if (d === d) lengths.push(d);
  }
  return lengths.length ? percentiles(Float64Array.from(lengths), [0.9])[0] : NaN;
}

/** Left and right length of a segment, whichever side is seen better (their mean when both). */
export function bodyLength(rec: Recording, a: 'hip' | 'knee' | 'ankle' | 'shoulder' | 'ear', b: 'hip' | 'knee' | 'ankle' | 'shoulder' | 'ear'): number {
  const l = segmentLength(rec, `left_${a}`, `left_${b}`), r = segmentLength(rec, `right_${a}`, `right_${b}`);
  return l !== l ? r : r !== r ? l : (l + r) / 2;
}

/**
 * The height of a foot's lowest point per frame (y down): the lower of heel and toe where the
 * format has them (BlazePose), else the ankle (COCO-17, which then reads contact a little long,
 * as the ankle rises before the toes leave the ground).
 */
export function footSeries(rec: Recording, side: 'left' | 'right'): Float64Array {
  if (hasJoint(rec, `${side}_foot`) && hasJoint(rec, `${side}_heel`)) {
    return maxSeries(jointSeries(rec, `${side}_heel`, 'y'), jointSeries(rec, `${side}_foot`, 'y'));
  }
  return jointSeries(rec, `${side}_ankle`, 'y');
}

/** The largest seen value over frames from..to (NaN when none is seen). */
export function maxBetween(v: Float64Array, from: number, to: number): number {
  let best = NaN;
  for (let i = from; i <= to; i++) if (v[i] === v[i] && !(v[i] <= best)) best = v[i];
  return best;
}

/** +1 when the person faces image right (the nose ahead of the ears, as seen from the side), -1 when left. */
export function facingDirection(rec: Recording): 1 | -1 {
  const nose = jointSeries(rec, 'nose', 'x');
  const ears = meanSeries(jointSeries(rec, 'left_ear', 'x'), jointSeries(rec, 'right_ear', 'x'));
  let votes = 0;
  for (let i = 0; i < rec.frameCount; i++) if (nose[i] === nose[i] && ears[i] === ears[i]) votes += Math.sign(nose[i] - ears[i]);
  return votes < 0 ? -1 : 1;
}

/** Index of the last frame at or before a time, and of the first frame at or after it. */
export function frameAtOrBefore(timesMs: Float64Array, t: number): number {
  let lo = 0, hi = timesMs.length - 1;
  if (t <= timesMs[0]) return 0;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (timesMs[mid] <= t) lo = mid; else hi = mid - 1; }
  return lo;
}
export const frameAtOrAfter = (timesMs: Float64Array, t: number) => {
  const f = frameAtOrBefore(timesMs, t);
  return timesMs[f] >= t ? f : Math.min(timesMs.length - 1, f + 1);
};
