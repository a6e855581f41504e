import { it } from 'node:test';
import assert from 'node:assert/strict';
import { barsMissed, evaluateSports } from './sports.ts';

it('meets the sports bars at 60 fps on generated recordings (a smaller run of npm run eval:sports)', () => {
  const figures = evaluateSports(3, 7);
  assert.deepEqual(barsMissed(figures), []);
  for (const f of figures) assert.equal(f.lifts.snatchFound, f.lifts.snatches, `snatch phases at ${f.fps} fps`);
});
