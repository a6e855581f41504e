/**
 * Fills NaN gaps by linear interpolation (ends held flat); gaps longer than `maxRamp` samples are
 * held at the last value instead, so a long absence does not read as a slow movement. Returns the
 * number of real samples.
 */
export function fillGaps(values: Float64Array, maxRamp = Infinity): number {
  const n = values.length;
  let seen = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) continue;
    seen++;
    if (last === -1) values.fill(values[i], 0, i);
    else if (i - last > maxRamp) values.fill(values[last], last + 1, i);
    else if (i - last > 1) {
      const a = values[last], b = values[i];
      for (let k = last + 1; k < i; k++) values[k] = a + ((b - a) * (k - last)) / (i - last);
    }
    last = i;
  }
  if (last >= 0) values.fill(values[last], last + 1);
  return seen;
}

/**
 * Savitzky–Golay smoothing (quadratic fit over 2m+1 samples): removes jitter while keeping the
 * height and position of peaks, which a moving average would flatten. Edges keep the raw values.
 */
export function savitzkyGolay(values: Float64Array, halfWindow: number): Float64Array {
  const m = halfWindow;
  const n = values.length;
  if (m < 2 || n < 2 * m + 1) return values.slice();
  const norm = (2 * m + 1) * (2 * m - 1) * (2 * m + 3);
  const coeffs = new Float64Array(2 * m + 1);
  for (let i = -m; i <= m; i++) coeffs[i + m] = (3 * (3 * m * m + 3 * m - 1) - 15 * i * i) / norm;
  const out = values.slice();
  for (let c = m; c < n - m; c++) {
    let acc = 0;
    for (let k = 0; k <= 2 * m; k++) acc += coeffs[k] * values[c - m + k];
    out[c] = acc;
  }
  return out;
}

/** The values below which each `share` of the samples lie (one sort for all of them). */
export function percentiles(values: Float64Array, shares: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return shares.map((share) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(share * (sorted.length - 1))))]);
}

/**
 * Running median over 2·half+1 samples (ends use what they have): removes keypoint glitches of
 * up to `half` frames whole, where a smoother would only spread them.
 */
export function movingMedian(values: Float64Array, half: number): Float64Array {
  const n = values.length, out = new Float64Array(n);
  const buf = new Float64Array(2 * half + 1);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half), hi = Math.min(n - 1, i + half), m = hi - lo + 1;
    for (let k = 0; k < m; k++) buf[k] = values[lo + k];
    // Insertion sort: the window is a handful of samples.
    for (let a = 1; a < m; a++) {
      const x = buf[a];
      let b = a - 1;
      while (b >= 0 && buf[b] > x) { buf[b + 1] = buf[b]; b--; }
      buf[b + 1] = x;
    }
    out[i] = m % 2 ? buf[m >> 1] : (buf[m / 2 - 1] + buf[m / 2]) / 2;
  }
  return out;
}
