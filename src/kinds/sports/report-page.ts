import { escapeHtml } from '../../http/html.ts';
import { lineChart, type Band, type Marker } from '../../report/line-chart.ts';
import { figure, reportDocument, sessionVideo, table, tiles } from '../../report/page.ts';
import type { SessionRecord } from '../../sessions/view.ts';
import type { SportsResultBase } from './common.ts';
import type { JumpingResult } from '../jumping/analyze.ts';
import type { RunningResult } from '../running/analyze.ts';
import type { WeightliftingResult } from '../weightlifting/analyze.ts';
import { barPathChart, barSpeedChart, hipHeightChart } from '../weightlifting/charts.ts';

/** Report pages of the sports kinds: headline figures, the analysed video, the kind's table and charts. */

/** A metric's key as words with its unit: best_jump_height_m → best jump height (m). */
const UNITS: [RegExp, string][] = [[/_pct_height$/, ' (% of height)'], [/_pct$/, ' (%)'], [/_deg$/, ' (°)'], [/_ms$/, ' (ms)'], [/_mps$/, ' (m/s)'], [/_spm$/, ' (steps/min)'], [/_m$/, ' (m)'], [/_s$/, ' (s)'], [/_w$/, ' (W)']];
function words(key: string): string {
  const [pattern, unit] = UNITS.find(([p]) => p.test(key)) ?? [/$/, ''];
  return key.replace(pattern, '').replace(/_/g, ' ') + unit;
}

function metricsTable(metrics: SportsResultBase['metrics']): string {
  const rows = Object.entries(metrics).filter(([, v]) => v !== null).map(([k, v]) => [escapeHtml(words(k)), typeof v === 'number' ? figure(v, 3) : escapeHtml(String(v))]);
  return rows.length ? `<h2>Metrics</h2>${table(['metric', 'value'], rows, [false, true])}` : '';
}

/** Knee flexion of both legs over time, with the kind's moments marked and stretches shaded. */
function kneeChart(r: SportsResultBase, markers: Marker[], bands: Band[] = []): string {
  return lineChart('Knee flexion', 'time (s)', 'flexion (°)', [
    { xs: r.timestamps_s, ys: r.angles.left_knee_flexion ?? [], colour: '#1f6fb2', label: 'left' },
    { xs: r.timestamps_s, ys: r.angles.right_knee_flexion ?? [], colour: '#d9822b', label: 'right' },
  ], markers, false, bands);
}

const calibrationNote = (r: SportsResultBase) => `<p class="meta">${escapeHtml(r.calibration.note)}</p>`;

function jumpingBody(r: JumpingResult): string {
  const t = (f: number) => r.timestamps_s[f] ?? 0;
  const best = r.jumps.reduce((m, j) => Math.max(m, j.jump_height_m), 0);
  const head = tiles([[String(r.jumps.length), r.jumps.length === 1 ? 'jump' : 'jumps'], [`${figure(best * 100, 1)} cm`, 'best jump height'],
    [`${figure(r.jumps[0]?.flight_time_s, 3)} s`, 'flight time (first)']]);
  const rows = r.jumps.map((j) => [String(j.jump_number), figure(j.takeoff_time_s, 2), figure(j.flight_time_s, 3), figure(j.jump_height_m * 100, 1),
    figure(j.contact_time_s, 3), figure(j.reactive_strength_index, 2), figure(j.countermovement_depth_m ?? j.countermovement_depth_pct_height, 2),
    `${figure(j.knee_flexion_landing_deg.left, 0)}° / ${figure(j.knee_flexion_landing_deg.right, 0)}°`]);
  const jumps = table(['jump', 'takeoff (s)', 'flight (s)', 'height (cm)', 'contact (s)', 'RSI', `countermovement (${r.calibration.calibrated ? 'm' : '% height'})`, 'landing knee L / R'],
    rows, [false, true, true, true, true, true, true, true]);
  const markers = r.jumps.flatMap((j) => [{ x: t(j.takeoff_frame), label: `takeoff ${j.jump_number}` }, { x: t(j.phases.peak.frame), label: 'peak' }, { x: t(j.landing_frame), label: 'landing' }]);
  const phases = r.jumps.flatMap((j) => [
    { from: t(j.phases.braking.start_frame), to: t(j.phases.braking.end_frame), colour: '#d9822b' },
    { from: t(j.phases.takeoff.start_frame), to: t(j.phases.takeoff.end_frame), colour: '#2a7' },
  ]);
  const keyFrames = table(['jump', 'moment', 'frame', 'time (s)'], r.jumps.flatMap((j) => ([
    ['braking starts', j.phases.braking.start_frame], ['takeoff', j.takeoff_frame], ['peak', j.phases.peak.frame], ['landing', j.landing_frame],
  ] as [string, number][]).map(([name, f]) => [String(j.jump_number), name, String(f), figure(t(f), 2)])), [false, false, true, true]);
  return `${head}<h2>Jumps</h2>${r.jumps.length ? jumps : '<p>No jump was found.</p>'}
<h2>Phases</h2><p class="meta">Knee flexion through each jump: braking shaded orange, propulsion green.</p>${kneeChart(r, markers, phases)}
<h2>Key frames</h2>${keyFrames}`;
}

function runningBody(r: RunningResult): string {
  const m = r.metrics;
  const head = tiles([[figure(m.cadence_spm as number, 0), 'steps per minute'], [`${figure(m.mean_ground_contact_time_s as number, 3)} s`, 'mean ground contact'],
    [String(r.steps.length), 'steps']]);
  const rows = r.steps.map((s) => [String(s.step_number), s.side, figure(s.contact_start_s, 2), figure(s.ground_contact_time_s, 3), figure(s.flight_time_s, 3),
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
  const contacts = r.steps.map((s) => ({ from: s.contact_start_s, to: s.contact_start_s + s.ground_contact_time_s, colour: s.side === 'left' ? '#1f6fb2' : '#d9822b' }));
  return `${head}<h2>Steps</h2>${r.steps.length ? steps : '<p>No step was found.</p>'}
<h2>Cadence and contact</h2>${r.steps.length > 2 ? cadenceChart + contactChart : ''}
<p class="meta">Knee flexion, with each foot's ground contacts shaded.</p>${kneeChart(r, [], contacts)}`;
}

function weightliftingBody(r: WeightliftingResult): string {
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

const TITLES: Record<SportsResultBase['activity'], string> = { jumping: 'Jump report', running: 'Running report', weightlifting: 'Lift report' };

export function sportsReportPage(session: SessionRecord, result: SportsResultBase, title: string): string {
  const body = result.activity === 'jumping' ? jumpingBody(result as JumpingResult)
    : result.activity === 'running' ? runningBody(result as RunningResult)
      : weightliftingBody(result as WeightliftingResult);
  return reportDocument(`${TITLES[result.activity]}: ${title}`, session, `${sessionVideo(session)}${body}${metricsTable(result.metrics)}${calibrationNote(result)}`);
}
