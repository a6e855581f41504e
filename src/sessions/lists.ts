import { and, asc, desc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, SqlClient } from '../store/db.ts';
import { results, sessions } from '../store/schema.ts';
import type { Scope } from '../scope.ts';
import type { JsonField, ListedSession, SessionQuery } from '../kinds/context.ts';

/** A field of a session's JSON as text, for filters. */
const asText = (f: JsonField): SQL => {
  const column = f.in === 'options' ? sessions.options : f.in === 'resolved' ? sessions.resolved : results.data;
  return sql`${column}->>${f.key}`;
};

/** The resolved data narrowed to these paths, as one JSON object with the same nesting. */
function narrowed(paths: string[][]): SQL {
  const build = (prefix: string[], tree: Map<string, string[][]>): SQL => {
    const parts = [...tree.entries()].map(([key, rest]) => {
      const path = [...prefix, key];
      const deeper = new Map<string, string[][]>();
      for (const r of rest) if (r.length) deeper.set(r[0], [...(deeper.get(r[0]) ?? []), r.slice(1)]);
      const value = deeper.size ? build(path, deeper) : sql`${sessions.resolved}#>${`{${path.join(',')}}`}`;
      return sql`${key}::text, ${value}`;
    });
    return sql`jsonb_build_object(${sql.join(parts, sql`, `)})`;
  };
  const top = new Map<string, string[][]>();
  for (const p of paths) top.set(p[0], [...(top.get(p[0]) ?? []), p.slice(1)]);
  return sql`CASE WHEN ${sessions.resolved} IS NULL THEN NULL ELSE ${build([], top)} END`;
}

/**
 * A page of one kind's sessions, filtered and sorted in the database: the page's ids with the
 * total (results joined only to filter or sort by them), then what a listed session shows, for
 * those alone.
 */
export async function listOfKind<Result>(db: Db, scope: Scope, kind: string, q: SessionQuery): Promise<{ rows: ListedSession<Result>[]; total: number }> {
  const where: (SQL | undefined)[] = [eq(sessions.workspaceId, scope.workspaceId), eq(sessions.livemode, scope.livemode), eq(sessions.kind, kind)];
  if (q.userIds) where.push(inArray(sessions.userId, q.userIds));
  for (const m of q.matching ?? []) where.push(or(...m.fields.map((f) => inArray(asText(f), m.values))));
  if (q.createdFrom) where.push(gte(sessions.createdAt, q.createdFrom));
  if (q.createdTo) where.push(lte(sessions.createdAt, q.createdTo));
  const filter = and(...where);
  const readsResults = (q.matching ?? []).some((m) => m.fields.some((f) => f.in === 'result'));
  const sortsByResult = q.sort.by !== 'created_at';

  const column = q.sort.by === 'created_at' ? sessions.createdAt : sql`(${asText(q.sort.by)})::float`;
  const order = q.sort.descending ? sql`${column} DESC NULLS LAST` : sql`${column} ASC NULLS LAST`;
  const paged = db.select({ id: sessions.id, total: sql<number>`count(*) over ()`.mapWith(Number) }).from(sessions);
  const head = await (readsResults || sortsByResult ? paged.leftJoin(results, eq(results.sessionId, sessions.id)) : paged)
    .where(filter).orderBy(order, q.sort.descending ? desc(sessions.seq) : asc(sessions.seq)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const ids = head.map((x) => x.id);
  let total = head.length ? head[0].total : 0;
  if (!head.length) {
    // A page past the end has no row to carry the total: it is counted on its own.
    const counted = db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(sessions);
    total = (await (readsResults ? counted.leftJoin(results, eq(results.sessionId, sessions.id)) : counted).where(filter))[0].n;
  }

  const without = q.resultWithout.reduce<SQL>((acc, key) => sql`${acc} - ${key}::text`, sql`${results.data}`);
  const found = ids.length ? await db.select({
    id: sessions.id, userId: sessions.userId, status: sessions.status, createdAt: sessions.createdAt,
    resolved: sql<unknown>`${narrowed(q.resolvedPaths)}`, result: sql<Partial<Result> | null>`${without}`,
  }).from(sessions).leftJoin(results, eq(results.sessionId, sessions.id)).where(inArray(sessions.id, ids)) : [];
  const byId = new Map(found.map((x) => [x.id, x]));
  const rows = ids.flatMap((id) => {
    const x = byId.get(id);
    return x ? [{ session: { id: x.id, userId: x.userId, status: x.status, createdAt: x.createdAt, resolved: x.resolved }, result: x.result }] : [];
  });
  return { rows, total: Number(total) };
}

/**
 * A version of everything a list of one kind shows: a session created, completed, analysed (its
 * result is written with its updated_at) or deleted, or a person renamed, changes it. Three index
 * lookups in a database function (migration 0007), so a page asked for again is not rebuilt.
 */
export async function listVersion(sqlClient: SqlClient, scope: Scope, kind: string): Promise<string> {
  const { rows } = await sqlClient.query<{ v: string }>('SELECT debrief_list_version($1, $2, $3) AS v', [scope.workspaceId, scope.livemode, kind]);
  return rows[0].v;
}
