import { percentiles } from './filters.ts';

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
 * hysteresis state machine. Thresholds sit within the person's own range (robust percentiles),
 * so a shallow and a deep mover are segmented alike; a rep must come back down to count, so a
 * partial last rep is not counted; pauses at rest or at the peak change nothing. A rep runs from
 * the last resting frame before it rises to the first resting frame after it falls (or the lowest
 * point between two reps when the person does not rest in between).
 */
export function segmentReps(signal: Float64Array, timesMs: ArrayLike<number>, opts: SegmentOptions): RepWindow[] {
  const n = signal.length;
  if (n < 3) return [];
  const [low, high] = percentiles(signal, [0.05, 0.95]);
  const range = high - low;
  if (range < opts.minAmplitude) return [];
  const enter = low + range * (opts.enterShare ?? 0.4);
  const exit = low + range * (opts.exitShare ?? 0.25);
  const rest = low + range * 0.12;

  const reps: RepWindow[] = [];
  let lastEnd = 0;
  let i = 0;
  while (i < n) {
    if (signal[i] <= enter) { i++; continue; }
    // Rising through `enter`: walk back to where the person was last at rest.
    let start = i, lowest = i;
    while (start > lastEnd && signal[start] > rest) {
      start--;
      if (signal[start] < signal[lowest]) lowest = start;
    }
    if (signal[start] > rest) start = lowest;
    while (start > lastEnd && signal[start - 1] < signal[start]) start--;

    // Track the peak until the signal falls through `exit`.
    let peak = i;
    while (i < n && signal[i] >= exit) {
      if (signal[i] > signal[peak]) peak = i;
      i++;
    }
    if (i >= n) break; // never came back down: a partial rep, not counted

    // Walk forward to rest, or to the lowest point before the next rep starts.
    let end = i;
    lowest = i;
    while (end < n - 1 && signal[end] > rest) {
      end++;
      if (signal[end] < signal[lowest]) lowest = end;
      if (signal[end] > enter) break;
    }
    if (signal[end] > rest) end = lowest;
    while (end < n - 1 && signal[end + 1] < signal[end] && signal[end + 1] <= rest) end++;

    const amplitude = signal[peak] - Math.max(signal[start], signal[end]);
    if (timesMs[end] - timesMs[start] >= opts.minRepMs && amplitude >= opts.minAmplitude) reps.push({ start, peak, end });
    lastEnd = end;
    i = Math.max(i, end);
  }
  return reps;
}
