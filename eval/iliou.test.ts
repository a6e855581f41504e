import { it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateIliou } from './iliou.ts';

// The bars on the real-traffic development set (npm run eval:iliou prints the figures).
it('flags real bots and not real people on the Iliou development set, and ranks them', () => {
  const { levels } = evaluateIliou();
  for (const f of levels) {
    assert.ok(f.people === 35 && f.bots === 35, `${f.level}: ${f.people} people, ${f.bots} bots`);
    assert.ok(f.peopleFlagged <= 0.05, `${f.level}: people flagged ${f.peopleFlagged}`);
    assert.ok(f.botsFlagged >= 0.8, `${f.level}: bots flagged ${f.botsFlagged}`);
    assert.ok(f.auc >= 0.9, `${f.level}: ROC AUC ${f.auc}`);
  }
});
