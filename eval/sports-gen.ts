// Generates sports recordings whose physics is known: a body in free flight for a known time
// (jumps), strides at a known cadence and contact time (running), and a bar moved by a known
// motion (lifts). Rendered through eval/body.ts with jitter, dropped points and dropped frames.
import { NEUTRAL, joints, render, seeded, type Format, type Joints, type Pose, type View } from './body.ts';

const G = 9.81;
/** The stick figure's standing height: its ankle–ear chain (1.52 m from the side) over the share used by Debrief. */
export const STICK_HEIGHT_M = 1.75;

export interface Noise { fps: number; format: Format; jitterPx: number; dropPoint: number; dropFrame: number; view: View; seed: number }
export interface Doc { format: Format; fps: number; width: number; height: number; frames: (number[][] | null)[] }

const CAM = { width: 1920, height: 1080, pxPerMetre: 330 };
const ease = (u: number) => (1 - Math.cos(Math.PI * Math.min(1, Math.max(0, u)))) / 2;
/** A foot pitches up onto its toes fastest at toe-off, and lands on them and flattens fastest at touchdown. */
const rising = (u: number) => Math.min(1, Math.max(0, u)) ** 2;
const flattening = (u: number) => (1 - Math.min(1, Math.max(0, u))) ** 2;

/** The pose and where the pelvis is (metres above the ground, metres forward) at time t. */
type Motion = (t: number) => { pose: Pose; pelvisY: number; pelvisX?: number };

/**
 * The toes reach this far ahead of the foot point (metres): a pose model's foot point and a motion
 * capture toe marker sit on the forefoot, and the toe tips beyond them are what stays on the
 * ground last at push-off and touches first on landing. A foot pitched up on its toes therefore
 * has its foot point above the ground, as real recordings show (../shared/datasets/sports).
 */
const TOES_M = 0.035;

/** Height of the pelvis above the ground when the lowest point of the feet (heels or toe tips) rests on it. */
export function standingPelvis(p: Pose): number {
  const j = joints(p);
  const tip = (heel: number[], foot: number[]) => {
    const length = Math.hypot(foot[0] - heel[0], foot[1] - heel[1], foot[2] - heel[2]);
    return foot[1] + ((foot[1] - heel[1]) / length) * TOES_M;
  };
  return -Math.min(j.left_heel[1], j.right_heel[1], tip(j.left_heel, j.left_foot), tip(j.right_heel, j.right_foot));
}

function place(j: Joints, y: number, x: number): Joints {
  const out: Joints = {};
  // Ground at 1 m below the camera's reference line; forward motion along the body's z.
  for (const [k, v] of Object.entries(j)) out[k] = [v[0], v[1] + y - 1, v[2] + x];
  return out;
}

export function sample(motion: Motion, durationS: number, n: Noise): Doc {
  const rand = seeded(n.seed);
  const frames: (number[][] | null)[] = [];
  for (let i = 0; i * 1000 / n.fps <= durationS * 1000; i++) {
    const { pose, pelvisY, pelvisX = 0 } = motion(i / n.fps);
    const points = render(place(joints(pose), pelvisY, pelvisX), { view: n.view, facing: 'right', ...CAM }, n.format, rand, n.jitterPx, n.dropPoint);
    frames.push(i > 0 && rand() < n.dropFrame ? null : points);
  }
  return { format: n.format, fps: n.fps, width: CAM.width, height: CAM.height, frames };
}

// ---------- jumps ----------

export type JumpTest = 'Countermovement Jump' | 'Drop Jump' | 'Squat Jump' | 'Repeated Jumps';
export interface JumpTruth { flight_s: number[]; height_m: number[]; contact_s: (number | null)[] }

const crouch = (flex: number, heel = 0): Pose => ({ ...NEUTRAL, kneeFlexL: flex, kneeFlexR: flex, hipFlexL: flex * 0.9, hipFlexR: flex * 0.9, trunkPitch: flex * 0.35, heelLiftL: heel, heelLiftR: heel, shoulderFlexL: flex * 0.5, shoulderFlexR: flex * 0.5 });

/**
 * A jump test: the athlete stands, dips (or holds a squat, or drops from a box), pushes off onto
 * the toes and flies with a fixed pose, so the toes follow the same parabola up and down and land
 * after exactly the drawn flight time.
 */
export function jumpMotion(test: JumpTest, rand: () => number): { motion: Motion; durationS: number; truth: JumpTruth } {
  const TOE = 30; // heels lifted at takeoff and landing (degrees of foot pitch)
  const jumps = test === 'Repeated Jumps' ? 3 + Math.floor(rand() * 3) : 1;
  const segments: { from: number; to: number; at: (u: number) => { pose: Pose; air?: number } }[] = [];
  const truth: JumpTruth = { flight_s: [], height_m: [], contact_s: [] };
  let t = 0;
  const add = (dur: number, at: (u: number) => { pose: Pose; air?: number }) => { segments.push({ from: t, to: t + dur, at }); t += dur; };
  const takeoffPose = crouch(0, TOE);
  const box = test === 'Drop Jump' ? 0.3 + rand() * 0.15 : 0;

  add(0.4 + rand() * 0.4, () => ({ pose: test === 'Squat Jump' ? crouch(85) : NEUTRAL, air: box }));
  if (test === 'Drop Jump') {
    // Step off the box onto the toes: free fall from the box height.
    add(0.15, (u) => ({ pose: crouch(0, TOE * u), air: box }));
    const fall = Math.sqrt((2 * box) / G);
    add(fall, (u) => ({ pose: takeoffPose, air: box - (G * (u * fall) ** 2) / 2 }));
  } else if (test === 'Squat Jump') {
    add(0.6 + rand() * 0.4, () => ({ pose: crouch(85) }));
  }
  for (let k = 0; k < jumps; k++) {
    const depth = test === 'Squat Jump' ? 85 : test === 'Countermovement Jump' ? 60 + rand() * 40 : 30 + rand() * 25;
    const down = test === 'Squat Jump' ? 0 : test === 'Countermovement Jump' ? 0.4 + rand() * 0.25 : 0.1 + rand() * 0.06;
    const up = test === 'Countermovement Jump' || test === 'Squat Jump' ? 0.25 + rand() * 0.1 : 0.08 + rand() * 0.06;
    const fromHeel = test === 'Countermovement Jump' || test === 'Squat Jump' ? 0 : TOE;
    if (down) add(down, (u) => ({ pose: crouch(depth * ease(u), fromHeel * flattening(u)) }));
    add(up, (u) => ({ pose: crouch(depth * (1 - ease(u)), TOE * rising((u - 0.5) / 0.5)) }));
    if (test !== 'Countermovement Jump' && test !== 'Squat Jump') truth.contact_s.push(k === 0 && test === 'Repeated Jumps' ? null : (test === 'Drop Jump' || k > 0) ? down + up : null);
    else truth.contact_s.push(null);
    const flight = test === 'Repeated Jumps' ? 0.35 + rand() * 0.2 : 0.4 + rand() * 0.25;
    const v0 = (G * flight) / 2;
    add(flight, (u) => ({ pose: takeoffPose, air: v0 * u * flight - (G * (u * flight) ** 2) / 2 }));
    truth.flight_s.push(flight);
    truth.height_m.push((G * flight * flight) / 8);
  }
  // Land on the toes, absorb, stand.
  add(0.9, (u) => ({ pose: crouch(50 * Math.sin(Math.PI * Math.min(1, u * 1.2)), TOE * flattening(u / 0.15)) }));
  add(0.5, () => ({ pose: NEUTRAL }));
  // Repeated jumps: the first jump follows a countermovement, not a contact.
  const motion: Motion = (time) => {
    const seg = segments.find((s) => time < s.to) ?? segments[segments.length - 1];
    const { pose, air = 0 } = seg.at(Math.min(1, (time - seg.from) / (seg.to - seg.from)));
    // `air`: how far the lowest point of the feet is above the ground.
    return { pose, pelvisY: standingPelvis(pose) + air };
  };
  return { motion, durationS: t, truth };
}

// ---------- running ----------

export interface RunTruth { cadence_spm: number; contact_s: number; flight_s: number; oscillation_m: number; trunk_lean_deg: number }

/** Two-link leg: hip and knee flexion that put the ankle at (forward, down) from the hip. */
function legTo(forward: number, down: number) {
  const T = 0.45, S = 0.43;
  const d = Math.min(T + S - 1e-6, Math.hypot(forward, down));
  const knee = Math.acos((T * T + S * S - d * d) / (2 * T * S));
  const alpha = Math.acos((T * T + d * d - S * S) / (2 * T * d));
  const phi = Math.atan2(forward, down);
  return { hipFlex: ((phi + alpha) * 180) / Math.PI, kneeFlex: 180 - (knee * 180) / Math.PI };
}

/** Foot pitch at toe-off (degrees), and the share of a contact before the heel comes up. */
const TOE_OFF_DEG = 30, HEEL_OFF = 0.6;

/** How far the ankle rises when the foot pitches by `deg` about its toe tips (eval/body.ts's foot: 0.07 m deep, toe point 0.16 m ahead). */
const toeTipLift = (deg: number) => { const r = (deg * Math.PI) / 180; return 0.07 * Math.cos(r) + (0.16 + TOES_M) * Math.sin(r) - 0.07; };

/**
 * Treadmill running seen from the side: each foot lands flat on the belt, travels backwards
 * under the hip, rolls onto its toes and leaves at the contact time, then swings forward through
 * the air. The pelvis bobs with the steps, lowest at mid-stance.
 */
export function runMotion(rand: () => number): { motion: Motion; durationS: number; truth: RunTruth } {
  const cadence = 155 + rand() * 35;
  const step = 60 / cadence;
  const contact = Math.min(step * 0.85, 0.18 + rand() * 0.12);
  const swing = 2 * step - contact;
  const oscillation = 0.05 + rand() * 0.04;
  const lean = 4 + rand() * 8;
  const reach = 0.16 + rand() * 0.08;
  const lift = 0.12 + rand() * 0.12;
  const ANKLE = 0.07; // ankle above the sole
  const base = 0.84;
  const offset = rand() * 2 * step;
  const motion: Motion = (time) => {
    const t = time + offset;
    // Pelvis: lowest at each mid-stance (every step).
    const pelvisY = base - oscillation / 2 * Math.cos((2 * Math.PI * (t - contact / 2)) / step);
    const pose: Pose = { ...NEUTRAL, trunkPitch: lean, elbowFlexL: 80, elbowFlexR: 80 };
    for (const [side, shift] of [['L', 0], ['R', step]] as const) {
      const c = (((t - shift) % (2 * step)) + 2 * step) % (2 * step);
      let forward: number, height: number, heel: number;
      if (c < contact) {
        forward = reach - (2 * reach * c) / contact; height = 0;
        // Heel-off: the foot rolls up onto its toe tips over the last part of the contact.
        heel = TOE_OFF_DEG * rising((c / contact - HEEL_OFF) / (1 - HEEL_OFF));
      } else {
        const u = (c - contact) / swing;
        forward = -reach + 2 * reach * ease(u); height = lift * Math.sin(Math.PI * u);
        heel = TOE_OFF_DEG * flattening(u / 0.3);
      }
      // The ankle rises as the foot pitches, so that the toe tips (not the ankle's foot point) stay on the belt.
      const { hipFlex, kneeFlex } = legTo(forward, pelvisY - ANKLE - height - toeTipLift(heel));
      if (side === 'L') { pose.hipFlexL = hipFlex; pose.kneeFlexL = kneeFlex; pose.shoulderFlexL = -forward * 120; pose.heelLiftL = heel; }
      else { pose.hipFlexR = hipFlex; pose.kneeFlexR = kneeFlex; pose.shoulderFlexR = -forward * 120; pose.heelLiftR = heel; }
    }
    return { pose, pelvisY };
  };
  return { motion, durationS: 6 + rand() * 4, truth: { cadence_spm: cadence, contact_s: contact, flight_s: step - contact, oscillation_m: oscillation, trunk_lean_deg: lean } };
}

// ---------- lifts ----------

export type Lift = 'deadlift' | 'back_squat' | 'snatch';
export interface LiftTruth { reps: number; peak_velocity_mps: number[] }

/** A minimum-jerk move from 0 to 1: smooth start and stop, like a real bar. */
const minJerk = (u: number) => { const x = Math.min(1, Math.max(0, u)); return x * x * x * (10 - 15 * x + 6 * x * x); };

const wristHeight = (p: Pose) => { const j = joints(p); return (j.left_wrist[1] + j.right_wrist[1]) / 2 + standingPelvis(p); };

/**
 * Lifts driven by joint angles; the bar is the wrists' midpoint. Its true velocity is measured on
 * the noise-free motion at 1 ms steps, so any motion the poses produce has a known answer.
 */
export function liftMotion(lift: Lift, rand: () => number): { motion: Motion; durationS: number; truth: LiftTruth } {
  const reps = lift === 'snatch' ? 1 : 2 + Math.floor(rand() * 3);
  const segments: { from: number; to: number; at: (u: number) => Pose }[] = [];
  let t = 0;
  const add = (dur: number, at: (u: number) => Pose) => { segments.push({ from: t, to: t + dur, at }); t += dur; };
  const mix = (a: Pose, b: Pose, u: number): Pose => { const o = { ...a }; for (const k of Object.keys(a) as (keyof Pose)[]) o[k] = a[k] + (b[k] - a[k]) * u; return o; };
  const hang: Pose = { ...NEUTRAL };
  const bottomDead: Pose = { ...NEUTRAL, hipFlexL: 85, hipFlexR: 85, kneeFlexL: 60, kneeFlexR: 60, trunkPitch: 60, shoulderFlexL: 60, shoulderFlexR: 60 };
  const rack: Pose = { ...NEUTRAL, shoulderFlexL: 30, shoulderFlexR: 30, elbowFlexL: 150, elbowFlexR: 150 };
  const squat: Pose = { ...rack, hipFlexL: 110, hipFlexR: 110, kneeFlexL: 115, kneeFlexR: 115, trunkPitch: 40 };
  const overhead: Pose = { ...NEUTRAL, shoulderFlexL: 175, shoulderFlexR: 175 };
  if (lift === 'deadlift') {
    add(0.6, () => bottomDead);
    for (let r = 0; r < reps; r++) {
      const up = 1.1 + rand() * 0.9, down = 1.2 + rand() * 0.6;
      add(up, (u) => mix(bottomDead, hang, minJerk(u)));
      add(0.3 + rand() * 0.4, () => hang);
      add(down, (u) => mix(hang, bottomDead, minJerk(u)));
      add(0.5 + rand() * 0.4, () => bottomDead);
    }
  } else if (lift === 'back_squat') {
    add(0.6, () => rack);
    for (let r = 0; r < reps; r++) {
      const down = 1.4 + rand() * 0.8, up = 1.1 + rand() * 0.9;
      add(down, (u) => mix(rack, squat, minJerk(u)));
      add(0.1 + rand() * 0.4, () => squat);
      add(up, (u) => mix(squat, rack, minJerk(u)));
      add(0.6 + rand() * 0.5, () => rack);
    }
  } else {
    // Snatch: first pull to the knees, re-bend, second pull onto the toes, pull under into an overhead squat, stand.
    const start: Pose = { ...bottomDead, kneeFlexL: 75, kneeFlexR: 75, hipFlexL: 95, hipFlexR: 95, trunkPitch: 55, shoulderFlexL: 50, shoulderFlexR: 50 };
    const knees: Pose = { ...NEUTRAL, hipFlexL: 60, hipFlexR: 60, kneeFlexL: 25, kneeFlexR: 25, trunkPitch: 45, shoulderFlexL: 35, shoulderFlexR: 35 };
    const power: Pose = { ...NEUTRAL, hipFlexL: 35, hipFlexR: 35, kneeFlexL: 35, kneeFlexR: 35, trunkPitch: 15, shoulderFlexL: 10, shoulderFlexR: 10 };
    const extended: Pose = { ...NEUTRAL, heelLiftL: 25, heelLiftR: 25, shrugL: 0.05, shrugR: 0.05, shoulderFlexL: 45, shoulderFlexR: 45, elbowFlexL: 90, elbowFlexR: 90 };
    const caught: Pose = { ...overhead, hipFlexL: 115, hipFlexR: 115, kneeFlexL: 120, kneeFlexR: 120, trunkPitch: 20, shoulderFlexL: 160, shoulderFlexR: 160 };
    add(0.7, () => start);
    add(0.55 + rand() * 0.15, (u) => mix(start, knees, minJerk(u)));
    add(0.15, (u) => mix(knees, power, minJerk(u)));
    add(0.25 + rand() * 0.05, (u) => mix(power, extended, minJerk(u)));
    add(0.5, (u) => mix(extended, caught, minJerk(u)));
    add(0.5, () => caught);
    add(1.2, (u) => mix(caught, overhead, minJerk(u)));
    add(0.8, () => overhead);
  }
  const poseAt = (time: number) => {
    const seg = segments.find((s) => time < s.to) ?? segments[segments.length - 1];
    return seg.at(Math.min(1, (time - seg.from) / (seg.to - seg.from)));
  };
  // True bar velocity: the wrists' height on a 1 ms grid, differentiated.
  const peaks: number[] = [];
  const heights: number[] = [];
  for (let ms = 0; ms <= t * 1000; ms++) heights.push(wristHeight(poseAt(ms / 1000)));
  const v = heights.map((h, i) => (i === 0 ? 0 : (h - heights[i - 1]) * 1000));
  // One peak per rising stretch of the bar.
  let inRise = false, peak = 0;
  for (const x of v) {
    if (x > 0.05) { inRise = true; peak = Math.max(peak, x); }
    else if (inRise && x <= 0) { inRise = false; if (peak > 0.3) peaks.push(peak); peak = 0; }
  }
  if (inRise && peak > 0.3) peaks.push(peak);
  // The snatch is one lift with several rising stretches (pull, pull under): its peak is the fastest.
  if (lift === 'snatch') peaks.splice(0, peaks.length, Math.max(...v));
  return { motion: (time) => { const pose = poseAt(time); return { pose, pelvisY: standingPelvis(pose) }; }, durationS: t, truth: { reps, peak_velocity_mps: peaks } };
}
