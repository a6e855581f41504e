import type { Recording } from '../../motion/keypoints.ts';
import { JOINT_INDEX, type Joint } from '../../motion/skeleton.ts';
import type { KindSettings } from '../context.ts';
import { inputBytes } from '../input-body.ts';
import { keypointsInput } from '../keypoints-input.ts';
import type { SportsResultBase } from './common.ts';
import { sessionDocument } from './document.ts';
import type { ExportArgs, Sport } from './sport.ts';

/** The joint abbreviations of reference 001's exports, and the joints they name. */
const EXPORT_JOINTS: [string, Joint][] = [
  ['head', 'nose'], ['lear', 'left_ear'], ['rear', 'right_ear'], ['lsho', 'left_shoulder'], ['rsho', 'right_shoulder'],
  ['lelb', 'left_elbow'], ['relb', 'right_elbow'], ['lwri', 'left_wrist'], ['rwri', 'right_wrist'],
  ['lhip', 'left_hip'], ['rhip', 'right_hip'], ['lkne', 'left_knee'], ['rkne', 'right_knee'],
  ['lank', 'left_ankle'], ['rank', 'right_ankle'], ['ltoe', 'left_foot'], ['rtoe', 'right_foot'],
];

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * One per-frame array per joint and axis, keyed `<joint><axis>` (`lknex`, `lkney`, `lknev`): x and y in
 * the coordinates the keypoints came in (pixels, or 0–1), v the visibility score; null where the
 * person was not seen. Joints the format lacks (toes in COCO-17) are left out.
 */
function exportColumns(rec: Recording): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {};
  const stride = rec.pointCount * 4;
  for (const [abbr, joint] of EXPORT_JOINTS) {
    const index = JOINT_INDEX[rec.format][joint];
    if (index === undefined) continue;
    const xs = new Array<number | null>(rec.frameCount), ys = new Array<number | null>(rec.frameCount), vs = new Array<number | null>(rec.frameCount);
    for (let f = 0, o = index * 4; f < rec.frameCount; f++, o += stride) {
      if (!rec.seen[f]) { xs[f] = ys[f] = vs[f] = null; continue; }
      xs[f] = round2(rec.data[o] * rec.sourceScale);
      ys[f] = round2(rec.data[o + 1] * rec.sourceScale);
      vs[f] = Math.round(rec.data[o + 3] * 1000) / 1000;
    }
    out[`${abbr}x`] = xs; out[`${abbr}y`] = ys; out[`${abbr}v`] = vs;
  }
  return out;
}

const cell = (v: string | number | null | undefined) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Columns of equal length as CSV, one row per frame. */
function toCsv(columns: Record<string, ArrayLike<string | number | null>>): string {
  const names = Object.keys(columns);
  const rows = Math.max(0, ...names.map((n) => columns[n].length));
  const lines = [names.map(cell).join(',')];
  for (let i = 0; i < rows; i++) lines.push(names.map((n) => cell(columns[n][i])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/**
 * A sports session's export (reference 001): its document with every frame's keypoints, as JSON or
 * CSV bytes. A compute task: the result and the recording are read and parsed in the thread.
 */
export function exportDocument<Options, Result extends SportsResultBase>(sport: Sport<Options, Result>, a: ExportArgs, settings: KindSettings): Uint8Array {
  const result = ('json' in a.result ? JSON.parse(Buffer.from(a.result.json).toString('utf8')) : a.result.data) as Result;
  const recording = keypointsInput(a.input.name, settings).parse(inputBytes(a.input), 'application/json') as Recording;
  const keypoints = exportColumns(recording);
  const frameColumns = sport.frameColumns?.(result) ?? {};
  if (a.format === 'json') return utf8(JSON.stringify({ ...sessionDocument(a.head, result, sport.summary(result)), keypoints, ...frameColumns }));
  const times = result.timestamps_s;
  return utf8(toCsv({ frame: times.map((_, i) => i), time_s: times, ...keypoints, ...result.angles, ...frameColumns }));
}
