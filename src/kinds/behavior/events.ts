/**
 * What the capture script sends: batches of behaviour events (full resolution) and rrweb events
 * (for replay). Shared by the script (capture/capture.ts), the collect endpoint and the analysis.
 * Times are client milliseconds since the epoch. No typed text, key or clipboard content is ever
 * sent: keys only as a category, inputs and clipboards only as lengths.
 */

export type KeyCategory = 'char' | 'backspace' | 'delete' | 'enter' | 'tab' | 'nav' | 'mod' | 'other';

/** The element an event happened on: a label a person would recognise, never its value. */
export interface Target { tag: string; label?: string; role?: string; field?: string }

export type BehaviorEvent =
  | { t: number; k: 'move'; x: number; y: number; c: number }
  | { t: number; k: 'down' | 'up'; x: number; y: number }
  | { t: number; k: 'click'; x: number; y: number; box: [number, number, number, number]; el: Target }
  | { t: number; k: 'key'; d: 'down' | 'up'; cat: KeyCategory; f?: string }
  | { t: number; k: 'input'; f: string; n: number; it: string; pw?: 1 }
  | { t: number; k: 'paste' | 'copy' | 'cut'; f?: string; n: number }
  | { t: number; k: 'scroll'; y: number; vh: number }
  | { t: number; k: 'wheel' | 'touch' }
  | { t: number; k: 'focus' | 'blur'; f: string }
  | { t: number; k: 'visible' | 'hidden' }
  | { t: number; k: 'nav'; p: string }
  | { t: number; k: 'submit'; name: string }
  | { t: number; k: 'env'; webdriver: boolean; hints: string[] }
  | { t: number; k: 'identify'; u: string }
  | { t: number; k: 'track'; a: string; props?: Record<string, unknown> };

export interface Batch {
  /** The capture script's session id (sessionStorage rtSessionId). */
  session_id: string;
  /** 0, 1, 2… per session: a retried batch carries the same number and is stored once. */
  seq: number;
  user_id?: string;
  events: BehaviorEvent[];
  /** rrweb events for the replay, passed through as recorded. */
  replay?: unknown[];
}

export const EVENT_KINDS = new Set(['move', 'down', 'up', 'click', 'key', 'input', 'paste', 'copy', 'cut', 'scroll', 'wheel', 'touch',
  'focus', 'blur', 'visible', 'hidden', 'nav', 'submit', 'env', 'identify', 'track']);

/** Latest event time accepted: the year 2286 in ms since the epoch (a client clock is not trusted further). */
const MAX_TIME = 1e13;
const KEY_CATEGORIES = new Set<KeyCategory>(['char', 'backspace', 'delete', 'enter', 'tab', 'nav', 'mod', 'other']);

const num = (v: unknown, lo = -1e7, hi = 1e7) => typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;
const str = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
const opt = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v);
const count = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1e7;

/**
 * What is wrong with one event, naming the field (`'el.tag'`), or null when it is well formed.
 * One schema for the collect endpoint (which refuses a batch with a bad event) and the analysis
 * (which skips a stored event that fails it), so no event can make a report fail.
 */
export function eventProblem(e: unknown): string | null {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'must be an object';
  const v = e as Record<string, unknown>;
  if (!num(v.t, 0, MAX_TIME)) return 't must be a time in ms since the epoch (0 to 1e13)';
  if (typeof v.k !== 'string' || !EVENT_KINDS.has(v.k)) return `k must be one of ${[...EVENT_KINDS].join(', ')}`;
  const point = () => (!num(v.x) ? 'x must be a finite number of pixels' : !num(v.y) ? 'y must be a finite number of pixels' : null);
  switch (v.k) {
    case 'move': return point() ?? (opt(v.c, count) ? null : 'c must be a whole number of merged moves');
    case 'down': case 'up': return point();
    case 'click': {
      const p = point();
      if (p) return p;
      if (!Array.isArray(v.box) || v.box.length !== 4 || !v.box.every((n) => num(n))) return 'box must be [x, y, width, height] in pixels';
      const el = v.el as Record<string, unknown> | undefined;
      if (!el || typeof el !== 'object' || Array.isArray(el)) return 'el must be the clicked element {tag, label?, role?, field?}';
      if (!str(el.tag, 64)) return 'el.tag must be a string of at most 64 characters';
      for (const f of ['label', 'role', 'field'] as const) if (!opt(el[f], (x) => str(x, 500))) return `el.${f} must be a string of at most 500 characters`;
      return null;
    }
    case 'key':
      if (v.d !== 'down' && v.d !== 'up') return "d must be 'down' or 'up'";
      if (!KEY_CATEGORIES.has(v.cat as KeyCategory)) return `cat must be one of ${[...KEY_CATEGORIES].join(', ')}`;
      return opt(v.f, (x) => str(x, 500)) ? null : 'f must be a field name of at most 500 characters';
    case 'input':
      if (!str(v.f, 500)) return 'f must be a field name of at most 500 characters';
      if (!count(v.n)) return 'n must be the field\'s length, a whole number';
      if (!str(v.it, 64)) return 'it must be the input type, a string';
      return opt(v.pw, (x) => x === 1) ? null : 'pw must be 1 when present';
    case 'paste': case 'copy': case 'cut':
      if (!count(v.n)) return 'n must be a length, a whole number';
      return opt(v.f, (x) => str(x, 500)) ? null : 'f must be a field name of at most 500 characters';
    case 'scroll': return !num(v.y, -1e9, 1e9) ? 'y must be the scroll position in pixels' : !num(v.vh, 0, 1e6) ? 'vh must be the viewport height in pixels' : null;
    case 'focus': case 'blur': return str(v.f, 500) ? null : 'f must be a field name of at most 500 characters';
    case 'nav': return str(v.p, 2000) ? null : 'p must be a path of at most 2000 characters';
    case 'submit': return str(v.name, 500) ? null : 'name must be a string of at most 500 characters';
    case 'env':
      if (typeof v.webdriver !== 'boolean') return 'webdriver must be true or false';
      return Array.isArray(v.hints) && v.hints.length <= 50 && v.hints.every((h) => str(h, 100)) ? null : 'hints must be a list of at most 50 short strings';
    case 'identify': return str(v.u, 200) && (v.u as string).length > 0 ? null : 'u must be a user id of 1 to 200 characters';
    case 'track':
      if (!str(v.a, 200) || !(v.a as string).length) return 'a must be an action name of 1 to 200 characters';
      return v.props === undefined || (v.props !== null && typeof v.props === 'object' && !Array.isArray(v.props) && JSON.stringify(v.props).length <= 4096) ? null : 'props must be an object of at most 4 KiB';
    default: return null;
  }
}
