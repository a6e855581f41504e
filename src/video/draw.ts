import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

/** Drawing on raw RGB frames: lines, dots, filled boxes, and text panels in a real font. */
export interface Canvas { rgb: Buffer; width: number; height: number }
export type Colour = [number, number, number];

function plot(c: Canvas, x: number, y: number, col: Colour, alpha = 1) {
  if (x < 0 || y < 0 || x >= c.width || y >= c.height) return;
  const o = (y * c.width + x) * 3;
  if (alpha >= 1) { c.rgb[o] = col[0]; c.rgb[o + 1] = col[1]; c.rgb[o + 2] = col[2]; return; }
  for (let k = 0; k < 3; k++) c.rgb[o + k] = Math.round(c.rgb[o + k] * (1 - alpha) + col[k] * alpha);
}

export function disc(c: Canvas, cx: number, cy: number, r: number, col: Colour) {
  const r2 = r * r;
  for (let y = Math.floor(cy - r); y <= cy + r; y++) for (let x = Math.floor(cx - r); x <= cx + r; x++) {
    if ((x - cx) ** 2 + (y - cy) ** 2 <= r2) plot(c, x, y, col);
  }
}

/** A thick line as a run of discs (simple, and round at the ends). */
export function line(c: Canvas, x0: number, y0: number, x1: number, y1: number, width: number, col: Colour) {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / Math.max(1, width / 3)));
  for (let i = 0; i <= steps; i++) disc(c, x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps, width / 2, col);
}

export function box(c: Canvas, x: number, y: number, w: number, h: number, col: Colour, alpha: number) {
  for (let yy = Math.max(0, y); yy < Math.min(c.height, y + h); yy++) for (let xx = Math.max(0, x); xx < Math.min(c.width, x + w); xx++) plot(c, xx, yy, col, alpha);
}

/** A rendered text block: premultiplied RGBA, as resvg gives it. */
export interface Bitmap { width: number; height: number; rgba: Uint8Array }

const FONT = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
const labels = new Map<string, Bitmap>();

/**
 * Lines of text in DejaVu Sans on a dark translucent panel, rendered by resvg like the
 * lift-analysis charts. The same few labels recur frame after frame, so each is rendered once.
 */
export function textPanel(lines: string[], px: number): Bitmap {
  const key = `${px}\n${lines.join('\n')}`;
  const hit = labels.get(key);
  if (hit) return hit;
  const pad = Math.round(px * 0.45), lineHeight = Math.round(px * 1.3);
  // DejaVu Sans averages about 0.6 of the font size per character.
  const width = Math.ceil(Math.max(...lines.map((l) => l.length)) * px * 0.62) + 2 * pad;
  const height = lines.length * lineHeight + 2 * pad - Math.round(px * 0.3);
  const rows = lines.map((l, i) => `<text x="${pad}" y="${pad + i * lineHeight + px * 0.95}">${esc(l)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans" font-size="${px}" fill="#fff">` +
    `<rect width="${width}" height="${height}" rx="${pad}" fill="#000" fill-opacity="0.6"/>${rows}</svg>`;
  const image = new Resvg(svg, { font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render();
  const bitmap = { width: image.width, height: image.height, rgba: new Uint8Array(image.pixels) };
  if (labels.size > 4000) labels.clear();
  labels.set(key, bitmap);
  return bitmap;
}

/** Draws a bitmap with its top-left corner at (x, y), blended by its alpha. */
export function stamp(c: Canvas, b: Bitmap, x: number, y: number) {
  x = Math.round(x); y = Math.round(y);
  for (let row = Math.max(0, -y); row < b.height && y + row < c.height; row++) {
    for (let col = Math.max(0, -x); col < b.width && x + col < c.width; col++) {
      const i = (row * b.width + col) * 4, a = b.rgba[i + 3];
      if (!a) continue;
      const o = ((y + row) * c.width + x + col) * 3;
      for (let k = 0; k < 3; k++) c.rgb[o + k] = Math.min(255, b.rgba[i + k] + Math.round((c.rgb[o + k] * (255 - a)) / 255));
    }
  }
}
