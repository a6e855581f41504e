import { gunzipSync } from 'node:zlib';
import { storable } from '../../store/storable.ts';
import { analyzeBehavior, type BehaviorReport } from './analyze.ts';
import type { Batch } from './events.ts';

/**
 * The behaviour kind's compute tasks, on a session's stored batches (gzipped JSON, in order):
 * unpacked and analysed in a compute thread, so a one-hour session never holds the event loop.
 */

const unpack = (payloads: Uint8Array[]) => payloads.map((p) => JSON.parse(gunzipSync(p).toString('utf8')) as Batch);
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

export const behaviorTasks = {
  /** The session's report, made storable. */
  report(a: { payloads: Uint8Array[]; timeZone: string }): BehaviorReport {
    return storable(analyzeBehavior(unpack(a.payloads), { timeZone: a.timeZone }));
  },

  /** The replay's events in time order with the report: the JSON the replay page loads. */
  replay(a: { payloads: Uint8Array[]; report: BehaviorReport }): Uint8Array {
    const events: { timestamp?: number }[] = [];
    for (const b of unpack(a.payloads)) for (const e of b.replay ?? []) events.push(e as { timestamp?: number });
    events.sort((x, y) => (x.timestamp ?? 0) - (y.timestamp ?? 0));
    return utf8(JSON.stringify({ events, report: a.report }));
  },

  /** The raw events as captured, batch after batch, for an export. */
  events(a: { payloads: Uint8Array[]; sessionId: string; userId: string | null }): Uint8Array {
    const batches = unpack(a.payloads);
    const events = batches.flatMap((b) => b.events);
    return utf8(JSON.stringify({ session_id: a.sessionId, user_id: a.userId, batches: batches.length, event_count: events.length, events }));
  },
};
