import { it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateUiprmd, share } from './uiprmd.ts';

// UI-PRMD's development subjects (../shared/datasets/uiprmd): a guard at today's figures, which are
// short of the bars; `npm run eval:uiprmd` prints the table and the clips counted wrong.
it('counts rehab movements done right, and most done badly, on real motion capture', () => {
  const { scored, unscored } = evaluateUiprmd();
  assert.equal(scored.length, 57);
  assert.deepEqual(unscored.sort(), ['hurdle_step', 'side_lunge', 'standing_shoulder_extension', 'standing_shoulder_rotation']);
  const correct = share(scored.filter((c) => c.execution === 'correct')), incorrect = share(scored.filter((c) => c.execution === 'incorrect'));
  assert.ok(correct >= 0.8, `correct executions exact in ${(100 * correct).toFixed(0)} %`);
  assert.ok(incorrect >= 0.5, `incorrect executions exact in ${(100 * incorrect).toFixed(0)} %`);
});
