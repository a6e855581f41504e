import type { ReadCache } from './read-cache.ts';

/** How a list route reads its items: the page as keys (cheap), then the rows the cache lacks. */
export interface CachedListSource<K extends { id: string }, R extends { id: string }> {
  /** The version a listed item's cached JSON must have; undefined for one that is still changing (never cached). */
  version(key: K): number | undefined;
  fetch(ids: string[]): Promise<R[]>;
  versionOf(row: R): number | undefined;
  serialize(row: R): string;
}

/**
 * The JSON of a list page (`{object: "list", data, has_more}`) with each item served from the read
 * cache when it holds that item at the version the page lists, and read in one query otherwise:
 * a page of settled sessions or of events costs one cheap query, not a full read and serialisation.
 */
export async function cachedListBody<K extends { id: string }, R extends { id: string }>(
  cache: ReadCache, scope: { workspaceId: string; livemode: boolean }, page: { data: K[]; has_more: boolean }, source: CachedListSource<K, R>,
): Promise<string> {
  const cached = page.data.map((k) => {
    const version = source.version(k);
    return version === undefined ? null : cache.get(k.id, scope.workspaceId, scope.livemode, version);
  });
  const missing = page.data.filter((_, i) => !cached[i]).map((k) => k.id);
  const rows = new Map((missing.length ? await source.fetch(missing) : []).map((r) => [r.id, r]));
  const items = page.data.flatMap((k, i) => {
    if (cached[i]) return [cached[i]];
    const row = rows.get(k.id);
    // Deleted between the two reads: left out.
    if (!row) return [];
    const body = source.serialize(row);
    const version = source.versionOf(row);
    if (version !== undefined) cache.set(row.id, scope.workspaceId, scope.livemode, body, version);
    return [body];
  });
  return `{"object":"list","data":[${items.join(',')}],"has_more":${page.has_more}}`;
}
