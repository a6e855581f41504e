import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CORE_CLASSES, evaluateRepCount, figures } from './repcount.ts';

// The real development set (../shared/datasets/repcount), through the API's parser and analysis.
// A regression guard at the bars; `npm run eval:repcount` prints the full table.
it('counts reps on real gym and home videos within the bars (RepCount-A development clips)', () => {
  const results = evaluateRepCount();
  const core = figures(results.filter((r) => CORE_CLASSES.includes(r.cls)));
  assert.ok(core.mae <= 0.2, `five-class MAE ${core.mae.toFixed(3)}`);
  assert.ok(core.withinOne >= 0.7, `five-class within one ${core.withinOne.toFixed(2)}`);
  for (const cls of [...CORE_CLASSES, 'pull_up']) {
    const f = figures(results.filter((r) => r.cls === cls));
    assert.ok(f.mae <= 0.3, `${cls} MAE ${f.mae.toFixed(3)}`);
  }
  // The clip where no person was found is a result with a warning, not a failure.
  const empty = results.find((r) => r.clip === 'test534')!;
  assert.deepEqual([empty.counted, empty.failure, empty.warnings], [0, undefined, ['no_person_detected']]);
});
