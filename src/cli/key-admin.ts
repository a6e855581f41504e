import type { Accounts, KeyView } from '../accounts/accounts.ts';
import type { KeyType } from '../accounts/keys.ts';
import { DebriefError, type ErrorType } from '../errors.ts';
import type { ServerFile } from '../app/server-file.ts';

/** What the `keys` commands need, from storage directly or from the server that holds it. */
export interface KeyAdmin {
  createKey(o: { workspace: string; livemode: boolean; type?: KeyType; prefix?: string }): Promise<KeyView & { key: string }>;
  importKey(o: { workspace: string; key: string }): Promise<KeyView & { key: string }>;
  listKeys(workspace?: string): Promise<KeyView[]>;
  revokeKey(idOrKey: string): Promise<{ id: string; redacted: string; revoked_at: string | null }>;
}

export const localKeyAdmin = (a: Accounts): KeyAdmin => ({
  createKey: (o) => a.createKey(o),
  importKey: (o) => a.importKey(o),
  listKeys: (w) => a.listKeys(w),
  async revokeKey(idOrKey) {
    const row = await a.revokeKey(idOrKey);
    return { id: row.id, redacted: row.redacted, revoked_at: row.revokedAt?.toISOString() ?? null };
  },
});

/** The same through the running server's /v1/api_keys, with the operator token from its server.json. */
export function remoteKeyAdmin(server: ServerFile): KeyAdmin {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${server.url}${path}`, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { authorization: `Bearer ${server.operator_token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      });
    } catch (err) {
      throw new DebriefError(503, 'api_error', 'server_unreachable', `The data directory is held by the server at ${server.url} (pid ${server.pid}), which does not answer (${(err as Error).message}). Stop it, or wait for it to start.`);
    }
    const doc = await res.json() as T & { error?: { type: ErrorType; code: string; message: string; param?: string } };
    if (doc.error) throw new DebriefError(res.status, doc.error.type, doc.error.code, doc.error.message, doc.error.param);
    return doc;
  }
  const q = (workspace?: string) => (workspace ? `?workspace=${encodeURIComponent(workspace)}` : '');
  return {
    createKey: (o) => call('POST', `/v1/api_keys${q(o.workspace)}`, { mode: o.livemode ? 'live' : 'test', ...(o.type ? { type: o.type } : {}), ...(o.prefix ? { prefix: o.prefix } : {}) }),
    importKey: (o) => call('POST', `/v1/api_keys/import${q(o.workspace)}`, { key: o.key }),
    listKeys: async (w) => (await call<{ data: KeyView[] }>('GET', `/v1/api_keys${q(w)}`)).data,
    revokeKey: (idOrKey) => call('DELETE', `/v1/api_keys/${encodeURIComponent(idOrKey)}`),
  };
}
