import { lineChart } from '../../report/line-chart.ts';
import { figure, table, tiles } from '../../report/page.ts';
import type { WeightliftingResult } from './analyze.ts';
import { barPathChart, barSpeedChart, hipHeightChart } from './charts.ts';

/** A lift's report: its reps, bar path, speed and hips. */
export function weightliftingBody(r: WeightliftingResult): string {
  const unit = r.bar.unit === 'm' ? 'm/s' : '% height/s';
  const head = tiles([[String(r.reps.length), r.reps.length === 1 ? 'rep' : 'reps'],
    [`${figure(Math.max(0, ...r.reps.map((x) => x.peak_velocity_mps ?? x.peak_velocity_height_per_s ?? 0)), 2)} ${unit}`, 'best peak bar speed'], [`${r.barbell_mass} kg`, 'barbell']]);
  const rows = r.reps.map((x) => [String(x.rep_number), figure(x.peak_velocity_mps ?? x.peak_velocity_height_per_s, 2), figure(x.mean_concentric_velocity_mps ?? x.mean_concentric_velocity_height_per_s, 2),
    figure(x.mean_concentric_power_w, 0), `${figure(x.tempo.eccentric_s, 1)} / ${figure(x.tempo.pause_s, 1)} / ${figure(x.tempo.concentric_s, 1)}`,
    x.depth ? (x.depth.hip_below_knee ? '<span class="ok">below knee</span>' : '<span class="warn">above knee</span>') : '—',
    x.lockout.reached ? '<span class="ok">yes</span>' : '<span class="warn">no</span>', figure(x.horizontal_drift_m ?? x.horizontal_drift_pct_height, 2)]);
  const reps = table(['rep', `peak speed (${unit})`, `mean concentric (${unit})`, 'power (W)', 'tempo down / pause / up (s)', 'depth', 'lockout', `drift (${r.calibration.calibrated ? 'm' : '% height'})`],
    rows, [false, true, true, true, true, false, false, true]);
  const velocity = lineChart('Peak bar speed per rep', 'rep', `speed (${unit})`, [{ xs: r.reps.map((x) => x.rep_number), ys: r.reps.map((x) => x.peak_velocity_mps ?? x.peak_velocity_height_per_s), colour: '#d9822b' }], []);
  return `${head}<h2>Reps</h2>${r.reps.length ? reps : '<p>No rep was found.</p>'}
<h2>Bar path</h2>${barPathChart(r, 'en')}
<h2>Velocity</h2>${r.reps.length > 1 ? velocity : ''}${barSpeedChart(r, 'en')}
<h2>Hips</h2>${hipHeightChart(r, 'en')}`;
}
