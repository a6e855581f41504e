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

/**
 * The values below which each `share` of the samples lie: the same as reading a sorted copy (NaN
 * sorts last), found by selection instead of a full sort.
 */
export function percentiles(values: Float64Array, shares: number[]): number[] {
  const n = values.length, buf = new Float64Array(n);
  let finite = 0;
  for (let i = 0; i < n; i++) if (values[i] === values[i]) buf[finite++] = values[i];
  const rank = (share: number) => Math.min(n - 1, Math.max(0, Math.round(share * (n - 1))));
  // Ranks in increasing order: each selection leaves everything below its rank to its left, so the
  // next one only searches to the right.
  const order = shares.map((share, i) => ({ i, k: rank(share) })).sort((a, b) => a.k - b.k);
  const out = new Array<number>(shares.length);
  let from = 0;
  for (const { i, k } of order) {
    if (k >= finite) { out[i] = NaN; continue; }
    select(buf, k, from, finite - 1);
    out[i] = buf[k];
    from = k;
  }
  return out;
}

/** Rearranges a[lo..hi] so that a[k] is the value a sort would put there, smaller ones before it. */
function select(a: Float64Array, k: number, lo: number, hi: number) {
  while (hi > lo) {
    // Median of three as the pivot, so sorted or constant input stays linear.
    const mid = (lo + hi) >> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { swap(a, i, j); i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number) {
  const t = a[i]; a[i] = a[j]; a[j] = t;
}

/**
 * Running median over 2·half+1 samples (ends use what they have): removes keypoint glitches of
 * up to `half` frames whole, where a smoother would only spread them. The window is kept sorted
 * as it slides, so each step is one removal and one insertion.
 */
export function movingMedian(values: Float64Array, half: number): Float64Array {
  const n = values.length, out = new Float64Array(n);
  if (!n) return out;
  // Plain loops over locals: closures over `size` kept V8 from optimising this hot path.
  const win = new Float64Array(2 * half + 1);
  let size = 0;
  for (let i = 0; i <= Math.min(half, n - 1); i++) {
    const x = values[i];
    let k = size++;
    while (k > 0 && win[k - 1] > x) { win[k] = win[k - 1]; k--; }
    win[k] = x;
  }
  for (let i = 0; i < n; i++) {
    out[i] = size % 2 ? win[size >> 1] : (win[size / 2 - 1] + win[size / 2]) / 2;
    if (i - half >= 0) {
      const x = values[i - half];
      let k = 0;
      while (k < size - 1 && win[k] !== x) k++;
      for (; k < size - 1; k++) win[k] = win[k + 1];
      size--;
    }
    if (i + half + 1 < n) {
      const x = values[i + half + 1];
      let k = size++;
      while (k > 0 && win[k - 1] > x) { win[k] = win[k - 1]; k--; }
      win[k] = x;
    }
  }
  return out;
}

/**
 * Percentiles estimated from an evenly spaced sample of at most `sample` values: enough for a
 * robust level or spread, and a 10-minute recording need not be sorted whole.
 */
export function sampledPercentiles(values: Float64Array, shares: number[], sample = 4096): number[] {
  if (values.length <= sample) return percentiles(values, shares);
  const step = values.length / sample, picked = new Float64Array(sample);
  for (let i = 0; i < sample; i++) picked[i] = values[Math.floor(i * step)];
  return percentiles(picked, shares);
}
