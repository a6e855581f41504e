// The capture script's core, run in the visitor's browser: records rrweb events for replay and a
// full-resolution behaviour stream, and sends both in numbered, gzipped batches. Bundled by
// esbuild into /capture.js (a script tag) and /capture.mjs (an ES module for bundlers).
import { gzipSync, strToU8 } from 'fflate';
import { record } from '@rrweb/record';
import type { BehaviorEvent, KeyCategory, Target } from '../events.ts';

export interface CaptureOptions {
  /** A publishable key (pub_test_… or pub_live_…). */
  key: string;
  /** Where Debrief runs, e.g. https://debrief.example.com (defaults to where the script came from). */
  endpoint: string;
  userId?: string;
  /** How often queued events are sent (ms). */
  flushMs?: number;
}

export interface DebriefCapture {
  getSessionId(): string;
  identify(userId: string): void;
  track(action: string, properties?: Record<string, unknown>): void;
  /** Resolves once everything queued so far has been acknowledged by Debrief. */
  flush(): Promise<void>;
}

const IDLE_MS = 30 * 60 * 1000;
const MAX_QUEUED = 20_000;
const MAX_PENDING = 40;
/** Under the 64 KiB browsers allow a beacon, with room for the URL and headers. */
const BEACON_BYTES = 60_000;

interface Pending { seq: number; json: string; tries: number }

function newSessionId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** sessionStorage, or this page's memory where it throws (privacy modes, sandboxed frames): the id must stay one per tab. */
const memory = new Map<string, string>();
function store(name: string, value?: string): string | null {
  if (value !== undefined) memory.set(name, value);
  try {
    if (value !== undefined) sessionStorage.setItem(name, value);
    return sessionStorage.getItem(name) ?? memory.get(name) ?? null;
  } catch {
    return memory.get(name) ?? null;
  }
}

/** A fresh session for this tab (a new id and batch numbers from 0). */
function newSession(): string {
  const id = newSessionId();
  store('rtSessionId', id);
  store('rtSeq', '0');
  return id;
}

/** The session id of this tab: kept in sessionStorage (rtSessionId) across reloads; a new one when the tab was idle 30 minutes. */
function sessionId(at = Date.now()): string {
  const last = Number(store('rtLastSeen') ?? 0);
  const id = store('rtSessionId');
  return id && !(last && at - last > IDLE_MS) ? id : newSession();
}

const field = (el: Element | null): string | undefined => {
  if (!el || !(el instanceof HTMLElement)) return undefined;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || el.isContentEditable)) return undefined;
  return (el.getAttribute('name') || el.id || el.getAttribute('aria-label') || el.tagName.toLowerCase()).slice(0, 80);
};

const isPassword = (el: EventTarget | null) => el instanceof HTMLInputElement && el.type === 'password';

/** A click target as a person would name it; never the value of a text field. */
function describe(el: Element): Target {
  const tag = el.tagName.toLowerCase();
  const type = el instanceof HTMLInputElement ? el.type : '';
  const role = el.getAttribute('role') === 'button' || tag === 'button' || ['submit', 'button', 'reset'].includes(type) ? 'button'
    : (tag === 'a' && el.hasAttribute('href')) || el.getAttribute('role') === 'link' ? 'link' : undefined;
  // innerText, not textContent: the words the person sees on the button (no hidden or script text).
  // biome-ignore lint/performance/useDomNodeTextContent: see above.
  const text = role ? (el.getAttribute('aria-label') || (el as HTMLElement).innerText || (type ? (el as HTMLInputElement).value : '') || el.getAttribute('title') || '') : '';
  return { tag, role, label: text.replace(/\s+/g, ' ').trim().slice(0, 80) || undefined, field: field(el) };
}

function keyCategory(key: string): KeyCategory {
  if (key.length === 1) return 'char';
  switch (key) {
    case 'Backspace': return 'backspace';
    case 'Delete': return 'delete';
    case 'Enter': return 'enter';
    case 'Tab': return 'tab';
    case 'Shift': case 'Control': case 'Alt': case 'Meta': case 'CapsLock': return 'mod';
    default: return key.startsWith('Arrow') || key.startsWith('Page') || key === 'Home' || key === 'End' ? 'nav' : 'other';
  }
}

/** Signs that a script, not a person, drives the browser. */
function automationHints(): string[] {
  const hints: string[] = [];
  if (/HeadlessChrome|PhantomJS|Electron/i.test(navigator.userAgent)) hints.push('headless_user_agent');
  if (window.outerWidth === 0 && window.outerHeight === 0) hints.push('zero_window_size');
  if (Object.keys(document).some((k) => k.startsWith('$cdc_') || k.startsWith('__webdriver'))) hints.push('webdriver_document_marker');
  // Globals that automation tools leave behind, absent from the DOM's types.
  const w: Partial<Record<string, unknown>> = Object.fromEntries(['_phantom', 'callPhantom', '__nightmare', 'domAutomation'].map((k) => [k, Reflect.get(window, k)]));
  if (w._phantom || w.callPhantom || w.__nightmare || w.domAutomation) hints.push('automation_global');
  return hints;
}

async function gzip(text: string): Promise<Blob | null> {
  if (typeof CompressionStream === 'undefined') return null;
  try {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return await new Response(stream).blob();
  } catch {
    return null;
  }
}

export function startCapture(opts: CaptureOptions): DebriefCapture {
  const url = (enc: string) => `${opts.endpoint.replace(/\/$/, '')}/v1/collect?key=${encodeURIComponent(opts.key)}${enc ? `&enc=${enc}` : ''}`;
  let id = sessionId();
  let userId = opts.userId ?? store('rtUserId') ?? undefined;
  if (opts.userId) store('rtUserId', opts.userId);
  let events: BehaviorEvent[] = [];
  let replay: unknown[] = [];
  const pending: Pending[] = [];
  const waiters: (() => void)[] = [];
  let sending = false;
  let backoff = 1000;
  let localSeq = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const now = () => Date.now();
  // Input events carry the time the browser received them: the page being busy does not stretch key holds or gaps.
  const at = (e: Event) => Math.round(performance.timeOrigin + e.timeStamp);
  const push = (e: BehaviorEvent) => {
    // Back after 30 idle minutes in an open tab: what came before is one session, this a new one.
    // (Checked before this event refreshes the last-seen time.)
    const last = Number(store('rtLastSeen') ?? 0);
    if (last && e.t - last > IDLE_MS) {
      cut();
      id = newSession();
      localSeq = 0;
    }
    events.push(e);
    if (events.length + replay.length > MAX_QUEUED) events.splice(0, events.length - MAX_QUEUED / 2);
    store('rtLastSeen', String(Math.max(last, e.t)));
    if (events.length >= 1000) cut();
  };

  /** Turns the queue into a numbered batch. */
  function cut() {
    if (!events.length && !replay.length) return;
    const seq = nextSeq();
    pending.push({ seq, json: JSON.stringify({ session_id: id, seq, user_id: userId, events, replay }), tries: 0 });
    events = [];
    replay = [];
    // Bounded memory while offline: the oldest batches go first.
    if (pending.length > MAX_PENDING) pending.splice(0, pending.length - MAX_PENDING);
    void send();
  }

  async function send() {
    if (sending || retryTimer) return;
    sending = true;
    try {
      while (pending.length) {
        const batch = pending[0];
        const zipped = await gzip(batch.json);
        let ok = false;
        try {
          const body = zipped ?? batch.json;
          // Small enough to survive the page going away while it is in flight.
          const keepalive = (zipped ? zipped.size : batch.json.length) < BEACON_BYTES / 2;
          const res = await fetch(url(zipped ? 'gzip' : ''), { method: 'POST', body, keepalive, headers: { 'content-type': 'text/plain' }, credentials: 'omit' });
          // 4xx other than 429 will not get better by retrying: drop the batch.
          ok = res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429);
        } catch {
          ok = false;
        }
        if (!ok) {
          batch.tries++;
          retryTimer = setTimeout(() => { retryTimer = null; void send(); }, Math.min(60_000, backoff));
          backoff *= 2;
          return;
        }
        backoff = 1000;
        pending.shift();
      }
      while (waiters.length) waiters.shift()!();
    } finally {
      sending = false;
    }
  }

  /** Numbered across reloads of the tab (sessionStorage), so a reloaded page never reuses a number. */
  function nextSeq() {
    const seq = Number(store('rtSeq') ?? localSeq);
    localSeq = seq + 1;
    store('rtSeq', String(localSeq));
    return seq;
  }

  /**
   * Leaving the page: whatever is left goes by beacon. Browsers allow beacons and keepalive
   * fetches 64 KiB in flight altogether, so the batches are gzipped on the spot (fflate, as the
   * page is going there is no time for CompressionStream), and a batch still too large goes as
   * several, each with its own number.
   */
  function leave() {
    cut();
    for (const batch of pending.splice(0)) {
      const zipped = gzipSync(strToU8(batch.json), { level: 6 });
      const bodies = zipped.length <= BEACON_BYTES ? [{ body: zipped, enc: 'gzip' }]
        : split(batch.json).map((json) => ({ body: gzipSync(strToU8(json), { level: 6 }), enc: 'gzip' }));
      for (const { body, enc } of bodies) {
        const blob = new Blob([body], { type: 'text/plain' });
        const sent = navigator.sendBeacon?.(url(enc), blob);
        if (!sent) void fetch(url(enc), { method: 'POST', body: blob, keepalive: true, headers: { 'content-type': 'text/plain' } }).catch(() => {});
      }
    }
  }

  /** A batch as pieces of at most BEACON_BYTES of JSON each (a single event larger than that is left out). */
  function split(json: string): string[] {
    const b = JSON.parse(json) as { session_id: string; user_id?: string; events: unknown[]; replay: unknown[] };
    const pieces: string[] = [];
    let part: { events: unknown[]; replay: unknown[] } = { events: [], replay: [] }, size = 200;
    const close = () => {
      if (!part.events.length && !part.replay.length) return;
      pieces.push(JSON.stringify({ session_id: b.session_id, seq: nextSeq(), user_id: b.user_id, ...part }));
      part = { events: [], replay: [] };
      size = 200;
    };
    for (const [list, items] of [['events', b.events], ['replay', b.replay]] as const) {
      for (const item of items) {
        const n = JSON.stringify(item).length + 1;
        if (n + 200 > BEACON_BYTES) continue;
        if (size + n > BEACON_BYTES) close();
        part[list].push(item);
        size += n;
      }
    }
    close();
    return pieces;
  }

  // ---- the behaviour stream ----
  const opt = { capture: true, passive: true } as const;
  push({ t: now(), k: 'env', webdriver: navigator.webdriver === true, hints: automationHints() });
  push({ t: now(), k: 'nav', p: location.pathname });
  push({ t: now(), k: 'scroll', y: Math.round(window.scrollY), vh: window.innerHeight });
  // Browsers merge pointer moves into one event per frame; the merged ones are kept, each with its own time.
  addEventListener('pointermove', (e) => {
    if (e.pointerType !== 'mouse') return;
    const merged = e.getCoalescedEvents?.() ?? [];
    const all = merged.length ? merged : [e];
    all.forEach((p, i) => { push({ t: at(p), k: 'move', x: p.clientX, y: p.clientY, c: i === all.length - 1 ? all.length : 1 }); });
  }, opt);
  addEventListener('pointerdown', (e) => push({ t: at(e), k: 'down', x: e.clientX, y: e.clientY }), opt);
  addEventListener('pointerup', (e) => push({ t: at(e), k: 'up', x: e.clientX, y: e.clientY }), opt);
  addEventListener('click', (e) => {
    const raw = e.target instanceof Element ? e.target : null;
    if (!raw) return;
    const el = raw.closest('button,a,input,select,textarea,label,summary,[role=button],[role=link]') ?? raw;
    const r = el.getBoundingClientRect();
    push({ t: at(e), k: 'click', x: e.clientX, y: e.clientY, box: [r.left, r.top, r.width, r.height], el: describe(el) });
  }, opt);
  for (const type of ['keydown', 'keyup'] as const) {
    addEventListener(type, (e) => push({ t: at(e), k: 'key', d: type === 'keydown' ? 'down' : 'up', cat: keyCategory(e.key ?? ''), f: field(document.activeElement) }), opt);
  }
  addEventListener('input', (e) => {
    const el = e.target as HTMLInputElement;
    const f = field(el);
    if (!f) return;
    const pw = isPassword(el);
    // Password fields: not even the length.
    push({ t: at(e), k: 'input', f, n: pw ? 0 : (el.value ?? el.textContent ?? '').length, it: (e as InputEvent).inputType ?? '', ...(pw ? { pw: 1 as const } : {}) });
  }, opt);
  addEventListener('paste', (e) => push({ t: at(e), k: 'paste', f: field(e.target as Element), n: isPassword(e.target) ? 0 : e.clipboardData?.getData('text').length ?? 0 }), opt);
  for (const type of ['copy', 'cut'] as const) addEventListener(type, () => push({ t: now(), k: type, f: field(document.activeElement), n: String(getSelection() ?? '').length }), opt);
  addEventListener('scroll', () => push({ t: now(), k: 'scroll', y: Math.round(window.scrollY), vh: window.innerHeight }), opt);
  let lastWheel = 0;
  addEventListener('wheel', () => { if (now() - lastWheel > 50) { lastWheel = now(); push({ t: lastWheel, k: 'wheel' }); } }, opt);
  addEventListener('touchstart', (e) => push({ t: at(e), k: 'touch' }), opt);
  addEventListener('focusin', (e) => { const f = field(e.target as Element); if (f) push({ t: now(), k: 'focus', f }); }, opt);
  addEventListener('focusout', (e) => { const f = field(e.target as Element); if (f) push({ t: now(), k: 'blur', f }); }, opt);
  document.addEventListener('visibilitychange', () => push({ t: now(), k: document.visibilityState === 'hidden' ? 'hidden' : 'visible' }));
  addEventListener('submit', (e) => {
    const form = e.target as HTMLFormElement;
    let action = '';
    try { action = new URL(form.action, location.href).pathname; } catch { /* no action */ }
    push({ t: now(), k: 'submit', name: (form.getAttribute('name') || form.id || form.getAttribute('aria-label') || action).slice(0, 80) });
  }, opt);
  // Single-page apps navigate without loading: follow pushState, replaceState and back/forward.
  const navigated = () => push({ t: now(), k: 'nav', p: location.pathname });
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const out = original.apply(this, args);
      navigated();
      return out;
    };
  }
  addEventListener('popstate', navigated);
  addEventListener('pagehide', leave);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') leave(); });

  // ---- the replay ----
  record({
    emit: (e) => { replay.push(e); if (replay.length >= 500) cut(); },
    maskAllInputs: true,
    // Typed text is never recorded; password fields not even as a masked length.
    maskInputFn: (text, el) => (isPassword(el) ? '' : '*'.repeat(text.length)),
    sampling: { mousemove: 50, scroll: 150, input: 'last' },
    slimDOMOptions: 'all',
  });

  // The first batch goes out within a second (the page's snapshot is the largest part of a
  // visit, and a quick visit should not leave it to the exit beacon), then every few seconds.
  setTimeout(cut, Math.min(1000, opts.flushMs ?? 5000));
  setInterval(cut, opts.flushMs ?? 5000);

  return {
    getSessionId: () => id,
    identify(user) {
      userId = String(user).slice(0, 200);
      store('rtUserId', userId);
      push({ t: now(), k: 'identify', u: userId });
    },
    track(action, properties) {
      push({ t: now(), k: 'track', a: String(action).slice(0, 200), ...(properties ? { props: properties } : {}) });
    },
    flush() {
      cut();
      if (!pending.length) return Promise.resolve();
      return new Promise<void>((resolve) => { waiters.push(resolve); void send(); });
    },
  };
}
