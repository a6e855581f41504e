import { fitLine, fitParabola, solveAt } from './series.ts';

/**
 * When a foot left or reached the ground, to a fraction of a frame. Near the edge the foot is in
 * free flight (jumps) or moving steadily (running), so a parabola through the first (or last) few
 * airborne samples, solved for the ground level, finds the moment between two frames. If the fit
 * is not usable, the crossing is interpolated between the two frames around it.
 *
 * `y` grows downwards; `ground` is the foot's resting level; samples above `clearLevel` (smaller y)
 * are surely airborne. `first`..`last` are the frames of one airborne stretch.
 */
export function edgeTimeMs(y: Float64Array, timesMs: Float64Array, ground: number, clearLevel: number,
  first: number, last: number, edge: 'leave' | 'reach', samples: number): number {
  const step = edge === 'leave' ? 1 : -1;
  const picked: number[] = [];
  for (let i = edge === 'leave' ? first : last; i >= first && i <= last && picked.length < samples; i += step) {
    if (y[i] === y[i] && y[i] < clearLevel) picked.push(i);
  }
  // The neighbour on the ground side of the stretch, for the fallback and the plausibility check.
  const outside = edge === 'leave' ? first - 1 : last + 1;
  const edgeSample = picked[0];
  if (edgeSample === undefined) return timesMs[edge === 'leave' ? first : last];
  const frameMs = timesMs.length > 1 ? (timesMs[timesMs.length - 1] - timesMs[0]) / (timesMs.length - 1) : 33;
  // The edge lies within a few frames (or 80 ms) outside the last surely-airborne sample.
  const reachMs = Math.max(3 * frameMs, 80);

  const [lo, hi] = edge === 'leave' ? [timesMs[edgeSample] - reachMs, timesMs[edgeSample]] : [timesMs[edgeSample], timesMs[edgeSample] + reachMs];
  const ts = picked.map((i) => timesMs[i] / 1000), ys = picked.map((i) => y[i]);
  // The root nearest the edge sample inside the window; a nearly straight approach (a foot
  // landing at steady speed) can fit a parabola of either curvature, or only a line.
  const nearest = (roots: number[]) => roots.map((r) => r * 1000).filter((r) => r >= lo && r <= hi)
    .sort((a, b) => Math.abs(a - timesMs[edgeSample]) - Math.abs(b - timesMs[edgeSample]))[0];
  const curve = picked.length >= 4 ? fitParabola(ts, ys) : null;
  const fromCurve = curve ? nearest(solveAt(curve, ground)) : undefined;
  if (fromCurve !== undefined) return fromCurve;
  const straight = picked.length >= 2 ? fitLine(ts, ys) : null;
  const fromLine = straight ? nearest(solveAt([0, straight[0], straight[1]], ground)) : undefined;
  if (fromLine !== undefined) return fromLine;
  // Straight-line crossing of the ground level between the edge sample and its ground-side neighbour.
  if (outside < 0 || outside >= y.length || y[outside] !== y[outside]) return timesMs[edgeSample];
  const ya = y[edgeSample], yb = y[outside];
  const share = yb === ya ? 1 : Math.min(1, Math.max(0, (ground - ya) / (yb - ya)));
  return timesMs[edgeSample] + (timesMs[outside] - timesMs[edgeSample]) * share;
}

export interface Airborne { first: number; last: number }

/**
 * Stretches of frames where a point is off the ground, with hysteresis: it takes off when it rises
 * above `upLevel` and is back when it sinks below `downLevel` (y down, so up means smaller y).
 * Unseen frames (NaN) keep the current state.
 */
export function airborneStretches(y: Float64Array, upLevel: number, downLevel: number): Airborne[] {
  const out: Airborne[] = [];
  let inAir = false, start = 0, lastAir = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== v) continue;
    if (!inAir && v < upLevel) { inAir = true; start = i; }
    else if (inAir && v > downLevel) { inAir = false; out.push({ first: start, last: lastAir }); }
    if (inAir) lastAir = i;
  }
  if (inAir) out.push({ first: start, last: lastAir });
  // Extend each stretch over the samples between the two levels next to it (still off the ground).
  for (const s of out) {
    while (s.first > 0 && (y[s.first - 1] !== y[s.first - 1] || y[s.first - 1] < downLevel)) s.first--;
    while (s.last < y.length - 1 && (y[s.last + 1] !== y[s.last + 1] || y[s.last + 1] < downLevel)) s.last++;
  }
  return out;
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
