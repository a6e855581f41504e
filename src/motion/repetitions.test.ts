import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanChannel, countRepetitions, dominantPeriod, fuseChannels, type RepChannel } from './repetitions.ts';
import { movingMedian } from './filters.ts';

const FPS = 30;
const times = (n: number) => Float64Array.from({ length: n }, (_, i) => (i * 1000) / FPS);

/** A signal from pieces: rest at `level` for `frames`, or a rep rising by `amp` over `frames`. */
type Piece = { rest: number; level?: number } | { rep: number; amp: number; from?: number };
function signal(pieces: Piece[]): Float64Array {
  const v: number[] = [];
  for (const p of pieces) {
    if ('rest' in p) for (let i = 0; i < p.rest; i++) v.push(p.level ?? 0);
    else for (let i = 0; i < p.rep; i++) v.push((p.from ?? 0) + p.amp * Math.sin((Math.PI * i) / p.rep));
  }
  return Float64Array.from(v);
}
const channel = (values: Float64Array, trusted = true): RepChannel => ({ values: cleanChannel(values, FPS)!, trusted });
const count = (values: Float64Array, opts: { minAmplitude?: number; inPosture?: Uint8Array } = {}) =>
  countRepetitions([channel(values)], times(values.length), FPS, { minAmplitude: opts.minAmplitude ?? 20, minRepMs: 400, inPosture: opts.inPosture });
const set = (reps: number, amp: number, len = 45, pause = 15): Piece[] =>
  Array.from({ length: reps }, () => [{ rest: pause }, { rep: len, amp }] as Piece[]).flat().concat({ rest: pause });

it('counts each full rep once, with start < peak < end and reps in order', () => {
  const reps = count(signal(set(5, 90)));
  assert.equal(reps.length, 5);
  for (const r of reps) assert.ok(r.start < r.peak && r.peak < r.end);
  for (let i = 1; i < reps.length; i++) assert.ok(reps[i - 1].end <= reps[i].start);
});

it('does not split a rep at a one-frame keypoint glitch (130° → 80° → 123°)', () => {
  const v = signal(set(4, 130));
  v[15 + 20] = 80; // inside the first rep, near its top
  assert.equal(count(v).length, 4);
});

it('has no amplitude cliff: a 29° set counts against a 30° minimum', () => {
  assert.equal(count(signal(set(6, 29)), { minAmplitude: 30 }).length, 6);
  assert.equal(count(signal(set(6, 12)), { minAmplitude: 30 }).length, 0, 'movement under half the minimum is not a rep');
});

it('counts a set that starts after a long still stretch (sit-ups lying still for 55 frames)', () => {
  assert.equal(count(signal([{ rest: 55, level: -5 }, ...set(10, 60, 30, 5)])).length, 10);
});

it('counts later, faster, shallower reps after deep early ones (push-ups)', () => {
  const v = signal([...set(5, 100, 45, 10), ...set(12, 45, 20, 3)]);
  assert.equal(count(v).length, 17);
});

it('does not count knee swings while getting ready, nor a last rep cut off half-way', () => {
  const getReady = signal([...set(3, 12, 20, 10), { rest: 30 }]);
  const reps = signal(set(4, 100));
  const halfWay = Array.from({ length: 28 }, (_, i) => 100 * Math.sin((Math.PI * i) / 60)); // rises, never comes back
  assert.equal(count(Float64Array.from([...getReady, ...reps, ...halfWay])).length, 4);
});

it('leaves out movement made outside the exercise position', () => {
  const v = signal([...set(3, 90), ...set(3, 90)]);
  const inPosture = new Uint8Array(v.length).fill(1);
  inPosture.fill(0, v.length / 2); // the second half: e.g. standing up after push-ups
  assert.equal(count(v, { inPosture }).length, 3);
});

it('ignores a pose detected for a moment amid a long absence', () => {
  const v = signal(set(3, 90));
  const withGap = Float64Array.from([...v, ...Array(60).fill(NaN), 170, 170, ...Array(60).fill(NaN)]);
  assert.equal(count(withGap).length, 3);
});

it('fuses channels: an untrusted channel that reads the movement upside down is turned round', () => {
  const good = signal(set(4, 90));
  const inverted = good.map((x) => 150 - 1.3 * x + 3 * Math.sin(x));
  const fused = fuseChannels([channel(good), channel(inverted, false)]);
  const reps = countRepetitions([channel(good), channel(inverted, false)], times(good.length), FPS, { minAmplitude: 20, minRepMs: 400 });
  assert.equal(reps.length, 4);
  // Peaks of the fused signal are where the trusted channel peaks.
  for (const r of reps) assert.ok(Math.abs(good[r.peak] - 90) < 5, `peak at ${r.peak}: ${good[r.peak]}`);
  assert.ok(fused[reps[0].peak] > fused[reps[0].start]);
});

it('finds the rep period, not a multiple of it, when reps alternate deeper and shallower', () => {
  const alternating = (shallow: number) => signal([{ rest: 10 }, ...Array.from({ length: 8 }, (_, i) => ({ rep: 40, amp: i % 2 ? shallow : 100 })), { rest: 10 }]);
  const p = dominantPeriod(alternating(70), FPS, 300)!;
  assert.ok(Math.abs(p.periodMs - (40 * 1000) / FPS) < 150, `period ${p.periodMs}`);
  // Even where half-depth reps make two reps the stronger period, every rep is counted.
  assert.equal(count(alternating(50)).length, 8);
});

it('takes a running median equal to sorting each window', () => {
  let seed = 11;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let t = 0; t < 300; t++) {
    const n = 1 + Math.floor(rand() * 40), half = 1 + Math.floor(rand() * 4);
    const v = Float64Array.from({ length: n }, () => Math.round(rand() * 10));
    const got = movingMedian(v, half);
    for (let i = 0; i < n; i++) {
      const w = Array.from(v.subarray(Math.max(0, i - half), Math.min(n, i + half + 1))).sort((a, b) => a - b);
      const m = w.length;
      assert.equal(got[i], m % 2 ? w[m >> 1] : (w[m / 2 - 1] + w[m / 2]) / 2, `n ${n} half ${half} at ${i}`);
    }
  }
});

it("lets the exercise's own signal decide which way is up, over helpers that read the rep upside down", () => {
  // The knee bends in each rep; two helpers (the hips' height, say, on real recordings where it
  // reads the squat the wrong way) fall instead, and outvote it among the trusted channels.
  const knee = signal(set(4, 60));
  const helper = (k: number) => channel(knee.map((x, i) => 30 - k * x + Math.sin(i)));
  const counted = (leads: boolean) =>
    countRepetitions([{ ...channel(knee), leads }, helper(1.2), helper(1.5)], times(knee.length), FPS, { minAmplitude: 20, minRepMs: 400 });
  const led = counted(true);
  assert.equal(led.length, 4);
  for (const r of led) assert.ok(knee[r.peak] > 50, `peak at ${r.peak}: knee ${knee[r.peak]}`);
  // Without a leader the helpers turn the count over: its peaks fall where the knee is straight.
  const unled = counted(false);
  assert.ok(unled.length >= 3 && unled.every((r) => knee[r.peak] < 10), `unled peaks ${unled.map((r) => r.peak)}`);
});
