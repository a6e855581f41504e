import { figure, table, tiles } from '../../report/page.ts';
import { kneeChart, plusMinus } from '../sports/report-page.ts';
import type { JumpingResult } from './analyze.ts';

const inCm = (m: number | null | undefined) => (typeof m === 'number' ? m * 100 : null);

/** A jump session's report: its jumps, their phases and key frames. */
export function jumpingBody(r: JumpingResult): string {
  const t = (f: number) => r.timestamps_s[f] ?? 0;
  const best = r.jumps.reduce((m, j) => Math.max(m, j.jump_height_m), 0);
  const head = tiles([[String(r.jumps.length), r.jumps.length === 1 ? 'jump' : 'jumps'], [`${figure(best * 100, 1)} cm`, 'best jump height'],
    [`${figure(r.jumps[0]?.flight_time_s, 3)} s${plusMinus(r.jumps[0]?.uncertainty?.flight_time_s, 3)}`, 'flight time (first)']]);
  const rows = r.jumps.map((j) => [String(j.jump_number), figure(j.takeoff_time_s, 2), figure(j.flight_time_s, 3) + plusMinus(j.uncertainty?.flight_time_s, 3),
    figure(j.jump_height_m * 100, 1) + plusMinus(inCm(j.uncertainty?.jump_height_m), 1),
    figure(j.contact_time_s, 3) + plusMinus(j.contact_time_s === null ? null : j.uncertainty?.contact_time_s, 3), figure(j.reactive_strength_index, 2), figure(j.countermovement_depth_m ?? j.countermovement_depth_pct_height, 2),
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
