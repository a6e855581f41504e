// One rep from any side: the Penn Action development clips in ../shared/datasets/pennaction (real
// gym clips of a single rep each, hand-annotated 2-D joints, filmed from the front, back, left or
// right). Each clip goes through the keypoints parser and the exercise kind, as an upload would.
//   npm run eval:pennaction
// Prints the share of clips where exactly one rep is found, per exercise and per view; a
// left-facing person is a right-facing one mirrored, so those two should match.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { exercise as exerciseKind } from '../src/kinds/exercise/index.ts';
import { AnalysisFailed } from '../src/analysis-errors.ts';

export const DATASET = fileURLToPath(new URL('../../shared/datasets/pennaction/', import.meta.url));

export interface PennClip { clip: string; exercise: string; catalogue: string; view: string; counted: number }

export function evaluatePenn(dir = DATASET): PennClip[] {
  const [head, ...rows] = fs.readFileSync(`${dir}/meta.csv`, 'utf8').trim().split('\n').map((l) => l.split(','));
  const col = (name: string) => head.indexOf(name);
  return rows.map((r) => {
    const [clip, exercise, catalogue, view] = [r[col('clip')], r[col('exercise')], r[col('debrief_exercise')], r[col('view')]];
    const options = { assessments: [catalogue] };
    const rec = exerciseKind.inputFor(catalogue, options, { maxFrames: 1e6 }).parse(zlib.gunzipSync(fs.readFileSync(`${dir}/clips/${clip}.json.gz`)), 'application/json');
    let counted: number;
    try {
      counted = exerciseKind.analyze({ [catalogue]: rec }, options).assessments[catalogue].count;
    } catch (err) {
      if (!(err instanceof AnalysisFailed)) throw err;
      counted = -1;
    }
    return { clip, exercise, catalogue, view, counted };
  });
}

/** The share of clips with exactly one rep found. */
export const oneRep = (clips: PennClip[]) => clips.filter((c) => c.counted === 1).length / (clips.length || 1);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const clips = evaluatePenn();
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const group = (key: 'exercise' | 'view') => [...new Set(clips.map((c) => c[key]))].sort()
    .map((k) => `  ${k.padEnd(14)} ${pct(oneRep(clips.filter((c) => c[key] === k))).padStart(5)} of ${clips.filter((c) => c[key] === k).length}`).join('\n');
  console.log(`Penn Action development clips: one rep found in ${pct(oneRep(clips))} of ${clips.length}\nby exercise:\n${group('exercise')}\nby view:\n${group('view')}`);
  const missed = clips.filter((c) => c.counted !== 1);
  console.log(`\nnot one rep (${missed.length}): ${missed.map((c) => `${c.clip} ${c.exercise} ${c.view} → ${c.counted < 0 ? 'failed' : c.counted}`).join(', ')}`);
}
