import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from './checks.ts';
import type { BehaviorEvent } from './events.ts';

const T0 = 1.7e12;
const ids = (events: BehaviorEvent[]) => runChecks(events).map((h) => h.id);

it('a paste into one field does not explain text appearing without keystrokes in another', () => {
  const events: BehaviorEvent[] = [
    { t: T0, k: 'paste', f: 'coupon', n: 8 },
    { t: T0 + 10, k: 'input', f: 'coupon', n: 8, it: 'insertFromPaste' },
    { t: T0 + 20, k: 'input', f: 'card', n: 16, it: 'insertText' },
  ];
  assert.ok(ids(events).includes('text_without_keystrokes'));
  const same: BehaviorEvent[] = [{ t: T0, k: 'paste', f: 'card', n: 16 }, { t: T0 + 20, k: 'input', f: 'card', n: 16, it: 'insertText' }];
  assert.ok(!ids(same).includes('text_without_keystrokes'));
});

it('a jump across a gap in the recording is not a teleport; jumps within a stroke are', () => {
  const moves = (dt: number): BehaviorEvent[] => [0, 1, 2, 3].flatMap((i) => [
    { t: T0 + i * 2000, k: 'move', x: 10, y: 10, c: 1 },
    { t: T0 + i * 2000 + dt, k: 'move', x: 900, y: 700, c: 1 },
  ] as BehaviorEvent[]);
  assert.ok(!ids(moves(500)).includes('teleporting_pointer'), 'half a second apart: the pointer left and came back');
  assert.ok(ids(moves(16)).includes('teleporting_pointer'), 'one frame apart: a jump');
});

it('keys pressed the moment the last one is released are programmatic typing; rolled-over keys are not', () => {
  const typing = (flight: number): BehaviorEvent[] => {
    const out: BehaviorEvent[] = [];
    let t = T0;
    for (let i = 0; i < 12; i++) {
      const hold = 60 + 45 * (i % 3);
      out.push({ t, k: 'key', d: 'down', cat: 'char' }, { t: t + hold, k: 'key', d: 'up', cat: 'char' });
      t += hold + flight + (flight > 5 ? 50 * (i % 2) : 0);
    }
    return out.sort((a, b) => a.t - b.t);
  };
  assert.ok(ids(typing(1)).includes('programmatic_typing'));
  assert.ok(!ids(typing(-30)).includes('programmatic_typing'), 'the next key down before the last is up');
  assert.ok(!ids(typing(80)).includes('programmatic_typing'));
});
