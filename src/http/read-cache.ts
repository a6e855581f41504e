/**
 * Serialised responses of objects that no longer change, kept per id with the scope they belong
 * to, so a hit never crosses workspaces or modes. Entries expire after `ttlMs` so a deletion made
 * by another process sharing the database is seen; this process's own deletions drop them at once.
 */
export function createReadCache(max: number, ttlMs = 60_000) {
  const entries = new Map<string, { workspaceId: string; livemode: boolean; body: string; at: number }>();
  return {
    get(id: string, workspaceId: string, livemode: boolean): string | null {
      const e = entries.get(id);
      if (!e || e.workspaceId !== workspaceId || e.livemode !== livemode) return null;
      if (Date.now() - e.at > ttlMs) { entries.delete(id); return null; }
      return e.body;
    },
    set(id: string, workspaceId: string, livemode: boolean, body: string) {
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(id, { workspaceId, livemode, body, at: Date.now() });
    },
    delete(id: string) { entries.delete(id); },
  };
}

export type ReadCache = ReturnType<typeof createReadCache>;
