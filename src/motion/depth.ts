import type { Recording } from './recording.ts';

/**
 * Body points in 3D for joint angles: x and y as the image shows them, depth rebuilt segment by
 * segment from the hips outwards.
 *
 * A body segment keeps its length, so when it looks shorter in the image than it is, it points
 * towards or away from the camera by just the missing part: depth² = length² − image length²
 * (the segment's length is its longest image length in the recording, the person standing at one
 * distance from the camera). That is what makes a squat filmed from the front read the knee's real
 * bend. An estimated depth (BlazePose's metric world landmarks) gives the direction and a floor:
 * the rebuilt depth is never less than it. Without world landmarks, image-plane `z` gives only the
 * direction: its size reads a standing person's knees as bent 40° and more.
 */

/** Each segment as [parent, child] in BlazePose order, parents before children. */
const SEGMENTS: [number, number][] = [
  [23, 11], [24, 12], [11, 13], [13, 15], [12, 14], [14, 16],
  [23, 25], [25, 27], [27, 29], [27, 31], [24, 26], [26, 28], [28, 30], [28, 32],
];
/** A segment shorter than this share of its length by jitter alone reads as square to the camera. */
const JITTER = 0.97;
/** The segment's length: nearly its longest image length (the top 2 % are glitches). */
const LENGTH_SHARE = 0.98;
const MIN_SCORE = 0.3;

/**
 * The recording's points with rebuilt depth, in the recording's layout and units; points off the
 * segment tree (the face) keep their given depth. Null for recordings without depth or not
 * in BlazePose's 33-point order.
 */
export function jointDepth(rec: Recording, world: Float64Array | null): Float64Array | null {
  if (rec.format !== 'blazepose33' || (!rec.hasDepth && !world)) return null;
  const n = rec.frameCount, stride = rec.pointCount * 4, d = rec.data;
  const seen = (f: number, p: number) => d[f * stride + p * 4 + 3] >= MIN_SCORE;
  const imageLength = (f: number, a: number, b: number) => {
    const oa = f * stride + a * 4, ob = f * stride + b * 4;
    return Math.sqrt((d[ob] - d[oa]) ** 2 + (d[ob + 1] - d[oa + 1]) ** 2);
  };
  // Each segment's length, less what its jitter alone could add: a segment seen square to the
  // camera must read no depth.
  const lengths = SEGMENTS.map(([a, b]) => {
    const ls: number[] = [];
    for (let f = 0; f < n; f++) if (rec.seen[f] && seen(f, a) && seen(f, b)) ls.push(imageLength(f, a, b));
    if (!ls.length) return NaN;
    const jitter = lengthJitter(ls);
    ls.sort((x, y) => x - y);
    const longest = ls[Math.min(ls.length - 1, Math.floor(LENGTH_SHARE * ls.length))];
    return Math.min(longest * JITTER, longest - 5 * jitter);
  });
  // World landmarks are metres; the image is in recording units: one scale for the recording.
  const scale = world ? worldToImage(rec, world) : 1;

  const out = d.slice();
  for (let f = 0; f < n; f++) {
    if (!rec.seen[f]) continue;
    const o = f * stride;
    // The given depth difference along a segment: world (scaled) or image-plane z.
    const given = (a: number, b: number) => (world ? (world[f * rec.pointCount * 3 + b * 3 + 2] - world[f * rec.pointCount * 3 + a * 3 + 2]) * scale : d[o + b * 4 + 2] - d[o + a * 4 + 2]);
    if (world) for (const hip of [23, 24]) out[o + hip * 4 + 2] = world[f * rec.pointCount * 3 + hip * 3 + 2] * scale;
    SEGMENTS.forEach(([a, b], k) => {
      const g = given(a, b);
      const l = imageLength(f, a, b), length = lengths[k];
      const fromLength = Number.isFinite(length) ? Math.sqrt(Math.max(0, length * length - l * l)) : 0;
      const size = Math.max(world ? Math.abs(g) : 0, fromLength);
      out[o + b * 4 + 2] = out[o + a * 4 + 2] + (g < 0 ? -size : size);
    });
  }
  return out;
}

/** The spread of a length from frame to frame that is not movement: its robust deviation from a running median of five. */
function lengthJitter(ls: number[]): number {
  if (ls.length < 5) return 0;
  const dev: number[] = [];
  for (let i = 2; i < ls.length - 2; i++) {
    const w = [ls[i - 2], ls[i - 1], ls[i], ls[i + 1], ls[i + 2]].sort((x, y) => x - y);
    dev.push(Math.abs(ls[i] - w[2]));
  }
  dev.sort((x, y) => x - y);
  return dev[dev.length >> 1] * 1.4826;
}

/** Recording units per metre: the median ratio of body segments' image lengths to their world lengths in the image plane. */
function worldToImage(rec: Recording, world: Float64Array): number {
  const stride = rec.pointCount * 4, w3 = rec.pointCount * 3, d = rec.data;
  const ratios: number[] = [];
  const step = Math.max(1, Math.floor(rec.frameCount / 500));
  for (let f = 0; f < rec.frameCount; f += step) {
    if (!rec.seen[f]) continue;
    for (const [a, b] of SEGMENTS) {
      if (d[f * stride + a * 4 + 3] < MIN_SCORE || d[f * stride + b * 4 + 3] < MIN_SCORE) continue;
      const wl = Math.hypot(world[f * w3 + b * 3] - world[f * w3 + a * 3], world[f * w3 + b * 3 + 1] - world[f * w3 + a * 3 + 1]);
      const il = Math.hypot(d[f * stride + b * 4] - d[f * stride + a * 4], d[f * stride + b * 4 + 1] - d[f * stride + a * 4 + 1]);
      if (wl > 1e-4) ratios.push(il / wl);
    }
  }
  if (!ratios.length) return 1;
  ratios.sort((x, y) => x - y);
  return ratios[ratios.length >> 1];
}
