import { lineChart } from '../../report/line-chart.ts';
import { figure, table, tiles } from '../../report/page.ts';
import { kneeChart, plusMinus } from '../sports/report-page.ts';
import type { RunningResult } from './analyze.ts';

/** A running session's report: its steps, cadence and contact times. */
export function runningBody(r: RunningResult): string {
  const m = r.metrics;
  const sd = r.metrics_uncertainty ?? {};
  const head = tiles([[figure(m.cadence_spm as number, 0), 'steps per minute'], [`${figure(m.mean_ground_contact_time_s as number, 3)} s${plusMinus(sd.mean_ground_contact_time_s, 3)}`, 'mean ground contact'],
    [String(r.steps.length), 'steps']]);
  const rows = r.steps.map((s) => [String(s.step_number), s.side, figure(s.contact_start_s, 2), figure(s.ground_contact_time_s, 3) + plusMinus(s.uncertainty?.ground_contact_time_s, 3), figure(s.flight_time_s, 3),
    figure(s.knee_flexion_at_contact_deg, 0), figure(s.overstride_m ?? s.overstride_pct_height, 2), figure(s.shin_angle_at_contact_deg, 0)]);
  const steps = table(['step', 'foot', 'contact at (s)', 'contact (s)', 'flight (s)', 'knee at contact (°)', `overstride (${r.calibration.calibrated ? 'm' : '% height'})`, 'shin (°)'],
    rows, [false, false, true, true, true, true, true, true]);
  // Cadence step to step: 60 / the time from one contact to the next.
  const cadence = r.steps.slice(1).map((s, i) => 60 / Math.max(1e-3, s.contact_start_s - r.steps[i].contact_start_s));
  const cadenceChart = lineChart('Cadence, step by step', 'time (s)', 'steps per minute', [{ xs: r.steps.slice(1).map((s) => s.contact_start_s), ys: cadence, colour: '#1f6fb2' }], []);
  const contactChart = lineChart('Ground contact per step', 'time (s)', 'contact (s)', [
    { xs: r.steps.filter((s) => s.side === 'left').map((s) => s.contact_start_s), ys: r.steps.filter((s) => s.side === 'left').map((s) => s.ground_contact_time_s), colour: '#1f6fb2', label: 'left' },
    { xs: r.steps.filter((s) => s.side === 'right').map((s) => s.contact_start_s), ys: r.steps.filter((s) => s.side === 'right').map((s) => s.ground_contact_time_s), colour: '#d9822b', label: 'right' },
  ], []);
  const contacts = r.steps.flatMap((s) => (s.ground_contact_time_s === null ? [] : [{ from: s.contact_start_s, to: s.contact_start_s + s.ground_contact_time_s, colour: s.side === 'left' ? '#1f6fb2' : '#d9822b' }]));
  return `${head}<h2>Steps</h2>${r.steps.length ? steps : '<p>No step was found.</p>'}
<h2>Cadence and contact</h2>${r.steps.length > 2 ? cadenceChart + contactChart : ''}
<p class="meta">Knee flexion, with each foot's ground contacts shaded.</p>${kneeChart(r, [], contacts)}`;
}
