// Roleplay grading on real conversations: AnnoMI (../shared/datasets/annomi), demonstrations of
// motivational interviewing labelled high or low quality by MI experts. The therapist is the
// trainee (`user`), the client the persona (`ai`). Each transcript is graded offline with the
// built-in coaching scenario and with an MI rubric written in words only (no detector names), as
// a customer would write it (eval/annomi-rubric.ts).
//   npm run eval:annomi [-- --worst N]
// Prints the ROC AUC of `score` (high against low quality) per scenario, each item's AUC, and
// the conversations ranked most wrongly. The issue's bars: coaching ≥ 0.85, words-only MI ≥ 0.80.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { gradeOffline, type Grade } from '../src/kinds/roleplay/grade.ts';
import { builtInScenario, type Scenario } from '../src/kinds/roleplay/scenarios.ts';
import type { Line } from '../src/kinds/roleplay/transcript.ts';
import { MI_RUBRIC_SCENARIO } from './annomi-rubric.ts';
import { auc } from './iliou.ts';
import { actsOf, mainAct } from '../src/kinds/roleplay/language.ts';

export const DATASET = fileURLToPath(new URL('../../shared/datasets/annomi/utterances.csv', import.meta.url));

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1);
}

export interface Conversation { id: string; quality: 'high' | 'low'; title: string; lines: Line[]; duration: number }

export function loadConversations(file = DATASET): Conversation[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  const col = (name: string) => header.indexOf(name);
  const [id, quality, title, who, time, text] = ['transcript_id', 'mi_quality', 'video_title', 'interlocutor', 'timestamp', 'utterance_text'].map(col);
  const byId = new Map<string, Conversation>();
  for (const r of rows) {
    let c = byId.get(r[id]);
    if (!c) byId.set(r[id], (c = { id: r[id], quality: r[quality] as 'high' | 'low', title: r[title], lines: [], duration: 0 }));
    const [h, m, s] = r[time].split(':').map(Number);
    // A few timestamps step back by a few seconds: times are kept non-decreasing.
    const t = Math.max(h * 3600 + m * 60 + s, c.lines.at(-1)?.seconds_from_start ?? 0);
    c.lines.push({ speaker: r[who] === 'therapist' ? 'user' : 'ai', text: r[text], seconds_from_start: t });
  }
  for (const c of byId.values()) c.duration = (c.lines.at(-1)?.seconds_from_start ?? 0) + 5;
  return [...byId.values()];
}

/**
 * How our sentence acts agree with the experts' utterance labels: each therapist utterance's main
 * act against `main_therapist_behaviour` (question, reflection, therapist_input = advice and
 * information, other). Recall per expert label and precision per our act.
 */
export function utteranceAgreement(file = DATASET) {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  const col = (name: string) => header.indexOf(name);
  const ours = (act: string) => (/question|permission/.test(act) ? 'question' : act === 'reflection' ? 'reflection' : act === 'advice' ? 'therapist_input' : 'other');
  const pairs: [string, string][] = [];
  let heard = '', conversation = '';
  for (const r of rows) {
    if (r[col('transcript_id')] !== conversation) { heard = ''; conversation = r[col('transcript_id')]; }
    if (r[col('interlocutor')] !== 'therapist') { heard = r[col('utterance_text')]; continue; }
    pairs.push([r[col('main_therapist_behaviour')], ours(mainAct(actsOf(r[col('utterance_text')], heard).map((a) => a.act)))]);
  }
  return ['question', 'reflection', 'therapist_input'].map((label) => {
    const tp = pairs.filter(([g, o]) => g === label && o === label).length;
    return { label, recall: tp / (pairs.filter(([g]) => g === label).length || 1), precision: tp / (pairs.filter(([, o]) => o === label).length || 1) };
  });
}

const POINTS: Record<Grade, number> = { good: 1, mid: 0.5, bad: 0 };

export function evaluateAnnomi(file = DATASET) {
  const conversations = loadConversations(file);
  const scenarios: [string, Scenario][] = [['coaching-conversation', builtInScenario('coaching-conversation')!], ['mi-rubric-in-words', MI_RUBRIC_SCENARIO]];
  return scenarios.map(([name, scenario]) => {
    const graded = conversations.map((c) => ({ c, result: gradeOffline(c.lines, c.duration, scenario) }));
    const high = graded.filter((g) => g.c.quality === 'high'), low = graded.filter((g) => g.c.quality === 'low');
    const items = scenario.rubric.criteria.flatMap((cr) => cr.items.map((i) => i.name));
    const itemAuc = items.map((item) => {
      const points = (g: typeof graded[number]) => POINTS[g.result.evaluations.flatMap((e) => e.items).find((i) => i.name === item)!.grade];
      return { item, auc: auc(high.map(points), low.map(points)) };
    });
    return {
      scenario: name, high: high.length, low: low.length,
      auc: auc(high.map((g) => g.result.score), low.map((g) => g.result.score)),
      meanHigh: high.reduce((s, g) => s + g.result.score, 0) / (high.length || 1),
      meanLow: low.reduce((s, g) => s + g.result.score, 0) / (low.length || 1),
      itemAuc, graded,
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { worst: { type: 'string', default: '4' } } });
  const results = evaluateAnnomi();
  for (const r of results) {
    console.log(`${r.scenario}: ${r.high} high / ${r.low} low quality; ROC AUC of score ${r.auc.toFixed(3)}; mean score ${r.meanHigh.toFixed(0)} / ${r.meanLow.toFixed(0)}`);
    for (const i of r.itemAuc) console.log(`  ${i.item.padEnd(32)} item AUC ${i.auc.toFixed(3)}`);
    const n = Number(values.worst);
    const worstHigh = r.graded.filter((g) => g.c.quality === 'high').sort((a, b) => a.result.score - b.result.score).slice(0, n);
    const worstLow = r.graded.filter((g) => g.c.quality === 'low').sort((a, b) => b.result.score - a.result.score).slice(0, n);
    for (const g of [...worstHigh, ...worstLow]) {
      console.log(`  worst: #${g.c.id} ${g.c.quality} score ${g.result.score} "${g.c.title.slice(0, 50)}" — ${g.result.evaluations.flatMap((e) => e.items).map((i) => `${i.name}: ${i.grade}`).join(', ')}`);
    }
  }
  for (const a of utteranceAgreement()) console.log(`utterances labelled ${a.label}: recall ${(a.recall * 100).toFixed(0)} %, precision ${(a.precision * 100).toFixed(0)} %`);
  const [coaching, words] = results;
  const pass = coaching.auc >= 0.85 && words.auc >= 0.8;
  console.log(`\nbars (issue 14): coaching ≥ 0.85, MI rubric in words ≥ 0.80: ${pass ? 'PASS' : 'FAIL'}`);
  process.exit(pass ? 0 : 1);
}
