import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { users } from '../store/schema.ts';
import { notFound } from '../errors.ts';
import type { Scope } from '../scope.ts';

export type UserRecord = typeof users.$inferSelect;
export interface UserFields { email?: string | null; first_name?: string | null; last_name?: string | null }

export const userView = (u: UserRecord) => ({ id: u.id, object: 'user' as const, email: u.email, first_name: u.firstName, last_name: u.lastName });

/** Users are keyed by the client's own id, the same string sessions carry as user_id. */
export function createUsers(db: Db) {
  const inScope = (scope: Scope) => and(eq(users.workspaceId, scope.workspaceId), eq(users.livemode, scope.livemode));

  async function upsert(scope: Scope, id: string, f: UserFields) {
    const set = {
      ...(f.email !== undefined ? { email: f.email } : {}),
      ...(f.first_name !== undefined ? { firstName: f.first_name } : {}),
      ...(f.last_name !== undefined ? { lastName: f.last_name } : {}),
      updatedAt: new Date(),
    };
    const [row] = await db.insert(users).values({ workspaceId: scope.workspaceId, livemode: scope.livemode, id, ...set })
      .onConflictDoUpdate({ target: [users.workspaceId, users.livemode, users.id], set }).returning();
    return row;
  }

  async function get(scope: Scope, id: string) {
    const [row] = await db.select().from(users).where(and(inScope(scope), eq(users.id, id)));
    if (!row) throw notFound('user', id);
    return row;
  }

  /** Users by id (missing ones are simply absent). */
  async function byIds(scope: Scope, ids: string[]) {
    if (!ids.length) return new Map<string, UserRecord>();
    const rows = await db.select().from(users).where(and(inScope(scope), inArray(users.id, ids)));
    return new Map(rows.map((r) => [r.id, r]));
  }

  async function idsByEmails(scope: Scope, emails: string[]) {
    if (!emails.length) return [];
    const rows = await db.select({ id: users.id }).from(users).where(and(inScope(scope), inArray(users.email, emails)));
    return rows.map((r) => r.id);
  }

  /** Removes the person's record; false when there was none. */
  async function remove(scope: Scope, id: string) {
    const gone = await db.delete(users).where(and(inScope(scope), eq(users.id, id))).returning({ id: users.id });
    return gone.length > 0;
  }

  return { upsert, get, byIds, idsByEmails, remove };
}

export type Users = ReturnType<typeof createUsers>;
