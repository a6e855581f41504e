import type { Metric, Side } from '../../motion/signals.ts';
import type { Posture } from '../../motion/posture.ts';

/** A value at the rep's peak frame, scored against a target range. */
export interface PeakMeasurement {
  id: number; type: 'peak'; metric: Metric; side: Side | 'both';
  target: [number, number]; message: string; priority: number;
}

/** A constraint held through the whole rep; `relative` compares with the rep's first frame. */
export interface StaticMeasurement {
  id: number; type: 'static'; metric: Metric; side: Side | 'both';
  limit: { min?: number; max?: number }; relative?: boolean; message: string; priority: number;
}

export type Measurement = PeakMeasurement | StaticMeasurement;

export interface Exercise {
  name: string;
  aliases: string[];
  /** Which side works: one-sided exercises have L and R variants. */
  side: Side | 'both';
  view: 'front' | 'side';
  /** The rep-defining signal: rises during a rep when direction is 1, falls when -1. */
  signal: { metric: Metric; side: Side | 'both'; direction: 1 | -1 };
  /** Other signals that move with the rep and are fused with it for counting (e.g. the hips' height in a squat). */
  countAlso?: { metric: Metric; side: Side | 'both'; direction: 1 | -1 }[];
  /** The body position the exercise is done in; movement outside it (getting ready, walking off) is not counted. */
  posture?: Posture;
  /**
   * Getting into position moves the rep joints much as a rep does (unracking a bar, jumping to the
   * bar): reps that look like none of the set's are left out. Not for exercises where a rep done
   * with a fault must still count (it looks unlike the rest too), nor where it was measured to
   * lose real reps (sit-ups).
   */
  dropUnlikeReps?: boolean;
  minAmplitude: number;
  minRepMs: number;
  /** Degrees (or percent for ratio metrics) outside the target at which accuracy reaches 0. */
  tolerance: number;
  measurements: Measurement[];
}

const peak = (id: number, metric: Metric, side: Side | 'both', target: [number, number], message: string, priority: number): PeakMeasurement =>
  ({ id, type: 'peak', metric, side, target, message, priority });
const held = (id: number, metric: Metric, side: Side | 'both', limit: StaticMeasurement['limit'], message: string, priority: number, relative = false): StaticMeasurement =>
  ({ id, type: 'static', metric, side, limit, message, priority, relative });

const letter = (s: Side) => (s === 'left' ? 'L' : 'R');
const word = (s: Side) => (s === 'left' ? 'left' : 'right');

/** Builds the left and right variant of a one-sided exercise. */
function sided(base: string, aliases: string[], make: (s: Side) => Omit<Exercise, 'name' | 'aliases' | 'side'>): Exercise[] {
  return (['left', 'right'] as Side[]).map((s) => ({
    name: `${letter(s)} ${base}`,
    aliases: [`${word(s)} ${base}`, ...aliases.map((a) => `${word(s)} ${a}`), ...aliases.map((a) => `${letter(s)} ${a}`)],
    side: s,
    ...make(s),
  }));
}

/** The exercise catalogue: data, not code. Names are matched case-insensitively. */
export const CATALOGUE: Exercise[] = [
  {
    name: 'Squats', aliases: ['squat', 'bodyweight squat', 'air squat'], side: 'both', view: 'front',
    posture: 'upright', dropUnlikeReps: true,
    signal: { metric: 'knee_flexion', side: 'both', direction: 1 }, minAmplitude: 25, minRepMs: 500, tolerance: 40,
    countAlso: [{ metric: 'hip_height', side: 'both', direction: -1 }],
    measurements: [
      peak(1, 'hip_flexion', 'both', [80, 130], 'Hip flexion', 2),
      peak(2, 'knee_flexion', 'both', [90, 140], 'Knee flexion', 1),
      peak(3, 'knee_valgus', 'both', [-10, 8], 'Keep your knees aligned with your toes', 2),
      held(4, 'heel_lift', 'both', { max: 10 }, 'Do not lift your toes or heel', 2, true),
    ],
  },
  {
    name: 'Sit to Stand', aliases: ['sit-to-stand', 'chair stand', 'sit to stands'], side: 'both', view: 'side',
    signal: { metric: 'knee_flexion', side: 'both', direction: -1 }, minAmplitude: 35, minRepMs: 600, tolerance: 30,
    measurements: [
      peak(1, 'knee_flexion', 'both', [0, 15], 'Stand up fully', 1),
      peak(2, 'hip_flexion', 'both', [0, 20], 'Straighten your hips at the top', 2),
      held(3, 'trunk_lean', 'both', { max: 50 }, 'Do not throw your trunk forward', 3),
    ],
  },
  ...sided('Lunge', ['lunges', 'forward lunge'], (s) => ({
    view: 'side', signal: { metric: 'knee_flexion', side: s, direction: 1 }, minAmplitude: 30, minRepMs: 600, tolerance: 30,
    measurements: [
      peak(1, 'knee_flexion', s, [75, 110], 'Front knee bend', 1),
      held(2, 'trunk_lean', 'both', { max: 20 }, 'Keep your trunk upright', 2),
    ],
  })),
  {
    name: 'Glute Bridge', aliases: ['bridge', 'bridges', 'hip bridge'], side: 'both', view: 'side',
    signal: { metric: 'hip_flexion', side: 'both', direction: -1 }, minAmplitude: 20, minRepMs: 600, tolerance: 25,
    measurements: [
      peak(1, 'hip_flexion', 'both', [-10, 15], 'Lift your hips until your body is in line with your thighs', 1),
      peak(2, 'knee_flexion', 'both', [70, 110], 'Keep your knees bent at about 90 degrees', 3),
    ],
  },
  {
    name: 'Heel Raises', aliases: ['heel raise', 'calf raise', 'calf raises'], side: 'both', view: 'side',
    signal: { metric: 'heel_lift', side: 'both', direction: 1 }, minAmplitude: 8, minRepMs: 400, tolerance: 20,
    measurements: [
      peak(1, 'heel_lift', 'both', [22, 60], 'Rise high onto your toes', 1),
      held(2, 'knee_flexion', 'both', { max: 15 }, 'Keep your knees straight', 2),
    ],
  },
  ...sided('Straight Leg Raise', ['slr', 'straight leg raises'], (s) => ({
    view: 'side', signal: { metric: 'hip_flexion', side: s, direction: 1 }, minAmplitude: 20, minRepMs: 600, tolerance: 30,
    measurements: [
      peak(1, 'hip_flexion', s, [45, 80], 'Raise your leg', 1),
      held(2, 'knee_flexion', s, { max: 15 }, 'Keep your knee straight', 2),
    ],
  })),
  ...sided('Knee Extension', ['seated knee extension', 'long arc quad'], (s) => ({
    view: 'side', signal: { metric: 'knee_flexion', side: s, direction: -1 }, minAmplitude: 30, minRepMs: 600, tolerance: 30,
    measurements: [
      peak(1, 'knee_flexion', s, [0, 10], 'Straighten your knee fully', 1),
      held(2, 'trunk_lean', 'both', { max: 25 }, 'Sit tall; do not lean back', 2),
    ],
  })),
  ...sided('Hip Abduction', ['standing hip abduction', 'side leg raise'], (s) => ({
    view: 'front', signal: { metric: 'hip_abduction', side: s, direction: 1 }, minAmplitude: 12, minRepMs: 500, tolerance: 25,
    measurements: [
      peak(1, 'hip_abduction', s, [25, 45], 'Lift your leg out to the side', 1),
      held(2, 'trunk_lean', 'both', { max: 15 }, 'Keep your trunk upright; do not lean', 2),
    ],
  })),
  ...sided('Shoulder Abduction', ['lateral raise', 'arm raise to the side'], (s) => ({
    view: 'front', signal: { metric: 'shoulder_abduction', side: s, direction: 1 }, minAmplitude: 40, minRepMs: 600, tolerance: 40,
    countAlso: [{ metric: 'wrist_height', side: s, direction: 1 }],
    measurements: [
      peak(1, 'shoulder_abduction', s, [150, 180], 'Shoulder abduction', 1),
      held(2, 'elbow_flexion', s, { max: 25 }, 'Keep your elbow straight', 2),
      held(3, 'trunk_lean', 'both', { max: 12 }, 'Do not lean to the side', 2),
    ],
  })),
  ...sided('Shoulder flexion', ['shoulder flexion', 'forward arm raise', 'front raise'], (s) => ({
    view: 'side', signal: { metric: 'shoulder_flexion', side: s, direction: 1 }, minAmplitude: 40, minRepMs: 600, tolerance: 40,
    countAlso: [{ metric: 'wrist_height', side: s, direction: 1 }],
    measurements: [
      peak(1, 'shoulder_flexion', s, [150, 180], 'Shoulder flexion', 1),
      held(2, 'elbow_flexion', s, { max: 25 }, 'Keep your elbow straight', 2),
      held(3, 'trunk_lean', 'both', { max: 12 }, 'Do not arch your back', 2),
    ],
  })),
  {
    name: 'Cervical Flexion', aliases: ['neck flexion', 'chin to chest'], side: 'both', view: 'side',
    signal: { metric: 'neck_flexion', side: 'both', direction: 1 }, minAmplitude: 12, minRepMs: 600, tolerance: 25,
    measurements: [
      peak(1, 'neck_flexion', 'both', [35, 60], 'Cervical flexion', 1),
      held(2, 'trunk_lean', 'both', { max: 15 }, 'Keep your back still', 2),
    ],
  },
  ...sided('Cervical Extension', ['neck extension'], (s) => ({
    view: 'side', signal: { metric: 'neck_flexion', side: s, direction: -1 }, minAmplitude: 12, minRepMs: 600, tolerance: 25,
    measurements: [
      peak(1, 'neck_flexion', s, [-70, -40], 'Cervical extension', 1),
      held(2, 'trunk_lean', 'both', { max: 15 }, 'Keep your back still', 2),
    ],
  })),
  ...sided('Cervical Rotation', ['neck rotation', 'head turn'], (s) => ({
    view: 'front', signal: { metric: 'neck_rotation', side: 'both', direction: s === 'left' ? 1 : -1 }, minAmplitude: 15, minRepMs: 600, tolerance: 30,
    measurements: [
      peak(1, 'neck_rotation', 'both', s === 'left' ? [50, 90] : [-90, -50], 'Cervical rotation', 1),
      held(2, 'shoulder_shrug', s, { min: -15 }, 'Keep your shoulders relaxed', 2, true),
    ],
  })),
  {
    name: 'Push-ups', aliases: ['push up', 'push-up', 'pushups', 'press up'], side: 'both', view: 'side',
    posture: 'horizontal', dropUnlikeReps: true,
    signal: { metric: 'elbow_flexion', side: 'both', direction: 1 }, minAmplitude: 30, minRepMs: 400, tolerance: 30,
    measurements: [
      peak(1, 'elbow_flexion', 'both', [75, 120], 'Lower your chest towards the floor', 1),
      held(2, 'body_line', 'both', { max: 20 }, 'Keep your body in a straight line', 1),
    ],
  },
  {
    name: 'Sit-ups', aliases: ['sit up', 'sit-up', 'situps', 'curl up'], side: 'both', view: 'side',
    signal: { metric: 'hip_flexion', side: 'both', direction: 1 }, minAmplitude: 30, minRepMs: 400, tolerance: 30,
    measurements: [
      peak(1, 'hip_flexion', 'both', [100, 150], 'Curl all the way up', 1),
      held(2, 'knee_flexion', 'both', { min: 60, max: 120 }, 'Keep your knees bent', 2),
    ],
  },
  {
    name: 'Jumping Jacks', aliases: ['jumping jack', 'star jumps'], side: 'both', view: 'front',
    posture: 'upright',
    signal: { metric: 'arm_spread', side: 'both', direction: 1 }, minAmplitude: 60, minRepMs: 300, tolerance: 40,
    measurements: [
      peak(1, 'arm_spread', 'both', [140, 180], 'Raise your arms overhead', 1),
      peak(2, 'leg_spread', 'both', [150, 400], 'Jump your feet wide', 2),
    ],
  },
  {
    name: 'Front Raise', aliases: ['front raises', 'dumbbell front raise', 'plate front raise'], side: 'both', view: 'side', posture: 'upright',
    signal: { metric: 'shoulder_flexion', side: 'both', direction: 1 }, minAmplitude: 30, minRepMs: 500, tolerance: 40,
    countAlso: [{ metric: 'wrist_height', side: 'both', direction: 1 }],
    measurements: [
      peak(1, 'shoulder_flexion', 'both', [80, 110], 'Raise your arms to shoulder height', 1),
      held(2, 'elbow_flexion', 'both', { max: 25 }, 'Keep your elbows almost straight', 2),
      held(3, 'trunk_lean', 'both', { max: 12 }, 'Do not swing your body to lift the weight', 2),
    ],
  },
  {
    name: 'Pull-ups', aliases: ['pull up', 'pull-up', 'pullups', 'chin up', 'chin-up', 'chin-ups', 'chinups'], side: 'both', view: 'front', posture: 'hanging', dropUnlikeReps: true,
    signal: { metric: 'elbow_flexion', side: 'both', direction: 1 }, minAmplitude: 30, minRepMs: 600, tolerance: 30,
    countAlso: [{ metric: 'shoulder_abduction', side: 'both', direction: -1 }],
    measurements: [
      peak(1, 'elbow_flexion', 'both', [100, 160], 'Pull up until your elbows are fully bent', 1),
      held(2, 'hip_flexion', 'both', { max: 30 }, 'Keep your legs under you; do not kip', 2),
    ],
  },
  {
    // Bodyweight (floor or bench dips aside) or barbell: counted from the arms, so the bar need not be seen.
    name: 'Bench Press', aliases: ['bench pressing', 'barbell bench press', 'dumbbell bench press', 'bench'], side: 'both', view: 'side', dropUnlikeReps: true,
    signal: { metric: 'elbow_flexion', side: 'both', direction: 1 }, minAmplitude: 30, minRepMs: 500, tolerance: 30,
    countAlso: [{ metric: 'wrist_height', side: 'both', direction: -1 }],
    measurements: [
      peak(1, 'elbow_flexion', 'both', [75, 115], 'Lower the bar to your chest', 1),
      held(2, 'body_line', 'both', { max: 35 }, 'Keep your hips on the bench', 2),
    ],
  },
];

const byKey = new Map<string, Exercise>();
for (const e of CATALOGUE) for (const n of [e.name, ...e.aliases]) byKey.set(n.toLowerCase().replace(/\s+/g, ' ').trim(), e);

/** Finds an exercise by name or alias, ignoring case and extra spaces. */
export const findExercise = (name: string): Exercise | undefined => byKey.get(name.toLowerCase().replace(/\s+/g, ' ').trim());
