import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { decodeFrames } from './decode.ts';
import { box, disc, line, text, textWidth, type Canvas, type Colour } from './draw.ts';
import { probeVideo, VideoUnusable } from './probe.ts';
import type { KeypointsDoc } from './extract.ts';
import type { OverlayFrame } from '../kinds/kind.ts';

/** What the kind wants shown on a frame: text lines (rep count and phase, jump height, …), maybe a bar trace. */
export type Overlay = (frame: number) => string[] | OverlayFrame;

// COCO-17 bones, and the joints whose angle is printed beside them: [a, vertex, c].
const BONES: [number, number][] = [[5, 6], [11, 12], [5, 7], [7, 9], [6, 8], [8, 10], [5, 11], [6, 12], [11, 13], [13, 15], [12, 14], [14, 16]];
const ANGLES: [number, number, number][] = [[11, 13, 15], [12, 14, 16], [5, 11, 13], [6, 12, 14], [5, 7, 9], [6, 8, 10]];
const LEFT: Colour = [0, 200, 255], RIGHT: Colour = [255, 150, 0], CENTRE: Colour = [255, 255, 255];
const MIN_SCORE = 0.3;

const OUTPUT_SIDE = 1280;

function angleAt(p: number[][], a: number, b: number, c: number) {
  const ux = p[a][0] - p[b][0], uy = p[a][1] - p[b][1], vx = p[c][0] - p[b][0], vy = p[c][1] - p[b][1];
  const d = Math.hypot(ux, uy) * Math.hypot(vx, vy);
  return d ? Math.round((Math.acos(Math.max(-1, Math.min(1, (ux * vx + uy * vy) / d))) * 180) / Math.PI) : null;
}

export function drawPose(c: Canvas, points: number[][] | null, scale: number) {
  if (!points) return;
  const p = points.map(([x, y, , s]) => [x * scale, y * scale, s]);
  const w = Math.max(2, Math.round(c.width / 200));
  for (const [a, b] of BONES) {
    if (p[a][2] < MIN_SCORE || p[b][2] < MIN_SCORE) continue;
    const col = a % 2 === 1 && b % 2 === 1 ? LEFT : a % 2 === 0 && b % 2 === 0 && a > 4 ? RIGHT : CENTRE;
    line(c, p[a][0], p[a][1], p[b][0], p[b][1], w, col);
  }
  for (let i = 0; i < 17; i++) if (p[i][2] >= MIN_SCORE) disc(c, p[i][0], p[i][1], w * 1.2, i < 5 ? CENTRE : i % 2 ? LEFT : RIGHT);
  const size = Math.max(2, Math.round(c.width / 360));
  for (const [a, b, d] of ANGLES) {
    if (p[a][2] < MIN_SCORE || p[b][2] < MIN_SCORE || p[d][2] < MIN_SCORE) continue;
    const angle = angleAt(p, a, b, d);
    if (angle === null) continue;
    const label = `${angle}°`;
    const x = p[b][0] + (b % 2 ? -textWidth(label, size) - w * 3 : w * 3), y = p[b][1] - 3.5 * size;
    box(c, Math.round(x - size), Math.round(y - size), textWidth(label, size) + size, 9 * size, [0, 0, 0], 0.55);
    text(c, label, Math.round(x), Math.round(y), size, [255, 255, 255]);
  }
}

function drawOverlay(c: Canvas, lines: string[]) {
  if (!lines.length) return;
  const size = Math.max(2, Math.round(c.width / 240));
  const width = Math.max(...lines.map((l) => textWidth(l, size))) + 4 * size;
  box(c, size * 2, size * 2, width, lines.length * 10 * size + 2 * size, [0, 0, 0], 0.6);
  lines.forEach((l, i) => text(c, l, size * 4, size * 4 + i * 10 * size, size, [255, 255, 255]));
}

const TRACE: Colour = [255, 230, 0];

/** The path of the wrists' midpoint (the bar) from one frame to another, as a line with a dot at its head. */
function drawWristTrace(c: Canvas, doc: KeypointsDoc, from: number, to: number, scale: number) {
  const w = Math.max(2, Math.round(c.width / 300));
  let last: [number, number] | null = null;
  for (let f = Math.max(0, from); f <= to; f++) {
    const p = doc.frames[f];
    if (!p || p[9][3] < MIN_SCORE || p[10][3] < MIN_SCORE) continue;
    const here: [number, number] = [((p[9][0] + p[10][0]) / 2) * scale, ((p[9][1] + p[10][1]) / 2) * scale];
    if (last) line(c, last[0], last[1], here[0], here[1], w, TRACE);
    last = here;
  }
  if (last) disc(c, last[0], last[1], w * 2, TRACE);
}

const CONTACT: Colour = [60, 230, 90];

/** A ring around each ankle whose foot is on the ground. */
function drawContacts(c: Canvas, points: number[][] | null, feet: ('left' | 'right')[], scale: number) {
  if (!points) return;
  const r = Math.max(8, Math.round(c.width / 45)), w = Math.max(2, Math.round(c.width / 300));
  for (const foot of feet) {
    const p = points[foot === 'left' ? 15 : 16];
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
      drawPose(canvas, keypoints.frames[frame.index] ?? null, pointScale);
      const shown = overlay(frame.index);
      const lines = Array.isArray(shown) ? shown : shown.lines;
      if (!Array.isArray(shown) && shown.wristTraceFrom !== undefined) drawWristTrace(canvas, keypoints, shown.wristTraceFrom, frame.index, pointScale);
      if (!Array.isArray(shown) && shown.feetOnGround?.length) drawContacts(canvas, keypoints.frames[frame.index] ?? null, shown.feetOnGround, pointScale);
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
