/**
 * Serialised responses of objects that no longer change, kept per id with the scope they belong
 * to, so a hit never crosses workspaces or modes. Entries expire after `ttlMs` so a deletion made
 * by another process sharing the database is seen; this process's own deletions drop them at once.
 * An entry may carry the version it was made from (a row's `updated_at`): a reader that knows the
 * current version (a list, which reads it with the page) gets the entry only when it matches.
 */
export function createReadCache(max: number, ttlMs = 60_000) {
  const entries = new Map<string, { workspaceId: string; livemode: boolean; body: string; at: number; version: number | null }>();
  return {
    get(id: string, workspaceId: string, livemode: boolean, version?: number): string | null {
      const e = entries.get(id);
      if (!e || e.workspaceId !== workspaceId || e.livemode !== livemode) return null;
      if (Date.now() - e.at > ttlMs) { entries.delete(id); return null; }
      if (version !== undefined && e.version !== version) return null;
      return e.body;
    },
    set(id: string, workspaceId: string, livemode: boolean, body: string, version: number | null = null) {
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(id, { workspaceId, livemode, body, at: Date.now(), version });
    },
    delete(id: string) { entries.delete(id); },
  };
}

export type ReadCache = ReturnType<typeof createReadCache>;
