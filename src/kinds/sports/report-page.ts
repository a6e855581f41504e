import { escapeHtml } from '../../report/html.ts';
import { lineChart, type Band, type Marker } from '../../report/line-chart.ts';
import { figure, reportDocument, sessionVideo, table } from '../../report/page.ts';
import type { PageSession } from '../context.ts';
import type { SportsResultBase } from './common.ts';

/** The frame of the sports kinds' report pages: the analysed video, the kind's own body, the metrics and the calibration. */

/** A metric's key as words with its unit: best_jump_height_m → best jump height (m). */
const UNITS: [RegExp, string][] = [[/_pct_height$/, ' (% of height)'], [/_pct$/, ' (%)'], [/_deg$/, ' (°)'], [/_ms$/, ' (ms)'], [/_mps$/, ' (m/s)'], [/_spm$/, ' (steps/min)'], [/_m$/, ' (m)'], [/_s$/, ' (s)'], [/_w$/, ' (W)']];
function words(key: string): string {
  const [pattern, unit] = UNITS.find(([p]) => p.test(key)) ?? [/$/, ''];
  return key.replace(pattern, '').replace(/_/g, ' ') + unit;
}

/** Every metric with a value, and ± one SD where the analysis gives one (results from before uncertainties have none). */
function metricsTable(r: SportsResultBase): string {
  const sds = r.metrics_uncertainty ?? {};
  const rows = Object.entries(r.metrics).filter(([, v]) => v !== null).map(([k, v]) => [escapeHtml(words(k)),
    typeof v === 'number' ? figure(v, 3) : escapeHtml(String(v)), typeof sds[k] === 'number' ? `± ${figure(sds[k], 3)}` : '']);
  return rows.length ? `<h2>Metrics</h2>${table(['metric', 'value', 'uncertainty (1 SD)'], rows, [false, true, true])}` : '';
}

/** What the recording could not say: figures left out or less exact, and why. */
export const warningsNote = (r: SportsResultBase) =>
  (r.warnings ?? []).map((w) => `<p class="meta warning">${escapeHtml(w.message)}</p>`).join('');

/** " ± 0.012" after a figure, when it has an uncertainty. */
export const plusMinus = (sd: number | null | undefined, digits: number) => (typeof sd === 'number' ? ` ± ${figure(sd, digits)}` : '');

/** Knee flexion of both legs over time, with the kind's moments marked and stretches shaded. */
export function kneeChart(r: SportsResultBase, markers: Marker[], bands: Band[] = []): string {
  return lineChart('Knee flexion', 'time (s)', 'flexion (°)', [
    { xs: r.timestamps_s, ys: r.angles.left_knee_flexion ?? [], colour: '#1f6fb2', label: 'left' },
    { xs: r.timestamps_s, ys: r.angles.right_knee_flexion ?? [], colour: '#d9822b', label: 'right' },
  ], markers, false, bands);
}

const calibrationNote = (r: SportsResultBase) => `<p class="meta">${escapeHtml(r.calibration.note)}</p>`;

export function sportsReportPage(session: PageSession, result: SportsResultBase, title: string, body: string): string {
  return reportDocument(title, session, `${sessionVideo(session)}${warningsNote(result)}${body}${metricsTable(result)}${calibrationNote(result)}`);
}
