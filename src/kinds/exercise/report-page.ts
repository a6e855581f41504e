import { escapeHtml } from '../../report/html.ts';
import { lineChart } from '../../report/line-chart.ts';
import { reportDocument, sessionVideo, table } from '../../report/page.ts';
import type { PageSession } from '../context.ts';
import type { AssessmentResult, ExerciseResult } from './assess.ts';
import { findExercise } from './catalogue.ts';
import { PERCENT_METRICS, type Metric } from '../../motion/signals.ts';

const unit = (metric: Metric | undefined) => (metric && PERCENT_METRICS.has(metric) ? '%' : '°');

/** The rep signal over time, with axes, each rep's span shaded and its peak marked. */
function chart(a: AssessmentResult): string {
  const v = a.signal.values, t = a.signal.times_ms;
  if (v.length < 2) return '';
  const seconds = Array.from(t, (ms) => ms / 1000);
  const name = a.signal.metric.replace(/_/g, ' ');
  return lineChart(`${a.name}: ${name}`, 'time (s)', `${name} (${unit(a.signal.metric)})`, [{ xs: seconds, ys: Array.from(v), colour: '#246' }],
    a.individual_reps_list.map((r) => ({ x: seconds[r.peak_frame_number] ?? 0, label: `rep ${r.rep_number}` })), false,
    a.individual_reps_list.map((r) => ({ from: seconds[r.start_frame_number] ?? 0, to: seconds[r.end_frame_number] ?? 0 })));
}

/** What to work on: constraints broken (static errors) and peaks short of their target. */
function formNotes(a: AssessmentResult): string[] {
  const target = (id: number) => findExercise(a.name)?.measurements.find((m) => m.id === id);
  return a.individual_reps_list.flatMap((r) => r.measurement_results.flatMap((m) => {
    if (m.error) return [`Rep ${r.rep_number}, frame ${m.error.frame}: ${escapeHtml(m.error.message)} (${m.error.accuracy}%)`];
    const spec = target(m.measurement_id);
    if (m.type === 'peak' && m.accuracy < 80 && spec?.type === 'peak') {
      return [`Rep ${r.rep_number}: ${escapeHtml(m.message)} reached ${m.value}${unit(spec.metric)}, target ${spec.target[0]}–${spec.target[1]}${unit(spec.metric)} (${m.accuracy}%)`];
    }
    return [];
  }));
}

function assessmentSection(a: AssessmentResult): string {
  const reps = a.individual_reps_list;
  const ids = reps[0]?.measurement_results ?? [];
  const metricOf = (id: number) => findExercise(a.name)?.measurements.find((m) => m.id === id)?.metric;
  const rows = reps.map((r) => [String(r.rep_number), `${r.overall_accuracy_measurement}%`, ...r.measurement_results.map((m) =>
    `<span class="${m.accuracy >= 80 ? 'ok' : 'warn'}">${m.accuracy}%</span>${m.value !== undefined ? ` <small>(${m.value}${unit(metricOf(m.measurement_id))})</small>` : ''}`)]);
  const notes = formNotes(a);
  const warnings = (a.warnings ?? []).map((w) => `<li>${escapeHtml(w.message)}</li>`).join('');
  const view = a.camera_view ? `<p class="meta">Filmed from the ${a.camera_view.view === 'oblique' ? 'front at an angle' : a.camera_view.view}</p>` : '';
  return `<section><h2>${escapeHtml(a.name)}</h2>
<p class="count big"><strong>${a.count}</strong> rep${a.count === 1 ? '' : 's'} completed</p>${view}
${warnings ? `<ul class="warnings notes" role="note">${warnings}</ul>` : ''}
${chart(a)}
${reps.length ? table(['Rep', 'Overall', ...ids.map((m) => m.message)], rows, new Array(2 + ids.length).fill(true)) : '<p>No complete rep was found in this recording.</p>'}
<h3>Form</h3>${notes.length ? `<ul class="errors">${notes.map((n) => `<li>${n}</li>`).join('')}</ul>` : reps.length ? '<p>Every measurement of every rep was on target.</p>' : ''}
</section>`;
}

export function exerciseReportPage(session: PageSession, result: ExerciseResult): string {
  const sections = Object.values(result.assessments).map(assessmentSection).join('');
  return reportDocument('Exercise report', session, `${sessionVideo(session)}${sections}`);
}
