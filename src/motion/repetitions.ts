import { fillGaps, movingMedian, sampledPercentiles, savitzkyGolay } from './filters.ts';
import { keepTheSet } from './rep-likeness.ts';
import type { RepWindow } from './segment.ts';

/**
 * Rep counting that holds on real recordings (tuned and checked on the RepCount-A development set:
 * `npm run eval:repcount`). Every decision is local to the set being counted:
 *
 * 1. Each candidate channel (a joint angle or a body height on one side, in the image plane and,
 *    with depth, in 3D) is cleaned: short detections amid long absences dropped, gaps filled,
 *    keypoint glitches removed by a running median, jitter smoothed.
 * 2. The channels are fused into one signal, their first principal component: a joint that is
 *    hidden or mis-tracked on one side, or a depth estimate that reads the movement upside down,
 *    weighs little or is turned the right way round, instead of being averaged in.
 * 3. The rep period (from the signal's autocorrelation) sets how far around a peak to look.
 * 4. A peak is a rep when it stands out by its prominence against the larger reps near it (and is
 *    not tiny against the set's reps), when the body is in the exercise's position, and when no
 *    more prominent peak lies within half the shortest rep. The first and last reps must come
 *    back most of the way, so a set cut off mid-rep is not counted.
 * 5. Where the exercise asks for it, reps that look like none of their neighbours across the
 *    channels are dropped, and the set is the longest run of the rest (rep-likeness.ts).
 */

/** One candidate rep signal, oriented so that it rises during a rep (e.g. knee flexion in a squat). */
export interface RepChannel {
  values: Float64Array;
  /** Its direction can be trusted (an image-plane angle); the fused signal is turned to agree with these. */
  trusted: boolean;
  /**
   * The exercise's own signal: where it takes part in the movement, it alone decides which way is
   * up. A helper (the hips' height in a squat) can read a rep upside down on real recordings, and
   * when it moves more, it would turn the count over: peaks while standing.
   */
  leads?: boolean;
}

export interface RepCountOptions {
  /** The smallest movement (signal units) that can be a rep; half of it is a hard floor. */
  minAmplitude: number;
  /** The shortest rep, from the lowest point before it to the lowest point after it. */
  minRepMs: number;
  /** 1 where the body is in the exercise's position (or it cannot be told): movement elsewhere is not a rep. */
  inPosture?: Uint8Array;
  /** Leave out reps that look like none of the set's (rep-likeness.ts). */
  dropUnlikeReps?: boolean;
}

/** A peak must stand out by this share of the largest peaks within a few periods of it. */
const LOCAL_SHARE = 0.4;
/** …and by this share of the set's large reps, so that rests between sets count nothing. */
const SET_SHARE = 0.15;
/** The first and last reps must fall (rise) at least this share of how far they rise (fall). */
const EDGE_RETURN = 0.6;
/** An autocorrelation peak this close to the best one is taken as the period when its lag is shorter. */
const OCTAVE = 0.7;

/**
 * Cleans a raw channel: short detections amid long absences dropped, gaps filled (a long absence
 * is held flat, not ramped), glitches of up to ~0.1 s removed, jitter smoothed. Null when the
 * channel is (almost) never seen.
 */
export function cleanChannel(raw: Float64Array, fps: number): Float64Array | null {
  const v = raw.slice();
  dropIslands(v, Math.round(fps * 0.3), Math.round(fps * 0.5));
  if (fillGaps(v, Math.round(fps * 0.5)) < 3) return null;
  const despiked = movingMedian(v, Math.max(1, Math.round(fps * 0.1)));
  return savitzkyGolay(despiked, Math.max(2, Math.round((fps * 0.2 - 1) / 2)));
}

/**
 * Blanks runs of fewer than `minRun` seen samples between gaps of at least `minGap`: a pose found
 * for a moment while the person is out of view is more often a false detection than a person.
 */
function dropIslands(v: Float64Array, minRun: number, minGap: number) {
  const n = v.length;
  let i = 0, lastSeen = -Infinity;
  while (i < n) {
    if (v[i] !== v[i]) { i++; continue; }
    let j = i;
    while (j + 1 < n && v[j + 1] === v[j + 1]) j++;
    let next = j + 1;
    while (next < n && v[next] !== v[next]) next++;
    const gapBefore = i - lastSeen - 1, gapAfter = next === n ? Infinity : next - j - 1;
    if (j - i + 1 < minRun && gapBefore >= minGap && gapAfter >= minGap) v.fill(NaN, i, j + 1);
    else lastSeen = j;
    i = j + 1;
  }
}

/** A channel centred on its median and scaled by its 10–90 % spread, so that channels in degrees and in body heights compare. */
function standardise(values: Float64Array): Float64Array {
  const [lo, mid, hi] = sampledPercentiles(values, [0.1, 0.5, 0.9]);
  const spread = Math.max(hi - lo, 1e-9), out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - mid) / spread;
  return out;
}

/**
 * The first principal component of the channels, each standardised (`z`, when the caller has
 * them already), turned to agree with the leading channels (else the trusted ones), and scaled
 * back to the first channel's spread so the amplitude floor keeps its meaning.
 */
export function fuseChannels(channels: RepChannel[], z = channels.map((c) => standardise(c.values))): Float64Array {
  const k = channels.length, n = channels[0].values.length;
  if (k === 1) return channels[0].values;
  const cov = Array.from({ length: k }, () => new Float64Array(k));
  for (let a = 0; a < k; a++) {
    const za = z[a];
    for (let b = a; b < k; b++) {
      const zb = z[b];
      let s = 0;
      for (let i = 0; i < n; i++) s += za[i] * zb[i];
      cov[a][b] = cov[b][a] = s / n;
    }
  }
  // Power iteration: k is a handful, so this converges in a few dozen steps.
  let w = new Float64Array(k).fill(1 / Math.sqrt(k));
  for (let it = 0; it < 60; it++) {
    const next = new Float64Array(k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) next[a] += cov[a][b] * w[b];
    let norm = 0;
    for (const x of next) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    w = next.map((x) => x / norm);
  }
  // Turned to agree with the leading channels when they take part in the movement, else with the
  // trusted ones, else with all.
  let leads = 0, trusted = 0, all = 0;
  channels.forEach((c, a) => { all += w[a]; if (c.trusted) trusted += w[a]; if (c.leads) leads += w[a]; });
  if ((Math.abs(leads) >= 0.3 ? leads : Math.abs(trusted) >= 0.3 ? trusted : all) < 0) w = w.map((x) => -x);
  const out = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    const za = z[a], wa = w[a];
    for (let i = 0; i < n; i++) out[i] += wa * za[i];
  }
  const [lo, hi] = sampledPercentiles(channels[0].values, [0.1, 0.9]);
  const [flo, fhi] = sampledPercentiles(out, [0.1, 0.9]);
  const scale = (hi - lo) / Math.max(fhi - flo, 1e-9);
  for (let i = 0; i < n; i++) out[i] *= scale;
  return out;
}

/**
 * The dominant period of a signal and how periodic it is (the normalised autocorrelation at that
 * lag), on a ~10 Hz copy clipped to its 3rd–97th percentiles, so that one big movement (lying
 * down, standing up) does not drown the reps, and a long recording stays cheap.
 */
export function dominantPeriod(values: Float64Array, fps: number, minMs: number, maxMs = 12000): { periodMs: number; strength: number } | null {
  const step = Math.max(1, Math.round(fps / 10));
  const m = Math.floor(values.length / step);
  if (m < 4) return null;
  const x = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let k = 0; k < step; k++) s += values[i * step + k];
    x[i] = s / step;
  }
  const [lo, hi] = sampledPercentiles(x, [0.03, 0.97]);
  let mean = 0;
  for (let i = 0; i < m; i++) { x[i] = Math.min(hi, Math.max(lo, x[i])); mean += x[i]; }
  mean /= m;
  let energy = 0;
  for (let i = 0; i < m; i++) { x[i] -= mean; energy += x[i] * x[i]; }
  if (energy === 0) return null;
  const rate = fps / step;
  const first = Math.max(1, Math.floor((minMs / 1000) * rate)), last = Math.min(m - 2, Math.ceil((maxMs / 1000) * rate));
  // Divided by the whole energy (the biased estimate): a multiple of the period never beats the period.
  const r = new Float64Array(last + 2);
  for (let lag = first; lag <= last + 1; lag++) {
    let s = 0;
    for (let i = 0, j = lag; j < m; i++, j++) s += x[i] * x[j];
    r[lag] = s / energy;
  }
  const maxima: { lag: number; r: number }[] = [];
  for (let lag = first + 1; lag <= last; lag++) {
    if (r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] > 0) maxima.push({ lag, r: r[lag] });
  }
  if (!maxima.length) return null;
  // The shortest lag that repeats nearly as well as the best: a rep that alternates deeper and
  // shallower repeats best every two reps, but its period is one rep.
  const best = Math.max(...maxima.map((x) => x.r));
  const chosen = maxima.find((x) => x.r >= OCTAVE * best)!;
  return { periodMs: (chosen.lag / rate) * 1000, strength: chosen.r };
}

interface Peak { at: number; prominence: number; leftBase: number; rightBase: number }

/** Local maxima (the middle of a flat top), with their prominence looked for within ±`reach` samples. */
function peaksOf(v: Float64Array, reach: number): Peak[] {
  const n = v.length, out: Peak[] = [];
  for (let i = 1; i < n - 1; i++) {
    if (!(v[i] > v[i - 1])) continue;
    let j = i;
    while (j < n - 1 && v[j + 1] === v[i]) j++;
    if (j < n - 1 && v[j + 1] < v[i]) {
      const at = (i + j) >> 1;
      let leftBase = at, rightBase = at;
      for (let k = at - 1; k >= Math.max(0, at - reach) && v[k] <= v[at]; k--) if (v[k] < v[leftBase]) leftBase = k;
      for (let k = at + 1; k <= Math.min(n - 1, at + reach) && v[k] <= v[at]; k++) if (v[k] < v[rightBase]) rightBase = k;
      out.push({ at, prominence: v[at] - Math.max(v[leftBase], v[rightBase]), leftBase, rightBase });
    }
    i = j;
  }
  return out;
}

/** Counts reps on the fused channels (none when there is no channel to count on). */
export function countRepetitions(channels: RepChannel[], timesMs: ArrayLike<number>, fps: number, opts: RepCountOptions): RepWindow[] {
  if (!channels.length) return [];
  const z = channels.map((c) => standardise(c.values));
  const v = fuseChannels(channels, z);
  const period = dominantPeriod(v, fps, opts.minRepMs / 2);
  const reps = segmentByPeaks(v, timesMs, fps, period && period.strength > 0.2 ? period.periodMs : null, opts);
  return opts.dropUnlikeReps ? keepTheSet(z, reps) : reps;
}

function segmentByPeaks(v: Float64Array, timesMs: ArrayLike<number>, fps: number, periodMs: number | null, opts: RepCountOptions): RepWindow[] {
  const floor = opts.minAmplitude / 2;
  const periodFrames = ((periodMs ?? 3000) / 1000) * fps;
  const reach = Math.round(1.5 * periodFrames);
  const inPosture = (p: Peak) => {
    if (!opts.inPosture) return true;
    let ok = 0;
    for (let i = p.leftBase; i <= p.rightBase; i++) ok += opts.inPosture[i];
    return ok * 2 >= p.rightBase - p.leftBase + 1;
  };
  const candidates = peaksOf(v, reach).filter((p) => p.prominence >= floor && inPosture(p));
  if (!candidates.length) return [];

  // The set's large reps: the second most prominent peak (the first may be a one-off).
  const proms = candidates.map((p) => p.prominence).sort((a, b) => b - a);
  const setAmplitude = proms[Math.min(1, proms.length - 1)];
  const nearbyMax = (p: Peak) => {
    let m = 0;
    for (const q of candidates) if (Math.abs(q.at - p.at) <= 3 * periodFrames && q.prominence > m) m = q.prominence;
    return m;
  };
  const keep = candidates.filter((p) => p.prominence >= Math.max(SET_SHARE * setAmplitude, LOCAL_SHARE * nearbyMax(p)));

  // Peaks closer than half the shortest rep are one rep. (Not a share of the period: the tempo
  // changes within a set, and prominence already merges the wobbles of one rep.)
  const minGap = (opts.minRepMs / 1000) * fps * 0.5;
  keep.sort((a, b) => b.prominence - a.prominence);
  const chosen: Peak[] = [];
  for (const p of keep) if (chosen.every((c) => Math.abs(c.at - p.at) >= minGap)) chosen.push(p);
  chosen.sort((a, b) => a.at - b.at);

  // Each rep runs between the lowest points that separate it from its neighbours, trimmed to
  // where it starts rising and ends falling, so a pause at rest is not part of the rep.
  const lowest = (from: number, to: number) => {
    let at = from;
    for (let i = from + 1; i <= to; i++) if (v[i] < v[at]) at = i;
    return at;
  };
  const reps: RepWindow[] = [];
  const n = v.length;
  for (let k = 0; k < chosen.length; k++) {
    const p = chosen[k].at;
    const s0 = lowest(k > 0 ? chosen[k - 1].at : Math.max(0, p - reach), p);
    const e0 = lowest(p, k + 1 < chosen.length ? chosen[k + 1].at : Math.min(n - 1, p + reach));
    const rise = v[p] - v[s0], fall = v[p] - v[e0];
    if (Math.min(rise, fall) < floor) continue;
    const edge = k === 0 || k === chosen.length - 1;
    if (edge && Math.min(rise, fall) < EDGE_RETURN * Math.max(rise, fall)) continue;
    if (timesMs[e0] - timesMs[s0] < opts.minRepMs) continue;
    let start = s0, end = e0;
    while (start < p - 1 && v[start + 1] - v[s0] <= 0.1 * rise) start++;
    while (end > p + 1 && v[end - 1] - v[e0] <= 0.1 * fall) end--;
    reps.push({ start, peak: p, end });
  }
  return reps;
}
