// Bar speed against optical markers: the barbell back squats in ../shared/datasets/sports/barbell
// (16 people; OpenPose wrists from a 30 fps phone video, CODA wrist markers at 100 Hz, not
// time-aligned). The wrists' midpoint goes through the weightlifting kind's bar-speed step
// (src/kinds/weightlifting/bar-speed.ts) in metres from the set's mm/px; reps are found on the bar
// as the analysis finds a press's, matched to the markers' reps by the time shift that pairs the
// most, and compared rep by rep. Part of npm run eval:sports-real.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { barTrack, concentricPhase } from '../src/kinds/weightlifting/bar-speed.ts';
import { segmentReps } from '../src/motion/segment.ts';

const FILE = fileURLToPath(new URL('../../shared/datasets/sports/barbell/back_squat.json.gz', import.meta.url));
/** OpenPose confidence below which a wrist is taken as unseen. */
const MIN_CONFIDENCE = 0.3;

interface MarkerRep { concentric_start_s: number; concentric_end_s: number; mean_concentric_velocity_mps: number; peak_velocity_mps: number }
interface Person { participant: number; athlete_height_m: number; barbell_mm_per_px: number; coda_reps: MarkerRep[]; openpose_30fps: { left: number[][]; right: number[][] } }

export interface BarFigures {
  people: number; reps: number; markerReps: number;
  meanVelocityMae: number; meanVelocityBias: number; peakVelocityMae: number; peakVelocityBias: number;
  worst: { person: number; mae: number }[];
}

interface Found { startS: number; mean: number; peak: number }

/** The reps the bar-speed step finds on one person's wrists, in m/s. */
function repsOf(p: Person): Found[] {
  const n = p.openpose_30fps.left.length, fps = 30;
  const timesMs = Float64Array.from({ length: n }, (_, i) => (i * 1000) / fps);
  const mPerPx = p.barbell_mm_per_px / 1000;
  const y = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const l = p.openpose_30fps.left[i], r = p.openpose_30fps.right[i];
    const seen = [l, r].filter((w) => w && w[2] >= MIN_CONFIDENCE);
    if (seen.length) y[i] = (seen.reduce((s, w) => s + w[1], 0) / seen.length) * mPerPx;
  }
  const bar = barTrack(y, timesMs, fps);
  if (!bar) return [];
  // A squat goes down first: reps of the bar's drop, at least 12 % of the lifter's height deep.
  const drop = bar.up.map((v) => -v);
  const windows = segmentReps(drop, timesMs, { minAmplitude: 0.12 * p.athlete_height_m, minRepMs: 500 });
  return windows.flatMap((w, i) => {
    const to = Math.min(n - 1, windows[i + 1]?.start ?? w.end + fps);
    const c = concentricPhase(bar, timesMs, w.start, to);
    return c ? [{ startS: c.startMs / 1000, mean: c.meanVelocity, peak: c.peakVelocity }] : [];
  });
}

/** Pairs found reps with the markers' under the one clock shift that pairs the most (within 0.4 s). */
function pairUp(found: Found[], truth: MarkerRep[]): [Found, MarkerRep][] {
  let best: [Found, MarkerRep][] = [];
  for (const f0 of found) for (const t0 of truth) {
    const shift = f0.startS - t0.concentric_start_s;
    const pairs: [Found, MarkerRep][] = [];
    for (const t of truth) {
      const f = found.find((x) => Math.abs(x.startS - shift - t.concentric_start_s) < 0.4);
      if (f) pairs.push([f, t]);
    }
    if (pairs.length > best.length) best = pairs;
  }
  return best;
}

export function evaluateBarSpeed(file = FILE): BarFigures {
  const data: { participants: Person[] } = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8'));
  const meanErr: number[] = [], peakErr: number[] = [], worst: { person: number; mae: number }[] = [];
  let markerReps = 0;
  for (const p of data.participants) {
    markerReps += p.coda_reps.length;
    const pairs = pairUp(repsOf(p), p.coda_reps);
    const own = pairs.map(([f, t]) => f.mean - t.mean_concentric_velocity_mps);
    meanErr.push(...own);
    peakErr.push(...pairs.map(([f, t]) => f.peak - t.peak_velocity_mps));
    worst.push({ person: p.participant, mae: mae(own) });
  }
  return {
    people: data.participants.length, reps: meanErr.length, markerReps,
    meanVelocityMae: mae(meanErr), meanVelocityBias: avg(meanErr), peakVelocityMae: mae(peakErr), peakVelocityBias: avg(peakErr),
    worst: worst.sort((a, b) => b.mae - a.mae),
  };
}

const avg = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
const mae = (xs: number[]) => avg(xs.map(Math.abs));
