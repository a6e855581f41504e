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

/** Least-squares parabola y = a·t² + b·t + c through the points (t in seconds); null if degenerate. */
export function fitParabola(ts: number[], ys: number[]): [number, number, number] | null {
  const n = ts.length;
  if (n < 3) return null;
  // Centre time for conditioning, then shift back.
  const t0 = ts.reduce((s, t) => s + t, 0) / n;
  let s1 = 0, s2 = 0, s3 = 0, s4 = 0, y0 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < n; i++) {
    const t = ts[i] - t0, t2 = t * t;
    s1 += t; s2 += t2; s3 += t2 * t; s4 += t2 * t2;
    y0 += ys[i]; y1 += ys[i] * t; y2 += ys[i] * t2;
  }
  // Normal equations [s4 s3 s2; s3 s2 s1; s2 s1 n] · [a b c] = [y2 y1 y0], by Cramer's rule.
  const det3 = (m: number[]) => m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  const D = det3([s4, s3, s2, s3, s2, s1, s2, s1, n]);
  if (Math.abs(D) < 1e-18) return null;
  const a = det3([y2, s3, s2, y1, s2, s1, y0, s1, n]) / D;
  const b = det3([s4, y2, s2, s3, y1, s1, s2, y0, n]) / D;
  const c = det3([s4, s3, y2, s3, s2, y1, s2, s1, y0]) / D;
  // Undo the centring: a(t−t0)² + b(t−t0) + c.
  return [a, b - 2 * a * t0, a * t0 * t0 - b * t0 + c];
}

/** Least-squares line y = b·t + c; null if all times are equal. */
export function fitLine(ts: number[], ys: number[]): [number, number] | null {
  const n = ts.length;
  let st = 0, sy = 0, stt = 0, sty = 0;
  for (let i = 0; i < n; i++) { st += ts[i]; sy += ys[i]; stt += ts[i] * ts[i]; sty += ts[i] * ys[i]; }
  const den = n * stt - st * st;
  if (n < 2 || Math.abs(den) < 1e-18) return null;
  const b = (n * sty - st * sy) / den;
  return [b, (sy - b * st) / n];
}

/** Real roots of a·t² + b·t + c = level, ascending. */
export function solveAt(p: [number, number, number], level: number): number[] {
  const [a, b, c0] = p, c = c0 - level;
  if (Math.abs(a) < 1e-12) return Math.abs(b) < 1e-12 ? [] : [-c / b];
  const disc = b * b - 4 * a * c;
  if (disc < 0) return [];
  const r = Math.sqrt(disc);
  return [(-b - r) / (2 * a), (-b + r) / (2 * a)].sort((x, y) => x - y);
}

/**
 * The level a point rests at when on the ground: the largest y it keeps returning to. Jitter
 * spreads the resting samples, so this is the median of the samples near the top percentile.
 */
export function restingLevel(values: Float64Array, tolerance: number): number {
  const finite = Float64Array.from(values.filter((v) => v === v));
  if (!finite.length) return NaN;
  const [top] = percentiles(finite, [0.97]);
  const near = finite.filter((v) => v >= top - tolerance && v <= top + tolerance);
  return percentiles(near, [0.5])[0];
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

/** The median of the resting samples (below `clear`, y down) between two frames; null when fewer than three. */
export function restingLevelBetween(y: Float64Array, from: number, to: number, clear: number): number | null {
  const v: number[] = [];
  for (let i = Math.max(0, from); i <= Math.min(y.length - 1, to); i++) if (y[i] === y[i] && y[i] > clear) v.push(y[i]);
  return v.length >= 3 ? v.sort((a, b) => a - b)[v.length >> 1] : null;
}

/** The largest seen value over frames from..to (NaN when none is seen). */
export function maxBetween(v: Float64Array, from: number, to: number): number {
  let best = NaN;
  for (let i = from; i <= to; i++) if (v[i] === v[i] && !(v[i] <= best)) best = v[i];
  return best;
}

/** The spread of a resting point around its level (robust: median absolute deviation × 1.48). */
export function restingSpread(values: Float64Array, level: number, tolerance: number): number {
  const dev: number[] = [];
  for (const v of values) if (v === v && Math.abs(v - level) <= tolerance) dev.push(Math.abs(v - level));
  return dev.length ? percentiles(Float64Array.from(dev), [0.5])[0] * 1.48 : 0;
}

/** +1 when the person faces image right (the nose ahead of the ears, as seen from the side), -1 when left. */
export function facingDirection(rec: Recording): 1 | -1 {
  const nose = jointSeries(rec, 'nose', 'x');
  const ears = meanSeries(jointSeries(rec, 'left_ear', 'x'), jointSeries(rec, 'right_ear', 'x'));
  let votes = 0;
  for (let i = 0; i < rec.frameCount; i++) if (nose[i] === nose[i] && ears[i] === ears[i]) votes += Math.sign(nose[i] - ears[i]);
  return votes < 0 ? -1 : 1;
}
