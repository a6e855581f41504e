import { extentOf } from '../motion/extent.ts';

/**
 * Line charts with axes, ticks and labels, as SVG: the lift-analysis pictures (rasterised to PNG)
 * and the charts of the report pages (inline, scaled to the page by their viewBox).
 */

const W = 800, H = 450, PAD = { left: 70, right: 20, top: 50, bottom: 50 };
export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const svg = (body: string, w = W, h = H) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="DejaVu Sans" font-size="14"><rect width="100%" height="100%" fill="#fff"/>${body}</svg>`;
const esc = escapeXml;

export interface Marker { x: number; label: string }
export interface Series { xs: number[]; ys: (number | null)[]; colour: string; label?: string }
/** A shaded stretch of the x axis (a rep, a ground contact). */
export interface Band { from: number; to: number; colour?: string }

export function niceTicks(lo: number, hi: number, count = 5) {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const unit = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= count) ?? step * 10;
  const ticks = [];
  for (let v = Math.ceil(lo / unit) * unit; v <= hi + 1e-9; v += unit) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/** A line chart of one or more series sharing axes, with labelled vertical markers and shaded bands; `square` keeps one scale on both axes. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[], markers: Marker[], square = false, bands: Band[] = []) {
  const all = series.flatMap((s) => s.xs.map((x, i) => [x, s.ys[i]] as const)).filter(([, y]) => y !== null && Number.isFinite(y)) as [number, number][];
  if (!all.length) return svg(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle">${esc(title)}: —</text>`);
  let [x0, x1] = extentOf(all.map((p) => p[0]));
  let [y0, y1] = extentOf(all.map((p) => p[1]));
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) y1 = y0 + 1;
  const padY = (y1 - y0) * 0.08; y0 -= padY; y1 += padY;
  const pw = W - PAD.left - PAD.right, ph = H - PAD.top - PAD.bottom;
  if (square) {
    // Same scale on both axes, so the bar path's shape is true.
    const scale = Math.min(pw / (x1 - x0), ph / (y1 - y0));
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    x0 = cx - pw / scale / 2; x1 = cx + pw / scale / 2; y0 = cy - ph / scale / 2; y1 = cy + ph / scale / 2;
  }
  const X = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * pw;
  const Y = (y: number) => PAD.top + ph - ((y - y0) / (y1 - y0)) * ph;
  const parts = [`<text x="${W / 2}" y="28" text-anchor="middle" font-size="20" font-weight="bold">${esc(title)}</text>`];
  for (const b of bands) parts.push(`<rect class="band" x="${X(b.from).toFixed(1)}" y="${PAD.top}" width="${Math.max(1, X(b.to) - X(b.from)).toFixed(1)}" height="${ph}" fill="${b.colour ?? '#2a7'}" opacity="0.13"/>`);
  for (const t of niceTicks(y0, y1)) parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${Y(t)}" y2="${Y(t)}" stroke="#eee"/><text x="${PAD.left - 8}" y="${Y(t) + 5}" text-anchor="end" font-size="12">${t}</text>`);
  for (const t of niceTicks(x0, x1, 8)) parts.push(`<text x="${X(t)}" y="${H - PAD.bottom + 18}" text-anchor="middle" font-size="12">${t}</text>`);
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${W / 2}" y="${H - 10}" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${H / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  for (const [i, m] of markers.entries()) {
    const x = X(m.x);
    parts.push(`<line x1="${x}" x2="${x}" y1="${PAD.top}" y2="${PAD.top + ph}" stroke="#c33" stroke-dasharray="4 3"/><text x="${x + 3}" y="${PAD.top + 14 + (i % 4) * 14}" font-size="11" fill="#c33">${esc(m.label)}</text>`);
  }
  for (const s of series) {
    let d = '';
    let pen = false;
    for (let i = 0; i < s.xs.length; i++) {
      const y = s.ys[i];
      if (y === null || !Number.isFinite(y)) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${X(s.xs[i]).toFixed(1)} ${Y(y).toFixed(1)}`;
      pen = true;
    }
    parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2.5" stroke-linejoin="round"/>`);
  }
  const legend = series.filter((s) => s.label);
  legend.forEach((s, i) => { parts.push(`<rect x="${PAD.left + 10 + i * 170}" y="${PAD.top + 8}" width="14" height="4" fill="${s.colour}"/><text x="${PAD.left + 30 + i * 170}" y="${PAD.top + 14}" font-size="12">${esc(s.label!)}</text>`); });
  return svg(parts.join(''));
}
