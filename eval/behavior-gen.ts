// Generates behaviour sessions (the capture script's event stream) with a known author: a person,
// a naive bot (what a Playwright or Selenium script does by default), or a "humanised" bot (Bézier
// pointer paths, random click offsets, jittered typing), for the behaviour evaluation and benchmark.
import { seeded } from './body.ts';
import type { BehaviorEvent, KeyCategory } from '../src/kinds/behavior/events.ts';

export type Author = 'person' | 'naive_teleport' | 'naive_linear' | 'naive_fill' | 'naive_headless' | 'naive_paste' | 'humanised';
export const NAIVE: Author[] = ['naive_teleport', 'naive_linear', 'naive_fill', 'naive_headless', 'naive_paste'];

interface Field { name: string; box: [number, number, number, number]; password?: boolean }
const FIELDS: Field[] = [
  { name: 'email', box: [400, 200, 320, 40] }, { name: 'password', box: [400, 270, 320, 40], password: true },
  { name: 'card', box: [400, 340, 320, 40] }, { name: 'notes', box: [400, 420, 320, 120] },
];
const SUBMIT = { box: [400, 580, 140, 44] as [number, number, number, number], label: 'Pay now' };

class Session {
  events: BehaviorEvent[] = [];
  t: number;
  x = 100; y = 100;
  constructor(readonly rand: () => number, start = 1_743_055_845_000) { this.t = start; }
  gauss() { let s = 0; for (let i = 0; i < 6; i++) s += this.rand(); return (s - 3) * Math.SQRT2; }
  wait(ms: number) { this.t += Math.max(0, ms); }
  push(e: BehaviorEvent) { this.events.push(e); }
}

/**
 * The time to a person's next pointer event: mostly the mouse's rate, but a hand's events come
 * unevenly (it slows, stops for a moment, the browser merges or drops events). Shares as measured
 * on real people's traces (Iliou et al.): 82 % at the rate, 8 % sooner, 10 % later, some 40–150 ms.
 */
function handInterval(s: Session, hz: number): number {
  const r = s.rand(), base = 1000 / hz;
  if (r < 0.08) return base * (0.3 + 0.5 * s.rand());
  if (r < 0.13) return base * (1.2 + 0.8 * s.rand());
  if (r < 0.16) return base * (2 + 3 * s.rand());
  if (r < 0.18) return base * (5 + 4 * s.rand());
  return base + s.gauss() * 1.5;
}

/** A person's stroke: a curved path, speed rising then falling (minimum jerk), tremor, 60–125 Hz events at a hand's uneven pace. */
function humanMove(s: Session, tx: number, ty: number) {
  const dist = Math.hypot(tx - s.x, ty - s.y);
  const duration = 250 + 110 * Math.log2(1 + dist / 20) * (0.8 + 0.4 * s.rand());
  const hz = s.rand() < 0.5 ? 60 : 125;
  const steps = Math.max(4, Math.round((duration / 1000) * hz));
  const bend = (s.rand() - 0.5) * 0.4 * dist;
  const nx = -(ty - s.y) / (dist || 1), ny = (tx - s.x) / (dist || 1);
  const [x0, y0] = [s.x, s.y];
  for (let i = 1; i <= steps; i++) {
    const u = i / steps, e = u * u * u * (10 - 15 * u + 6 * u * u);
    const arc = Math.sin(Math.PI * e) * bend;
    s.wait(handInterval(s, hz));
    const tremor = i < steps ? 0.8 : 0;
    s.x = x0 + (tx - x0) * e + nx * arc + s.gauss() * tremor; s.y = y0 + (ty - y0) * e + ny * arc + s.gauss() * tremor;
    s.push({ t: Math.round(s.t), k: 'move', x: Math.round(s.x * 10) / 10, y: Math.round(s.y * 10) / 10, c: hz > 100 && s.rand() < 0.3 ? 2 : 1 });
  }
}

function click(s: Session, box: [number, number, number, number], label: string | undefined, role: 'button' | 'link' | undefined, centred: boolean) {
  const [bx, by, bw, bh] = box;
  const x = centred ? bx + bw / 2 : bx + bw / 2 + s.gauss() * bw * 0.18, y = centred ? by + bh / 2 : by + bh / 2 + s.gauss() * bh * 0.18;
  s.x = x; s.y = y;
  s.push({ t: Math.round(s.t), k: 'down', x, y }); s.wait(centred ? 1 : 70 + s.rand() * 60);
  s.push({ t: Math.round(s.t), k: 'up', x, y });
  s.push({ t: Math.round(s.t), k: 'click', x, y, box, el: { tag: role === 'link' ? 'a' : role ? 'button' : 'input', label, role } });
}

/** Typing: per-key interval and hold; a person makes and fixes mistakes. */
function type(s: Session, field: Field, chars: number, style: 'person' | 'uniform' | 'jittered') {
  let n = 0;
  const errorRate = 0.03 + s.rand() * 0.05;
  const key = (cat: KeyCategory, hold: number) => {
    s.push({ t: Math.round(s.t), k: 'key', d: 'down', cat, f: field.name });
    const down = s.t;
    if (cat === 'char' || cat === 'backspace') {
      n = Math.max(0, n + (cat === 'char' ? 1 : -1));
      s.push({ t: Math.round(s.t + 1), k: 'input', f: field.name, n, it: cat === 'char' ? 'insertText' : 'deleteContentBackward', ...(field.password ? { pw: 1 as const } : {}) });
    }
    s.t = down + hold;
    s.push({ t: Math.round(s.t), k: 'key', d: 'up', cat, f: field.name });
  };
  const interval = () => (style === 'uniform' ? 50 : style === 'jittered' ? 80 + s.rand() * 120 : Math.exp(Math.log(170) + s.gauss() * 0.45));
  const hold = () => (style === 'uniform' ? 0.5 : style === 'jittered' ? 30 + s.rand() * 50 : 60 + s.rand() * 70);
  for (let i = 0; i < chars; i++) {
    s.wait(interval());
    key('char', hold());
    if (style === 'person' && s.rand() < errorRate) {
      s.wait(interval()); key('char', hold());
      s.wait(250 + s.rand() * 300); key('backspace', hold());
    }
  }
}

export function generateSession(author: Author, seed: number): BehaviorEvent[] {
  const s = new Session(seeded(seed));
  const r = s.rand;
  s.push({ t: s.t, k: 'env', webdriver: author === 'naive_headless', hints: author === 'naive_headless' ? ['HeadlessChrome'] : [] });
  s.push({ t: s.t, k: 'nav', p: '/checkout' });
  const fields = FIELDS.slice(0, 2 + Math.floor(r() * 3));
  const chars = (f: Field) => (f.name === 'notes' ? 40 + Math.floor(r() * 80) : 8 + Math.floor(r() * 16));

  if (author === 'person' || author === 'humanised') {
    s.wait(800 + r() * 2000);
    // Reading: a few wheel scrolls.
    let scrollY = 0;
    for (let i = 0; i < 2 + Math.floor(r() * 4); i++) {
      s.wait(150 + r() * 500); s.push({ t: Math.round(s.t), k: 'wheel' });
      scrollY += 60 + r() * 120; s.push({ t: Math.round(s.t + 16), k: 'scroll', y: Math.round(scrollY), vh: 800 });
    }
    for (const f of fields) {
      const [bx, by, bw, bh] = f.box;
      const tx = bx + bw * (0.2 + r() * 0.6), ty = by + bh * (0.3 + r() * 0.4);
      if (author === 'person') humanMove(s, tx, ty); else bezierMove(s, tx, ty);
      click(s, f.box, undefined, undefined, false);
      s.push({ t: Math.round(s.t), k: 'focus', f: f.name });
      type(s, f, chars(f), author === 'person' ? 'person' : 'jittered');
      s.wait(300 + r() * 900);
    }
    if (author === 'person' && r() < 0.3) {
      // Some people leave the tab and come back (without pasting).
      s.push({ t: Math.round(s.t), k: 'hidden' }); s.wait(3000 + r() * 20_000); s.push({ t: Math.round(s.t), k: 'visible' }); s.wait(1500);
    }
    const [bx, by, bw, bh] = SUBMIT.box;
    if (author === 'person') humanMove(s, bx + bw * (0.3 + r() * 0.4), by + bh * (0.3 + r() * 0.4)); else bezierMove(s, bx + bw / 2, by + bh / 2);
    click(s, SUBMIT.box, SUBMIT.label, 'button', false);
    s.push({ t: Math.round(s.t + 5), k: 'submit', name: 'checkout' });
    return s.events;
  }

  // Naive bots: what automation does by default. First they dismiss a cookie banner far away.
  s.wait(300 + r() * 300);
  const banner: [number, number, number, number] = [1180, 740, 160, 40];
  if (author === 'naive_linear') linearMove(s, 1260, 760);
  else { s.x = 1260; s.y = 760; s.push({ t: Math.round(s.t), k: 'move', x: s.x, y: s.y, c: 1 }); }
  click(s, banner, 'Accept cookies', 'button', true);
  s.wait(100 + r() * 200);
  for (const f of fields) {
    if (author === 'naive_linear') linearMove(s, f.box[0] + f.box[2] / 2, f.box[1] + f.box[3] / 2);
    else { s.x = f.box[0] + f.box[2] / 2; s.y = f.box[1] + f.box[3] / 2; s.push({ t: Math.round(s.t), k: 'move', x: s.x, y: s.y, c: 1 }); }
    click(s, f.box, undefined, undefined, true);
    s.push({ t: Math.round(s.t), k: 'focus', f: f.name });
    const n = chars(f);
    if (author === 'naive_fill' || author === 'naive_teleport') {
      s.wait(5); s.push({ t: Math.round(s.t), k: 'input', f: f.name, n, it: 'insertText', ...(f.password ? { pw: 1 as const } : {}) });
    } else if (author === 'naive_paste') {
      // Off to another tab for the details, back, paste.
      if (f === fields[0]) { s.push({ t: Math.round(s.t), k: 'hidden' }); s.wait(2500 + r() * 4000); s.push({ t: Math.round(s.t), k: 'visible' }); }
      s.wait(200); s.push({ t: Math.round(s.t), k: 'paste', f: f.name, n });
      s.push({ t: Math.round(s.t + 1), k: 'input', f: f.name, n, it: 'insertFromPaste', ...(f.password ? { pw: 1 as const } : {}) });
    } else {
      type(s, f, n, 'uniform');
    }
    s.wait(50 + r() * 100);
  }
  if (author === 'naive_paste') { s.wait(800); s.push({ t: Math.round(s.t), k: 'scroll', y: 2400, vh: 800 }); s.wait(100); }
  click(s, SUBMIT.box, SUBMIT.label, 'button', true);
  s.push({ t: Math.round(s.t + 2), k: 'submit', name: 'checkout' });
  return s.events;
}

/** page.mouse.move(x, y, {steps}): evenly spaced points on a straight line, a few ms apart. */
function linearMove(s: Session, tx: number, ty: number) {
  const steps = 10 + Math.floor(s.rand() * 20);
  const [x0, y0] = [s.x, s.y];
  for (let i = 1; i <= steps; i++) {
    s.wait(2 + s.rand() * 3);
    s.x = x0 + ((tx - x0) * i) / steps; s.y = y0 + ((ty - y0) * i) / steps;
    s.push({ t: Math.round(s.t), k: 'move', x: s.x, y: s.y, c: 1 });
  }
}

/** A "humanised" bot: a cubic Bézier with random control points, walked at uniform t every 16 ms, with small noise. */
function bezierMove(s: Session, tx: number, ty: number) {
  const [x0, y0] = [s.x, s.y];
  const d = Math.hypot(tx - x0, ty - y0);
  const c1 = [x0 + (tx - x0) * 0.3 + (s.rand() - 0.5) * d * 0.5, y0 + (ty - y0) * 0.3 + (s.rand() - 0.5) * d * 0.5];
  const c2 = [x0 + (tx - x0) * 0.7 + (s.rand() - 0.5) * d * 0.5, y0 + (ty - y0) * 0.7 + (s.rand() - 0.5) * d * 0.5];
  const steps = Math.max(8, Math.round(d / 25));
  for (let i = 1; i <= steps; i++) {
    const u = i / steps, v = 1 - u;
    s.wait(16);
    s.x = v * v * v * x0 + 3 * v * v * u * c1[0] + 3 * v * u * u * c2[0] + u * u * u * tx + s.gauss() * 0.7;
    s.y = v * v * v * y0 + 3 * v * v * u * c1[1] + 3 * v * u * u * c2[1] + u * u * u * ty + s.gauss() * 0.7;
    s.push({ t: Math.round(s.t), k: 'move', x: Math.round(s.x * 10) / 10, y: Math.round(s.y * 10) / 10, c: 1 });
  }
}

/** A long session for the benchmark: a person browsing for an hour (about 200,000 events). */
export function longSession(seed: number, targetEvents = 200_000): BehaviorEvent[] {
  const out: BehaviorEvent[] = [];
  let start = 1_743_055_845_000;
  for (let k = 0; out.length < targetEvents; k++) {
    const part = generateSession('person', seed + k);
    const shift = start - part[0].t;
    for (const e of part) out.push({ ...e, t: e.t + shift });
    start = out[out.length - 1].t + 2000;
  }
  return out.slice(0, targetEvents);
}
