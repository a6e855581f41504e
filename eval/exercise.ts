// Exercise assessment evaluation over generated recordings with known answers.
//   npm run eval:exercise            (EVAL_RECORDINGS per exercise, default 24)
// Prints rep-count mean absolute error, the share within one rep, and form-fault precision and
// recall, per exercise and overall. Bars: MAE ≤ 0.05, within-one ≥ 0.98, precision and recall ≥ 0.9.
import { parseRecording } from '../src/motion/keypoints.ts';
import { CATALOGUE, findExercise } from '../src/kinds/exercise/catalogue.ts';
import { assessExercise, type MeasurementResult } from '../src/kinds/exercise/assess.ts';
import { PROGRAMS } from './exercise-programs.ts';
import { generate } from './generate.ts';
import { seeded } from './body.ts';

/** A measurement flags a form fault when a peak misses its target or a constraint is broken. */
export const flagged = (m: MeasurementResult) => (m.type === 'peak' ? m.accuracy < 100 : m.error !== undefined);

export interface Totals { recordings: number; absError: number; withinOne: number; tp: number; fp: number; fn: number; frameHits: number; frameChecks: number }

export function evaluate(perExercise: number, seed = 1): Map<string, Totals> {
  const rand = seeded(seed);
  const out = new Map<string, Totals>();
  for (const program of PROGRAMS) {
    const exercise = findExercise(program.exercise);
    if (!exercise) throw new Error(`program for unknown exercise ${program.exercise}`);
    const t: Totals = { recordings: 0, absError: 0, withinOne: 0, tp: 0, fp: 0, fn: 0, frameHits: 0, frameChecks: 0 };
    for (let i = 0; i < perExercise; i++) {
      const fps = [15, 30, 30, 60][Math.floor(rand() * 4)];
      const g = generate(program, {
        seed: Math.floor(rand() * 2 ** 31), fps, format: program.formats[i % program.formats.length],
        reps: 3 + Math.floor(rand() * 10), partialLastRep: rand() < 0.5, faultRate: 0.35,
        jitterPx: 1 + rand() * 5, dropFrame: 0.03, dropPoint: 0.02,
      });
      const result = assessExercise(exercise, parseRecording(g.doc, { maxFrames: 1e6 }));
      const err = Math.abs(result.count - g.fullReps);
      t.recordings++;
      t.absError += err;
      if (err <= 1) t.withinOne++;
      // Match each true rep to the detected rep whose peak falls inside it.
      g.reps.forEach((rep, r) => {
        const found = result.individual_reps_list.find((d) => d.peak_frame_number >= rep.start && d.peak_frame_number <= rep.end);
        const injected = g.faults.find((f) => f.rep === r);
        for (const m of exercise.measurements) {
          const expected = injected?.measurements.includes(m.id) ?? false;
          const got = found?.measurement_results.find((x) => x.measurement_id === m.id);
          const hit = got ? flagged(got) : false;
          if (expected && hit) t.tp++;
          else if (expected) t.fn++;
          else if (hit) t.fp++;
          if (expected && hit && got?.error) {
            t.frameChecks++;
            if (got.error.frame >= injected!.fromFrame - 2 && got.error.frame <= injected!.toFrame + 2) t.frameHits++;
          }
        }
      });
    }
    out.set(program.exercise, t);
  }
  return out;
}

export function summarise(results: Map<string, Totals>) {
  const all: Totals = { recordings: 0, absError: 0, withinOne: 0, tp: 0, fp: 0, fn: 0, frameHits: 0, frameChecks: 0 };
  for (const t of results.values()) for (const k of Object.keys(all) as (keyof Totals)[]) all[k] += t[k];
  return {
    mae: all.absError / all.recordings,
    withinOne: all.withinOne / all.recordings,
    precision: all.tp / (all.tp + all.fp || 1),
    recall: all.tp / (all.tp + all.fn || 1),
    faultFrame: all.frameHits / (all.frameChecks || 1),
    recordings: all.recordings,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const per = Number(process.env.EVAL_RECORDINGS ?? 24);
  const results = evaluate(per);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`${'exercise'.padEnd(24)} recs   MAE  within1  precision  recall`);
  for (const [name, t] of results) {
    console.log(`${name.padEnd(24)} ${String(t.recordings).padStart(4)} ${(t.absError / t.recordings).toFixed(3).padStart(5)} ${pct(t.withinOne / t.recordings).padStart(8)} ${pct(t.tp / (t.tp + t.fp || 1)).padStart(10)} ${pct(t.tp / (t.tp + t.fn || 1)).padStart(7)}`);
  }
  const s = summarise(results);
  const missing = CATALOGUE.filter((e) => !results.has(e.name)).map((e) => e.name);
  if (missing.length) console.log(`not evaluated: ${missing.join(', ')}`);
  const pass = s.mae <= 0.05 && s.withinOne >= 0.98 && s.precision >= 0.9 && s.recall >= 0.9 && !missing.length;
  console.log(`\n${s.recordings} recordings: rep-count MAE ${s.mae.toFixed(3)} (bar ≤ 0.05), within one ${pct(s.withinOne)} (bar ≥ 98%), ` +
    `fault precision ${pct(s.precision)}, recall ${pct(s.recall)} (bars ≥ 90%), fault frame inside the injected window ${pct(s.faultFrame)}: ${pass ? 'PASS' : 'FAIL'}`);
  process.exit(pass ? 0 : 1);
}
