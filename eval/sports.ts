// Evaluates the jumping, running and weightlifting analyses on generated recordings with known
// physics (eval/sports-gen.ts) at 30, 60 and 120 fps, with jitter, dropped points and dropped
// frames, and prints the errors. Exits non-zero when a bar of the sports issue is missed at 60 fps.
//   npm run eval:sports [-- recordings-per-case]
import { seeded } from './body.ts';
import { jumpMotion, liftMotion, runMotion, sample, STICK_HEIGHT_M, type JumpTest, type Lift, type Noise } from './sports-gen.ts';
import { parseRecording } from '../src/motion/keypoints.ts';
import { analyzeJumps } from '../src/kinds/jumping/analyze.ts';
import { analyzeRunning } from '../src/kinds/running/analyze.ts';
import { analyzeLift } from '../src/kinds/weightlifting/analyze.ts';
import { AnalysisFailed } from '../src/analysis-errors.ts';

export const FPS = [30, 60, 120];
const TESTS: JumpTest[] = ['Countermovement Jump', 'Drop Jump', 'Squat Jump', 'Repeated Jumps'];
const LIFTS: Lift[] = ['deadlift', 'back_squat'];

export interface SportsFigures {
  fps: number;
  jumps: { count: number; missed: number; heightMaeCm: number; contactMaeMs: number };
  running: { runs: number; failed: number; cadenceMaeSpm: number; contactMaeMs: number; contactMaeFrames: number; stepContactMaeMs: number; flightMaeMs: number; oscillationMaeCm: number };
  lifts: { reps: number; repCountErrors: number; peakVelocityMape: number; snatchFound: number; snatches: number };
}

const mae = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length : NaN);

function noiseFor(fps: number, rand: () => number, seed: number): Noise {
  return { fps, format: 'blazepose33', jitterPx: 1 + rand() * 2, dropPoint: 0.02, dropFrame: 0.02, view: 'side', seed };
}

export function evaluateSports(perCase: number, seed = 1): SportsFigures[] {
  return FPS.map((fps) => {
    const rand = seeded(seed * 1000 + fps);
    const heightErr: number[] = [], contactErr: number[] = [];
    let jumpCount = 0, missed = 0;
    for (const test of TESTS) for (let k = 0; k < perCase; k++) {
      const { motion, durationS, truth } = jumpMotion(test, seeded(Math.floor(rand() * 1e9)));
      const rec = parseRecording(sample(motion, durationS, noiseFor(fps, rand, Math.floor(rand() * 1e9))), { maxFrames: 1e6 });
      jumpCount += truth.flight_s.length;
      let r: ReturnType<typeof analyzeJumps>;
      try {
        r = analyzeJumps(rec, { exercise: test, athlete_height_m: STICK_HEIGHT_M });
      } catch (err) {
        if (!(err instanceof AnalysisFailed)) throw err;
        if (process.env.DEBUG_SPORTS) console.error(`${fps} fps ${test}: ${err.code}`);
        missed += truth.flight_s.length;
        continue;
      }
      if (r.jumps.length !== truth.flight_s.length) { missed += Math.abs(r.jumps.length - truth.flight_s.length); continue; }
      r.jumps.forEach((j, i) => {
        heightErr.push((j.jump_height_m - truth.height_m[i]) * 100);
        const c = truth.contact_s[i];
        if (c !== null && j.contact_time_s !== null) contactErr.push((j.contact_time_s - c) * 1000);
      });
    }

    const cadenceErr: number[] = [], gctErr: number[] = [], stepErr: number[] = [], flightErr: number[] = [], oscErr: number[] = [];
    let failed = 0;
    const runs = 4 * perCase;
    for (let k = 0; k < runs; k++) {
      const { motion, durationS, truth } = runMotion(seeded(Math.floor(rand() * 1e9)));
      const rec = parseRecording(sample(motion, durationS, noiseFor(fps, rand, Math.floor(rand() * 1e9))), { maxFrames: 1e6 });
      try {
        const r = analyzeRunning(rec, { athlete_height_m: STICK_HEIGHT_M });
        cadenceErr.push(Number(r.metrics.cadence_spm) - truth.cadence_spm);
        gctErr.push((Number(r.metrics.mean_ground_contact_time_s) - truth.contact_s) * 1000);
        for (const step of r.steps) stepErr.push(((step.ground_contact_time_s ?? NaN) - truth.contact_s) * 1000);
        flightErr.push((Number(r.metrics.mean_flight_time_s) - truth.flight_s) * 1000);
        oscErr.push((Number(r.metrics.vertical_oscillation_m) - truth.oscillation_m) * 100);
      } catch (err) {
        if (!(err instanceof AnalysisFailed)) throw err;
        failed++;
      }
    }

    const velErr: number[] = [];
    let reps = 0, repCountErrors = 0, snatchFound = 0;
    for (const lift of LIFTS) for (let k = 0; k < 2 * perCase; k++) {
      const { motion, durationS, truth } = liftMotion(lift, seeded(Math.floor(rand() * 1e9)));
      const rec = parseRecording(sample(motion, durationS, noiseFor(fps, rand, Math.floor(rand() * 1e9))), { maxFrames: 1e6 });
      const r = analyzeLift(rec, { exercise_name: lift, athlete_height_m: STICK_HEIGHT_M });
      reps += truth.reps;
      if (r.reps.length !== truth.reps) { repCountErrors++; continue; }
      r.reps.forEach((rep, i) => { velErr.push((rep.peak_velocity_mps! / truth.peak_velocity_mps[i] - 1) * 100); });
    }
    const snatches = perCase;
    for (let k = 0; k < snatches; k++) {
      const { motion, durationS } = liftMotion('snatch', seeded(Math.floor(rand() * 1e9)));
      const rec = parseRecording(sample(motion, durationS, noiseFor(fps, rand, Math.floor(rand() * 1e9))), { maxFrames: 1e6 });
      const r = analyzeLift(rec, { exercise_name: 'snatch', athlete_height_m: STICK_HEIGHT_M });
      const p = r.reps[0]?.phases;
      if (r.reps.length === 1 && p && p.start < p.first_pull_end && p.first_pull_end <= p.second_pull_end && p.second_pull_end < p.catch && p.catch < p.recovery) snatchFound++;
    }

    return {
      fps,
      jumps: { count: jumpCount, missed, heightMaeCm: mae(heightErr), contactMaeMs: mae(contactErr) },
      running: { runs, failed, cadenceMaeSpm: mae(cadenceErr), contactMaeMs: mae(gctErr), contactMaeFrames: mae(gctErr) / (1000 / fps), stepContactMaeMs: mae(stepErr), flightMaeMs: mae(flightErr), oscillationMaeCm: mae(oscErr) },
      lifts: { reps, repCountErrors, peakVelocityMape: mae(velErr), snatchFound, snatches },
    };
  });
}

/** The bars, at 60 fps. */
export function barsMissed(figures: SportsFigures[]): string[] {
  const f = figures.find((x) => x.fps === 60)!;
  const missed: string[] = [];
  if (!(f.jumps.heightMaeCm <= 1.5)) missed.push(`jump height MAE ${f.jumps.heightMaeCm.toFixed(2)} cm > 1.5 cm`);
  if (f.jumps.missed > 0) missed.push(`${f.jumps.missed} jumps missed or extra`);
  if (!(f.running.cadenceMaeSpm <= 1)) missed.push(`cadence MAE ${f.running.cadenceMaeSpm.toFixed(2)} spm > 1`);
  // Each contact's time, not just the mean, must be within one frame.
  if (!(f.running.stepContactMaeMs <= 1000 / 60)) missed.push(`per-contact ground contact time MAE ${f.running.stepContactMaeMs.toFixed(1)} ms > one frame`);
  if (f.running.failed > 0) missed.push(`${f.running.failed} runs not analysed`);
  if (!(f.lifts.peakVelocityMape <= 5)) missed.push(`peak bar velocity error ${f.lifts.peakVelocityMape.toFixed(2)} % > 5 %`);
  return missed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const perCase = Number(process.argv[2] ?? 25);
  const started = performance.now();
  const figures = evaluateSports(perCase);
  const n = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  console.log(`sports evaluation: ${perCase} recordings per case, blazepose33 side view, 1–3 px jitter, 2 % dropped points and frames\n`);
  console.log('fps | jumps (missed) | height MAE cm | contact MAE ms | runs | cadence MAE spm | GCT MAE ms (frames) | per-contact GCT MAE ms | flight MAE ms | oscill. MAE cm | reps (count errors) | peak bar v error % | snatch phases');
  for (const f of figures) {
    console.log([f.fps, `${f.jumps.count} (${f.jumps.missed})`, n(f.jumps.heightMaeCm), n(f.jumps.contactMaeMs, 1), `${f.running.runs - f.running.failed}/${f.running.runs}`,
      n(f.running.cadenceMaeSpm), `${n(f.running.contactMaeMs, 1)} (${n(f.running.contactMaeFrames)})`, n(f.running.stepContactMaeMs, 1), n(f.running.flightMaeMs, 1), n(f.running.oscillationMaeCm),
      `${f.lifts.reps} (${f.lifts.repCountErrors})`, n(f.lifts.peakVelocityMape), `${f.lifts.snatchFound}/${f.lifts.snatches}`].join(' | '));
  }
  console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
  const missed = barsMissed(figures);
  if (missed.length) { console.error(`\nBars missed at 60 fps: ${missed.join('; ')}`); process.exit(1); }
  console.log('All bars met at 60 fps: jump height MAE ≤ 1.5 cm, cadence MAE ≤ 1 spm, per-contact ground contact time MAE ≤ 1 frame, peak bar velocity within 5 %.');
}
