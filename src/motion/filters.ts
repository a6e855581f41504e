/** Fills NaN gaps by linear interpolation (ends held flat). Returns the number of real samples. */
export function fillGaps(values: Float64Array): number {
  const n = values.length;
  let seen = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) continue;
    seen++;
    if (last === -1) values.fill(values[i], 0, i);
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
