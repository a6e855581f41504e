import { it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateAnnomi } from './annomi.ts';

// The bars on the AnnoMI development set (npm run eval:annomi prints the figures and the worst conversations).
it('separates expert-graded high- from low-quality counselling with the built-in and the words-only rubric', () => {
  const [coaching, words] = evaluateAnnomi();
  assert.equal(coaching.high + coaching.low, 67);
  assert.ok(coaching.auc >= 0.85, `coaching-conversation ROC AUC ${coaching.auc}`);
  assert.ok(words.auc >= 0.8, `MI rubric in words ROC AUC ${words.auc}`);
  assert.ok(words.graded.every((g) => g.result.rubric_mapping.every((m) => m.graded_by !== 'wording')), 'every MI item is mapped to a behaviour');
});
