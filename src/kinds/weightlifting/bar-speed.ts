import { fillGaps } from '../../motion/filters.ts';
import { derivative, halfWindow, smoothed } from '../../motion/series.ts';

/**
 * The bar's speed from the wrists' midpoint: its height and vertical velocity per frame, and the
 * concentric phase of a rep, as velocity-based-training devices time it. Pure: the lift analysis
 * and the evaluation against optical markers (eval/bar-speed.ts) run the same step.
 */

export interface BarTrack {
  /** Height of the bar per frame (up positive), smoothed over ~60 ms; in the input's unit. */
  up: Float64Array;
  /** Upward velocity per frame, input units per second. */
  velocity: Float64Array;
}

/** `y` is the wrists' midpoint image y (down positive); NaN where unseen. Null when never seen. */
export function barTrack(y: Float64Array, timesMs: Float64Array, fps: number): BarTrack | null {
  const filled = y.slice();
  if (fillGaps(filled) === 0) return null;
  return {
    up: smoothed(y, fps, 0.06).map((v) => -v),
    // A local fit over about ±60 ms: long enough to average out keypoint jitter, short enough to keep a pull's peak.
    velocity: derivative(filled.map((v) => -v), timesMs, halfWindow(fps, 0.12)),
  };
}

/** Below this share of the rep's peak velocity the bar counts as still (the ends of the concentric phase): optical systems use ~0.025 m/s, ~3 % of a squat's peak. */
const STILL_SHARE = 0.03;

export interface Concentric {
  startFrame: number;
  endFrame: number;
  /** Sub-frame times of the phase's ends, ms. */
  startMs: number;
  endMs: number;
  /** Rise over the phase, in the track's unit, and its mean and peak velocity per second. */
  rise: number;
  meanVelocity: number;
  peakVelocity: number;
}

/**
 * The concentric phase of a rep whose lowest bar position lies in frames from..to: from where the
 * bar starts to rise (velocity above 3 % of the rep's peak) after its lowest point to where it has
 * slowed below that again after the peak, ends interpolated between frames. Mean velocity is the
 * rise over that time (the markers' definition: range of motion over concentric duration).
 */
export function concentricPhase(bar: BarTrack, timesMs: Float64Array, from: number, to: number): Concentric | null {
  const { up, velocity: v } = bar;
  let bottom = from;
  for (let i = from; i <= to; i++) if (up[i] < up[bottom]) bottom = i;
  let peakFrame = bottom;
  for (let i = bottom; i <= to; i++) if (v[i] > v[peakFrame]) peakFrame = i;
  const peak = v[peakFrame];
  if (!(peak > 0)) return null;
  const still = STILL_SHARE * peak;
  let a = peakFrame;
  while (a > bottom && v[a - 1] > still) a--;
  let b = peakFrame;
  while (b < to && v[b + 1] > still) b++;
  // Where velocity crosses `still` between frame k and its neighbour, linearly.
  const cross = (k: number, next: number) => {
    if (next < 0 || next >= v.length || v[next] === v[k]) return timesMs[k];
    const share = Math.min(1, Math.max(0, (v[k] - still) / (v[k] - v[next])));
    return timesMs[k] + (timesMs[next] - timesMs[k]) * share;
  };
  const heightAt = (ms: number, k: number, next: number) => {
    if (next < 0 || next >= up.length) return up[k];
    return up[k] + ((up[next] - up[k]) * (ms - timesMs[k])) / (timesMs[next] - timesMs[k]);
  };
  const startMs = cross(a, a - 1), endMs = cross(b, b + 1);
  const rise = heightAt(endMs, b, b + 1) - heightAt(startMs, a, a - 1);
  const seconds = (endMs - startMs) / 1000;
  return { startFrame: a, endFrame: b, startMs, endMs, rise, meanVelocity: seconds > 0 ? rise / seconds : NaN, peakVelocity: peak };
}
