// Rehabilitation movements done right and done badly: the UI-PRMD development subjects in
// ../shared/datasets/uiprmd (Vicon markers as BlazePose keypoints, 10 reps a clip, each movement
// done correctly and deliberately incorrectly). Each clip goes through the keypoints parser and the
// exercise kind with its catalogue exercise (movements the catalogue lacks are listed, not scored).
//   npm run eval:uiprmd
// Prints the share of clips counted exactly, per movement and execution; a clip that starts or
// ends mid-rep (meta.csv) is exact at 9 as at 10.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { exercise as exerciseKind } from '../src/kinds/exercise/index.ts';
import { AnalysisFailed } from '../src/analysis-errors.ts';

export const DATASET = fileURLToPath(new URL('../../shared/datasets/uiprmd/', import.meta.url));

export interface RehabClip { clip: string; movement: string; execution: string; catalogue: string; count: number; counted: number; partial: boolean }

const table = (file: string) => {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};

export function evaluateUiprmd(dir = DATASET): { scored: RehabClip[]; unscored: string[] } {
  const counts = new Map(table(`${dir}/labels.csv`).map((r) => [r.clip, Number(r.count)]));
  const meta = table(`${dir}/meta.csv`);
  const scored = meta.filter((m) => m.debrief_exercise).map((m) => {
    const options = { assessments: [m.debrief_exercise] };
    const rec = exerciseKind.inputFor(m.debrief_exercise, options, { maxFrames: 1e6 }).parse(zlib.gunzipSync(fs.readFileSync(`${dir}/clips/${m.clip}.json.gz`)), 'application/json');
    let counted: number;
    try {
      counted = exerciseKind.analyze({ [m.debrief_exercise]: rec }, options).assessments[m.debrief_exercise].count;
    } catch (err) {
      if (!(err instanceof AnalysisFailed)) throw err;
      counted = -1;
    }
    return { clip: m.clip, movement: m.exercise, execution: m.execution, catalogue: m.debrief_exercise, count: counts.get(m.clip)!, counted, partial: m.partial_first_rep === '1' || m.partial_last_rep === '1' };
  });
  return { scored, unscored: [...new Set(meta.filter((m) => !m.debrief_exercise).map((m) => m.exercise))] };
}

/** Counted exactly (a clip cut mid-rep may be one short). */
export const exact = (c: RehabClip) => c.counted === c.count || (c.partial && c.counted === c.count - 1);
export const share = (clips: RehabClip[]) => clips.filter(exact).length / (clips.length || 1);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { scored, unscored } = evaluateUiprmd();
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  console.log('movement                       catalogue exercise      correct  incorrect');
  for (const movement of [...new Set(scored.map((c) => c.movement))].sort()) {
    const of = (execution: string) => scored.filter((c) => c.movement === movement && c.execution === execution);
    console.log(`${movement.padEnd(30)} ${of('correct')[0]?.catalogue.padEnd(22)} ${`${of('correct').filter(exact).length}/${of('correct').length}`.padStart(7)} ${`${of('incorrect').filter(exact).length}/${of('incorrect').length}`.padStart(10)}`);
  }
  const correct = scored.filter((c) => c.execution === 'correct'), incorrect = scored.filter((c) => c.execution === 'incorrect');
  console.log(`\nexact count: correct executions ${pct(share(correct))} of ${correct.length}, incorrect ${pct(share(incorrect))} of ${incorrect.length}`);
  console.log(`not scored (no catalogue exercise): ${unscored.join(', ')}`);
  const wrong = scored.filter((c) => !exact(c));
  console.log(`\nnot exact (${wrong.length}): ${wrong.map((c) => `${c.clip} ${c.counted < 0 ? 'failed' : c.counted}/${c.count}`).join(', ')}`);
}
