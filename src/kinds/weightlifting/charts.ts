import type { Recording } from '../../motion/keypoints.ts';
import { JOINT_INDEX, type Joint } from '../../motion/skeleton.ts';
import { MIN_SCORE } from '../../motion/signals.ts';
import type { WeightliftingResult } from './analyze.ts';
import { LABELS, type Language } from './messages.ts';
import { escapeXml, lineChart, svg } from '../../report/line-chart.ts';

/** The lift-analysis charts as SVG (pure; rasterised to PNG at the edge). */

const esc = escapeXml;

/** Key frames of the lift: Olympic phases, or each rep's bottom and top. */
export function keyFrames(r: WeightliftingResult): { frame: number; name: string }[] {
  const first = r.reps[0];
  if (first.phases) {
    return Object.entries(first.phases).filter(([, f]) => typeof f === 'number').map(([name, frame]) => ({ name, frame: frame as number }));
  }
  return r.reps.slice(0, 3).flatMap((rep) => [{ name: 'bottom', frame: r.exercise_name === 'deadlift' ? rep.start_frame : rep.turn_frame }, { name: 'top', frame: rep.lockout.frame }]);
}

const unitLabel = (r: WeightliftingResult, lang: Language) => (r.bar.unit === 'm' ? 'm' : LABELS[lang].pct_height);

export function hipHeightChart(r: WeightliftingResult, lang: Language) {
  const L = LABELS[lang];
  return lineChart(L.hip_height, L.time, `${L.height} (${unitLabel(r, lang)})`, [{ xs: r.timestamps_s, ys: r.bar.hip_height, colour: '#1f6fb2' }],
    keyFrames(r).map((k) => ({ x: r.timestamps_s[k.frame], label: L[k.name] ?? k.name })));
}

export function barSpeedChart(r: WeightliftingResult, lang: Language) {
  const L = LABELS[lang];
  return lineChart(L.bar_speed, L.time, `${L.speed} (${unitLabel(r, lang)}/s)`, [{ xs: r.timestamps_s, ys: r.bar.velocity, colour: '#d9822b' }],
    keyFrames(r).map((k) => ({ x: r.timestamps_s[k.frame], label: L[k.name] ?? k.name })));
}

const REP_COLOURS = ['#1f6fb2', '#d9822b', '#2a9d5b', '#8e44ad', '#c0392b', '#16a085'];

export function barPathChart(r: WeightliftingResult, lang: Language) {
  const L = LABELS[lang];
  return lineChart(L.bar_path, `${L.forward} (${unitLabel(r, lang)})`, `${L.up} (${unitLabel(r, lang)})`,
    r.reps.map((rep, i) => ({ xs: rep.bar_path.map((p) => p[0]), ys: rep.bar_path.map((p) => p[1]), colour: REP_COLOURS[i % REP_COLOURS.length] })), [], true);
}

const BONES: [Joint, Joint][] = [
  ['left_shoulder', 'right_shoulder'], ['left_hip', 'right_hip'], ['left_shoulder', 'left_elbow'], ['left_elbow', 'left_wrist'],
  ['right_shoulder', 'right_elbow'], ['right_elbow', 'right_wrist'], ['left_shoulder', 'left_hip'], ['right_shoulder', 'right_hip'],
  ['left_hip', 'left_knee'], ['left_knee', 'left_ankle'], ['right_hip', 'right_knee'], ['right_knee', 'right_ankle'], ['left_ankle', 'left_foot'], ['right_ankle', 'right_foot'],
];

/** A still of the video at a key frame (PNG), when the session came from a video. */
export interface Still { png: Uint8Array; width: number; height: number }

/**
 * The athlete's pose at each key frame, drawn as a skeleton with the bar (hands) marked: over the
 * video's own frame when there is one, else on its own.
 */
export function positionsChart(r: WeightliftingResult, rec: Recording, lang: Language, stills: Map<number, Still> = new Map()) {
  const L = LABELS[lang];
  const frames = keyFrames(r).slice(0, 6);
  const cols = Math.min(3, frames.length), rows = Math.ceil(frames.length / cols);
  const cw = 260, ch = 300, w = cols * cw, h = rows * ch + 50;
  const index = JOINT_INDEX[rec.format];
  const pointAt = (f: number, j: Joint) => {
    const k = index[j];
    if (k === undefined) return null;
    const o = (f * rec.pointCount + k) * 4;
    return rec.data[o + 3] >= MIN_SCORE ? [rec.data[o], rec.data[o + 1]] as const : null;
  };
  // One scale for every panel, from the athlete's height in the frame.
  const scale = (ch - 70) / (r.calibration.athlete_height_frame_share! * 1.25);
  const parts = [`<text x="${w / 2}" y="30" text-anchor="middle" font-size="20" font-weight="bold">${esc(L.positions)}</text>`];
  frames.forEach(({ frame, name }, i) => {
    const ox = (i % cols) * cw, oy = 50 + Math.floor(i / cols) * ch;
    const hip = pointAt(frame, 'left_hip') ?? pointAt(frame, 'right_hip');
    if (!hip) return;
    parts.push(`<rect x="${ox + 4}" y="${oy}" width="${cw - 8}" height="${ch - 8}" fill="#f7f7f7" stroke="#ddd"/>`);
    let X = (x: number) => ox + cw / 2 + (x - hip[0]) * scale, Y = (y: number) => oy + ch * 0.5 + (y - hip[1]) * scale;
    const still = stills.get(frame);
    if (still) {
      // Fit the frame in the panel; recording units are frame heights, so one unit is the image's height.
      const k = Math.min((cw - 16) / still.width, (ch - 48) / still.height);
      const w = still.width * k, h = still.height * k, ix = ox + (cw - w) / 2, iy = oy + 6;
      parts.push(`<image x="${ix.toFixed(1)}" y="${iy.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" href="data:image/png;base64,${Buffer.from(still.png.buffer, still.png.byteOffset, still.png.byteLength).toString('base64')}"/>`);
      X = (x: number) => ix + x * h;
      Y = (y: number) => iy + y * h;
    }
    for (const [a, b] of BONES) {
      const pa = pointAt(frame, a), pb = pointAt(frame, b);
      if (pa && pb) parts.push(`<line x1="${X(pa[0]).toFixed(1)}" y1="${Y(pa[1]).toFixed(1)}" x2="${X(pb[0]).toFixed(1)}" y2="${Y(pb[1]).toFixed(1)}" stroke="${a.startsWith('left') ? '#1f6fb2' : '#d9822b'}" stroke-width="4" stroke-linecap="round"/>`);
    }
    const head = pointAt(frame, 'nose');
    if (head) parts.push(`<circle cx="${X(head[0]).toFixed(1)}" cy="${Y(head[1]).toFixed(1)}" r="${still ? 4 : 9}" fill="#555"/>`);
    const lw = pointAt(frame, 'left_wrist'), rw = pointAt(frame, 'right_wrist');
    const bar = lw && rw ? [(lw[0] + rw[0]) / 2, (lw[1] + rw[1]) / 2] : lw ?? rw;
    if (bar) parts.push(`<circle cx="${X(bar[0]).toFixed(1)}" cy="${Y(bar[1]).toFixed(1)}" r="11" fill="none" stroke="#c33" stroke-width="4"/>`);
    parts.push(`<text x="${ox + cw / 2}" y="${oy + ch - 20}" text-anchor="middle">${esc(`${L[name] ?? name} · ${r.timestamps_s[frame].toFixed(2)} s`)}</text>`);
  });
  return svg(parts.join(''), w, h);
}
