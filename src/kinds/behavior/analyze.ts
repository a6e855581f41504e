import { eventProblem, type Batch, type BehaviorEvent } from './events.ts';
import { CHECKS, recommendedAction, riskScore, runChecks, sessionPointer } from './checks.ts';

export interface UserLog { action: string; user_time: string; timestamp: number }
export interface FailedCheck { check: string; id: string; user_time: string; timestamp: number; evidence: Record<string, unknown> }

export interface BehaviorReport {
  user_id: string | null;
  user_logs: UserLog[];
  failed_checks: FailedCheck[];
  duration_seconds: number;
  risk_score: number;
  recommended_action: 'allow' | 'review' | 'block';
  started_at: number | null;
  last_event_at: number | null;
  event_count: number;
}

/** `Mar 25, 2025 14:30:45` in a time zone (an IANA name; UTC when unknown). */
export function userTime(ms: number, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone).formatToParts(ms);
  } catch {
    parts = formatter('UTC').formatToParts(ms);
  }
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.month} ${p.day}, ${p.year} ${p.hour}:${p.minute}:${p.second}`;
}
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 57)}…` : s}"`;

/** What the person did, in order: sign-in, navigations, named buttons and links, form submissions, custom actions. */
export function userLogs(events: BehaviorEvent[]): { action: string; t: number }[] {
  const logs: { action: string; t: number }[] = [];
  let lastPath: string | null = null;
  for (const e of events) {
    if (e.k === 'identify') logs.push({ action: 'Signed in', t: e.t });
    else if (e.k === 'track') logs.push({ action: e.a, t: e.t });
    else if (e.k === 'nav' && e.p !== lastPath) { logs.push({ action: `Navigated to ${e.p}`, t: e.t }); lastPath = e.p; }
    else if (e.k === 'submit') logs.push({ action: e.name ? `Submitted form ${quote(e.name)}` : 'Submitted a form', t: e.t });
    else if (e.k === 'click' && e.el.label && (e.el.role === 'button' || e.el.role === 'link')) {
      logs.push({ action: `Clicked ${e.el.role === 'link' ? 'link ' : ''}${quote(e.el.label)}`, t: e.t });
    }
  }
  return logs;
}

/**
 * All well-formed events of a session's batches, in time order (batches in sequence, then a
 * stable sort). A stored event that fails the schema (stored before it was checked) is skipped.
 */
export function mergeEvents(batches: Batch[]): BehaviorEvent[] {
  const all: BehaviorEvent[] = [];
  for (const b of [...batches].sort((a, c) => a.seq - c.seq)) for (const e of Array.isArray(b.events) ? b.events : []) if (!eventProblem(e)) all.push(e);
  return all.sort((a, b) => a.t - b.t);
}

/** The behaviour report of a session: pure, from its batches. */
export function analyzeBehavior(batches: Batch[], opts: { timeZone: string }): BehaviorReport {
  const events = mergeEvents(batches);
  const pointer = sessionPointer(events);
  const hits = runChecks(events, pointer);
  const score = riskScore(hits, pointer.evidence);
  // A loop, not Math.min(...): a long session has hundreds of thousands of replay events.
  let first: number | null = events.length ? events[0].t : null, last: number | null = events.length ? events[events.length - 1].t : null;
  for (const b of batches) {
    for (const r of Array.isArray(b.replay) ? b.replay : []) {
      const t = (r as { timestamp?: unknown } | null)?.timestamp;
      if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 1e13) continue;
      if (first === null || t < first) first = t;
      if (last === null || t > last) last = t;
    }
  }
  let userId: string | null = null;
  for (const b of batches) if (b.user_id) userId = b.user_id;
  for (const e of events) if (e.k === 'identify') userId = e.u;
  return {
    user_id: userId,
    user_logs: userLogs(events).map((l) => ({ action: l.action, user_time: userTime(l.t, opts.timeZone), timestamp: l.t })),
    failed_checks: hits.map((h) => ({ check: CHECKS.find((c) => c.id === h.id)!.name, id: h.id, user_time: userTime(h.at, opts.timeZone), timestamp: h.at, evidence: h.evidence })),
    duration_seconds: first === null ? 0 : Math.round((last! - first) / 1000),
    risk_score: score,
    recommended_action: recommendedAction(score),
    started_at: first,
    last_event_at: last,
    event_count: events.length,
  };
}
