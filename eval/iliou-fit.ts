// Fits the pointer model of the behaviour checks (src/kinds/behavior/pointer-model.ts): a logistic
// regression with an L2 penalty on three standardised rates (pointer.ts documents each), over the
// Iliou et al. development set, people against both kinds of bot, each session once.
//   npm run eval:iliou-fit [-- --write]
// Prints the weights and the leave-one-out ROC AUC (each session scored by a model fitted
// without it), an honest figure for sessions the model has not seen.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadLabels, sessionEvents, auc } from './iliou.ts';
import { judgeable, modelInputs, pointerEvidence } from '../src/kinds/behavior/pointer.ts';

/** The penalty keeps the weights modest: the set is small and the three rates separate it almost alone. */
const L2 = 1.0;

interface Sample { x: number[]; bot: boolean; session: string; level: string }

export function fit(samples: Sample[]) {
  const k = samples[0].x.length;
  const mean = Array.from({ length: k }, (_, j) => samples.reduce((s, r) => s + r.x[j], 0) / samples.length);
  const scale = Array.from({ length: k }, (_, j) => Math.sqrt(samples.reduce((s, r) => s + (r.x[j] - mean[j]) ** 2, 0) / samples.length) || 1);
  const z = samples.map((r) => r.x.map((v, j) => (v - mean[j]) / scale[j]));
  // Classes weighted equally (there are twice as many bots as people).
  const nBot = samples.filter((r) => r.bot).length, nPerson = samples.length - nBot;
  const w = new Array(k).fill(0);
  let b = 0;
  for (let it = 0; it < 4000; it++) {
    const gw = new Array(k).fill(0);
    let gb = 0;
    samples.forEach((r, i) => {
      const p = 1 / (1 + Math.exp(-(b + w.reduce((s, wj, j) => s + wj * z[i][j], 0))));
      const weight = r.bot ? 0.5 / nBot : 0.5 / nPerson;
      const err = (p - (r.bot ? 1 : 0)) * weight;
      gb += err;
      for (let j = 0; j < k; j++) gw[j] += err * z[i][j];
    });
    for (let j = 0; j < k; j++) w[j] -= 0.5 * (gw[j] + (L2 / samples.length) * w[j]);
    b -= 0.5 * gb;
  }
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return { mean: mean.map(round), scale: scale.map(round), weights: w.map(round), bias: round(b) };
}

const predict = (m: ReturnType<typeof fit>, x: number[]) => 1 / (1 + Math.exp(-(m.bias + x.reduce((s, v, j) => s + m.weights[j] * ((v - m.mean[j]) / m.scale[j]), 0))));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const unique = [...new Map(loadLabels().map((l) => [l.session, l])).values()];
  const samples: Sample[] = [];
  for (const l of unique) {
    const events = sessionEvents(l.session);
    const moves = events.filter((e): e is typeof e & { k: 'move' } => e.k === 'move');
    const e = pointerEvidence(moves, events.filter((x) => x.k === 'down').map((x) => x.t));
    if (!judgeable(e)) { console.log(`skipped ${l.session}: too little movement`); continue; }
    samples.push({ x: modelInputs(e), bot: l.bot, session: l.session, level: l.level });
  }
  const model = fit(samples);
  console.log('model:', JSON.stringify(model));
  const loo = samples.map((s, i) => predict(fit(samples.filter((_, j) => j !== i)), s.x));
  for (const level of ['moderate', 'advanced']) {
    const bots = samples.map((s, i) => ({ s, p: loo[i] })).filter((r) => r.s.bot && r.s.level === level).map((r) => r.p);
    const people = samples.map((s, i) => ({ s, p: loo[i] })).filter((r) => !r.s.bot).map((r) => r.p);
    console.log(`${level}: leave-one-out ROC AUC ${auc(bots, people).toFixed(3)}, people ≥ 0.3: ${people.filter((p) => p >= 0.3).length}/${people.length}, bots ≥ 0.3: ${bots.filter((p) => p >= 0.3).length}/${bots.length}`);
  }
  if (process.argv.includes('--write')) {
    const file = fileURLToPath(new URL('../src/kinds/behavior/pointer-model.ts', import.meta.url));
    fs.writeFileSync(file, `// Written by \`npm run eval:iliou-fit -- --write\`; do not edit by hand.\n` +
      `// Logistic regression over standardised inputs, fitted on the Iliou et al. development set (${samples.length} sessions).\n` +
      `export const POINTER_MODEL = ${JSON.stringify({ inputs: ['log1p(straight_runs_per_1000)', 'interval_cv', 'end_speed_ratio'], ...model })};\n`);
    console.log(`wrote ${file}`);
  }
}
