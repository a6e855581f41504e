import { and, asc, count, eq, max, or } from 'drizzle-orm';
import type { Database } from '../../store/db.ts';
import { results, sessions, workspaces } from '../../store/schema.ts';
import { behaviorBatches } from './tables.ts';
import { newId } from '../../ids.ts';
import { notFound } from '../../errors.ts';
import type { Scope } from '../../scope.ts';
import type { Batch } from './events.ts';
import type { BehaviorReport } from './analyze.ts';
import type { ComputePool } from '../../compute/pool.ts';

export const BEHAVIOR_KIND = 'behavior';
const ANALYZER = 'behavior-1';

/** Behaviour sessions: created by their first batch, fed by later ones, analysed on read. */
export function createBehaviorStore(database: Pick<Database, 'db' | 'sql'>, compute: ComputePool) {
  const { db } = database;
  /** Finds or creates the session named by the capture script's id, in one statement each. */
  async function sessionFor(scope: Scope, clientId: string, userId: string | undefined) {
    const where = and(eq(sessions.workspaceId, scope.workspaceId), eq(sessions.livemode, scope.livemode), eq(sessions.kind, BEHAVIOR_KIND), eq(sessions.externalId, clientId));
    const [found] = await db.select({ id: sessions.id, userId: sessions.userId }).from(sessions).where(where);
    if (found) return found;
    // Two first batches may race: the partial unique index lets one insert win, the other reads it.
    await db.insert(sessions).values({ id: newId('ses'), workspaceId: scope.workspaceId, livemode: scope.livemode, kind: BEHAVIOR_KIND, externalId: clientId, userId: userId ?? null })
      .onConflictDoNothing();
    const [row] = await db.select({ id: sessions.id, userId: sessions.userId }).from(sessions).where(where);
    return row;
  }

  /**
   * Stores one batch (durably, before the caller answers). A batch with a sequence number already
   * stored is a retry: it is acknowledged and not stored again.
   */
  async function ingest(scope: Scope, batch: Batch, gzipped: Buffer) {
    const identified = [...batch.events].reverse().find((e) => e.k === 'identify') as { u: string } | undefined;
    const userId = identified?.u ?? batch.user_id;
    const session = await sessionFor(scope, batch.session_id, userId);
    // Whole milliseconds (browsers give fractions), by a loop: a batch may hold 50,000 events.
    let firstAt = Infinity, lastAt = -Infinity;
    for (const e of batch.events) { if (e.t < firstAt) firstAt = e.t; if (e.t > lastAt) lastAt = e.t; }
    if (!batch.events.length) firstAt = lastAt = Date.now();
    const [stored] = await db.insert(behaviorBatches).values({
      sessionId: session.id, seq: batch.seq, eventCount: batch.events.length + (batch.replay?.length ?? 0),
      firstAt: Math.floor(firstAt), lastAt: Math.ceil(lastAt), payload: gzipped,
    }).onConflictDoNothing().returning({ seq: behaviorBatches.seq });
    if (stored && (userId && userId !== session.userId)) {
      await db.update(sessions).set({ userId, updatedAt: new Date() }).where(eq(sessions.id, session.id));
    } else if (stored) {
      await db.update(sessions).set({ updatedAt: new Date() }).where(eq(sessions.id, session.id));
    }
    return { sessionId: session.id, duplicate: !stored };
  }

  /** A behaviour session by the capture script's id (or Debrief's own ses_ id), in this workspace and mode. */
  async function find(scope: Scope, id: string) {
    const [s] = await db.select().from(sessions).where(and(
      eq(sessions.workspaceId, scope.workspaceId), eq(sessions.livemode, scope.livemode), eq(sessions.kind, BEHAVIOR_KIND),
      or(eq(sessions.externalId, id), eq(sessions.id, id)),
    )).limit(1);
    if (!s) throw notFound('behavior session', id);
    return s;
  }

  /** The session's batches as stored (gzipped JSON), in order: unpacked in a compute thread. */
  async function payloads(sessionId: string): Promise<Uint8Array[]> {
    const rows = await db.select({ payload: behaviorBatches.payload }).from(behaviorBatches).where(eq(behaviorBatches.sessionId, sessionId)).orderBy(asc(behaviorBatches.seq));
    return rows.map((r) => r.payload);
  }

  /**
   * The report, re-analysed when a batch arrived since it was last made (or the time zone
   * changed), else served from the stored copy.
   */
  async function report(scope: Scope, id: string): Promise<{ session: typeof sessions.$inferSelect; report: BehaviorReport }> {
    const session = await find(scope, id);
    const [ws] = await db.select({ timezone: workspaces.timezone }).from(workspaces).where(eq(workspaces.id, scope.workspaceId));
    const [stats] = await db.select({ n: count(), last: max(behaviorBatches.seq) }).from(behaviorBatches).where(eq(behaviorBatches.sessionId, session.id));
    const stamp = `${stats.n}:${stats.last}:${ws.timezone}`;
    const [cached] = await db.select().from(results).where(eq(results.sessionId, session.id));
    const data = cached?.data as { stamp?: string; report?: BehaviorReport } | undefined;
    if (cached?.analyzerVersion === ANALYZER && data?.stamp === stamp && data.report) return { session, report: data.report };
    // Logs quote what pages sent (URLs, field names): made storable, and served as stored.
    const value = { stamp, report: await compute.run('behaviorReport', { payloads: await payloads(session.id), timeZone: ws.timezone }) };
    // Kept in the row (a report is small); a file a large result left behind would otherwise be read instead.
    await db.insert(results).values({ sessionId: session.id, analyzerVersion: ANALYZER, data: value })
      .onConflictDoUpdate({ target: results.sessionId, set: { analyzerVersion: ANALYZER, data: value, blobKey: null, createdAt: new Date() } });
    return { session, report: value.report };
  }

  /** The replay events of a session, in order, with its report: the JSON the replay page loads. */
  async function replayDocument(sessionId: string, report: BehaviorReport): Promise<Buffer> {
    const bytes = await compute.run('replayDocument', { payloads: await payloads(sessionId), report });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The raw events of a session, as captured (JSON bytes). */
  async function rawEvents(scope: Scope, id: string): Promise<Buffer> {
    const session = await find(scope, id);
    const bytes = await compute.run('behaviorEvents', { payloads: await payloads(session.id), sessionId: session.externalId ?? session.id, userId: session.userId });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A user's behaviour sessions, newest first. */
  async function byUser(scope: Scope, userId: string, limit = 100) {
    // Plain SQL: a list read often, where building the query with the ORM cost as much as running it.
    const { rows } = await database.sql.query<{ id: string; external_id: string | null; user_id: string | null; created_at: Date | string; updated_at: Date | string; batches: number | string }>(
      `SELECT s.id, s.external_id, s.user_id, s.created_at, s.updated_at, (SELECT count(*) FROM behavior_batches b WHERE b.session_id = s.id) AS batches
       FROM sessions s WHERE s.workspace_id = $1 AND s.livemode = $2 AND s.kind = $3 AND s.user_id = $4 ORDER BY s.seq DESC LIMIT $5`,
      [scope.workspaceId, scope.livemode, BEHAVIOR_KIND, userId, limit]);
    return rows.map((r) => ({
      id: r.id, externalId: r.external_id, userId: r.user_id, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at), batches: Number(r.batches),
    }));
  }

  return { ingest, find, report, replayDocument, rawEvents, byUser };
}

export type BehaviorStore = ReturnType<typeof createBehaviorStore>;
