import { and, eq, or } from 'drizzle-orm';
import type { Db, SqlClient } from '../store/db.ts';
import type { BlobStore } from '../store/blobs.ts';
import { inputs, results, sessionFiles, sessions, workspaces } from '../store/schema.ts';
import { notFound, sessionNotReady } from '../errors.ts';
import { newId, randomBase62 } from '../ids.ts';
import { enqueue } from '../jobs/queue.ts';
import { isVideo } from '../video/types.ts';
import type { SessionKind } from '../kinds/kind.ts';
import type { KindConfig, KindContext, KindSession } from '../kinds/context.ts';
import type { ComputePool } from '../compute/pool.ts';
import type { Webhooks } from '../webhooks/service.ts';
import type { Users } from '../users/service.ts';
import type { Sessions } from './service.ts';
import type { Reports } from './reports.ts';
import { readResult } from './results.ts';
import { fileUrl } from './view.ts';
import { listOfKind, listVersion } from './lists.ts';

export interface KindContextDeps {
  db: Db; sql: SqlClient; blobs: BlobStore; compute: ComputePool; sessions: Sessions; users: Users; reports: Reports; webhooks: Webhooks;
  config: KindConfig; origin(): string;
}

/**
 * The ports one kind's routes and jobs are given (kinds/context.ts): every read is of that kind's
 * sessions, in the caller's workspace and mode; another kind's session is one that does not exist.
 */
export function createKindContext(kind: SessionKind, deps: KindContextDeps): KindContext {
  const { db, blobs } = deps;
  const name = kind.name;
  const ofKind = (s: KindSession) => s.kind === name;


  return {
    config: deps.config,
    origin: deps.origin,
    fileUrl: (token) => fileUrl(deps.origin(), token),

    async session(scope, id, opts) {
      if (opts?.orExternalId) {
        const [s] = await db.select().from(sessions).where(and(
          eq(sessions.workspaceId, scope.workspaceId), eq(sessions.livemode, scope.livemode), eq(sessions.kind, name),
          or(eq(sessions.externalId, id), eq(sessions.id, id)),
        )).limit(1);
        if (!s) throw notFound(`${name} session`, id);
        return s;
      }
      // Says when the session exists in the other mode (the usual slip), then that it is not of this kind.
      const s = await deps.sessions.get(scope, id);
      if (!ofKind(s)) throw notFound(`${name} session`, id);
      return s;
    },
    async result(session) {
      const row = session.status === 'ready' ? await readResult(db, blobs, session.id) : null;
      if (!row) throw sessionNotReady(session);
      return row.data;
    },
    async resultSource(session) {
      // The stored bytes, unparsed: the compute thread that reads them parses them.
      const [row] = session.status === 'ready' ? await db.select({ data: results.data, blobKey: results.blobKey }).from(results).where(eq(results.sessionId, session.id)) : [];
      if (!row) throw sessionNotReady(session);
      return row.blobKey ? { json: new Uint8Array(await blobs.read(row.blobKey)) } : { data: row.data };
    },
    async storedResult(session) {
      const row = await readResult(db, blobs, session.id);
      return row ? { version: row.analyzerVersion, data: row.data } : null;
    },
    async saveResult(session, version, data) {
      // Kept in the row (such a result is small): a file a large result left behind would otherwise be read instead.
      await db.insert(results).values({ sessionId: session.id, analyzerVersion: version, data })
        .onConflictDoUpdate({ target: results.sessionId, set: { analyzerVersion: version, data, blobKey: null, createdAt: new Date() } });
    },

    async withRecording(session, names, use) {
      const rows = await db.select().from(inputs).where(eq(inputs.sessionId, session.id));
      const row = names.map((n) => rows.find((r) => r.name === n)).find(Boolean);
      if (!row) throw notFound('input', names[0]);
      return blobs.withLocalCopies([row.keypointsBlobKey ?? row.blobKey], ([path]) => use({ name: row.name, path, contentType: 'application/json' }));
    },
    async withVideo(session, use) {
      const [video] = (await db.select().from(inputs).where(eq(inputs.sessionId, session.id))).filter((i) => isVideo(i.contentType));
      return video ? blobs.withLocalCopies([video.blobKey], ([file]) => use(file)) : use(null);
    },
    files: {
      async tokens(session, prefix) {
        const rows = await db.select({ name: sessionFiles.name, token: sessionFiles.token }).from(sessionFiles).where(eq(sessionFiles.sessionId, session.id));
        return new Map(rows.filter((f) => f.name.startsWith(prefix)).map((f) => [f.name, f.token]));
      },
      async save(session, fileName, bytes, contentType) {
        const blob = await blobs.writeBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'out');
        const [row] = await db.insert(sessionFiles).values({ sessionId: session.id, name: fileName, blobKey: blob.key, contentType, size: blob.size, token: randomBase62(24) })
          .onConflictDoNothing().returning();
        if (row) return row.token;
        // Another request saved it first: theirs stands.
        await blobs.remove(blob.key);
        const [theirs] = await db.select({ token: sessionFiles.token }).from(sessionFiles).where(and(eq(sessionFiles.sessionId, session.id), eq(sessionFiles.name, fileName)));
        return theirs.token;
      },
    },
    links: {
      tokenFor: (session, purpose, ttlMs) => deps.reports.tokenFor(session.id, ttlMs, purpose),
      async open(token, purpose) {
        const s = await deps.reports.open(token, purpose);
        return s && ofKind(s) ? s : null;
      },
    },

    people: (scope, ids) => deps.users.byIds(scope, ids),
    peopleByEmail: (scope, emails) => deps.users.idsByEmails(scope, emails),
    list: (scope, query) => listOfKind(db, scope, name, query),
    listVersion: (scope) => listVersion(deps.sql, scope, name),
    async workspace(workspaceId) {
      const [ws] = await db.select({ timeZone: workspaces.timezone, allowedOrigins: workspaces.allowedOrigins }).from(workspaces).where(eq(workspaces.id, workspaceId));
      return ws ?? { timeZone: 'UTC', allowedOrigins: [] };
    },

    async sessionByExternalId(scope, externalId, userId) {
      const where = and(eq(sessions.workspaceId, scope.workspaceId), eq(sessions.livemode, scope.livemode), eq(sessions.kind, name), eq(sessions.externalId, externalId));
      const [found] = await db.select().from(sessions).where(where);
      if (found) return found;
      // Two first batches may race: a partial unique index (behaviour sessions') lets one insert win, the other reads it.
      await db.insert(sessions).values({ id: newId('ses'), workspaceId: scope.workspaceId, livemode: scope.livemode, kind: name, externalId, userId })
        .onConflictDoNothing();
      const [row] = await db.select().from(sessions).where(where);
      return row;
    },
    async touch(session, changes = {}) {
      await db.update(sessions).set({ updatedAt: new Date(), ...(changes.userId ? { userId: changes.userId } : {}) }).where(eq(sessions.id, session.id));
    },
    async sessionsOfUser(scope, userId, limit) {
      // Plain SQL: a list read often, where building the query with the ORM cost as much as running it.
      const { rows } = await deps.sql.query<{ id: string; external_id: string | null; user_id: string | null; created_at: Date | string; updated_at: Date | string }>(
        `SELECT id, external_id, user_id, created_at, updated_at FROM sessions
         WHERE workspace_id = $1 AND livemode = $2 AND kind = $3 AND user_id = $4 ORDER BY seq DESC LIMIT $5`,
        [scope.workspaceId, scope.livemode, name, userId, limit]);
      return rows.map((r) => ({ id: r.id, externalId: r.external_id, userId: r.user_id, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at) }));
    },

    compute: { run: (task, args, opts) => deps.compute.runKind(name, task, args, opts) },
    enqueue: async (queue, payload, opts) => { await enqueue(db, queue, payload, opts); },
    async emit(scope, type, sessionId, object) {
      await db.transaction((tx) => deps.webhooks.emit(tx, scope, type, sessionId, object));
    },
    db,
    sql: deps.sql,
  };
}
