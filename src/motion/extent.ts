/**
 * The smallest and largest finite values, by a loop: `Math.min(...values)` passes every value as
 * an argument and overflows the stack on a long recording (200,000 frames). Infinity and -Infinity
 * when there is none.
 */
export function extentOf(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
