import type { LlmConfig } from '../kind.ts';
import type { Line } from './transcript.ts';
import type { Scenario } from './scenarios.ts';
import { BEHAVIOURS, type Evaluation, type Grade, type GradeResult } from './grade.ts';


const GRADES = new Set(['good', 'mid', 'bad']);
const SALIENCE = new Set(['high', 'medium', 'low']);
const POINTS: Record<Grade, number> = { good: 1, mid: 0.5, bad: 0 };

/** Each item as written, with the behaviour the offline grader mapped it to and what that grader measured. */
function prompt(scenario: Scenario, lines: Line[], offline: GradeResult) {
  const measured = new Map(offline.evaluations.flatMap((e) => e.items.map((i) => [i.name, i.feedback] as const)));
  const mapped = new Map(offline.rubric_mapping.map((m) => [m.item, m.graded_by] as const));
  const behaviour = (name: string) => {
    const signal = mapped.get(name);
    return signal && signal !== 'wording' ? ` Behaviour to look for: ${BEHAVIOURS[signal]}. An automatic count found: ${measured.get(name) ?? 'nothing'}` : '';
  };
  const rubric = scenario.rubric.criteria.map((c) => `Criterion "${c.name}":\n${c.items.map((i) =>
    `  - Item "${i.name}" (weight ${i.weight}): ${i.description}${i.what_good_looks_like ? ` Good looks like: ${i.what_good_looks_like}` : ''}${behaviour(i.name)}`).join('\n')}`).join('\n');
  const transcript = lines.map((l) => `[${l.seconds_from_start}s] ${l.speaker.toUpperCase()}: ${l.text}`).join('\n');
  return [
    { role: 'system', content: 'You grade sales and coaching roleplay conversations against a rubric. Answer with one JSON object only.' },
    { role: 'user', content: `Scenario: ${scenario.name}. ${scenario.description}\nThe trainee is USER; AI plays: ${scenario.persona}\n\nRubric:\n${rubric}\n\nTranscript:\n${transcript}\n\n` +
      'Return JSON: {"evaluations":[{"criterion_name":string,"items":[{"name":string,"grade":"good"|"mid"|"bad","feedback":string,' +
      '"feedback_examples":[{"quote":string (copied exactly from a USER line),"feedback":string,"suggestion_quote":string|null,"grade":"good"|"mid"|"bad","salience":"high"|"medium"|"low"}]}]}],' +
      '"outcome_feedback":string,"positive_feedback":string,"constructive_feedback":string}. Grade every rubric item.' },
  ];
}

/**
 * An LLM judge through any OpenAI-compatible Chat Completions endpoint: JSON output, temperature 0.
 * Its answer is checked item by item; quotes not found verbatim in the trainee's lines are dropped;
 * the score is recomputed from its grades. Any failure returns null and the offline grade stands.
 */
export async function judgeWithLlm(cfg: LlmConfig, scenario: Scenario, lines: Line[], offline: GradeResult): Promise<{ result: GradeResult } | { error: string }> {
  let content: string;
  try {
    const res = await fetch(`${cfg.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
      body: JSON.stringify({ model: cfg.model, temperature: 0, response_format: { type: 'json_object' }, messages: prompt(scenario, lines, offline) }),
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
    if (!res.ok) return { error: `judge answered ${res.status}` };
    content = ((await res.json()) as { choices?: { message?: { content?: string } }[] }).choices?.[0]?.message?.content ?? '';
  } catch (err) {
    return { error: (err as Error).name === 'TimeoutError' ? `judge timed out after ${cfg.timeoutMs} ms` : `judge unreachable: ${(err as Error).message}` };
  }
  let doc: { evaluations?: unknown; outcome_feedback?: unknown; positive_feedback?: unknown; constructive_feedback?: unknown };
  try {
    doc = JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return { error: 'judge answer is not JSON' };
  }
  const trainee = lines.filter((l) => l.speaker === 'user').map((l) => l.text);
  const verbatim = (q: unknown) => typeof q === 'string' && q.trim().length > 0 && trainee.some((t) => t.includes(q.trim()));
  const given = new Map<string, Record<string, unknown>>();
  for (const c of Array.isArray(doc.evaluations) ? doc.evaluations : []) {
    for (const i of Array.isArray((c as { items?: unknown }).items) ? (c as { items: Record<string, unknown>[] }).items : []) {
      if (typeof i?.name === 'string') given.set(i.name, i);
    }
  }
  let num = 0, den = 0;
  const evaluations: Evaluation[] = [];
  for (const criterion of scenario.rubric.criteria) {
    const items = [];
    for (const item of criterion.items) {
      const got = given.get(item.name);
      if (!got || !GRADES.has(got.grade as string) || typeof got.feedback !== 'string') return { error: `judge left out or garbled item '${item.name}'` };
      const grade = got.grade as Grade;
      num += POINTS[grade] * item.weight;
      den += item.weight;
      const examples = (Array.isArray(got.feedback_examples) ? got.feedback_examples : [])
        .filter((e: Record<string, unknown>) => verbatim(e?.quote))
        .map((e: Record<string, unknown>) => ({
          quote: (e.quote as string).trim(),
          feedback: typeof e.feedback === 'string' ? e.feedback : '',
          suggestion_quote: typeof e.suggestion_quote === 'string' ? e.suggestion_quote : null,
          grade: GRADES.has(e.grade as string) ? (e.grade as Grade) : grade,
          salience: SALIENCE.has(e.salience as string) ? (e.salience as 'high' | 'medium' | 'low') : 'medium',
        }));
      items.push({ name: item.name, grade, feedback: got.feedback, feedback_examples: examples });
    }
    evaluations.push({ criterion_name: criterion.name, items });
  }
  const score = den ? Math.round((num / den) * 1000) / 10 : 0;
  const t = scenario.rank_thresholds;
  const text = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v.trim() : fallback);
  return {
    result: {
      ...offline,
      evaluations, score,
      rank: score >= t.gold ? 'gold' : score >= t.silver ? 'silver' : score >= t.bronze ? 'bronze' : 'unranked',
      outcome_feedback: text(doc.outcome_feedback, offline.outcome_feedback),
      positive_feedback: text(doc.positive_feedback, offline.positive_feedback),
      constructive_feedback: text(doc.constructive_feedback, offline.constructive_feedback),
      grader: `llm:${cfg.model}`,
    },
  };
}
