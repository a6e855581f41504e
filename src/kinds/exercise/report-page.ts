import { escapeHtml } from '../../http/html.ts';
import { extentOf } from '../../motion/extent.ts';
import type { SessionRecord } from '../../sessions/view.ts';
import type { AssessmentResult } from './assess.ts';
import type { ExerciseResult } from './kind.ts';
import { findExercise } from './catalogue.ts';
import { PERCENT_METRICS, type Metric } from '../../motion/signals.ts';

const unit = (metric: Metric | undefined) => (metric && PERCENT_METRICS.has(metric) ? '%' : '°');

/** The rep signal over time, with each rep's span shaded and its peak marked. */
function chart(a: AssessmentResult): string {
  const W = 640, H = 180, pad = 28;
  const v = a.signal.values, t = a.signal.times_ms;
  if (v.length < 2) return '';
  const [lo, hi] = extentOf(v);
  const span = hi - lo || 1, tEnd = t[t.length - 1] || 1;
  const x = (i: number) => pad + ((W - 2 * pad) * t[i]) / tEnd;
  const y = (val: number) => H - pad - ((H - 2 * pad) * (val - lo)) / span;
  const line = v.map((val, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(val).toFixed(1)}`).join('');
  const reps = a.individual_reps_list.map((r) =>
    `<rect x="${x(r.start_frame_number).toFixed(1)}" y="${pad}" width="${(x(r.end_frame_number) - x(r.start_frame_number)).toFixed(1)}" height="${H - 2 * pad}" fill="#2a7" opacity="0.12"/>` +
    `<circle cx="${x(r.peak_frame_number).toFixed(1)}" cy="${y(v[r.peak_frame_number]).toFixed(1)}" r="4" fill="#c33"><title>Rep ${r.rep_number} peak</title></circle>`).join('');
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(a.signal.metric)} over time">
<text x="${pad}" y="16" font-size="12">${escapeHtml(a.signal.metric.replace(/_/g, ' '))} (${unit(a.signal.metric)}) · ${(tEnd / 1000).toFixed(1)} s</text>
${reps}<path d="${line}" fill="none" stroke="#246" stroke-width="2"/>
<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#999"/></svg>`;
}

function assessmentSection(a: AssessmentResult): string {
  const reps = a.individual_reps_list;
  const ids = reps[0]?.measurement_results ?? [];
  const metricOf = (id: number) => findExercise(a.name)?.measurements.find((m) => m.id === id)?.metric;
  const head = ids.map((m) => `<th>${escapeHtml(m.message)}</th>`).join('');
  const rows = reps.map((r) => `<tr><td>${r.rep_number}</td><td>${r.overall_accuracy_measurement}%</td>${r.measurement_results.map((m) =>
    `<td class="${m.accuracy >= 80 ? 'ok' : 'warn'}">${m.accuracy}%${m.value !== undefined ? ` <small>(${m.value}${unit(metricOf(m.measurement_id))})</small>` : ''}</td>`).join('')}</tr>`).join('');
  const errors = reps.flatMap((r) => r.measurement_results.filter((m) => m.error).map((m) =>
    `<li>Rep ${r.rep_number}, frame ${m.error!.frame}: ${escapeHtml(m.error!.message)} (${m.error!.accuracy}%)</li>`));
  const warnings = (a.warnings ?? []).map((w) => `<li>${escapeHtml(w.message)}</li>`).join('');
  const view = a.camera_view ? `<p class="meta">Filmed from the ${a.camera_view.view === 'oblique' ? 'front at an angle' : a.camera_view.view}</p>` : '';
  return `<section><h2>${escapeHtml(a.name)}</h2>
<p class="count"><strong>${a.count}</strong> rep${a.count === 1 ? '' : 's'} completed</p>${view}
${warnings ? `<ul class="warnings" role="note">${warnings}</ul>` : ''}
${chart(a)}
${reps.length ? `<div class="scroll"><table><thead><tr><th>Rep</th><th>Overall</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>` : '<p>No complete rep was found in this recording.</p>'}
<h3>Form</h3>${errors.length ? `<ul class="errors">${errors.join('')}</ul>` : '<p>No form errors found.</p>'}
</section>`;
}

export function exerciseReportPage(session: SessionRecord, result: ExerciseResult): string {
  const sections = Object.values(result.assessments).map(assessmentSection).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Exercise report</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;color:#1d2733}
h1{font-size:1.5rem;margin:.5rem 0}h2{margin-top:2rem;border-bottom:1px solid #dde}
svg{width:100%;height:auto;background:#f7f9fb;border-radius:6px}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.35rem .5rem;border-bottom:1px solid #e4e8ee;text-align:left;white-space:nowrap}
td.ok{color:#17663a}.warnings{background:#fff6e5;border-left:4px solid #d98c00;padding:.5rem 1rem .5rem 2rem}td.warn{color:#a33b00;font-weight:600}.count{font-size:1.2rem}.meta{color:#667}
</style></head><body>
<h1>Exercise report</h1>
<p class="meta">Session ${escapeHtml(session.id)} · ${session.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
${sections}
</body></html>`;
}
