import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE } from '../src/kinds/exercise/catalogue.ts';
import { evaluate, summarise } from './exercise.ts';
import { PROGRAMS } from './exercise-programs.ts';

it('every catalogue exercise has a generator program', () => {
  const covered = new Set(PROGRAMS.map((p) => p.exercise));
  assert.deepEqual(CATALOGUE.map((e) => e.name).filter((n) => !covered.has(n)), []);
});

it('meets the issue bars on generated recordings (a smaller run of npm run eval:exercise)', () => {
  const s = summarise(evaluate(6, 42));
  assert.ok(s.mae <= 0.05, `rep-count MAE ${s.mae}`);
  assert.ok(s.withinOne >= 0.98, `within one ${s.withinOne}`);
  assert.ok(s.precision >= 0.9, `fault precision ${s.precision}`);
  assert.ok(s.recall >= 0.9, `fault recall ${s.recall}`);
});
