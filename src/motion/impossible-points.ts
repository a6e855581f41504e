import type { Recording } from './recording.ts';
import { JOINT_INDEX, type Joint } from './skeleton.ts';
import { MIN_SCORE } from './signals.ts';
import { percentiles } from './filters.ts';

/**
 * Points no body could have put there are not seen. A bone keeps its length: in the image it only
 * ever looks shorter (foreshortening) or, when a tool rescales each frame to the person's extent,
 * somewhat longer. An elbow three times as far from its shoulder as the upper arm usually is in
 * this recording is a detector's guess for a hidden joint (annotation tools and pose models put
 * such joints at the image's corner, or on another person) and would bend every angle it enters.
 * Such points get score 0, as an unseen point has. Points far outside the body go first, then
 * limbs from the trunk outwards, each against the joint it hangs from.
 */
const TOO_LONG = 3;

const side = (s: 'left' | 'right', j: string) => `${s}_${j}` as Joint;
/** [child, parent]: outward along each limb. */
const LIMBS: [Joint, Joint][] = (['left', 'right'] as const).flatMap((s) => [
  [side(s, 'elbow'), side(s, 'shoulder')], [side(s, 'wrist'), side(s, 'elbow')],
  [side(s, 'knee'), side(s, 'hip')], [side(s, 'ankle'), side(s, 'knee')],
  [side(s, 'heel'), side(s, 'ankle')], [side(s, 'foot'), side(s, 'ankle')],
  [side(s, 'ear'), side(s, 'shoulder')],
] as [Joint, Joint][]);
/** How far from the frame's median point, in the body's typical distance from it, a body point can be (extremities: ~2). */
const OUTSIDE = 3;

const median = (v: Float64Array) => v.sort()[v.length >> 1];
const BODY: Joint[] = (['left', 'right'] as const).flatMap((s) => ['shoulder', 'elbow', 'wrist', 'hip', 'knee', 'ankle'].map((j) => side(s, j)));

export function dropImpossiblePoints(rec: Recording): void {
  const index = JOINT_INDEX[rec.format];
  const stride = rec.pointCount * 4, d = rec.data, n = rec.frameCount;
  const seen = (f: number, p: number) => d[f * stride + p * 4 + 3] >= MIN_SCORE;
  const dist = (f: number, a: number, b: number) => {
    const oa = f * stride + a * 4, ob = f * stride + b * 4;
    return Math.sqrt((d[oa] - d[ob]) ** 2 + (d[oa + 1] - d[ob + 1]) ** 2);
  };
  /** The median length of a bone over the frames where both ends are seen; NaN when fewer than three. */
  const usual = (a: number, b: number) => {
    const lengths: number[] = [];
    for (let f = 0; f < n; f++) if (seen(f, a) && seen(f, b)) lengths.push(dist(f, a, b));
    return lengths.length >= 3 ? percentiles(Float64Array.from(lengths), [0.5])[0] : NaN;
  };
  const unsee = (f: number, p: number) => { d[f * stride + p * 4 + 3] = 0; };

  // First, points far outside the body: more than three times the body's typical distance from
  // the frame's median point (a body's extremities sit at about twice it). Several hidden joints
  // guessed at one spot (the image's corner) would vouch for each other as bones; not here.
  // The centre and the typical distance come from the twelve limb and trunk joints, spread evenly
  // over the body (a 33-point face and hands would pull both towards the head); the typical
  // distance is the recording's, so that a deep crouch, which draws the body in, keeps its feet.
  const body = BODY.map((j) => index[j]).filter((p): p is number => p !== undefined);
  const xs = new Float64Array(body.length), ys = new Float64Array(body.length), far = new Float64Array(body.length);
  const cx = new Float64Array(n).fill(NaN), cy = new Float64Array(n).fill(NaN), spread: number[] = [];
  for (let f = 0; f < n; f++) {
    let m = 0;
    for (const p of body) if (seen(f, p)) { xs[m] = d[f * stride + p * 4]; ys[m] = d[f * stride + p * 4 + 1]; m++; }
    if (m < 5) continue;
    cx[f] = median(xs.subarray(0, m)); cy[f] = median(ys.subarray(0, m));
    let k = 0;
    for (const p of body) if (seen(f, p)) far[k++] = Math.hypot(d[f * stride + p * 4] - cx[f], d[f * stride + p * 4 + 1] - cy[f]);
    spread.push(median(far.subarray(0, k)));
  }
  const typical = spread.length ? percentiles(Float64Array.from(spread), [0.5])[0] : NaN;
  if (typical > 0) {
    for (let f = 0; f < n; f++) {
      if (cx[f] !== cx[f]) continue;
      for (let p = 0; p < rec.pointCount; p++) {
        if (seen(f, p) && Math.hypot(d[f * stride + p * 4] - cx[f], d[f * stride + p * 4 + 1] - cy[f]) > OUTSIDE * typical) unsee(f, p);
      }
    }
  }
  for (const [child, parent] of LIMBS) {
    const c = index[child], p = index[parent];
    if (c === undefined || p === undefined) continue;
    // The shorter of this bone and its twin on the other side: a limb hidden all clip long is
    // guessed all clip long, and its own median is then the guess's.
    const twin = (j: Joint) => index[(j.startsWith('left_') ? j.replace('left_', 'right_') : j.replace('right_', 'left_')) as Joint];
    const tc = twin(child), tp = twin(parent);
    const bone = Math.min(usual(c, p), tc === undefined || tp === undefined ? Infinity : usual(tc, tp) || Infinity);
    if (!(bone > 0) || bone === Infinity) continue;
    for (let f = 0; f < n; f++) if (seen(f, c) && seen(f, p) && dist(f, c, p) > TOO_LONG * bone) unsee(f, c);
  }
}
