import type { Recording } from './keypoints.ts';
import { JOINT_INDEX, type Joint } from './skeleton.ts';

/** Points below this confidence are treated as missing. */
export const MIN_SCORE = 0.3;

export type Side = 'left' | 'right';
type Vec = [number, number];

/**
 * Per-frame measures computed from a recording. Each returns degrees (or a ratio) for one frame,
 * or NaN when a needed point is missing. Coordinates are scaled by the frame's aspect ratio so
 * angles are those of the person, not of the stretched 0–1 square. y grows downwards.
 */
export type Metric =
  | 'knee_flexion' | 'hip_flexion' | 'elbow_flexion' | 'shoulder_flexion' | 'shoulder_abduction' | 'hip_abduction'
  | 'trunk_lean' | 'neck_flexion' | 'neck_rotation' | 'knee_valgus' | 'heel_lift' | 'ankle_height' | 'shoulder_shrug'
  | 'hip_height' | 'wrist_height' | 'arm_spread' | 'leg_spread' | 'body_line';

function pointGetter(rec: Recording, frame: number) {
  const f = rec.frames[frame];
  const index = JOINT_INDEX[rec.format];
  return (joint: Joint): Vec | null => {
    const i = index[joint];
    if (!f || i === undefined) return null;
    const p = f[i];
    return p[3] >= MIN_SCORE ? [p[0] * rec.aspect, p[1]] : null;
  };
}

const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1]];
const len = (v: Vec) => Math.hypot(v[0], v[1]);
const mid = (a: Vec, b: Vec): Vec => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
const deg = (r: number) => (r * 180) / Math.PI;

/** Angle between two vectors, 0–180°. */
function between(u: Vec, v: Vec): number {
  const d = len(u) * len(v);
  if (d === 0) return NaN;
  return deg(Math.acos(Math.max(-1, Math.min(1, (u[0] * v[0] + u[1] * v[1]) / d))));
}

const UP: Vec = [0, -1];
const other = (s: Side): Side => (s === 'left' ? 'right' : 'left');
const j = (s: Side, name: string) => `${s}_${name}` as Joint;

/** The value of one metric on one side (sides are ignored by whole-body metrics) for one frame. */
export function metricAt(rec: Recording, frame: number, metric: Metric, side: Side): number {
  const p = pointGetter(rec, frame);
  const all = (...pts: (Vec | null)[]) => (pts.every(Boolean) ? (pts as Vec[]) : null);
  switch (metric) {
    case 'knee_flexion': {
      const q = all(p(j(side, 'hip')), p(j(side, 'knee')), p(j(side, 'ankle')));
      return q ? 180 - between(sub(q[0], q[1]), sub(q[2], q[1])) : NaN;
    }
    case 'hip_flexion': {
      const q = all(p(j(side, 'shoulder')), p(j(side, 'hip')), p(j(side, 'knee')));
      return q ? 180 - between(sub(q[0], q[1]), sub(q[2], q[1])) : NaN;
    }
    case 'elbow_flexion': {
      const q = all(p(j(side, 'shoulder')), p(j(side, 'elbow')), p(j(side, 'wrist')));
      return q ? 180 - between(sub(q[0], q[1]), sub(q[2], q[1])) : NaN;
    }
    case 'shoulder_flexion':
    case 'shoulder_abduction': {
      // Arm against the trunk line: 0° hanging down, 180° overhead. The view tells which plane.
      const q = all(p(j(side, 'hip')), p(j(side, 'shoulder')), p(j(side, 'elbow')));
      return q ? between(sub(q[0], q[1]), sub(q[2], q[1])) : NaN;
    }
    case 'hip_abduction': {
      const q = all(p(j(side, 'hip')), p(j(side, 'ankle')), p(j(other(side), 'hip')));
      if (!q) return NaN;
      const pelvis = sub(q[0], q[2]);
      const down: Vec = [-pelvis[1], pelvis[0]];
      const leg = sub(q[1], q[0]);
      return between(down[1] < 0 ? [-down[0], -down[1]] : down, leg);
    }
    case 'trunk_lean': {
      const q = all(p('left_shoulder'), p('right_shoulder'), p('left_hip'), p('right_hip'));
      return q ? between(sub(mid(q[0], q[1]), mid(q[2], q[3])), UP) : NaN;
    }
    case 'neck_flexion': {
      // Side view: head (shoulder→ear) against the trunk (hip→shoulder), signed so that
      // bending forward (towards where the nose points) is positive and extension negative.
      const q = all(p(j(side, 'ear')), p(j(side, 'shoulder')), p(j(side, 'hip')), p('nose'));
      if (!q) return NaN;
      const trunk = sub(q[1], q[2]);
      const head = sub(q[0], q[1]);
      const signed = deg(Math.atan2(trunk[0] * head[1] - trunk[1] * head[0], trunk[0] * head[0] + trunk[1] * head[1]));
      return signed * (Math.sign(q[3][0] - q[0][0]) || 1);
    }
    case 'neck_rotation': {
      // Nose offset from the ears' midpoint, relative to ear distance, mapped to degrees.
      const q = all(p('nose'), p('left_ear'), p('right_ear'));
      if (!q) return NaN;
      const width = len(sub(q[1], q[2]));
      if (width === 0) return NaN;
      const offset = (q[0][0] - mid(q[1], q[2])[0]) / (width / 2);
      return deg(Math.asin(Math.max(-1, Math.min(1, offset))));
    }
    case 'knee_valgus': {
      // Frontal view: how far the knee sits inside the hip–ankle line, in degrees at the knee.
      const q = all(p(j(side, 'hip')), p(j(side, 'knee')), p(j(side, 'ankle')), p(j(other(side), 'hip')));
      if (!q) return NaN;
      const inward = Math.sign(q[3][0] - q[0][0]);
      const lineX = q[0][0] + ((q[1][1] - q[0][1]) / ((q[2][1] - q[0][1]) || 1)) * (q[2][0] - q[0][0]);
      const shin = len(sub(q[2], q[1])) || 1;
      return deg(Math.atan2((q[1][0] - lineX) * inward, shin));
    }
    case 'heel_lift': {
      // Heel above the toe, as a share of shin length (0 flat; positive lifted).
      const q = all(p(j(side, 'heel')), p(j(side, 'foot')), p(j(side, 'knee')), p(j(side, 'ankle')));
      if (!q) return NaN;
      return ((q[1][1] - q[0][1]) / (len(sub(q[2], q[3])) || 1)) * 100;
    }
    case 'ankle_height': {
      // Ankle rise above the other ankle as a share of leg length (straight-leg raise, heel raise).
      const q = all(p(j(side, 'ankle')), p(j(other(side), 'ankle')), p(j(side, 'hip')), p(j(side, 'knee')));
      if (!q) return NaN;
      return ((q[1][1] - q[0][1]) / (len(sub(q[2], q[3])) * 2 || 1)) * 100;
    }
    case 'shoulder_shrug': {
      // Shoulder height above the ear line relative to the ear–shoulder distance at rest is not known,
      // so use the vertical ear–shoulder gap divided by shoulder width (smaller means shrugged).
      const q = all(p(j(side, 'ear')), p(j(side, 'shoulder')), p(j(other(side), 'shoulder')));
      if (!q) return NaN;
      return ((q[1][1] - q[0][1]) / (len(sub(q[1], q[2])) || 1)) * 100;
    }
    case 'hip_height':
    case 'wrist_height': {
      // Height of hips (or wrists) above the ankles, as a share of the trunk length; up is positive.
      const part = metric === 'hip_height' ? 'hip' : 'wrist';
      const q = all(p(`left_${part}` as Joint), p(`right_${part}` as Joint), p('left_ankle'), p('right_ankle'), p('left_shoulder'), p('left_hip'));
      if (!q) return NaN;
      const trunk = len(sub(q[4], q[5])) || 1;
      return ((mid(q[2], q[3])[1] - mid(q[0], q[1])[1]) / trunk) * 100;
    }
    case 'arm_spread': {
      const l = metricAt(rec, frame, 'shoulder_abduction', 'left');
      const r = metricAt(rec, frame, 'shoulder_abduction', 'right');
      return (l + r) / 2;
    }
    case 'leg_spread': {
      const q = all(p('left_ankle'), p('right_ankle'), p('left_hip'), p('right_hip'));
      if (!q) return NaN;
      return (len(sub(q[0], q[1])) / (len(sub(q[2], q[3])) || 1)) * 100;
    }
    case 'body_line': {
      // Push-ups and planks: shoulder–hip–ankle straightness, 0° straight, positive sagging or piking.
      const q = all(p(j(side, 'shoulder')), p(j(side, 'hip')), p(j(side, 'ankle')));
      return q ? 180 - between(sub(q[0], q[1]), sub(q[2], q[1])) : NaN;
    }
  }
}

/** The metric over every frame; `both` averages left and right where both are seen. */
export function metricSeries(rec: Recording, metric: Metric, side: Side | 'both'): Float64Array {
  const n = rec.frames.length;
  const out = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    if (side !== 'both') { out[f] = metricAt(rec, f, metric, side); continue; }
    const l = metricAt(rec, f, metric, 'left');
    const r = metricAt(rec, f, metric, 'right');
    out[f] = Number.isNaN(l) ? r : Number.isNaN(r) ? l : (l + r) / 2;
  }
  return out;
}

