// Behaviour checks on real traffic: the Iliou et al. development set in ../shared/datasets/iliou
// (real people and real Selenium/Puppeteer bots browsing the same site; "moderate" bots move in
// straight lines, "advanced" ones along human-like curves). Each session's pointer trace becomes
// the events the capture script sends (every move at its own time, clicks as down/up/click,
// scrolls), and goes through the same analysis as `GET /v0.0/sessions/{id}/report`.
//   npm run eval:iliou
// Prints, per level, people flagged, bots flagged and the ROC AUC of risk_score, and per-check
// rates. Exits non-zero when the bars are missed on this set.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Batch, BehaviorEvent } from '../src/kinds/behavior/events.ts';
import { analyzeBehavior, type BehaviorReport } from '../src/kinds/behavior/analyze.ts';
import { CHECKS } from '../src/kinds/behavior/checks.ts';

export const DATASET = fileURLToPath(new URL('../../shared/datasets/iliou/', import.meta.url));

export interface Labelled { session: string; level: 'moderate' | 'advanced'; bot: boolean }

export function loadLabels(dir = DATASET): Labelled[] {
  return fs.readFileSync(`${dir}/labels.csv`, 'utf8').trim().split('\n').slice(1).map((line) => {
    const [session, level, label] = line.trim().split(',');
    return { session, level: level as Labelled['level'], bot: label !== 'human' };
  });
}

/** The recorder's tokens as capture events: moves at their recorded times, clicks and scrolls just after the move before them. */
export function sessionEvents(session: string, dir = DATASET): BehaviorEvent[] {
  const doc = JSON.parse(zlib.gunzipSync(fs.readFileSync(`${dir}/sessions/${session}.json.gz`)).toString('utf8')) as { total_behaviour: string; mousemove_times: string };
  const times = doc.mousemove_times.split(',').filter(Boolean).map(Number);
  const events: BehaviorEvent[] = [];
  let m = 0, t = times[0] ?? 0, x = 0, y = 0;
  for (const [, kind, a, b] of doc.total_behaviour.matchAll(/\[(m|c|s)\(([^,)]*)(?:,([^)]*))?\)\]/g)) {
    if (kind === 'm') {
      t = Math.max(t, times[m++] ?? t + 16);
      x = Number(a); y = Number(b);
      events.push({ t, k: 'move', x, y, c: 1 });
    } else if (kind === 'c') {
      // A click: press, release 80 ms later, then the click (the recorder kept no target box).
      events.push({ t: t + 1, k: 'down', x, y }, { t: t + 81, k: 'up', x, y },
        { t: t + 82, k: 'click', x, y, box: [0, 0, 0, 0], el: { tag: a === 'r' ? 'contextmenu' : 'a' } });
      t += 82;
    } else {
      events.push({ t: t + 1, k: 'scroll', y: Number(a), vh: 800 });
      t += 1;
    }
  }
  return events;
}

export function reportOf(events: BehaviorEvent[]): BehaviorReport {
  const batch: Batch = { session_id: 'iliou-eval', seq: 0, events };
  return analyzeBehavior([batch], { timeZone: 'UTC' });
}

/** ROC AUC: the chance a random bot scores above a random person (ties count half). */
export function auc(bots: number[], people: number[]): number {
  let wins = 0;
  for (const b of bots) for (const p of people) wins += b > p ? 1 : b === p ? 0.5 : 0;
  return bots.length && people.length ? wins / (bots.length * people.length) : NaN;
}

export interface LevelFigures { level: string; people: number; bots: number; peopleFlagged: number; botsFlagged: number; auc: number }

export function evaluateIliou(dir = DATASET) {
  const rows = loadLabels(dir).map((l) => ({ ...l, report: reportOf(sessionEvents(l.session, dir)) }));
  const levels: LevelFigures[] = (['moderate', 'advanced'] as const).map((level) => {
    const here = rows.filter((r) => r.level === level);
    const people = here.filter((r) => !r.bot), bots = here.filter((r) => r.bot);
    const flagged = (r: typeof rows[number]) => r.report.recommended_action !== 'allow';
    return {
      level, people: people.length, bots: bots.length,
      peopleFlagged: people.filter(flagged).length / (people.length || 1),
      botsFlagged: bots.filter(flagged).length / (bots.length || 1),
      auc: auc(bots.map((r) => r.report.risk_score), people.map((r) => r.report.risk_score)),
    };
  });
  return { rows, levels };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows, levels } = evaluateIliou();
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`.padStart(5);
  console.log('level      people  bots  people flagged  bots flagged  ROC AUC of risk_score');
  for (const f of levels) console.log(`${f.level.padEnd(10)} ${String(f.people).padStart(6)} ${String(f.bots).padStart(5)}  ${pct(f.peopleFlagged).padStart(14)} ${pct(f.botsFlagged).padStart(13)}  ${f.auc.toFixed(3).padStart(8)}`);
  // The people appear under both levels: count each once for the per-check rates.
  const people = [...new Map(rows.filter((r) => !r.bot).map((r) => [r.session, r])).values()];
  const groups = { people, moderate_bots: rows.filter((r) => r.bot && r.level === 'moderate'), advanced_bots: rows.filter((r) => r.bot && r.level === 'advanced') };
  console.log(`\ncheck                        ${Object.keys(groups).map((g) => g.padStart(14)).join('')}`);
  for (const c of CHECKS) {
    const rates = Object.values(groups).map((g) => g.filter((r) => r.report.failed_checks.some((h) => h.id === c.id)).length / (g.length || 1));
    if (rates.some((r) => r > 0)) console.log(`${c.id.padEnd(28)} ${rates.map((r) => pct(r).padStart(14)).join('')}`);
  }
  const pass = levels.every((f) => f.peopleFlagged <= 0.05 && f.botsFlagged >= 0.8 && f.auc >= 0.9);
  console.log(`\nbars (issue 13): people flagged ≤ 5 %, bots flagged ≥ 80 % and ROC AUC ≥ 0.90 at each level: ${pass ? 'PASS' : 'FAIL'}`);
  process.exit(pass ? 0 : 1);
}
