// A stick-figure body with known joint angles, rendered as BlazePose-33 or COCO-17 keypoints
// through an orthographic camera: the ground truth the exercise evaluation and benchmark use.
type V3 = [number, number, number];

/** Joint angles in degrees (flexion forward/up positive), shrug in metres. */
export interface Pose {
  bodyPitch: number; // whole body about the left–right axis: 90 lying on the back, -90 face down
  trunkPitch: number; trunkRoll: number;
  hipFlexL: number; hipFlexR: number; hipAbdL: number; hipAbdR: number;
  kneeFlexL: number; kneeFlexR: number; kneeValgusL: number; kneeValgusR: number;
  heelLiftL: number; heelLiftR: number;
  shoulderFlexL: number; shoulderFlexR: number; shoulderAbdL: number; shoulderAbdR: number;
  elbowFlexL: number; elbowFlexR: number;
  neckFlex: number; neckRot: number; shrugL: number; shrugR: number;
}

export const NEUTRAL: Pose = {
  bodyPitch: 0, trunkPitch: 0, trunkRoll: 0, hipFlexL: 0, hipFlexR: 0, hipAbdL: 0, hipAbdR: 0,
  kneeFlexL: 0, kneeFlexR: 0, kneeValgusL: 0, kneeValgusR: 0, heelLiftL: 0, heelLiftR: 0,
  shoulderFlexL: 0, shoulderFlexR: 0, shoulderAbdL: 0, shoulderAbdR: 0, elbowFlexL: 0, elbowFlexR: 0,
  neckFlex: 0, neckRot: 0, shrugL: 0, shrugR: 0,
};

const rad = (d: number) => (d * Math.PI) / 180;
const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const scale = (a: V3, k: number): V3 => [a[0] * k, a[1] * k, a[2] * k];
// Body frame: x = the person's left, y = up, z = forward.
/** Rotation about the left–right axis: positive tips an up-vector forward. */
const pitch = (v: V3, deg: number): V3 => { const c = Math.cos(rad(deg)), s = Math.sin(rad(deg)); return [v[0], v[1] * c - v[2] * s, v[1] * s + v[2] * c]; };
/** Rotation about the forward axis: positive tips an up-vector towards the person's left. */
const roll = (v: V3, deg: number): V3 => { const c = Math.cos(rad(deg)), s = Math.sin(rad(deg)); return [v[0] * c - v[1] * s, v[0] * s + v[1] * c, v[2]]; };
/** Rotation about the vertical axis: positive turns forward towards the person's left. */
const yaw = (v: V3, deg: number): V3 => { const c = Math.cos(rad(deg)), s = Math.sin(rad(deg)); return [v[0] * c + v[2] * s, v[1], -v[0] * s + v[2] * c]; };

const DOWN: V3 = [0, -1, 0];
const SEG = { trunk: 0.52, thigh: 0.45, shin: 0.43, upperArm: 0.3, forearm: 0.27, neck: 0.12, head: 0.1, hipHalf: 0.1, shoulderHalf: 0.19 };

export type Joints = Record<string, V3>;

/** Joint positions in the body frame (pelvis at the origin). */
export function joints(p: Pose): Joints {
  const j: Joints = {};
  const up = roll(pitch([0, 1, 0], p.trunkPitch), -p.trunkRoll);
  const lateral = roll(pitch([1, 0, 0], p.trunkPitch), -p.trunkRoll);
  const neck = scale(up, SEG.trunk);
  for (const [side, sgn] of [['left', 1], ['right', -1]] as const) {
    const L = side === 'left';
    const hip: V3 = [sgn * SEG.hipHalf, 0, 0];
    // Thigh: hanging down, flexed forward, abducted outwards. (Positive pitch tips a down-vector
    // backwards, hence the minus signs on flexion.)
    const outwards = sgn * (L ? p.hipAbdL : p.hipAbdR);
    const thighDir = roll(pitch(DOWN, -(L ? p.hipFlexL : p.hipFlexR)), outwards);
    let knee = add(hip, scale(thighDir, SEG.thigh));
    knee = add(knee, [-sgn * SEG.shin * Math.tan(rad(L ? p.kneeValgusL : p.kneeValgusR)), 0, 0]);
    const shinDir = roll(pitch(DOWN, (L ? p.kneeFlexL : p.kneeFlexR) - (L ? p.hipFlexL : p.hipFlexR)), outwards);
    const ankle = add(knee, scale(shinDir, SEG.shin));
    // Foot: heel behind and toe ahead of the ankle; lifting the heel turns the foot about the ankle.
    const lift = L ? p.heelLiftL : p.heelLiftR;
    const heel = add(ankle, pitch([0, -0.07, -0.06], lift));
    const toe = add(ankle, pitch([0, -0.07, 0.16], lift));
    const shoulder = add(add(neck, scale(lateral, sgn * SEG.shoulderHalf)), scale(up, L ? p.shrugL : p.shrugR));
    const armDown = scale(up, -1);
    const flex = L ? p.shoulderFlexL : p.shoulderFlexR;
    const abd = sgn * (L ? p.shoulderAbdL : p.shoulderAbdR);
    const armDir = roll(pitch(armDown, -flex), abd);
    const elbow = add(shoulder, scale(armDir, SEG.upperArm));
    const foreDir = roll(pitch(armDown, -(flex + (L ? p.elbowFlexL : p.elbowFlexR))), abd);
    const wrist = add(elbow, scale(foreDir, SEG.forearm));
    Object.assign(j, { [`${side}_hip`]: hip, [`${side}_knee`]: knee, [`${side}_ankle`]: ankle, [`${side}_heel`]: heel,
      [`${side}_foot`]: toe, [`${side}_shoulder`]: shoulder, [`${side}_elbow`]: elbow, [`${side}_wrist`]: wrist });
  }
  // Head: tipped forward by neck flexion about the shoulder line, turned about the neck axis.
  const headUp = pitch(up, p.neckFlex);
  const head = add(neck, scale(headUp, SEG.neck));
  const fwd = yaw(pitch([0, 0, 1], p.trunkPitch + p.neckFlex), p.neckRot);
  const side = yaw(pitch([1, 0, 0], p.trunkPitch + p.neckFlex), p.neckRot);
  j.nose = add(head, scale(fwd, SEG.head));
  j.left_ear = add(head, scale(side, 0.075));
  j.right_ear = add(head, scale(side, -0.075));
  j.left_eye = add(add(head, scale(fwd, 0.08)), scale(side, 0.03));
  j.right_eye = add(add(head, scale(fwd, 0.08)), scale(side, -0.03));
  // Whole-body orientation (lying down) last, about the pelvis.
  for (const k of Object.keys(j)) j[k] = pitch(j[k], -p.bodyPitch);
  return j;
}

const BLAZE: string[] = [
  'nose', 'left_eye_inner', 'left_eye', 'left_eye_outer', 'right_eye_inner', 'right_eye', 'right_eye_outer',
  'left_ear', 'right_ear', 'mouth_left', 'mouth_right', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
  'left_wrist', 'right_wrist', 'left_pinky', 'right_pinky', 'left_index', 'right_index', 'left_thumb', 'right_thumb',
  'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle', 'left_heel', 'right_heel',
  'left_foot', 'right_foot',
];
const COCO: string[] = [
  'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
  'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
];
/** Points the stick figure does not model are placed on the nearest modelled one. */
const STAND_IN: Record<string, string> = {
  left_eye_inner: 'left_eye', left_eye_outer: 'left_eye', right_eye_inner: 'right_eye', right_eye_outer: 'right_eye',
  mouth_left: 'nose', mouth_right: 'nose', left_pinky: 'left_wrist', right_pinky: 'right_wrist', left_index: 'left_wrist',
  right_index: 'right_wrist', left_thumb: 'left_wrist', right_thumb: 'right_wrist',
};

export type View = 'front' | 'side';
export type Format = 'blazepose33' | 'coco17';

export interface Camera { view: View; /** which side faces the camera in a side view */ facing: 'left' | 'right'; pxPerMetre: number; width: number; height: number }

/** Projects joints to pixels: x right, y down; BlazePose also gets depth z (smaller is nearer). */
export function render(j: Joints, cam: Camera, format: Format, rand: () => number, jitterPx: number, dropPoint: number): number[][] {
  const names = format === 'blazepose33' ? BLAZE : COCO;
  // Front: the person faces the camera, so their left is image right. Side: they face image right
  // (showing their right side) or image left (showing their left side).
  const turn = cam.view === 'front' ? 0 : cam.facing === 'right' ? 90 : -90;
  const gauss = () => { let s = 0; for (let i = 0; i < 6; i++) s += rand(); return (s - 3) * Math.SQRT2; };
  return names.map((name) => {
    const w = yaw(j[STAND_IN[name] ?? name], turn);
    const x = cam.width / 2 + w[0] * cam.pxPerMetre + gauss() * jitterPx;
    const y = cam.height * 0.55 - w[1] * cam.pxPerMetre + gauss() * jitterPx;
    const score = rand() < dropPoint ? 0.05 : 0.85 + rand() * 0.15;
    return format === 'blazepose33' ? [x, y, -w[2] * cam.pxPerMetre + gauss() * jitterPx * 2, score] : [x, y, 0, score];
  });
}

/**
 * The same body as BlazePose's world landmarks: metres around the hips' midpoint, x and y as the
 * image shows them (y down), z towards the camera negative, with `jitterM` of noise.
 */
export function renderWorld(j: Joints, cam: Camera, rand: () => number, jitterM: number): number[][] {
  const turn = cam.view === 'front' ? 0 : cam.facing === 'right' ? 90 : -90;
  const gauss = () => { let s = 0; for (let i = 0; i < 6; i++) s += rand(); return (s - 3) * Math.SQRT2; };
  const lh = yaw(j[STAND_IN.left_hip ?? 'left_hip'], turn), rh = yaw(j[STAND_IN.right_hip ?? 'right_hip'], turn);
  const mid = [0, 1, 2].map((k) => (lh[k] + rh[k]) / 2);
  return BLAZE.map((name) => {
    const w = yaw(j[STAND_IN[name] ?? name], turn);
    return [w[0] - mid[0] + gauss() * jitterM, -(w[1] - mid[1]) + gauss() * jitterM, -(w[2] - mid[2]) + gauss() * jitterM * 2];
  });
}

/** A seeded uniform random generator (mulberry32), so every evaluation run sees the same data. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
