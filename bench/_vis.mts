import fs from 'node:fs';
import zlib from 'node:zlib';
import { exerciseKind } from '../src/kinds/exercise/kind.ts';
import { findExercise } from '../src/kinds/exercise/catalogue.ts';
import { metricSeries } from '../src/motion/signals.ts';
import { loadLabels, DATASET, CLASS_EXERCISE, runClip } from '../eval/repcount.ts';
const rows: [number, string][] = [];
for (const c of loadLabels().filter((c) => CLASS_EXERCISE[c.cls])) {
  const name = CLASS_EXERCISE[c.cls], ex = findExercise(name)!;
  const rec = exerciseKind.inputFor(name, { assessments: [name] }, { maxFrames: 1e6 }).parse(zlib.gunzipSync(fs.readFileSync(`${DATASET}/clips/${c.clip}.json.gz`)), 'application/json') as any;
  const s = metricSeries(rec, ex.signal.metric, ex.signal.side);
  let seen = 0; for (const x of s) if (x === x) seen++;
  const r = runClip(c);
  rows.push([seen / s.length, `${(seen / s.length * 100).toFixed(0).padStart(3)}% ${c.cls} ${c.clip} ${c.count}->${r.counted} err ${(Math.abs(r.counted - c.count) / c.count).toFixed(2)}`]);
}
rows.sort((a, b) => a[0] - b[0]);
console.log(rows.slice(0, 15).map((r) => r[1]).join('\n'));
