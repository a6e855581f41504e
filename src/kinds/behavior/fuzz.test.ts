import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBatch } from './collect.ts';
import { analyzeBehavior } from './analyze.ts';
import { DebriefError } from '../../errors.ts';
import { generateSession } from '../../../eval/behavior-gen.ts';
import type { Batch } from './events.ts';

/** A seeded generator, so a failure can be replayed. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), a | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
const WEIRD: unknown[] = [null, undefined, -1, 0, 1e300, -1e300, Number.MAX_SAFE_INTEGER, 1.5, 'x', '', '\u0000', '\ud800', [], [1, 2], {}, { a: { b: [] } }, true, 'ses_x'.repeat(50)];

function mutate(rand: () => number, events: Record<string, unknown>[]) {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  // A fresh copy each time: as it would arrive in JSON.
  const weird = () => structuredClone(pick(WEIRD));
  for (let m = 0, n = 1 + Math.floor(rand() * 4); m < n; m++) {
    const r = rand();
    if (r < 0.1) events.splice(Math.floor(rand() * events.length), 1);
    else if (r < 0.2) events.push(weird() as Record<string, unknown>);
    else {
      const e = pick(events);
      if (!e || typeof e !== 'object') continue;
      const keys = Object.keys(e);
      e[rand() < 0.8 && keys.length ? pick(keys) : pick(['el', 'box', 'hints', 'props', 'n', 'f'])] = weird();
    }
  }
}

it('10,000 random and mutated batches: each is refused with a 4xx naming the field, or accepted; no report fails', () => {
  const rand = seeded(99);
  const sources = ['person', 'naive_linear', 'humanised', 'naive_paste'].map((a, i) => generateSession(a as 'person', 500 + i));
  let accepted = 0;
  for (let b = 0; b < 10_000; b++) {
    const source = sources[b % sources.length];
    const start = Math.floor(rand() * Math.max(1, source.length - 60));
    const events = source.slice(start, start + 60).map((e): Record<string, unknown> => ({ ...e }));
    mutate(rand, events);
    const doc = { session_id: `fuzz-session-${b % 50}`, seq: b, events, replay: rand() < 0.2 ? [{ timestamp: WEIRD[b % WEIRD.length] }] : [] };
    let batch: Batch;
    try {
      batch = parseBatch(Buffer.from(JSON.stringify(doc)), false).batch;
    } catch (err) {
      assert.ok(err instanceof DebriefError && err.status >= 400 && err.status < 500, `batch ${b}: ${err}`);
      assert.ok((err as DebriefError).param, `batch ${b} refused without naming the field`);
      continue;
    }
    accepted++;
    analyzeBehavior([batch], { timeZone: 'Europe/Berlin' });
  }
  assert.ok(accepted > 1000 && accepted < 10_000, `${accepted} accepted: the mutations should be both caught and let through`);
});

it('a report never fails on events stored before they were checked', () => {
  const rand = seeded(7);
  const source = generateSession('person', 3);
  for (let b = 0; b < 2000; b++) {
    const events = source.slice(0, 80).map((e): Record<string, unknown> => ({ ...e }));
    mutate(rand, events);
    // Stored before the checks existed: a batch of any shape.
    const stored: unknown = { session_id: 'stored-long-ago', seq: 0, events, replay: [null, 5, { timestamp: 'x' }] };
    const report = analyzeBehavior([stored as Batch], { timeZone: 'No/Such_Zone' });
    assert.ok(report.risk_score >= 0 && report.risk_score <= 100);
  }
});
