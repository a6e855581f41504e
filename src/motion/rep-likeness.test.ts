import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanChannel, countRepetitions, type RepChannel } from './repetitions.ts';

const FPS = 30, REP = 45, PAUSE = 15;
const times = (n: number) => Float64Array.from({ length: n }, (_, i) => (i * 1000) / FPS);
const bump = (i: number) => Math.sin((Math.PI * i) / REP);

/**
 * Four channels (both elbows' angles and both wrists' heights, say) over a recording made of
 * pieces: in a rep all four rise together. A setup movement (`s1`–`s3`) shows in the fused signal
 * as a smaller rise, but each moves the joints its own way: some rise, some fall, some stay.
 */
type Piece = 'rep' | 's1' | 's2' | 's3' | 'rest';
const MOVES: Record<Piece, number[]> = { rep: [1, 1, 1, 1], s1: [1, 1, -1, 0], s2: [1, -1, 1, 0], s3: [-1, 1, 0, 1], rest: [0, 0, 0, 0] };
function recording(pieces: Piece[]): Float64Array[] {
  const channels: number[][] = [[], [], [], []];
  let seed = 7;
  const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
  const push = (x: number, move: number[]) => { channels.forEach((c, k) => { c.push(80 * move[k] * x + jitter()); }); };
  for (const p of pieces) {
    for (let i = 0; i < PAUSE; i++) push(0, MOVES.rest);
    for (let i = 0; i < (p === 'rest' ? 6 * REP : REP); i++) push(bump(i), MOVES[p]);
  }
  for (let i = 0; i < PAUSE; i++) push(0, MOVES.rest);
  return channels.map((c) => Float64Array.from(c));
}

const count = (pieces: Piece[], dropUnlikeReps: boolean) => {
  const channels: RepChannel[] = recording(pieces).map((v) => ({ values: cleanChannel(v, FPS)!, trusted: true }));
  return countRepetitions(channels, times(channels[0].values.length), FPS, { minAmplitude: 20, minRepMs: 400, dropUnlikeReps }).length;
};

const SET: Piece[] = ['rep', 'rep', 'rep', 'rep', 'rep'];

it('leaves out setup movement that shows in the fused signal but moves the joints unlike a rep', () => {
  const pieces: Piece[] = ['s1', 's2', 's3', 'rest', ...SET];
  assert.equal(count(pieces, false), 8, 'counted from the fused signal alone, the setup looks like reps');
  assert.equal(count(pieces, true), 5);
});

it('leaves out movement after the set (re-racking), and keeps a set that has none', () => {
  const pieces: Piece[] = [...SET, 'rest', 's3', 's1', 's2'];
  assert.equal(count(pieces, false), 8);
  assert.equal(count(pieces, true), 5);
  assert.equal(count(SET, true), 5);
});

it('keeps a second set that looks like the first, across the unlike movement between them', () => {
  const pieces: Piece[] = ['rep', 'rep', 'rep', 'rep', 'rest', 's2', 'rest', 'rep', 'rep', 'rep', 'rep'];
  assert.equal(count(pieces, false), 9);
  assert.equal(count(pieces, true), 8);
});
