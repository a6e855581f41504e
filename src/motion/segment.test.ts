import { it } from 'node:test';
import assert from 'node:assert/strict';
import { segmentReps } from './segment.ts';
import { fillGaps, savitzkyGolay } from './filters.ts';

/** A rest–rep–rest signal: `reps` half-sine bumps of `amp` with `pause` frames between them. */
function bumps(reps: number, amp: number, len = 30, pause = 10, tail = 0) {
  const v: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < pause; i++) v.push(0);
    for (let i = 0; i < len; i++) v.push(amp * Math.sin((Math.PI * i) / len));
  }
  for (let i = 0; i < pause; i++) v.push(0);
  for (let i = 0; i < tail; i++) v.push((amp * i) / tail); // a partial rep that never comes back
  return Float64Array.from(v);
}
const times = (n: number) => Array.from({ length: n }, (_, i) => (i * 1000) / 30);

it('counts each full rep once, with start < peak < end', () => {
  const s = bumps(4, 90);
  const reps = segmentReps(s, times(s.length), { minAmplitude: 20, minRepMs: 300 });
  assert.equal(reps.length, 4);
  for (const r of reps) assert.ok(r.start < r.peak && r.peak < r.end);
  assert.equal(reps[0].peak, 10 + 15);
});

it('does not count a partial last rep, a too-small wobble or a too-fast twitch', () => {
  const s = bumps(2, 90, 30, 10, 20);
  assert.equal(segmentReps(s, times(s.length), { minAmplitude: 20, minRepMs: 300 }).length, 2);
  const small = bumps(3, 10);
  assert.equal(segmentReps(small, times(small.length), { minAmplitude: 20, minRepMs: 300 }).length, 0);
  const fast = bumps(3, 90, 4, 10);
  assert.equal(segmentReps(fast, times(fast.length), { minAmplitude: 20, minRepMs: 300 }).length, 0);
});

it('is not fooled by noise around the thresholds (hysteresis)', () => {
  const s = bumps(3, 90);
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5);
  const noisy = s.map((v) => v + rand() * 8);
  assert.equal(segmentReps(savitzkyGolay(noisy, 3), times(s.length), { minAmplitude: 20, minRepMs: 300 }).length, 3);
});

it('fills gaps linearly and holds the ends', () => {
  const v = Float64Array.from([NaN, 2, NaN, NaN, 8, NaN]);
  assert.equal(fillGaps(v), 2);
  assert.deepEqual(Array.from(v), [2, 2, 4, 6, 8, 8]);
});

it('smooths without moving or flattening a peak much', () => {
  const s = bumps(1, 100, 30, 5);
  const sm = savitzkyGolay(s, 3);
  const peakAt = sm.indexOf(Math.max(...sm));
  assert.ok(Math.abs(peakAt - 20) <= 1);
  assert.ok(Math.max(...sm) > 98);
});
