import { percentile } from './filters.ts';

export interface RepWindow { start: number; peak: number; end: number }

export interface SegmentOptions {
  /** Smallest peak-to-rest change that counts as a rep, in the signal's unit. */
  minAmplitude: number;
  minRepMs: number;
  /** Enter and leave a rep at these shares of the person's own range (hysteresis). */
  enterShare?: number;
  exitShare?: number;
}

/**
 * Splits a signal that rises during each rep (flip it first if it falls) into reps with a
 * hysteresis state machine. Thresholds are placed within the person's own range (robust
 * percentiles), so a shallow or deep mover is segmented alike; a rep must come back down to
 * count, so a partial last rep is not counted; pauses at rest or at the peak change nothing.
 */
export function segmentReps(signal: Float64Array, timesMs: number[], opts: SegmentOptions): RepWindow[] {
  const n = signal.length;
  if (n < 3) return [];
  const low = percentile(signal, 0.05);
  const high = percentile(signal, 0.95);
  const range = high - low;
  if (range < opts.minAmplitude) return [];
  const enter = low + range * (opts.enterShare ?? 0.55);
  const exit = low + range * (opts.exitShare ?? 0.35);
  const flat = range * 0.02;

  const reps: RepWindow[] = [];
  let inRep = false;
  let peak = 0;
  let start = 0;
  let lastEnd = 0;
  for (let i = 0; i < n; i++) {
    const v = signal[i];
    if (!inRep) {
      if (v > enter) {
        inRep = true;
        peak = i;
        // The rep began where the signal last left its resting level before this crossing.
        start = i;
        while (start > lastEnd && signal[start - 1] < signal[start] - flat) start--;
        while (start > lastEnd && signal[start - 1] <= signal[start] && signal[start] - low > range * 0.1) start--;
      }
    } else if (v > signal[peak]) {
      peak = i;
    } else if (v < exit) {
      let end = i;
      while (end < n - 1 && signal[end + 1] < signal[end] - flat) end++;
      while (end < n - 1 && signal[end + 1] <= signal[end] && signal[end] - low > range * 0.1) end++;
      inRep = false;
      const amplitude = signal[peak] - Math.max(signal[start], signal[end]);
      if (timesMs[end] - timesMs[start] >= opts.minRepMs && amplitude >= opts.minAmplitude) {
        reps.push({ start, peak, end });
      }
      lastEnd = end;
      i = Math.max(i, end - 1);
    }
  }
  return reps;
}
