import { it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePenn, oneRep } from './pennaction.ts';

// The Penn Action development clips (../shared/datasets/pennaction), through the parser and the
// exercise kind. A guard at today's figures; `npm run eval:pennaction` prints them all.
it('finds the one rep of real single-rep gym clips, from either side alike', () => {
  const clips = evaluatePenn();
  assert.equal(clips.length, 432);
  assert.ok(oneRep(clips) >= 0.85, `one rep in ${(100 * oneRep(clips)).toFixed(0)} %`);
  // A left-facing person is a right-facing one mirrored: hidden joints guessed at the image's
  // corner once bent the angles of one side only.
  const left = oneRep(clips.filter((c) => c.view === 'left')), right = oneRep(clips.filter((c) => c.view === 'right'));
  assert.ok(Math.abs(left - right) <= 0.05, `left ${left.toFixed(2)}, right ${right.toFixed(2)}`);
});
