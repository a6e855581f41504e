import { it } from 'node:test';
import assert from 'node:assert/strict';
import { bars, evaluateBehavior } from './behavior.ts';

it('meets the behaviour bars on generated sessions (a smaller run of npm run eval:behavior)', () => {
  const f = evaluateBehavior(60, 3);
  assert.deepEqual(bars(f), []);
  assert.ok(f.perAuthor.humanised.flagged / f.perAuthor.humanised.sessions > 0.8, 'most Bézier-humanised bots are caught too');
});
