import type { RepWindow } from './segment.ts';

/**
 * The reps of one set look alike: every joint moves through the same shape around each peak.
 * Movement that only resembles a rep in the fused signal (getting onto the bench, re-racking, a
 * stretch of mis-tracked keypoints) looks like no other rep across the channels. So each rep is
 * compared with the reps around it; those that resemble none of them are dropped, and what is
 * left is split where they were, into runs. The set is the longest run, with the runs beside it
 * that look like it (a second set after a pause; the rest of a set past one odd rep, which itself
 * is not counted).
 *
 * It is for exercises whose setup moves like a rep (unracking a bar, jumping to the bar, getting
 * down to the floor): a rep done with a fault also looks unlike the rest, and would be dropped
 * with them. On the RepCount-A development set (`npm run eval:repcount`) it takes the MAE of
 * bench press from 0.57 to 0.35, squats 0.24 → 0.18, push-ups 0.09 → 0.08, pull-ups 0.09 → 0.06;
 * sit-ups lose real reps with it.
 */

/** A rep is compared with this many reps on each side of it… */
const NEIGHBOURS = 12;
/** …and scored by how well it matches the best this many of them (a set needs three reps to tell). */
const LOOKALIKES = 2;
/** A rep, or a run next to the set, must score this share of the best-matching rep's score. */
const SHARE = 0.5;
/** When even the best-matching rep matches this weakly, the shapes cannot tell the set from the rest. */
const MIN_TOP = 0.25;

/**
 * The reps that make up the set, in order. `channels` are the rep channels centred and scaled
 * alike (as they are fused), so that each joint weighs the same in the comparison.
 */
export function keepTheSet(channels: Float64Array[], reps: RepWindow[]): RepWindow[] {
  if (reps.length < LOOKALIKES + 1) return reps;
  const shapes = repShapes(channels, reps);
  const n = reps.length;
  // Likeness is symmetric: each pair within reach is compared once.
  const near: number[][] = reps.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j <= Math.min(n - 1, i + NEIGHBOURS); j++) {
      const r = dot(shapes[i], shapes[j]);
      near[i].push(r);
      near[j].push(r);
    }
  }
  const score = near.map(meanOfBest);
  const top = Math.max(...score);
  if (!(top > MIN_TOP)) return reps;
  const bar = SHARE * top;

  const runs: number[][] = [];
  let run: number[] = [];
  for (let i = 0; i < n; i++) {
    if (score[i] >= bar) run.push(i);
    else if (run.length) { runs.push(run); run = []; }
  }
  if (run.length) runs.push(run);

  // Runs either side of an odd rep are one set when the reps nearest the break look alike.
  for (let k = 0; k + 1 < runs.length;) {
    const before = runs[k].slice(-NEIGHBOURS), after = runs[k + 1].slice(0, NEIGHBOURS);
    const across = before.flatMap((i) => after.map((j) => dot(shapes[i], shapes[j])));
    if (meanOfBest(across) >= bar) runs.splice(k, 2, [...runs[k], ...runs[k + 1]]);
    else k++;
  }
  const set = runs.reduce((a, b) => (b.length > a.length ? b : a), []);
  return set.map((i) => reps[i]);
}

/** Samples per channel in a rep's shape: enough for its form, and a long set stays cheap. */
const SAMPLES = 24;

/**
 * Each rep's shape: every channel over a window centred on the rep's peak, half the usual
 * peak-to-peak spacing either side, less its mean over the window (a level that drifts between
 * reps is not a difference in shape), scaled to unit length so that likeness is a dot product
 * (their correlation).
 */
function repShapes(channels: Float64Array[], reps: RepWindow[]): Float64Array[] {
  const len = channels[0].length;
  const spacing = reps.slice(1).map((r, i) => r.peak - reps[i].peak).sort((a, b) => a - b);
  const half = Math.max(3, Math.round(spacing[spacing.length >> 1] / 2));
  const step = Math.max(1, Math.floor((2 * half + 1) / SAMPLES));
  const width = Math.floor(half / step) * 2 + 1;
  return reps.map(({ peak }) => {
    const out = new Float64Array(channels.length * width);
    channels.forEach((c, k) => {
      let mean = 0;
      for (let t = 0; t < width; t++) mean += (out[k * width + t] = c[Math.min(len - 1, Math.max(0, peak + (t - (width >> 1)) * step))]);
      mean /= width;
      for (let t = 0; t < width; t++) out[k * width + t] -= mean;
    });
    const norm = Math.sqrt(dot(out, out));
    if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= norm;
    return out;
  });
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function meanOfBest(xs: number[]): number {
  if (!xs.length) return 0;
  const best = xs.sort((a, b) => b - a).slice(0, LOOKALIKES);
  return best.reduce((s, x) => s + x, 0) / best.length;
}
