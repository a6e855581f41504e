import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../store/db.ts';
import { apiKeys, workspaces } from '../store/schema.ts';
import { conflict, invalidRequest, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { DEFAULT_PREFIX, PREFIX_PATTERN, PUBLISHABLE_PREFIX, hashKey, mintKey, parseKey, redactKey, type KeyType } from './keys.ts';

export type Workspace = typeof workspaces.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export interface KeyView {
  id: string; object: 'api_key'; workspace: string; type: KeyType; livemode: boolean;
  redacted: string; imported: boolean; created_at: string; revoked_at: string | null; last_used_at: string | null;
}

export const keyView = (k: ApiKeyRow, workspaceName: string): KeyView => ({
  id: k.id, object: 'api_key', workspace: workspaceName, type: k.type, livemode: k.livemode,
  redacted: k.redacted, imported: k.imported, created_at: k.createdAt.toISOString(),
  revoked_at: k.revokedAt?.toISOString() ?? null, last_used_at: k.lastUsedAt?.toISOString() ?? null,
});

/** A new key as its creation answers it: with the key itself, shown this once. */
export type NewKey = KeyView & { key: string };
/** Runs in the transaction that creates the key (an Idempotency-Key's answer is recorded there). */
type AlsoInTx = (tx: Tx, created: NewKey) => Promise<void>;

const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

/** Workspaces and their API keys: used by the CLI, the demo loader and /v1/api_keys. */
export function createAccounts(db: Db) {
  async function workspaceByName(name: string): Promise<Workspace> {
    const [ws] = await db.select().from(workspaces).where(eq(workspaces.name, name));
    if (!ws) throw notFound('workspace', name);
    return ws;
  }

  async function workspaceById(id: string): Promise<Workspace> {
    const [ws] = await db.select().from(workspaces).where(eq(workspaces.id, id));
    if (!ws) throw notFound('workspace', id);
    return ws;
  }

  async function createWorkspace(name: string): Promise<Workspace> {
    if (!WORKSPACE_NAME.test(name)) throw invalidRequest('workspace_name_invalid', 'A workspace name is 1–64 letters, digits, spaces, dots, dashes or underscores.', 'name');
    const [ws] = await db.insert(workspaces).values({ id: newId('ws'), name }).onConflictDoNothing().returning();
    if (!ws) throw conflict('workspace_exists', `A workspace named '${name}' already exists.`);
    return ws;
  }

  const listWorkspaces = () => db.select().from(workspaces).orderBy(asc(workspaces.createdAt));

  async function insertKey(ws: Workspace, key: string, type: KeyType, imported: boolean, alsoInTx?: AlsoInTx) {
    const parsed = parseKey(key)!;
    return db.transaction(async (tx) => {
      const [row] = await tx.insert(apiKeys).values({
        id: newId('key'), workspaceId: ws.id, type, livemode: parsed.livemode, prefix: parsed.prefix,
        hash: hashKey(key), redacted: redactKey(key), imported,
      }).onConflictDoNothing().returning();
      if (!row) throw conflict('api_key_exists', 'This key is already registered.');
      const created = { key, ...keyView(row, ws.name) };
      await alsoInTx?.(tx, created);
      return created;
    });
  }

  /** Mints a key; the returned `key` is the only time it is ever visible. */
  async function createKey(opts: { workspace: string; livemode: boolean; type?: KeyType; prefix?: string }, alsoInTx?: AlsoInTx) {
    const ws = await workspaceByName(opts.workspace);
    const type = opts.type ?? 'secret';
    const prefix = type === 'publishable' ? PUBLISHABLE_PREFIX : (opts.prefix ?? DEFAULT_PREFIX);
    if (type === 'publishable' && opts.prefix && opts.prefix !== PUBLISHABLE_PREFIX) {
      throw invalidRequest('prefix_invalid', `Publishable keys always start with '${PUBLISHABLE_PREFIX}_'.`, 'prefix');
    }
    if (!PREFIX_PATTERN.test(prefix)) throw invalidRequest('prefix_invalid', 'A key prefix is 1–16 lowercase letters or digits, starting with a letter.', 'prefix');
    if (type === 'secret' && prefix === PUBLISHABLE_PREFIX) throw invalidRequest('prefix_invalid', `'${PUBLISHABLE_PREFIX}' is reserved for publishable keys.`, 'prefix');
    return insertKey(ws, mintKey(prefix, opts.livemode), type, false, alsoInTx);
  }

  /** Registers a key string a client already uses elsewhere, so migrating keeps the key. */
  async function importKey(opts: { workspace: string; key: string }, alsoInTx?: AlsoInTx) {
    const ws = await workspaceByName(opts.workspace);
    const parsed = parseKey(opts.key);
    if (!parsed) throw invalidRequest('api_key_malformed', 'An imported key must look like <prefix>_<test|live>_<16+ letters or digits>.', 'key');
    return insertKey(ws, opts.key, parsed.prefix === PUBLISHABLE_PREFIX ? 'publishable' : 'secret', true, alsoInTx);
  }

  async function listKeys(workspace?: string) {
    const rows = await db.select({ key: apiKeys, ws: workspaces.name }).from(apiKeys)
      .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
      .where(workspace ? eq(workspaces.name, workspace) : undefined)
      .orderBy(asc(apiKeys.createdAt));
    return rows.map((r) => keyView(r.key, r.ws));
  }

  /** The key's view when it is registered and not revoked (null otherwise). */
  async function activeKey(key: string): Promise<KeyView | null> {
    if (!parseKey(key)) return null;
    const [r] = await db.select({ key: apiKeys, ws: workspaces.name }).from(apiKeys)
      .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId)).where(eq(apiKeys.hash, hashKey(key)));
    return r && !r.key.revokedAt ? keyView(r.key, r.ws) : null;
  }

  /** Revokes by id, or by the full key string; within one workspace when given (the API's callers). */
  async function revokeKey(idOrKey: string, workspaceId?: string) {
    const named = parseKey(idOrKey) ? eq(apiKeys.hash, hashKey(idOrKey)) : eq(apiKeys.id, idOrKey);
    const where = workspaceId ? and(named, eq(apiKeys.workspaceId, workspaceId)) : named;
    const [row] = await db.update(apiKeys).set({ revokedAt: new Date() }).where(and(where, isNull(apiKeys.revokedAt))).returning();
    if (!row) {
      const [existing] = await db.select().from(apiKeys).where(where);
      if (!existing) throw notFound('api key', idOrKey.startsWith('key_') ? idOrKey : redactOrRaw(idOrKey));
      return existing;
    }
    return row;
  }

  return { createWorkspace, listWorkspaces, workspaceByName, workspaceById, createKey, importKey, listKeys, activeKey, revokeKey };
}

const redactOrRaw = (s: string) => (parseKey(s) ? redactKey(s) : s);

export type Accounts = ReturnType<typeof createAccounts>;
