/** Drawing on raw RGB frames: lines, dots, filled boxes and text in a small built-in bitmap font. */
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

// 5×7 glyphs, one string of five-bit rows per character ('#' on).
const GLYPHS: Record<string, string[]> = {};
const define = (chars: string, rows: string) => {
  const all = rows.trim().split('\n').map((r) => r.trim());
  [...chars].forEach((ch, i) => { GLYPHS[ch] = all.slice(i * 7, i * 7 + 7); });
};
define('0123456789', `
.###. #...# #..## #.#.# ##..# #...# .###.
..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
.###. #...# ....# ..##. .#... #.... #####
.###. #...# ....# ..##. ....# #...# .###.
...#. ..##. .#.#. #..#. ##### ...#. ...#.
##### #.... ####. ....# ....# #...# .###.
..##. .#... #.... ####. #...# #...# .###.
##### ....# ...#. ..#.. .#... .#... .#...
.###. #...# #...# .###. #...# #...# .###.
.###. #...# #...# .#### ....# ...#. .##..`.replace(/ /g, '\n'));
define('ABCDEFGHIJKLMNOPQRSTUVWXYZ', `
.###. #...# #...# ##### #...# #...# #...#
####. #...# #...# ####. #...# #...# ####.
.###. #...# #.... #.... #.... #...# .###.
####. #...# #...# #...# #...# #...# ####.
##### #.... #.... ####. #.... #.... #####
##### #.... #.... ####. #.... #.... #....
.###. #...# #.... #.### #...# #...# .####
#...# #...# #...# ##### #...# #...# #...#
.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
..### ...#. ...#. ...#. ...#. #..#. .##..
#...# #..#. #.#.. ##... #.#.. #..#. #...#
#.... #.... #.... #.... #.... #.... #####
#...# ##.## #.#.# #.#.# #...# #...# #...#
#...# ##..# #.#.# #..## #...# #...# #...#
.###. #...# #...# #...# #...# #...# .###.
####. #...# #...# ####. #.... #.... #....
.###. #...# #...# #...# #.#.# #..#. .##.#
####. #...# #...# ####. #.#.. #..#. #...#
.#### #.... #.... .###. ....# ....# ####.
##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
#...# #...# #...# #...# #...# #...# .###.
#...# #...# #...# #...# #...# .#.#. ..#..
#...# #...# #...# #.#.# #.#.# #.#.# .#.#.
#...# #...# .#.#. ..#.. .#.#. #...# #...#
#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..
##### ....# ...#. ..#.. .#... #.... #####`.replace(/ /g, '\n'));
define(' /:.-%°', `
..... ..... ..... ..... ..... ..... .....
....# ...#. ...#. ..#.. .#... .#... #....
..... ..#.. ..#.. ..... ..#.. ..#.. .....
..... ..... ..... ..... ..... .##.. .##..
..... ..... ..... ##### ..... ..... .....
##..# ##.#. ...#. ..#.. .#... .#.## #..##
.##.. #..#. .##.. ..... ..... ..... .....`.replace(/ /g, '\n'));

/** Text at (x, y), `scale` pixels per font pixel; lower-case is drawn as upper-case. */
export function text(c: Canvas, s: string, x: number, y: number, scale: number, col: Colour) {
  let cx = x;
  for (const ch of s.toUpperCase()) {
    const g = GLYPHS[ch] ?? GLYPHS[' '];
    for (let row = 0; row < 7; row++) for (let colI = 0; colI < 5; colI++) {
      if (g[row][colI] === '#') box(c, cx + colI * scale, y + row * scale, scale, scale, col, 1);
    }
    cx += 6 * scale;
  }
  return cx - x;
}

export const textWidth = (s: string, scale: number) => s.length * 6 * scale;
