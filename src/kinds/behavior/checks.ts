import type { BehaviorEvent } from './events.ts';
import { analysePointer, judgeable, pointerBotProbability, type PointerAnalysis, type PointerEvidence } from './pointer.ts';

/**
 * The catalogue of behaviour checks. Each has a stable id, the name reports show, and a weight in
 * the risk score (how strongly it alone points to automation or fraud, 0–100). A check that fires
 * gives the time of its first evidence and the evidence itself.
 */
export const CHECKS = [
  { id: 'unnatural_mouse_movement', name: 'Unnatural mouse movement', weight: 35, about: 'Pointer strokes arrive at full speed instead of slowing down onto their target, as hands do: over its last fifth the median stroke keeps 30 % or more of its peak speed (people 16–21 %, scripts 39–59 % on real traffic).' },
  { id: 'machine_timed_pointer', name: 'Machine-timed pointer', weight: 40, about: 'The time between pointer moves barely varies, as when a script injects them at its own pace: coefficient of variation under 0.45 over 200 or more moves (people 0.57–0.70, bots 0.09–0.40 on real traffic).' },
  { id: 'suspicious_copy_paste', name: 'Suspicious copy-paste activity', weight: 25, about: 'Pastes into two or more fields, or into a password field.' },
  { id: 'teleporting_pointer', name: 'Teleporting pointer', weight: 35, about: 'The pointer jumps more than 300 px between two events under 40 ms apart, twice or more and at least twice per thousand moves (a gap in the recording, the pointer leaving the window, is not a jump).' },
  { id: 'straight_line_paths', name: 'Straight-line constant-speed paths', weight: 40, about: 'Runs of five or more identical pointer steps along a ruler-straight line, at least two and at least 8 per thousand moves (people make 2–8 per thousand on real traffic, scripts 8–74).' },
  { id: 'centred_clicks', name: 'Perfectly centred clicks', weight: 35, about: 'Clicks landing within 1.5 px of the exact centre of their target, most of the time.' },
  { id: 'programmatic_typing', name: 'Programmatic typing', weight: 45, about: 'Keystrokes at near-uniform intervals, keys released the instant they are pressed (median hold under 20 ms), or each key pressed within 8 ms of the last one\'s release, as a script chaining presses does (70 % of keys or more).' },
  { id: 'no_corrections', name: 'Long text with no corrections', weight: 15, about: 'A hundred and twenty or more characters typed without a single backspace or delete.' },
  { id: 'text_without_keystrokes', name: 'Text appearing without keystrokes', weight: 40, about: 'Text inserted into fields with no key pressed and no paste.' },
  { id: 'jump_scrolling', name: 'Jump scrolling', weight: 15, about: 'The page jumps more than one and a half screens at once with no wheel, touch, key or click behind it.' },
  { id: 'automation_flags', name: 'Automation flags', weight: 70, about: 'The browser reports being driven by automation (navigator.webdriver, headless build).' },
  { id: 'paste_after_return', name: 'Paste right after returning to the tab', weight: 20, about: 'A paste within three seconds of coming back to the tab after leaving it.' },
  { id: 'superhuman_speed', name: 'Superhuman speed', weight: 40, about: 'Typing faster than 30 ms per key, a form sent within 1.5 s of the first input, or the pointer above 12,000 px/s.' },
] as const;

export type CheckId = typeof CHECKS[number]['id'];
export interface CheckHit { id: CheckId; at: number; evidence: Record<string, unknown> }

type Ev<K extends BehaviorEvent['k']> = BehaviorEvent & { k: K };

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / (xs.length || 1);
const cv = (xs: number[]) => { const m = mean(xs); return m === 0 ? 0 : Math.sqrt(mean(xs.map((x) => (x - m) ** 2))) / m; };
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

/** The largest value, by a loop: a hostile session can hold more than a spread allows. */
const largest = (xs: number[]) => xs.reduce((m, x) => Math.max(x, m), -Infinity);

function strokeShape(p: Ev<'move'>[]) {
  let length = 0;
  for (let i = 1; i < p.length; i++) length += Math.hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
  return { length, ms: p[p.length - 1].t - p[0].t };
}

/** Runs every check over a session's events (sorted by time). */
export function runChecks(events: BehaviorEvent[], pointer: PointerAnalysis = sessionPointer(events)): CheckHit[] {
  const hits: CheckHit[] = [];
  const by = <K extends BehaviorEvent['k']>(k: K) => events.filter((e): e is Ev<K> => e.k === k);
  const moves = by('move'), clicks = by('click'), keys = by('key'), inputs = by('input'), pastes = by('paste');

  // --- pointer: rates and strengths (pointer.ts), so a long visit is judged like a short one ---
  const { evidence, strokes: strokeList, runs: straight, endRatios } = pointer;
  const shaped = strokeList.map((s) => ({ s, ...strokeShape(s) })).filter((x) => x.length >= 60);
  if (straight.length >= 2 && evidence.straight_runs_per_1000 >= 8) {
    hits.push({ id: 'straight_line_paths', at: straight[0].at, evidence: { straight_runs: straight.length, per_1000_moves: evidence.straight_runs_per_1000, longest_px: Math.round(largest(straight.map((r) => r.px))), steps_in_longest: evidence.longest_straight_steps } });
  }
  if (endRatios.length >= 2 && evidence.end_speed_ratio >= 0.3) {
    hits.push({ id: 'unnatural_mouse_movement', at: (endRatios.find((x) => x.ratio >= 0.3) ?? endRatios[0]).stroke[0].t, evidence: { end_speed_ratio: evidence.end_speed_ratio, strokes: endRatios.length } });
  }
  if (moves.length > 200 && evidence.interval_cv < 0.45) {
    hits.push({ id: 'machine_timed_pointer', at: moves[200].t, evidence: { interval_cv: evidence.interval_cv, moves: moves.length } });
  }

  const jumps: { at: number; px: number }[] = [];
  let last: { x: number; y: number; t: number } | null = null;
  for (const e of events) {
    if (e.k !== 'move' && e.k !== 'click') continue;
    if (last && e.t - last.t < 40) {
      const px = Math.hypot(e.x - last.x, e.y - last.y);
      if (px > 300) jumps.push({ at: e.t, px: Math.round(px) });
    }
    last = { x: e.x, y: e.y, t: e.t };
  }
  // A rate too: a person's long visit has a few (the recorder missing a fast flick).
  if (jumps.length >= 2 && jumps.length * 1000 >= 2 * Math.max(1, moves.length)) hits.push({ id: 'teleporting_pointer', at: jumps[0].at, evidence: { jumps: jumps.length, largest_px: largest(jumps.map((j) => j.px)) } });

  const centred = clicks.filter((c) => c.box[2] > 4 && c.box[3] > 4 && Math.abs(c.x - (c.box[0] + c.box[2] / 2)) <= 1.5 && Math.abs(c.y - (c.box[1] + c.box[3] / 2)) <= 1.5);
  if (centred.length >= 2 && centred.length / clicks.length >= 0.6) {
    hits.push({ id: 'centred_clicks', at: centred[0].t, evidence: { centred_clicks: centred.length, clicks: clicks.length } });
  }

  const fastest = shaped.reduce((best, x) => Math.max(best, x.ms > 0 ? (x.length / x.ms) * 1000 : 0), 0);

  // --- keyboard ---
  const charDowns = keys.filter((k) => k.d === 'down' && k.cat === 'char');
  const intervals: number[] = [];
  for (let i = 1; i < charDowns.length; i++) {
    const gap = charDowns[i].t - charDowns[i - 1].t;
    if (gap < 2000) intervals.push(gap);
  }
  // Hold time: from a key's down to the next up of the same category.
  const holds: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (keys[i].d !== 'down' || keys[i].cat !== 'char') continue;
    const up = keys.slice(i + 1, i + 6).find((k) => k.d === 'up' && k.cat === 'char');
    if (up) holds.push(up.t - keys[i].t);
  }
  if (charDowns.length >= 8) {
    const uniform = intervals.length >= 7 && cv(intervals) < 0.12;
    // People hold a key 50–150 ms; a script releases it at once (a loaded machine may delay a few events, not the median).
    const medianHold = [...holds].sort((x, y) => x - y)[holds.length >> 1];
    const instant = holds.length >= 8 && medianHold < 20;
    // A script pressing keys one after another (Playwright's keyboard.type, with or without a
    // delay, which it spends holding the key) presses the next key the moment the last one is up.
    // People either roll over (the next key goes down before the last is up) or pause.
    const flights: number[] = [];
    let lastUp: number | null = null;
    for (const k of keys) {
      if (k.cat !== 'char') continue;
      if (k.d === 'up') lastUp = k.t;
      else if (lastUp !== null) { flights.push(k.t - lastUp); lastUp = null; }
    }
    const backToBack = flights.filter((f) => f >= 0 && f < 8).length;
    const chained = flights.length >= 8 && backToBack >= 0.7 * flights.length;
    if (uniform || instant || chained) {
      hits.push({ id: 'programmatic_typing', at: charDowns[7].t, evidence: { keys: charDowns.length, interval_cv: round(cv(intervals)), median_hold_ms: medianHold ?? null, next_key_within_8ms: flights.length ? round(backToBack / flights.length) : null } });
    }
  }
  const corrections = keys.filter((k) => k.d === 'down' && (k.cat === 'backspace' || k.cat === 'delete')).length;
  if (charDowns.length >= 120 && corrections === 0) hits.push({ id: 'no_corrections', at: charDowns[119].t, evidence: { characters_typed: charDowns.length, corrections } });

  // --- text that appears on its own ---
  const lengths = new Map<string, number>();
  let silent = 0, silentAt = 0;
  const silentFields = new Set<string>();
  let k = 0;
  for (const e of inputs) {
    const before = lengths.get(e.f) ?? 0;
    lengths.set(e.f, e.n);
    while (k < keys.length && keys[k].t <= e.t) k++;
    let keyed = false;
    for (let j = k - 1; j >= 0 && e.t - keys[j].t < 150 && !keyed; j--) keyed = keys[j].d === 'down';
    // Only a paste into this field explains its text.
    const pasted = e.it === 'insertFromPaste' || e.it === 'insertFromDrop' || pastes.some((p) => Math.abs(p.t - e.t) < 150 && (p.f === undefined || p.f === e.f));
    if (e.n - before >= 1 && e.it === 'insertText' && !keyed && !pasted) {
      if (!silent) silentAt = e.t;
      silent += e.n - before;
      silentFields.add(e.f);
    }
  }
  if (silent >= 5) hits.push({ id: 'text_without_keystrokes', at: silentAt, evidence: { characters: silent, fields: [...silentFields].slice(0, 10) } });

  // --- clipboard ---
  const pasteFields = new Set(pastes.map((p) => p.f ?? '?'));
  const passwordPaste = pastes.find((p) => inputs.some((i) => i.pw && i.f === p.f && Math.abs(i.t - p.t) < 500));
  if (pasteFields.size >= 2 || passwordPaste) {
    hits.push({ id: 'suspicious_copy_paste', at: (passwordPaste ?? pastes[1] ?? pastes[0]).t, evidence: { pastes: pastes.length, fields: pasteFields.size, into_password: Boolean(passwordPaste), lengths: pastes.slice(0, 10).map((p) => p.n) } });
  }
  let hiddenAt: number | null = null, returnedAt: number | null = null;
  for (const e of events) {
    if (e.k === 'hidden') hiddenAt = e.t;
    else if (e.k === 'visible' && hiddenAt !== null && e.t - hiddenAt >= 2000) returnedAt = e.t;
    else if (e.k === 'paste' && returnedAt !== null && e.t - returnedAt <= 3000) {
      hits.push({ id: 'paste_after_return', at: e.t, evidence: { seconds_after_return: round((e.t - returnedAt) / 1000, 1), seconds_away: round((returnedAt - hiddenAt!) / 1000, 1), length: e.n } });
      break;
    }
  }

  // --- scrolling ---
  const scrolls = by('scroll');
  const drivers = events.filter((e) => e.k === 'wheel' || e.k === 'touch' || e.k === 'click' || (e.k === 'key' && e.d === 'down')).map((e) => e.t);
  let d = 0;
  const jumpScrolls: { at: number; screens: number }[] = [];
  // The page starts at the top unless the script reported where it loaded.
  for (let i = 0; i < scrolls.length; i++) {
    const dy = Math.abs(scrolls[i].y - (i ? scrolls[i - 1].y : 0)), vh = scrolls[i].vh || 800;
    while (d < drivers.length && drivers[d] <= scrolls[i].t) d++;
    const driven = d > 0 && scrolls[i].t - drivers[d - 1] < 500;
    if (dy > 1.5 * vh && !driven) jumpScrolls.push({ at: scrolls[i].t, screens: round(dy / vh, 1) });
  }
  if (jumpScrolls.length) hits.push({ id: 'jump_scrolling', at: jumpScrolls[0].at, evidence: { jumps: jumpScrolls.length, largest_screens: largest(jumpScrolls.map((j) => j.screens)) } });

  // --- environment ---
  const env = by('env').find((e) => e.webdriver || e.hints.length);
  if (env) hits.push({ id: 'automation_flags', at: env.t, evidence: { webdriver: env.webdriver, hints: env.hints } });

  // --- speed ---
  const firstInput = events.find((e) => e.k === 'key' || e.k === 'input' || e.k === 'click' || e.k === 'paste');
  const submit = by('submit')[0];
  const changedFields = new Set(inputs.map((i) => i.f));
  const fastForm = submit && firstInput && submit.t - firstInput.t < 1500 && changedFields.size >= 2;
  const fastTyping = intervals.length >= 10 && mean(intervals) < 30;
  if (fastForm || fastTyping || fastest > 12_000) {
    hits.push({
      id: 'superhuman_speed', at: fastTyping ? charDowns[10].t : fastForm ? submit.t : shaped[0].s[0].t,
      evidence: { ms_per_key: intervals.length ? round(mean(intervals), 1) : null, form_seconds: submit && firstInput ? round((submit.t - firstInput.t) / 1000, 2) : null, fastest_pointer_px_per_s: Math.round(fastest) },
    });
  }
  return hits.sort((a, b) => a.at - b.at);
}

/** The checks whose evidence the pointer model already weighs: when it is applied, they explain the score but do not add to it. */
const MODELLED: ReadonlySet<CheckId> = new Set(['straight_line_paths', 'unnatural_mouse_movement', 'machine_timed_pointer']);

/**
 * 0–100: how likely the evidence together makes automation or fraud. With enough pointer movement
 * the pointer's rates go through the logistic model fitted on real traffic (pointer-model.ts), a
 * probability by itself; other checks that fired add as independent evidence, each by its weight:
 * 1 − (1 − p) · Π(1 − weight). With little movement, every check that fired counts by its weight.
 */
export function riskScore(hits: CheckHit[], pointer: PointerEvidence | null = null): number {
  const modelled = pointer !== null && judgeable(pointer);
  let clean = modelled ? 1 - pointerBotProbability(pointer) : 1;
  for (const h of hits) if (!(modelled && MODELLED.has(h.id))) clean *= 1 - CHECKS.find((c) => c.id === h.id)!.weight / 100;
  return Math.round((1 - clean) * 100);
}

/** The pointer analysis of a session's events, for the checks and the score. */
export function sessionPointer(events: BehaviorEvent[]): PointerAnalysis {
  return analysePointer(events.filter((e): e is Ev<'move'> => e.k === 'move'), events.filter((e) => e.k === 'down').map((e) => e.t));
}

export const recommendedAction = (score: number) => (score >= 70 ? 'block' : score >= 30 ? 'review' : 'allow');
