import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { decodeFrames } from './decode.ts';
import { disc, line, stamp, textPanel, type Canvas, type Colour } from './draw.ts';
import { probeVideo, VideoUnusable } from './probe.ts';
import type { KeypointsDoc } from './extract.ts';
import { parseRecording, type PoseFormat } from '../motion/keypoints.ts';
import { smoothedMetric, type Metric, type Side } from '../motion/signals.ts';
import type { OverlayFrame } from './overlay.ts';

/** What the kind wants shown on a frame: text lines (rep count and phase, jump height, …), maybe a bar trace. */
export type Overlay = (frame: number) => string[] | OverlayFrame;

/** Bones, joints and the flexion labels of each keypoints format, by point index. */
interface Skeleton {
  bones: [number, number][];
  points: number[];
  /** The metric printed beside a joint, per side: [metric, side, the joint's index]. */
  angles: [Metric, Side, number][];
  wrists: [number, number];
  hips: [number, number];
  ankles: [number, number];
  left(i: number): boolean;
  face(i: number): boolean;
}
const SKELETONS: Record<PoseFormat, Skeleton> = {
  coco17: {
    bones: [[5, 6], [11, 12], [5, 7], [7, 9], [6, 8], [8, 10], [5, 11], [6, 12], [11, 13], [13, 15], [12, 14], [14, 16]],
    points: Array.from({ length: 17 }, (_, i) => i),
    angles: [['knee_flexion', 'left', 13], ['knee_flexion', 'right', 14], ['hip_flexion', 'left', 11], ['hip_flexion', 'right', 12], ['elbow_flexion', 'left', 7], ['elbow_flexion', 'right', 8]],
    wrists: [9, 10], hips: [11, 12], ankles: [15, 16], left: (i) => i % 2 === 1, face: (i) => i < 5,
  },
  blazepose33: {
    bones: [[11, 12], [23, 24], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19], [12, 14], [14, 16], [16, 18], [16, 20], [16, 22], [18, 20],
      [11, 23], [12, 24], [23, 25], [25, 27], [27, 29], [29, 31], [27, 31], [24, 26], [26, 28], [28, 30], [30, 32], [28, 32],
      [0, 2], [2, 7], [0, 5], [5, 8], [9, 10]],
    points: Array.from({ length: 33 }, (_, i) => i),
    angles: [['knee_flexion', 'left', 25], ['knee_flexion', 'right', 26], ['hip_flexion', 'left', 23], ['hip_flexion', 'right', 24], ['elbow_flexion', 'left', 13], ['elbow_flexion', 'right', 14]],
    wrists: [15, 16], hips: [23, 24], ankles: [27, 28], left: (i) => i > 10 && i % 2 === 1, face: (i) => i <= 10,
  },
};
const LEFT: Colour = [0, 200, 255], RIGHT: Colour = [255, 150, 0], CENTRE: Colour = [255, 255, 255];
const MIN_SCORE = 0.3;

const OUTPUT_SIDE = 1280;

/** Per-frame flexion of the labelled joints, read as the assessments read them (3D where the keypoints allow). */
type Angles = (Float64Array | null)[];

function jointAngles(doc: KeypointsDoc, sk: Skeleton): Angles {
  let rec;
  try {
    rec = parseRecording(doc, { maxFrames: Infinity });
  } catch {
    return sk.angles.map(() => null);
  }
  return sk.angles.map(([metric, side]) => smoothedMetric(rec, metric, side));
}

export function drawPose(c: Canvas, points: number[][] | null, scale: number, sk: Skeleton = SKELETONS.coco17, angles: Angles = [], frame = 0) {
  if (!points) return;
  const p = points.map(([x, y, , s]) => [x * scale, y * scale, s ?? 1]);
  const w = Math.max(2, Math.round(c.width / 200));
  const colour = (i: number) => (sk.face(i) ? CENTRE : sk.left(i) ? LEFT : RIGHT);
  for (const [a, b] of sk.bones) {
    if (!p[a] || !p[b] || p[a][2] < MIN_SCORE || p[b][2] < MIN_SCORE) continue;
    line(c, p[a][0], p[a][1], p[b][0], p[b][1], w, sk.left(a) && sk.left(b) ? LEFT : !sk.left(a) && !sk.left(b) && !sk.face(a) ? RIGHT : CENTRE);
  }
  for (const i of sk.points) if (p[i] && p[i][2] >= MIN_SCORE) disc(c, p[i][0], p[i][1], w * (sk.face(i) ? 0.8 : 1.2), colour(i));
  // Flexion (0° straight), the number the API reports; labels go outward from the body, and one
  // that would overlap a label already drawn is left out.
  const px = Math.max(12, Math.round(c.width / 48));
  const drawn: [number, number, number, number][] = [];
  const mid = (p[sk.hips[0]]?.[0] + p[sk.hips[1]]?.[0]) / 2 || c.width / 2;
  sk.angles.forEach(([metric, , at], k) => {
    const value = angles[k]?.[frame];
    if (value === undefined || !Number.isFinite(value) || !p[at] || p[at][2] < MIN_SCORE) return;
    const panel = textPanel([`${metric === 'knee_flexion' ? 'knee' : metric === 'hip_flexion' ? 'hip' : 'elbow'} flexion ${Math.round(value)}°`], px);
    const outward = p[at][0] >= mid;
    const rect: [number, number, number, number] = [Math.round(outward ? p[at][0] + w * 3 : p[at][0] - panel.width - w * 3), Math.round(p[at][1] - panel.height / 2), panel.width, panel.height];
    if (drawn.some((r) => rect[0] < r[0] + r[2] && r[0] < rect[0] + rect[2] && rect[1] < r[1] + r[3] && r[1] < rect[1] + rect[3])) return;
    drawn.push(rect);
    stamp(c, panel, rect[0], rect[1]);
  });
}

function drawOverlay(c: Canvas, lines: string[]) {
  if (!lines.length) return;
  const px = Math.max(14, Math.round(c.width / 36));
  stamp(c, textPanel(lines, px), px, px);
}

const TRACE: Colour = [255, 230, 0];

/** The path of the wrists' midpoint (the bar) from one frame to another, as a line with a dot at its head. */
function drawWristTrace(c: Canvas, doc: KeypointsDoc, from: number, to: number, scale: number, [lw, rw]: [number, number]) {
  const w = Math.max(2, Math.round(c.width / 300));
  let last: [number, number] | null = null;
  for (let f = Math.max(0, from); f <= to; f++) {
    const p = doc.frames[f];
    if (!p || p[lw][3] < MIN_SCORE || p[rw][3] < MIN_SCORE) continue;
    const here: [number, number] = [((p[lw][0] + p[rw][0]) / 2) * scale, ((p[lw][1] + p[rw][1]) / 2) * scale];
    if (last) line(c, last[0], last[1], here[0], here[1], w, TRACE);
    last = here;
  }
  if (last) disc(c, last[0], last[1], w * 2, TRACE);
}

const CONTACT: Colour = [60, 230, 90];

/** A ring around each ankle whose foot is on the ground. */
function drawContacts(c: Canvas, points: number[][] | null, feet: ('left' | 'right')[], scale: number, [la, ra]: [number, number]) {
  if (!points) return;
  const r = Math.max(8, Math.round(c.width / 45)), w = Math.max(2, Math.round(c.width / 300));
  for (const foot of feet) {
    const p = points[foot === 'left' ? la : ra];
    if (!p || p[3] < MIN_SCORE) continue;
    for (let a = 0; a < 48; a++) {
      const t0 = (a / 48) * 2 * Math.PI, t1 = ((a + 1) / 48) * 2 * Math.PI;
      line(c, p[0] * scale + r * Math.cos(t0), p[1] * scale + r * Math.sin(t0), p[0] * scale + r * Math.cos(t1), p[1] * scale + r * Math.sin(t1), w, CONTACT);
    }
  }
}

export interface RenderOptions { onProgress?(done: number, total: number | null): void; signal?: AbortSignal }

/**
 * The original frames with the skeleton, joint angles and the kind's overlay drawn on, encoded
 * as H.264 (yuv420p, faststart) so browsers play it; one output frame per input frame.
 */
export async function renderAnalyzedVideo(videoPath: string, keypoints: KeypointsDoc, overlay: Overlay, outPath: string, opts: RenderOptions = {}) {
  const info = await probeVideo(videoPath);
  const scale = Math.min(1, OUTPUT_SIDE / Math.max(info.width, info.height));
  const w = Math.max(2, Math.round((info.width * scale) / 2) * 2), h = Math.max(2, Math.round((info.height * scale) / 2) * 2);
  const pointScale = w / keypoints.width;
  // Stored keypoints from before BlazePose are COCO-17; both still render.
  const sk = SKELETONS[keypoints.format as PoseFormat] ?? SKELETONS.coco17;
  const angles = jointAngles(keypoints, sk);
  const enc = spawn('ffmpeg', [
    '-nostdin', '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${w}x${h}`, '-r', String(info.fps), '-i', 'pipe:0',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', outPath,
  ], { stdio: ['pipe', 'ignore', 'pipe'], signal: opts.signal });
  let stderr = '';
  enc.stderr.on('data', (d: Buffer) => { if (stderr.length < 2000) stderr += d.toString(); });
  enc.on('error', () => {});
  const closed = new Promise<number | null>((r) => enc.on('close', (code) => r(code)));
  let n = 0;
  try {
    for await (const frame of decodeFrames(videoPath, w, h, opts.signal)) {
      const canvas = { rgb: frame.rgb, width: w, height: h };
      drawPose(canvas, keypoints.frames[frame.index] ?? null, pointScale, sk, angles, frame.index);
      const shown = overlay(frame.index);
      const lines = Array.isArray(shown) ? shown : shown.lines;
      if (!Array.isArray(shown) && shown.wristTraceFrom !== undefined) drawWristTrace(canvas, keypoints, shown.wristTraceFrom, frame.index, pointScale, sk.wrists);
      if (!Array.isArray(shown) && shown.feetOnGround?.length) drawContacts(canvas, keypoints.frames[frame.index] ?? null, shown.feetOnGround, pointScale, sk.ankles);
      drawOverlay(canvas, lines);
      if (!enc.stdin.write(frame.rgb)) await once(enc.stdin, 'drain');
      n++;
      opts.onProgress?.(n, info.frames);
    }
  } finally {
    enc.stdin.end();
  }
  const code = await closed;
  if (code !== 0) throw new VideoUnusable('video_unreadable', `The analysed video could not be encoded${stderr ? `: ${stderr.trim().split('\n').pop()}` : '.'}`);
  return { frames: n, width: w, height: h };
}
