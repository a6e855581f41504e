import type { Recording } from './recording.ts';
import { JOINT_INDEX, type Joint } from './skeleton.ts';
import { fillGaps, savitzkyGolay } from './filters.ts';

/** Points below this confidence are treated as missing. */
export const MIN_SCORE = 0.3;

export type Side = 'left' | 'right';

/**
 * Per-frame measures of a recording, in degrees unless noted. Joint angles (flexion, arm against
 * trunk) use depth when the source has it, so a squat filmed from the front still measures the
 * knee's real bend; plane-bound measures (lean, valgus, head tilt and turn) use the image plane.
 */
export type Metric =
  | 'knee_flexion' | 'hip_flexion' | 'elbow_flexion' | 'shoulder_flexion' | 'shoulder_abduction' | 'hip_abduction'
  | 'trunk_lean' | 'neck_flexion' | 'neck_rotation' | 'knee_valgus' | 'heel_lift' | 'shoulder_shrug'
  | 'arm_spread' | 'leg_spread' | 'body_line' | 'hip_height' | 'wrist_height';

/**
 * The body plane a metric is read in, and so the camera view that shows it: frontal-plane measures
 * need the person facing the camera, sagittal ones need them side on. `exercise`: the plane of the
 * exercise's own movement (an elbow bends in the sagittal plane in a push-up, the frontal plane in
 * a pull-up; the trunk leans forward in a lunge, sideways in a lateral raise). `any`: a vertical
 * offset (heel above toe), seen from the front and the side alike.
 */
export const METRIC_PLANE: Record<Metric, 'frontal' | 'sagittal' | 'exercise' | 'any'> = {
  knee_flexion: 'sagittal', hip_flexion: 'sagittal', elbow_flexion: 'exercise', shoulder_flexion: 'sagittal',
  shoulder_abduction: 'frontal', hip_abduction: 'frontal', trunk_lean: 'exercise', neck_flexion: 'sagittal',
  neck_rotation: 'frontal', knee_valgus: 'frontal', heel_lift: 'any', shoulder_shrug: 'frontal',
  arm_spread: 'frontal', leg_spread: 'frontal', body_line: 'sagittal', hip_height: 'any', wrist_height: 'any',
};

/** Angles between body segments, measured in 3D when the keypoints carry depth, and then from any view. */
export const DEPTH_METRICS: ReadonlySet<Metric> = new Set(['knee_flexion', 'hip_flexion', 'elbow_flexion', 'shoulder_flexion', 'shoulder_abduction', 'body_line', 'arm_spread']);

/** Metrics that are a share of a body length (percent), not an angle. */
export const PERCENT_METRICS: ReadonlySet<Metric> = new Set(['heel_lift', 'shoulder_shrug', 'leg_spread', 'hip_height', 'wrist_height']);

const DEG = 180 / Math.PI;
/** Math.hypot is several times slower than this in V8, and the range of values here is safe. */
const len = (x: number, y: number) => Math.sqrt(x * x + y * y);
const clamp1 = (v: number) => Math.min(1, Math.max(v, -1));

/** Angle between two vectors in degrees, 0–180; NaN for a zero-length vector. */
function between(ux: number, uy: number, uz: number, vx: number, vy: number, vz: number): number {
  const d = Math.sqrt((ux * ux + uy * uy + uz * uz) * (vx * vx + vy * vy + vz * vz));
  return d === 0 ? NaN : Math.acos(clamp1((ux * vx + uy * vy + uz * vz) / d)) * DEG;
}

/** One metric on one side, as a function of a frame's offset in the recording's flat array. */
type Kernel = (d: Float64Array, base: number) => number;
const none: Kernel = () => NaN;

const L = { hip: 'left_hip', knee: 'left_knee', ankle: 'left_ankle', shoulder: 'left_shoulder', elbow: 'left_elbow', ear: 'left_ear', heel: 'left_heel', foot: 'left_foot' } as const;
const R = { hip: 'right_hip', knee: 'right_knee', ankle: 'right_ankle', shoulder: 'right_shoulder', elbow: 'right_elbow', ear: 'right_ear', heel: 'right_heel', foot: 'right_foot' } as const;

/**
 * Builds the kernel of a metric with the joints' offsets resolved once, so the per-frame work is
 * plain arithmetic (a 10-minute recording is 18,000 frames; see bench/exercise.ts).
 */
function kernel(rec: Recording, metric: Metric, side: Side): Kernel {
  const index = JOINT_INDEX[rec.format];
  const at = (j: Joint) => (index[j] === undefined ? -1 : index[j]! * 4);
  const z = rec.hasDepth ? 1 : 0;
  const s = side === 'left' ? L : R;
  const t = side === 'left' ? R : L;
  const seen = (d: Float64Array, o: number) => d[o + 3] >= MIN_SCORE;

  /** 180° minus the angle at b between a and c: 0 when straight (3D when there is depth). */
  const flexion = (ja: Joint, jb: Joint, jc: Joint, straight = true): Kernel => {
    const a = at(ja), b = at(jb), c = at(jc);
    if (a < 0 || b < 0 || c < 0) return none;
    return (d, base) => {
      const pa = base + a, pb = base + b, pc = base + c;
      if (!(seen(d, pa) && seen(d, pb) && seen(d, pc))) return NaN;
      const angle = between(d[pa] - d[pb], d[pa + 1] - d[pb + 1], (d[pa + 2] - d[pb + 2]) * z, d[pc] - d[pb], d[pc + 1] - d[pb + 1], (d[pc + 2] - d[pb + 2]) * z);
      return straight ? 180 - angle : angle;
    };
  };

  /** How far `upper` is above `lower` in the image, as a percentage of the trunk's length. */
  const heightOverTrunk = (upper: Joint, lower: Joint): Kernel => {
    const u = at(upper), l = at(lower), ls = at('left_shoulder'), rs = at('right_shoulder'), lh = at('left_hip'), rh = at('right_hip');
    return (d, base) => {
      const pu = base + u, pl = base + l, p1 = base + ls, p2 = base + rs, p3 = base + lh, p4 = base + rh;
      if (!(seen(d, pu) && seen(d, pl) && seen(d, p1) && seen(d, p2) && seen(d, p3) && seen(d, p4))) return NaN;
      const trunk = len((d[p1] + d[p2] - d[p3] - d[p4]) / 2, (d[p1 + 1] + d[p2 + 1] - d[p3 + 1] - d[p4 + 1]) / 2);
      return trunk ? ((d[pl + 1] - d[pu + 1]) / trunk) * 100 : NaN;
    };
  };

  switch (metric) {
    case 'knee_flexion': return flexion(s.hip, s.knee, s.ankle);
    case 'hip_flexion': return flexion(s.shoulder, s.hip, s.knee);
    case 'elbow_flexion': return flexion(s.shoulder, s.elbow, `${side}_wrist`);
    // Arm against the trunk line: 0° hanging down, 180° overhead; the camera view tells the plane.
    case 'shoulder_flexion':
    case 'shoulder_abduction': return flexion(s.hip, s.shoulder, s.elbow, false);
    case 'body_line': return flexion(s.shoulder, s.hip, s.ankle);
    case 'hip_abduction': {
      // Front view: the leg against the pelvis line's normal that points down the body.
      const h = at(s.hip), a = at(s.ankle), oh = at(t.hip);
      return (d, base) => {
        const ph = base + h, pa = base + a, po = base + oh;
        if (!(seen(d, ph) && seen(d, pa) && seen(d, po))) return NaN;
        const flip = d[ph] - d[po] < 0 ? -1 : 1;
        return between((d[ph + 1] - d[po + 1]) * -flip, (d[ph] - d[po]) * flip, 0, d[pa] - d[ph], d[pa + 1] - d[ph + 1], 0);
      };
    }
    case 'trunk_lean': {
      const ls = at('left_shoulder'), rs = at('right_shoulder'), lh = at('left_hip'), rh = at('right_hip');
      return (d, base) => {
        const a = base + ls, b = base + rs, c = base + lh, e = base + rh;
        if (!(seen(d, a) && seen(d, b) && seen(d, c) && seen(d, e))) return NaN;
        return between((d[a] + d[b] - d[c] - d[e]) / 2, (d[a + 1] + d[b + 1] - d[c + 1] - d[e + 1]) / 2, 0, 0, -1, 0);
      };
    }
    case 'neck_flexion': {
      // Side view: head (shoulder→ear) against the trunk (hip→shoulder), signed so that bending
      // forward (towards where the nose points) is positive and extension negative.
      const e = at(s.ear), sh = at(s.shoulder), h = at(s.hip), n = at('nose');
      return (d, base) => {
        const pe = base + e, ps = base + sh, ph = base + h, pn = base + n;
        if (!(seen(d, pe) && seen(d, ps) && seen(d, ph) && seen(d, pn))) return NaN;
        const tx = d[ps] - d[ph], ty = d[ps + 1] - d[ph + 1], hx = d[pe] - d[ps], hy = d[pe + 1] - d[ps + 1];
        return Math.atan2(tx * hy - ty * hx, tx * hx + ty * hy) * DEG * (Math.sign(d[pn] - d[pe]) || 1);
      };
    }
    case 'neck_rotation': {
      // Front view: turning the head by θ moves the nose sideways by n·sin θ while the ears' spread
      // shrinks to w·cos θ, so tan θ = (nose offset / half ear spread) · (w / n), with w/n ≈ 0.75 for
      // the ear half-width over the nose's distance in front of the ears. Positive is to the left.
      const n = at('nose'), le = at('left_ear'), re = at('right_ear');
      return (d, base) => {
        const pn = base + n, pl = base + le, pr = base + re;
        if (!(seen(d, pn) && seen(d, pl) && seen(d, pr))) return NaN;
        const offset = (d[pn] - (d[pl] + d[pr]) / 2) * (d[pl] >= d[pr] ? 1 : -1);
        return Math.atan2(offset * 0.75, Math.abs(d[pl] - d[pr]) / 2) * DEG;
      };
    }
    case 'knee_valgus': {
      // Front view: how far the knee sits inside the hip–ankle line, as an angle over the shin.
      const h = at(s.hip), k = at(s.knee), a = at(s.ankle), oh = at(t.hip);
      return (d, base) => {
        const ph = base + h, pk = base + k, pa = base + a, po = base + oh;
        if (!(seen(d, ph) && seen(d, pk) && seen(d, pa) && seen(d, po))) return NaN;
        const span = d[pa + 1] - d[ph + 1] || 1;
        const lineX = d[ph] + ((d[pk + 1] - d[ph + 1]) / span) * (d[pa] - d[ph]);
        const shin = len(d[pa] - d[pk], d[pa + 1] - d[pk + 1]) || 1;
        return Math.atan2((d[pk] - lineX) * Math.sign(d[po] - d[ph]), shin) * DEG;
      };
    }
    case 'heel_lift': {
      // Heel above the toe, as a percentage of shin length (0 flat, positive lifted).
      const he = at(s.heel), f = at(s.foot), k = at(s.knee), a = at(s.ankle);
      if (he < 0 || f < 0) return none;
      return (d, base) => {
        const ph = base + he, pf = base + f, pk = base + k, pa = base + a;
        if (!(seen(d, ph) && seen(d, pf) && seen(d, pk) && seen(d, pa))) return NaN;
        return ((d[pf + 1] - d[ph + 1]) / (len(d[pk] - d[pa], d[pk + 1] - d[pa + 1]) || 1)) * 100;
      };
    }
    case 'shoulder_shrug': {
      // Ear–shoulder vertical gap as a percentage of shoulder width: it shrinks when shrugging.
      const e = at(s.ear), sh = at(s.shoulder), os = at(t.shoulder);
      return (d, base) => {
        const pe = base + e, ps = base + sh, po = base + os;
        if (!(seen(d, pe) && seen(d, ps) && seen(d, po))) return NaN;
        return ((d[ps + 1] - d[pe + 1]) / (len(d[ps] - d[po], d[ps + 1] - d[po + 1]) || 1)) * 100;
      };
    }
    case 'arm_spread': {
      const l = kernel(rec, 'shoulder_abduction', 'left'), r = kernel(rec, 'shoulder_abduction', 'right');
      return (d, base) => (l(d, base) + r(d, base)) / 2;
    }
    // Hip above the ankle: it drops as the knees and hips bend, seen from the front (where the
    // knee angle foreshortens) as well as from the side.
    case 'hip_height': return heightOverTrunk(s.hip, s.ankle);
    // Wrist above the shoulder: the bar's height in a press, the hand's in a raise.
    case 'wrist_height': return heightOverTrunk(`${side}_wrist`, s.shoulder);
    case 'leg_spread': {
      // Ankle distance as a percentage of hip width.
      const la = at('left_ankle'), ra = at('right_ankle'), lh = at('left_hip'), rh = at('right_hip');
      return (d, base) => {
        const a = base + la, b = base + ra, c = base + lh, e = base + rh;
        if (!(seen(d, a) && seen(d, b) && seen(d, c) && seen(d, e))) return NaN;
        return (len(d[a] - d[b], d[a + 1] - d[b + 1]) / (len(d[c] - d[e], d[c + 1] - d[e + 1]) || 1)) * 100;
      };
    }
  }
}

/** Whole-body metrics ignore the side. */
const SIDELESS: ReadonlySet<Metric> = new Set(['trunk_lean', 'neck_rotation', 'arm_spread', 'leg_spread']);

/**
 * The metric over frames [from, to) (all by default); `both` averages left and right where both
 * are seen. NaN where it cannot be measured.
 */
export function metricSeries(rec: Recording, metric: Metric, side: Side | 'both', from = 0, to = rec.frameCount): Float64Array {
  // Joint angles in 3D are read from the points with rebuilt depth (see depth.ts).
  if (rec.joints3d && rec.hasDepth && DEPTH_METRICS.has(metric)) rec = { ...rec, data: rec.joints3d, joints3d: null };
  if (side === 'both' && !SIDELESS.has(metric)) return bothSides(metric, oneSide(rec, metric, 'left', from, to), oneSide(rec, metric, 'right', from, to));
  return oneSide(rec, metric, side === 'both' ? 'left' : side, from, to);
}

/**
 * Kernels built once: a kernel depends only on the keypoint format, depth and the metric, and
 * measurements ask for a metric around every rep, where building one (its closures) costs more
 * than reading the rep's few dozen frames.
 */
const kernels = new Map<string, Kernel>();

function kernelOf(rec: Recording, metric: Metric, side: Side): Kernel {
  const key = `${rec.format}/${rec.hasDepth}/${metric}/${side}`;
  let k = kernels.get(key);
  if (!k) kernels.set(key, (k = kernel(rec, metric, side)));
  return k;
}

function oneSide(rec: Recording, metric: Metric, side: Side, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from);
  const stride = rec.pointCount * 4;
  const d = rec.data;
  const k = kernelOf(rec, metric, side);
  for (let f = 0, base = from * stride; f < out.length; f++, base += stride) out[f] = k(d, base);
  return out;
}

/** A metric on both sides from its left and right series: their mean where both are seen (a whole-body metric is the same on both). */
export function bothSides(metric: Metric, left: Float64Array, right: Float64Array): Float64Array {
  if (SIDELESS.has(metric)) return left.slice();
  const out = new Float64Array(left.length);
  for (let i = 0; i < out.length; i++) {
    const l = left[i], r = right[i];
    out[i] = l !== l ? r : r !== r ? l : (l + r) / 2;
  }
  return out;
}

/** Smoothing over about a fifth of a second: removes jitter, keeps peaks. */
export const smoothingHalfWindow = (fps: number) => Math.max(0, Math.round((fps * 0.2 - 1) / 2));

/** Gaps filled (in place), then smoothed over `half` samples each side; all-missing stays NaN. */
export function smoothSeries(raw: Float64Array, half: number): Float64Array {
  return fillGaps(raw) === 0 ? raw : savitzkyGolay(raw, half);
}

/** A metric as assessments and the analysed video read it: gaps filled, then smoothed. */
export function smoothedMetric(rec: Recording, metric: Metric, side: Side | 'both'): Float64Array {
  return smoothSeries(metricSeries(rec, metric, side), smoothingHalfWindow(rec.fps));
}
