import { escapeHtml } from '../../report/html.ts';
import { reportDocument, tiles } from '../../report/page.ts';
import type { PageSession } from '../context.ts';
import type { RoleplayResult } from './result.ts';

/**
 * A trainee's page: score and rank, the feedback, each rubric item with its grade and the quotes
 * it was graded on, and the transcript with those quotes highlighted where they were said.
 */

const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
const grade = (g: string) => `<span class="grade-${escapeHtml(g)}">${escapeHtml(g)}</span>`;

/** The line's text with every quoted passage marked (quotes are matched as said, ignoring case). */
function highlighted(text: string, quotes: string[]): string {
  const lower = text.toLowerCase();
  const spans: [number, number][] = [];
  for (const q of quotes) {
    const at = q.length >= 4 ? lower.indexOf(q.toLowerCase()) : -1;
    if (at >= 0) spans.push([at, at + q.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let out = '', from = 0;
  for (const [s, e] of spans) {
    if (s < from) continue;
    out += `${escapeHtml(text.slice(from, s))}<mark>${escapeHtml(text.slice(s, e))}</mark>`;
    from = e;
  }
  return out + escapeHtml(text.slice(from));
}

export function roleplayReportPage(session: PageSession, r: RoleplayResult): string {
  const quotes = r.evaluations.flatMap((e) => e.items.flatMap((i) => i.feedback_examples.map((x) => x.quote))).filter(Boolean);
  const head = tiles([[r.score === null || r.score === undefined ? '—' : String(Math.round(r.score * 10) / 10), 'score of 100'], [r.rank, 'rank'],
    [clock(r.duration_seconds ?? 0), 'duration'], [r.is_valid_attempt ? 'yes' : 'no', 'valid graded attempt']]);
  const feedback = `<h2>Feedback</h2><p>${escapeHtml(r.outcome_feedback)}</p>
<h3>What went well</h3><p>${escapeHtml(r.positive_feedback)}</p><h3>To work on</h3><p>${escapeHtml(r.constructive_feedback)}</p>`;
  const criteria = r.evaluations.map((e) => `<h3>${escapeHtml(e.criterion_name)}</h3><ul>${e.items.map((i) => `<li><b>${escapeHtml(i.name)}</b>: ${grade(i.grade)}. ${escapeHtml(i.feedback)}${
    i.feedback_examples.length ? `<ul>${i.feedback_examples.map((x) => `<li>“${escapeHtml(x.quote)}” — ${escapeHtml(x.feedback)}${x.suggestion_quote ? ` Try: “${escapeHtml(x.suggestion_quote)}”` : ''}</li>`).join('')}</ul>` : ''
  }</li>`).join('')}</ul>`).join('');
  const transcript = r.transcript.map((l) => `<p class="line ${l.speaker === 'user' ? 'user' : 'ai'}"><span class="meta">${clock(l.seconds_from_start ?? 0)} · ${l.speaker === 'user' ? 'you' : 'persona'}</span><br>${highlighted(l.text, l.speaker === 'user' ? quotes : [])}</p>`).join('');
  return reportDocument(`Roleplay: ${r.scenario.name}`, session, `${head}${feedback}<h2>Rubric</h2>${criteria}<h2>Transcript</h2><p class="meta">Quoted lines are highlighted.</p>${transcript}`);
}
