// Evaluates the behaviour checks on generated sessions of people, naive bots and humanised bots
// (eval/behavior-gen.ts): per check, how often it fires for each author, and overall how many
// sessions are flagged (at least one failed check). Exits non-zero when a bar is missed:
// ≥ 95 % of naive bots flagged, ≤ 2 % of person-like sessions flagged.
//   npm run eval:behavior [-- sessions-per-author]
import { CHECKS, runChecks } from '../src/kinds/behavior/checks.ts';
import { generateSession, NAIVE, type Author } from './behavior-gen.ts';

const AUTHORS: Author[] = ['person', ...NAIVE, 'humanised'];

export interface BehaviorFigures { perAuthor: Record<string, { sessions: number; flagged: number; byCheck: Record<string, number> }>; naiveFlagged: number; personFlagged: number }

export function evaluateBehavior(perAuthor: number, seed = 1): BehaviorFigures {
  const out: BehaviorFigures['perAuthor'] = {};
  for (const [a, author] of AUTHORS.entries()) {
    const row = { sessions: perAuthor, flagged: 0, byCheck: Object.fromEntries(CHECKS.map((c) => [c.id, 0])) as Record<string, number> };
    for (let i = 0; i < perAuthor; i++) {
      const hits = runChecks(generateSession(author, seed * 100_000 + a * 10_000 + i));
      if (hits.length) row.flagged++;
      for (const h of hits) row.byCheck[h.id]++;
    }
    out[author] = row;
  }
  const naive = NAIVE.map((n) => out[n]);
  return {
    perAuthor: out,
    naiveFlagged: naive.reduce((s, r) => s + r.flagged, 0) / naive.reduce((s, r) => s + r.sessions, 0),
    personFlagged: out.person.flagged / out.person.sessions,
  };
}

export const bars = (f: BehaviorFigures) => [
  ...(f.naiveFlagged >= 0.95 ? [] : [`naive bots flagged ${(f.naiveFlagged * 100).toFixed(1)} % < 95 %`]),
  ...(f.personFlagged <= 0.02 ? [] : [`person-like sessions flagged ${(f.personFlagged * 100).toFixed(1)} % > 2 %`]),
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 400);
  const f = evaluateBehavior(n);
  const pct = (x: number, of: number) => `${((x / of) * 100).toFixed(1)}%`.padStart(7);
  console.log(`behaviour checks on ${n} generated sessions per author\n`);
  console.log(`${'check'.padEnd(28)}${AUTHORS.map((a) => a.padStart(16)).join('')}`);
  for (const c of CHECKS) console.log(`${c.id.padEnd(28)}${AUTHORS.map((a) => pct(f.perAuthor[a].byCheck[c.id], n).padStart(16)).join('')}`);
  console.log(`${'flagged (any check)'.padEnd(28)}${AUTHORS.map((a) => pct(f.perAuthor[a].flagged, n).padStart(16)).join('')}`);
  console.log(`\nnaive bots flagged: ${(f.naiveFlagged * 100).toFixed(1)} % (bar ≥ 95 %); person-like sessions flagged: ${(f.personFlagged * 100).toFixed(2)} % (bar ≤ 2 %); humanised bots flagged: ${(f.perAuthor.humanised.flagged / n * 100).toFixed(1)} % (no bar)`);
  const missed = bars(f);
  if (missed.length) { console.error(`Bars missed: ${missed.join('; ')}`); process.exit(1); }
}
