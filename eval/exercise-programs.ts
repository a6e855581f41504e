// How a person performs each catalogue exercise, in joint angles of eval/body.ts: the resting
// pose, the pose at the peak of a good rep, and form faults that break named measurements.
import type { Format, Pose, View } from './body.ts';

export interface Fault {
  /** Measurement ids of the catalogue entry this fault should be flagged on. */
  measurements: number[];
  /** Joint angles added at the rep's peak (a form break during the rep)… */
  add?: Partial<Pose>;
  /** …or the rep's range scaled down (not reaching the target). */
  scale?: number;
}

export interface Program {
  exercise: string;
  view: View;
  facing?: 'left' | 'right';
  formats: Format[];
  rest: Partial<Pose>;
  peak: Partial<Pose>;
  repSeconds: [number, number];
  faults: Fault[];
}

const both = (prefix: 'hipFlex' | 'kneeFlex' | 'shoulderAbd' | 'shoulderFlex' | 'heelLift' | 'elbowFlex' | 'hipAbd' | 'kneeValgus', v: number): Partial<Pose> =>
  ({ [`${prefix}L`]: v, [`${prefix}R`]: v });
const side = (s: 'L' | 'R') => (k: string, v: number): Partial<Pose> => ({ [`${k}${s}`]: v });
const SLOW: [number, number] = [1.4, 3.6];

function sided(make: (s: 'L' | 'R', on: ReturnType<typeof side>) => Omit<Program, 'exercise' | 'facing'>, name: string): Program[] {
  return (['L', 'R'] as const).map((s) => ({ exercise: `${s} ${name}`, facing: s === 'L' ? 'left' : 'right', ...make(s, side(s)) }));
}

export const PROGRAMS: Program[] = [
  {
    exercise: 'Squats', view: 'front', formats: ['blazepose33'], repSeconds: SLOW,
    rest: {}, peak: { ...both('kneeFlex', 115), ...both('hipFlex', 95), trunkPitch: 20, ...both('shoulderFlex', 80) },
    faults: [
      { measurements: [4], add: both('heelLift', 35) },
      { measurements: [3], add: both('kneeValgus', 28) },
      { measurements: [1, 2], scale: 0.55 },
    ],
  },
  {
    exercise: 'Sit to Stand', view: 'side', facing: 'right', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: { ...both('kneeFlex', 90), ...both('hipFlex', 90), trunkPitch: 10 }, peak: { ...both('kneeFlex', 4), ...both('hipFlex', 4), trunkPitch: 0 },
    faults: [
      { measurements: [2, 3], add: { trunkPitch: 75 } },
      { measurements: [1, 2], scale: 0.65 },
    ],
  },
  ...sided((s, on) => ({
    view: 'side', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: {}, peak: { ...on('hipFlex', 80), ...on('kneeFlex', 92), ...side(s === 'L' ? 'R' : 'L')('hipFlex', -20), ...side(s === 'L' ? 'R' : 'L')('kneeFlex', 90) },
    faults: [
      { measurements: [2], add: { trunkPitch: 45 } },
      { measurements: [1], scale: 0.55 },
    ],
  }), 'Lunge'),
  {
    exercise: 'Glute Bridge', view: 'side', facing: 'right', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: { bodyPitch: 90, ...both('hipFlex', 60), ...both('kneeFlex', 100) }, peak: { ...both('hipFlex', 0), ...both('kneeFlex', 90) },
    faults: [{ measurements: [1], scale: 0.55 }],
  },
  {
    exercise: 'Heel Raises', view: 'side', facing: 'right', formats: ['blazepose33'], repSeconds: SLOW,
    rest: {}, peak: both('heelLift', 45),
    faults: [
      { measurements: [2], add: both('kneeFlex', 40) },
      { measurements: [1], scale: 0.45 },
    ],
  },
  ...sided((_s, on) => ({
    view: 'side', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: { bodyPitch: 90 }, peak: on('hipFlex', 65),
    faults: [
      { measurements: [2], add: on('kneeFlex', 45) },
      { measurements: [1], scale: 0.55 },
    ],
  }), 'Straight Leg Raise'),
  ...sided((_s, on) => ({
    view: 'side', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: { ...both('hipFlex', 90), ...both('kneeFlex', 90) }, peak: on('kneeFlex', 3),
    faults: [
      { measurements: [2], add: { trunkPitch: -45 } },
      { measurements: [1], scale: 0.6 },
    ],
  }), 'Knee Extension'),
  ...sided((_s, on) => ({
    view: 'front', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: {}, peak: on('hipAbd', 36),
    faults: [
      { measurements: [2], add: { trunkRoll: 30 } },
      { measurements: [1], scale: 0.5 },
    ],
  }), 'Hip Abduction'),
  // A bent elbow during a lateral raise points the forearm at the camera: only depth (BlazePose z) shows it.
  ...sided((_s, on) => ({
    view: 'front', formats: ['blazepose33'], repSeconds: SLOW,
    rest: on('shoulderAbd', 8), peak: on('shoulderAbd', 168),
    faults: [
      { measurements: [2], add: on('elbowFlex', 60) },
      { measurements: [3], add: { trunkRoll: 28 } },
      { measurements: [1], scale: 0.6 },
    ],
  }), 'Shoulder Abduction'),
  ...sided((_s, on) => ({
    view: 'side', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: on('shoulderFlex', 8), peak: on('shoulderFlex', 168),
    faults: [
      { measurements: [2], add: on('elbowFlex', 60) },
      { measurements: [3], add: { trunkPitch: -28 } },
      { measurements: [1], scale: 0.6 },
    ],
  }), 'Shoulder flexion'),
  {
    exercise: 'Cervical Flexion', view: 'side', facing: 'right', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: {}, peak: { neckFlex: 47 },
    faults: [
      { measurements: [2], add: { trunkPitch: 35 } },
      { measurements: [1], scale: 0.55 },
    ],
  },
  ...sided(() => ({
    view: 'side', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: {}, peak: { neckFlex: -55 },
    faults: [
      { measurements: [2], add: { trunkPitch: 35 } },
      { measurements: [1], scale: 0.55 },
    ],
  }), 'Cervical Extension'),
  ...sided((s, on) => ({
    view: 'front', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: {}, peak: { neckRot: s === 'L' ? 68 : -68 },
    faults: [
      { measurements: [2], add: on('shrug', 0.11) },
      { measurements: [1], scale: 0.55 },
    ],
  }), 'Cervical Rotation'),
  {
    exercise: 'Push-ups', view: 'side', facing: 'right', formats: ['blazepose33', 'coco17'], repSeconds: [1.2, 3],
    rest: { bodyPitch: -90, ...both('shoulderFlex', 90) }, peak: { ...both('elbowFlex', 97), ...both('shoulderFlex', 45) },
    faults: [
      { measurements: [2], add: both('hipFlex', -35) },
      { measurements: [1], scale: 0.55 },
    ],
  },
  {
    exercise: 'Sit-ups', view: 'side', facing: 'right', formats: ['blazepose33', 'coco17'], repSeconds: SLOW,
    rest: { bodyPitch: 90, ...both('hipFlex', 45), ...both('kneeFlex', 90) }, peak: { bodyPitch: 15, trunkPitch: 0, ...both('hipFlex', 120) },
    faults: [
      { measurements: [2], add: both('kneeFlex', -65) },
      { measurements: [1], scale: 0.6 },
    ],
  },
  {
    exercise: 'Jumping Jacks', view: 'front', formats: ['blazepose33', 'coco17'], repSeconds: [0.6, 1.1],
    rest: both('shoulderAbd', 10), peak: { ...both('shoulderAbd', 170), ...both('hipAbd', 16) },
    faults: [
      { measurements: [2], add: both('hipAbd', -16) },
      { measurements: [1], scale: 0.6 },
    ],
  },
  {
    exercise: 'Front Raise', view: 'side', facing: 'right', formats: ['blazepose33', 'coco17'], repSeconds: [1.2, 3],
    rest: both('shoulderFlex', 8), peak: both('shoulderFlex', 95),
    faults: [
      { measurements: [2], add: both('elbowFlex', 60) },
      { measurements: [3], add: { trunkPitch: -28 } },
      { measurements: [1], scale: 0.6 },
    ],
  },
  // Hanging from a bar: arms overhead at rest; kipping swings the legs forward (seen only with depth from the front).
  {
    exercise: 'Pull-ups', view: 'front', formats: ['blazepose33'], repSeconds: [1.4, 3],
    rest: both('shoulderAbd', 165), peak: { ...both('shoulderAbd', 70), ...both('elbowFlex', 130) },
    faults: [
      { measurements: [2], add: both('hipFlex', 60) },
      { measurements: [1], scale: 0.6 },
    ],
  },
  {
    exercise: 'Bench Press', view: 'side', facing: 'right', formats: ['blazepose33', 'coco17'], repSeconds: [1.2, 3],
    rest: { bodyPitch: 90, ...both('shoulderFlex', 90) }, peak: { ...both('elbowFlex', 95), ...both('shoulderFlex', 30) },
    faults: [
      { measurements: [2], add: both('hipFlex', -50) },
      { measurements: [1], scale: 0.6 },
    ],
  },
];
