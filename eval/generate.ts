// Generates keypoint recordings of catalogue exercises with known answers: how many full reps,
// and which reps carry which form fault at which frames. Tempo changes, pauses at rest and at the
// peak, a partial last rep, jitter, dropped frames and dropped points are all drawn at random.
import { NEUTRAL, joints, render, renderWorld, seeded, type Format, type Pose } from './body.ts';
import type { Fault, Program } from './exercise-programs.ts';

export interface InjectedFault { rep: number; measurements: number[]; fromFrame: number; toFrame: number }

export interface Generated {
  doc: { format: Format; fps: number; width: number; height: number; frames: (number[][] | null)[]; world?: (number[][] | null)[] };
  fullReps: number;
  /** Frame ranges of each full rep, for matching detected reps. */
  reps: { start: number; peak: number; end: number }[];
  faults: InjectedFault[];
}

export interface GenerateOptions {
  seed: number;
  fps: number;
  format: Format;
  reps: number;
  partialLastRep: boolean;
  faultRate: number;
  jitterPx: number;
  dropFrame: number;
  dropPoint: number;
  /** Overrides the program's rep duration range (seconds). */
  repSeconds?: [number, number];
}

const lerpPose = (a: Pose, b: Pose, t: number): Pose => {
  const out = { ...a };
  for (const k of Object.keys(a) as (keyof Pose)[]) out[k] = a[k] + (b[k] - a[k]) * t;
  return out;
};

/** 0 → 1 → 0 over a rep, smooth at both ends. */
const bump = (phase: number) => (1 - Math.cos(2 * Math.PI * phase)) / 2;

export function generate(program: Program, o: GenerateOptions): Generated {
  const rand = seeded(o.seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const rest: Pose = { ...NEUTRAL, ...program.rest };
  const peak: Pose = { ...rest, ...program.peak };
  const dt = 1 / o.fps;
  const poses: Pose[] = [];
  const reps: Generated['reps'] = [];
  const faults: InjectedFault[] = [];
  const holdRest = (seconds: number) => { for (let t = 0; t < seconds; t += dt) poses.push(rest); };

  const peakFor = (fault: Fault | null): Pose => {
    if (!fault) return peak;
    if (fault.scale !== undefined) return lerpPose(rest, peak, fault.scale);
    const p = { ...peak };
    for (const [k, v] of Object.entries(fault.add ?? {}) as [keyof Pose, number][]) p[k] += v;
    return p;
  };

  const [lo, hi] = o.repSeconds ?? program.repSeconds;
  holdRest(between(0.4, 1.2));
  for (let r = 0; r < o.reps + (o.partialLastRep ? 1 : 0); r++) {
    const partial = r === o.reps;
    const fault = !partial && rand() < o.faultRate ? program.faults[Math.floor(rand() * program.faults.length)] : null;
    const top = peakFor(fault);
    const duration = between(lo, hi); // the tempo changes from rep to rep
    const hold = rand() < 0.3 ? between(0.2, 0.8) : 0; // sometimes a pause at the peak
    const start = poses.length;
    const end = partial ? between(0.15, 0.4) : 1;
    let peakFrame = start;
    let faultFrom = -1, faultTo = -1;
    for (let t = 0; t < duration * end; t += dt) {
      const phase = t / duration;
      const s = bump(phase);
      if (fault && s > 0.3) { if (faultFrom < 0) faultFrom = poses.length; faultTo = poses.length; }
      if (phase <= 0.5) peakFrame = poses.length;
      poses.push(lerpPose(rest, top, s));
      if (phase <= 0.5 && phase + dt / duration > 0.5) for (let h = 0; h < hold; h += dt) poses.push(top);
    }
    if (partial) break;
    reps.push({ start, peak: peakFrame, end: poses.length - 1 });
    if (fault) faults.push({ rep: r, measurements: fault.measurements, fromFrame: faultFrom, toFrame: faultTo });
    holdRest(rand() < 0.2 ? between(1, 2.5) : between(0, 0.6)); // pauses between reps vary
  }
  if (!o.partialLastRep) holdRest(between(0.3, 1));

  const cam = { view: program.view, facing: program.facing ?? 'right', pxPerMetre: 480, width: 720, height: 1280 };
  const frames: (number[][] | null)[] = [];
  // BlazePose gives metric world landmarks beside the image ones, as MediaPipe does.
  const world: (number[][] | null)[] = [];
  let burst = 0;
  for (const pose of poses) {
    if (burst > 0 || rand() < o.dropFrame) {
      // Dropped frames come alone or in short bursts (the person briefly not detected).
      if (burst === 0 && rand() < 0.2) burst = 3;
      burst = Math.max(0, burst - 1);
      frames.push(null);
      world.push(null);
      continue;
    }
    const j = joints(pose);
    frames.push(render(j, cam, o.format, rand, o.jitterPx, o.dropPoint));
    world.push(o.format === 'blazepose33' ? renderWorld(j, cam, rand, o.jitterPx / cam.pxPerMetre) : null);
  }
  const doc = { format: o.format, fps: o.fps, width: cam.width, height: cam.height, frames, ...(o.format === 'blazepose33' ? { world } : {}) };
  return { doc, fullReps: o.reps, reps, faults };
}
