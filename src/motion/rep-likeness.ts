import type { RepWindow } from './segment.ts';

/**
 * The reps of one set look alike: every joint moves through the same shape around each peak.
 * Movement that only resembles a rep in the fused signal (getting onto the bench, re-racking, a
 * stretch of mis-tracked keypoints) looks like no other rep across the channels. So each rep is
 * compared with the reps around it; those that resemble none of them are dropped, and what is
 * left is split where they were, into runs. The set is the longest run, with the runs beside it
 * that look like it (a second set after a pause, one odd rep inside a set).
 *
 * It is for exercises whose setup moves like a rep (unracking a bar, jumping to the bar, getting
 * down to the floor): a rep done with a fault also looks unlike the rest, and would be dropped
 * with them. On the RepCount-A development set (`npm run eval:repcount`) it takes the bench press
 * MAE from 0.68 to 0.29 and squats from 0.25 to 0.21; sit-ups lose real reps with it.
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
  const score = shapes.map((a, i) => {
    const near: number[] = [];
    for (let j = Math.max(0, i - NEIGHBOURS); j <= Math.min(n - 1, i + NEIGHBOURS); j++) if (j !== i) near.push(correlation(a, shapes[j]));
    return meanOfBest(near);
  });
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
    const across = before.flatMap((i) => after.map((j) => correlation(shapes[i], shapes[j])));
    if (meanOfBest(across) >= bar) runs.splice(k, 2, [...runs[k], ...runs[k + 1]]);
    else k++;
  }
  const set = runs.reduce((a, b) => (b.length > a.length ? b : a), []);
  return set.map((i) => reps[i]);
}

/**
 * Each rep's shape: every channel over a window centred on the rep's peak, half the usual
 * peak-to-peak spacing either side, less its mean over the window (a level that drifts between
 * reps is not a difference in shape).
 */
function repShapes(channels: Float64Array[], reps: RepWindow[]): Float64Array[] {
  const len = channels[0].length;
  const spacing = reps.slice(1).map((r, i) => r.peak - reps[i].peak).sort((a, b) => a - b);
  const half = Math.max(3, Math.round(spacing[spacing.length >> 1] / 2));
  const width = 2 * half + 1;
  return reps.map(({ peak }) => {
    const out = new Float64Array(channels.length * width);
    channels.forEach((c, k) => {
      let mean = 0;
      for (let t = 0; t < width; t++) mean += (out[k * width + t] = c[Math.min(len - 1, Math.max(0, peak - half + t))]);
      mean /= width;
      for (let t = 0; t < width; t++) out[k * width + t] -= mean;
    });
    return out;
  });
}

/** Pearson correlation of two equally long, already centred vectors. */
function correlation(a: Float64Array, b: Float64Array): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return aa && bb ? ab / Math.sqrt(aa * bb) : 0;
}

function meanOfBest(xs: number[]): number {
  if (!xs.length) return 0;
  const best = xs.sort((a, b) => b - a).slice(0, LOOKALIKES);
  return best.reduce((s, x) => s + x, 0) / best.length;
}
