import type { Readable } from 'node:stream';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, SqlClient, Tx } from '../store/db.ts';
import { crashPoint } from '../crash-points.ts';
import { inputs, results, sessionFiles, sessions, workspaces } from '../store/schema.ts';
import { BlobTooLarge, type BlobStore } from '../store/blobs.ts';
import { DebriefError, conflict, invalidRequest, notFound, tooLarge } from '../errors.ts';
import { newId, randomBase62 } from '../ids.ts';
import { enqueue } from '../jobs/queue.ts';
import { InputInvalid } from '../analysis-errors.ts';
import { VIDEO_TYPES, isVideo } from '../video/types.ts';
import { uploadBody } from './upload-body.ts';
import type { ComputePool } from '../compute/pool.ts';
import type { KindRegistry } from '../kinds/registry.ts';
import type { InputRecord, SessionRecord, SessionStatus } from './view.ts';
import type { Scope } from '../scope.ts';
import { readResult } from './results.ts';

export interface CreateSession {
  kind: string; user_id?: string; external_id?: string;
  metadata?: Record<string, string>; options?: Record<string, unknown>;
}

export interface ListFilters {
  kind?: string; status?: SessionStatus; user_id?: string;
  createdGte?: Date; createdLte?: Date;
  limit: number; starting_after?: string; ending_before?: string;
}

export const ANALYZE_QUEUE = 'analyze' as const;

declare module '../jobs/queue.ts' {
  interface JobPayloads { analyze: { session_id: string } }
}

export function createSessions(db: Db, sql: SqlClient, blobs: BlobStore, kinds: KindRegistry, compute: ComputePool, limits: { maxInputBytes: number }) {
  const inScope = (scope: Scope, id: string) =>
    and(eq(sessions.id, id), eq(sessions.workspaceId, scope.workspaceId), eq(sessions.livemode, scope.livemode));

  /** Another workspace's or the other mode's session is, to this caller, a session that does not exist. */
  async function get(scope: Scope, id: string): Promise<SessionRecord> {
    const [row] = await db.select().from(sessions).where(inScope(scope, id));
    if (!row) throw await missingSession(scope, id);
    return row;
  }

  /** A 404 that says when the session is there in the other mode of the same workspace: the key's mode is the usual slip. */
  async function missingSession(scope: Scope, id: string) {
    const [other] = await db.select({ id: sessions.id }).from(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.workspaceId, scope.workspaceId), eq(sessions.livemode, !scope.livemode)));
    const err = notFound('session', id);
    if (!other) return err;
    const [mine, theirs] = scope.livemode ? ['live', 'test'] : ['test', 'live'];
    return new DebriefError(404, err.type, err.code, `${err.message} in ${mine} mode. It exists in ${theirs} mode: read it with a ${theirs} key.`);
  }

  /**
   * Checks the options and resolves what they refer to, then inserts the session; `alsoInTx` runs in
   * the insert's transaction (an Idempotency-Key's answer is recorded there, so both commit or neither).
   */
  async function create(scope: Scope, body: CreateSession, alsoInTx?: (tx: Tx, row: SessionRecord) => Promise<void>): Promise<SessionRecord> {
    const kind = kinds.get(body.kind);
    const options = body.options ?? {};
    kinds.checkOptions(kind, options);
    const resolved = kind.resolve ? await kind.resolve(options, { db, scope }) : null;
    return db.transaction(async (tx) => {
      const [row] = await tx.insert(sessions).values({
        id: newId('ses'), workspaceId: scope.workspaceId, livemode: scope.livemode, kind: kind.name,
        userId: body.user_id ?? null, externalId: body.external_id ?? null, metadata: body.metadata ?? {}, options, resolved,
      }).returning();
      crashPoint('session-inserted');
      await alsoInTx?.(tx, row);
      return row;
    });
  }

  /** A page of sessions, newest first. */
  async function list(scope: Scope, f: ListFilters) {
    const page = await listKeys(scope, f);
    const rows = await getMany(scope, page.data.map((k) => k.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { data: page.data.flatMap((k) => byId.get(k.id) ?? []), has_more: page.has_more };
  }

  /** Sessions by id in the caller's workspace and mode, in no particular order. */
  async function getMany(scope: Scope, ids: string[]): Promise<SessionRecord[]> {
    if (!ids.length) return [];
    return db.select().from(sessions).where(and(eq(sessions.workspaceId, scope.workspaceId), eq(sessions.livemode, scope.livemode), inArray(sessions.id, ids)));
  }

  /**
   * A page of sessions as their ids, statuses and versions (`updated_at`): a cheap read, so a list
   * can serve the sessions it has already serialised and fetch only the others.
   */
  async function listKeys(scope: Scope, f: ListFilters) {
    // Plain SQL: this is the API's busiest list, and building the query with the ORM took as long
    // as running it (0.35 of 0.65 ms on the embedded database).
    const params: unknown[] = [scope.workspaceId, scope.livemode];
    const where = ['workspace_id = $1', 'livemode = $2'];
    const add = (column: string, op: string, value: unknown) => { params.push(value); where.push(`${column} ${op} $${params.length}`); };
    if (f.kind) add('kind', '=', f.kind);
    if (f.status) add('status', '=', f.status);
    if (f.user_id) add('user_id', '=', f.user_id);
    if (f.createdGte) add('created_at', '>=', f.createdGte);
    if (f.createdLte) add('created_at', '<=', f.createdLte);
    const cursorId = f.starting_after ?? f.ending_before;
    if (cursorId) {
      const param = f.starting_after ? 'starting_after' : 'ending_before';
      const [cursor] = await db.select({ seq: sessions.seq }).from(sessions).where(inScope(scope, cursorId));
      if (!cursor) throw invalidRequest('cursor_invalid', `No such session: '${cursorId}'`, param);
      add('seq', f.starting_after ? '<' : '>', cursor.seq);
    }
    params.push(f.limit + 1);
    // Newest first; paging backwards reads ascending and flips the page.
    const { rows } = await sql.query<{ id: string; status: SessionStatus; updated_at: Date | string }>(
      `SELECT id, status, updated_at FROM sessions WHERE ${where.join(' AND ')} ORDER BY seq ${f.ending_before ? 'ASC' : 'DESC'} LIMIT $${params.length}`, params);
    const has_more = rows.length > f.limit;
    const page = rows.slice(0, f.limit).map((r) => ({ id: r.id, status: r.status, updatedAt: new Date(r.updated_at) }));
    if (f.ending_before) page.reverse();
    return { data: page, has_more };
  }

  /** Every session of one of the client's users, for erasing them. */
  async function idsOfUser(scope: Scope, userId: string): Promise<string[]> {
    const rows = await db.select({ id: sessions.id }).from(sessions)
      .where(and(eq(sessions.workspaceId, scope.workspaceId), eq(sessions.livemode, scope.livemode), eq(sessions.userId, userId)));
    return rows.map((r) => r.id);
  }

  /** Removes the session with its inputs, results and blobs (inputs, keypoints, large results, analysed videos, charts). */
  async function remove(scope: Scope, id: string) {
    const session = await get(scope, id);
    const stored = await db.select({ key: inputs.blobKey, keypoints: inputs.keypointsBlobKey }).from(inputs).where(eq(inputs.sessionId, id));
    const files = await db.select({ key: sessionFiles.blobKey }).from(sessionFiles).where(eq(sessionFiles.sessionId, id));
    const kept = await db.select({ key: results.blobKey }).from(results).where(eq(results.sessionId, id));
    await db.transaction(async (tx) => {
      await tx.delete(sessions).where(eq(sessions.id, id));
      // Lists cached by their newest change would not see a removal otherwise.
      await tx.update(workspaces).set({ sessionsRemovedAt: new Date() }).where(eq(workspaces.id, scope.workspaceId));
    });
    const keys = [...stored.flatMap((s) => [s.key, s.keypoints]), ...files.map((f) => f.key), ...kept.map((r) => r.key)];
    await Promise.all(keys.filter((k): k is string => Boolean(k)).map((k) => blobs.remove(k)));
    return session;
  }

  /**
   * Streams the body into the blob store, then checks it with the kind's parser. A body that
   * fails the check is discarded and the input that was there before (if any) is kept.
   */
  async function putInput(scope: Scope, id: string, name: string, contentType: string | undefined, raw: Readable, declaredLength?: number): Promise<InputRecord> {
    let body = raw;
    const session = await get(scope, id);
    if (session.status !== 'open') {
      body.resume();
      throw conflict('session_not_open', `Session ${id} is ${session.status}; inputs can only be uploaded while it is open.`);
    }
    const spec = kinds.inputFor(kinds.get(session.kind), name, session.options);
    const accepted = spec.acceptsVideo ? [...spec.contentTypes, ...VIDEO_TYPES] : spec.contentTypes;
    const limit = Math.min(spec.maxBytes, limits.maxInputBytes);
    if (declaredLength !== undefined && declaredLength > limit + (contentType?.startsWith('multipart/') ? 64 * 1024 : 0)) {
      body.resume();
      throw tooLarge(`Input '${name}' is ${declaredLength} bytes; the limit is ${limit} bytes.`, name);
    }
    let type: string;
    ({ type, body } = await uploadBody(name, contentType, body, accepted, limit));
    let blob;
    try {
      // Checked on the received file before it is stored: an input that fails the check never
      // reaches the store. A video is checked when it is analysed (a broken one fails the session,
      // keeping the upload).
      blob = await blobs.write(body, limit, {
        check: async (file, size) => {
          if (size === 0) throw invalidRequest('input_empty', `Input '${name}' is empty.`, name);
          if (!isVideo(type)) await compute.run('checkInput', { kind: session.kind, options: session.options, input: { name, path: file, contentType: type } });
        },
      });
    } catch (err) {
      if (err instanceof BlobTooLarge) {
        body.resume();
        throw tooLarge(`Input '${name}' exceeds the limit of ${limit} bytes.`, name);
      }
      if (err instanceof InputInvalid) throw invalidRequest(err.code, `Input '${name}': ${err.message}`, name);
      throw err;
    }
    const shareToken = isVideo(type) ? randomBase62(24) : null;
    const values = { sessionId: id, name: spec.name, contentType: type, size: blob.size, sha256: blob.sha256, blobKey: blob.key, keypointsBlobKey: null, shareToken, createdAt: new Date() };
    const previous = await db.transaction(async (tx) => {
      const [locked] = await tx.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, id)).for('update');
      if (locked?.status !== 'open') return 'closed' as const;
      const [old] = await tx.select({ key: inputs.blobKey, keypoints: inputs.keypointsBlobKey }).from(inputs).where(and(eq(inputs.sessionId, id), eq(inputs.name, spec.name)));
      await tx.insert(inputs).values(values).onConflictDoUpdate({
        target: [inputs.sessionId, inputs.name],
        set: { contentType: values.contentType, size: values.size, sha256: values.sha256, blobKey: values.blobKey, keypointsBlobKey: null, shareToken, createdAt: values.createdAt },
      });
      // The session's video_url follows the latest video uploaded.
      await tx.update(sessions).set({ updatedAt: new Date(), ...(shareToken ? { videoToken: shareToken } : {}) }).where(eq(sessions.id, id));
      return old ? [old.key, old.keypoints] : [];
    });
    if (previous === 'closed') {
      await blobs.remove(blob.key);
      throw conflict('session_not_open', `Session ${id} was completed while the upload ran; inputs can only change while it is open.`);
    }
    for (const key of previous) if (key) await blobs.remove(key);
    return values;
  }

  const listInputs = async (scope: Scope, id: string) => {
    await get(scope, id);
    return db.select().from(inputs).where(eq(inputs.sessionId, id)).orderBy(asc(inputs.createdAt));
  };

  async function getInput(scope: Scope, id: string, name: string) {
    await get(scope, id);
    const [row] = await db.select().from(inputs).where(and(eq(inputs.sessionId, id), eq(inputs.name, name)));
    if (!row) throw notFound('input', name);
    return row;
  }

  /** Queues the analysis. Completing a session that is already past `open` changes nothing. */
  async function complete(scope: Scope, id: string): Promise<SessionRecord> {
    const session = await get(scope, id);
    if (session.status !== 'open') return session;
    const kind = kinds.get(session.kind);
    const have = new Set((await db.select({ name: inputs.name }).from(inputs).where(eq(inputs.sessionId, id))).map((r) => r.name));
    const missing = kind.requiredInputs(session.options).filter((n) => (Array.isArray(n) ? !n.some((m) => have.has(m)) : !have.has(n)));
    if (missing.length) {
      const named = missing.map((m) => (Array.isArray(m) ? m.map((a) => `'${a}'`).join(' or ') : `'${m}'`));
      throw invalidRequest('inputs_missing', `Upload these inputs before completing the session: ${named.join(', ')}.`, 'inputs');
    }
    return db.transaction(async (tx) => {
      const [row] = await tx.update(sessions).set({ status: 'processing', progress: 0, updatedAt: new Date() })
        .where(and(eq(sessions.id, id), eq(sessions.status, 'open'))).returning();
      if (!row) return (await tx.select().from(sessions).where(eq(sessions.id, id)))[0];
      await enqueue(tx, ANALYZE_QUEUE, { session_id: id }, { maxAttempts: 3 });
      return row;
    });
  }

  async function result(scope: Scope, id: string) {
    const session = await get(scope, id);
    return { session, result: await readResult(db, blobs, id) };
  }

  return { get, getMany, create, list, listKeys, remove, idsOfUser, putInput, listInputs, getInput, complete, result };
}

export type Sessions = ReturnType<typeof createSessions>;
