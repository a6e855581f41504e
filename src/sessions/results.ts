import { eq } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import type { BlobStore } from '../store/blobs.ts';
import { results } from '../store/schema.ts';

/**
 * Results larger than this (as JSON) are kept in the blob store, with the row pointing at them:
 * the embedded database stores and reads a large jsonb on the API's event loop (a 200,000-frame
 * run's 14 MB result took 1.8 s to insert), while a file is read and written off it.
 */
export const INLINE_RESULT_BYTES = 256 * 1024;
/** A large result's top-level members up to this size (as JSON) stay in its row. */
const SUMMARY_MEMBER_BYTES = 1024;

export type ResultRow = typeof results.$inferSelect;

/** A result as it is stored: the row's `data`, and the file holding the whole of a large one. */
export interface StoredResult { data: unknown; file: Uint8Array | null }

/**
 * How a result is kept: whole in the row when small; when large, as a file, with its small
 * top-level members in the row, so what routes filter and sort by in SQL (a roleplay's score, rank
 * and duration) is there however long the transcript. Pure: a compute thread makes it.
 */
export function storedResult(value: unknown): StoredResult {
  const json = JSON.stringify(value);
  if (json.length <= INLINE_RESULT_BYTES) return { data: value, file: null };
  const summary = value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => JSON.stringify(v ?? null).length <= SUMMARY_MEMBER_BYTES))
    : null;
  return { data: summary, file: new Uint8Array(Buffer.from(json)) };
}

/** The row's columns for a stored result (the file, if any, written to the blob store). */
export async function resultColumns(blobs: BlobStore, stored: StoredResult): Promise<{ data: unknown; blobKey: string | null }> {
  if (!stored.file) return { data: stored.data, blobKey: null };
  const bytes = Buffer.from(stored.file.buffer, stored.file.byteOffset, stored.file.byteLength);
  return { data: stored.data, blobKey: (await blobs.writeBuffer(bytes, 'res')).key };
}

/** A session's result row with all its data, from the row or its file; null when there is none. */
export async function readResult(db: Db, blobs: BlobStore, sessionId: string): Promise<ResultRow | null> {
  const [row] = await db.select().from(results).where(eq(results.sessionId, sessionId));
  if (!row) return null;
  if (row.blobKey) return { ...row, data: JSON.parse((await blobs.read(row.blobKey)).toString('utf8')) };
  return row;
}
