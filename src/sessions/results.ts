import { eq } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import type { BlobStore } from '../store/blobs.ts';
import { results } from '../store/schema.ts';

/**
 * Results larger than this (as JSON) are kept in the blob store, with the row pointing at them:
 * the embedded database stores and reads a large jsonb on the API's event loop (a 200,000-frame
 * run's 14 MB result took 1.8 s to insert), while a file is read and written off it. Small results,
 * which routes also query in SQL (a roleplay's rank and score), stay in the row.
 */
export const INLINE_RESULT_BYTES = 256 * 1024;

export type ResultRow = typeof results.$inferSelect;

/**
 * The row's columns for a result: `json` is its JSON when already written (by a compute thread);
 * else it is written here. A large one goes to the blob store.
 */
export function resultColumns(blobs: BlobStore, data: unknown, json?: Uint8Array | null): { data: unknown; blobKey: string | null } {
  const text = json ? null : JSON.stringify(data);
  const bytes = json ? Buffer.from(json.buffer, json.byteOffset, json.byteLength) : null;
  if ((bytes ? bytes.byteLength : text!.length) <= INLINE_RESULT_BYTES) return { data: bytes ? JSON.parse(bytes.toString('utf8')) : data, blobKey: null };
  const blob = blobs.writeBuffer(bytes ?? Buffer.from(text!), 'res');
  return { data: null, blobKey: blob.key };
}

/** A session's result row with its data, wherever the data is kept; null when there is none. */
export async function readResult(db: Db, blobs: BlobStore, sessionId: string): Promise<ResultRow | null> {
  const [row] = await db.select().from(results).where(eq(results.sessionId, sessionId));
  if (!row) return null;
  if (row.blobKey) return { ...row, data: JSON.parse((await blobs.read(row.blobKey)).toString('utf8')) };
  return row;
}
