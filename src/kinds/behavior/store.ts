import { asc, count, eq, max } from 'drizzle-orm';
import type { Scope } from '../../scope.ts';
import type { KindContext, KindSession } from '../context.ts';
import { behaviorBatches } from './tables.ts';
import type { Batch } from './events.ts';
import type { BehaviorReport } from './analyze.ts';
import type { behaviorTasks } from './tasks.ts';

/** What a behaviour session keeps as its result: the last report, with the batches it was made from. */
export interface StoredReport { stamp: string; report: BehaviorReport }

export type BehaviorContext = KindContext<Record<string, never>, StoredReport, typeof behaviorTasks>;

const ANALYZER = 'behavior-1';

/** Behaviour sessions: created by their first batch, fed by later ones, analysed on read. */
export function createBehaviorStore(ctx: BehaviorContext) {
  const { db } = ctx;

  /**
   * Stores one batch (durably, before the caller answers). A batch with a sequence number already
   * stored is a retry: it is acknowledged and not stored again.
   */
  async function ingest(scope: Scope, batch: Batch, gzipped: Buffer) {
    const identified = [...batch.events].reverse().find((e) => e.k === 'identify') as { u: string } | undefined;
    const userId = identified?.u ?? batch.user_id;
    const session = await ctx.sessionByExternalId(scope, batch.session_id, userId ?? null);
    // Whole milliseconds (browsers give fractions), by a loop: a batch may hold 50,000 events.
    let firstAt = Infinity, lastAt = -Infinity;
    for (const e of batch.events) { if (e.t < firstAt) firstAt = e.t; if (e.t > lastAt) lastAt = e.t; }
    if (!batch.events.length) firstAt = lastAt = Date.now();
    const [stored] = await db.insert(behaviorBatches).values({
      sessionId: session.id, seq: batch.seq, eventCount: batch.events.length + (batch.replay?.length ?? 0),
      firstAt: Math.floor(firstAt), lastAt: Math.ceil(lastAt), payload: gzipped,
    }).onConflictDoNothing().returning({ seq: behaviorBatches.seq });
    if (stored) await ctx.touch(session, userId && userId !== session.userId ? { userId } : {});
    return { sessionId: session.id, duplicate: !stored };
  }

  /** A behaviour session by the capture script's id (or Debrief's own ses_ id), in this workspace and mode. */
  const find = (scope: Scope, id: string) => ctx.session(scope, id, { orExternalId: true });

  /** The session's batches as stored (gzipped JSON), in order: unpacked in a compute thread. */
  async function payloads(sessionId: string): Promise<Uint8Array[]> {
    const rows = await db.select({ payload: behaviorBatches.payload }).from(behaviorBatches).where(eq(behaviorBatches.sessionId, sessionId)).orderBy(asc(behaviorBatches.seq));
    return rows.map((r) => r.payload);
  }

  /**
   * The report, re-analysed when a batch arrived since it was last made (or the time zone
   * changed), else served from the stored copy.
   */
  async function report(scope: Scope, id: string): Promise<{ session: KindSession<Record<string, never>>; report: BehaviorReport }> {
    const session = await find(scope, id);
    const { timeZone } = await ctx.workspace(scope.workspaceId);
    const [stats] = await db.select({ n: count(), last: max(behaviorBatches.seq) }).from(behaviorBatches).where(eq(behaviorBatches.sessionId, session.id));
    const stamp = `${stats.n}:${stats.last}:${timeZone}`;
    const cached = await ctx.storedResult(session);
    if (cached?.version === ANALYZER && cached.data?.stamp === stamp && cached.data.report) return { session, report: cached.data.report };
    // Logs quote what pages sent (URLs, field names): made storable, and served as stored.
    const value = { stamp, report: await ctx.compute.run('report', { payloads: await payloads(session.id), timeZone }) };
    await ctx.saveResult(session, ANALYZER, value);
    return { session, report: value.report };
  }

  /** The replay events of a session, in order, with its report: the JSON the replay page loads. */
  async function replayDocument(sessionId: string, report: BehaviorReport): Promise<Buffer> {
    const bytes = await ctx.compute.run('replay', { payloads: await payloads(sessionId), report });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The raw events of a session, as captured (JSON bytes). */
  async function rawEvents(scope: Scope, id: string): Promise<Buffer> {
    const session = await find(scope, id);
    const bytes = await ctx.compute.run('events', { payloads: await payloads(session.id), sessionId: session.externalId ?? session.id, userId: session.userId });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A user's behaviour sessions, newest first, with how many batches each has. */
  async function byUser(scope: Scope, userId: string, limit = 100) {
    const found = await ctx.sessionsOfUser(scope, userId, limit);
    if (!found.length) return [];
    // Plain SQL, as the list above: read often, and cheap to run.
    const { rows } = await ctx.sql.query<{ session_id: string; n: number | string }>(
      `SELECT session_id, count(*) AS n FROM behavior_batches WHERE session_id IN (${found.map((_, i) => `$${i + 1}`).join(', ')}) GROUP BY session_id`,
      found.map((s) => s.id));
    const batches = new Map(rows.map((c) => [c.session_id, Number(c.n)]));
    return found.map((s) => ({ session: s, batches: batches.get(s.id) ?? 0 }));
  }

  return { ingest, find, report, replayDocument, rawEvents, byUser };
}

export type BehaviorStore = ReturnType<typeof createBehaviorStore>;
