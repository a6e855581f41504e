// Roleplay grading evaluation over the team's transcripts with known good and bad behaviour.
//   npm run eval:roleplay
// Prints per-item grade accuracy and whether every good transcript outscores every bad one of its
// scenario. Bars: item accuracy ≥ 0.85; good above bad in every scenario.
import { gradeOffline } from '../src/kinds/roleplay/grade.ts';
import { builtInScenario } from '../src/kinds/roleplay/scenarios.ts';
import { CASES } from './roleplay-set.ts';

export function evaluateRoleplay() {
  const rows: { scenario: string; label: string; score: number; right: number; total: number; misses: string[] }[] = [];
  for (const c of CASES) {
    const result = gradeOffline(c.lines, c.duration, builtInScenario(c.scenario)!);
    const items = result.evaluations.flatMap((e) => e.items);
    const misses = items.filter((i) => c.expected[i.name] !== i.grade).map((i) => `${i.name}: expected ${c.expected[i.name]}, got ${i.grade}`);
    rows.push({ scenario: c.scenario, label: c.label, score: result.score, right: items.length - misses.length, total: items.length, misses });
  }
  const right = rows.reduce((s, r) => s + r.right, 0), total = rows.reduce((s, r) => s + r.total, 0);
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const ordered = scenarios.every((sc) => {
    const good = rows.filter((r) => r.scenario === sc && r.label === 'good').map((r) => r.score);
    const bad = rows.filter((r) => r.scenario === sc && r.label === 'bad').map((r) => r.score);
    return Math.min(...good) > Math.max(...bad);
  });
  return { rows, accuracy: right / total, ordered };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, accuracy, ordered } = evaluateRoleplay();
  for (const r of rows) {
    console.log(`${r.scenario.padEnd(22)} ${r.label.padEnd(6)} score ${String(r.score).padStart(5)}  items ${r.right}/${r.total}${r.misses.length ? `  ✗ ${r.misses.join('; ')}` : ''}`);
  }
  const pass = accuracy >= 0.85 && ordered;
  console.log(`\nitem grade accuracy ${(accuracy * 100).toFixed(1)} % (bar ≥ 85 %); every good transcript above every bad one: ${ordered ? 'yes' : 'no'} → ${pass ? 'PASS' : 'FAIL'}`);
  process.exit(pass ? 0 : 1);
}
