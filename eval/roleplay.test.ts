import { it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRoleplay } from './roleplay.ts';

it('grades the team evaluation set to the issue bars (npm run eval:roleplay)', () => {
  const { accuracy, ordered } = evaluateRoleplay();
  assert.ok(accuracy >= 0.85, `item accuracy ${accuracy}`);
  assert.ok(ordered, 'every good transcript scores above every bad one of its scenario');
});
