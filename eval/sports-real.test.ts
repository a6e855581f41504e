import { it } from 'node:test';
import assert from 'node:assert/strict';
import { barsMissed, evaluateDropJumps, evaluateRunning } from './sports-real.ts';
import { evaluateBarSpeed } from './bar-speed.ts';

// The real development recordings with force-plate truth (../shared/datasets/sports), through the
// keypoints parser and the analyses. A regression guard at the sports issue's bars; `npm run
// eval:sports-real` prints the full tables and the worst clips and contacts.
it('times drop jumps and running contacts against force plates within the bars, jittered too', () => {
  const jumps = evaluateDropJumps(), runs = evaluateRunning();
  assert.equal(jumps.length, 12);
  assert.equal(runs.length, 6);
  // Bar speed is reported but not met on this set (see the README): checked on its own below.
  assert.deepEqual(barsMissed(jumps, runs), []);
});

it('measures bar speed from the wrists rep by rep against optical markers (not met: held at today\'s figure)', () => {
  const bar = evaluateBarSpeed();
  assert.ok(bar.reps >= 45, `${bar.reps} reps matched`);
  assert.ok(bar.meanVelocityMae <= 0.14, `mean concentric velocity MAE ${bar.meanVelocityMae.toFixed(3)} m/s`);
});
