import { eq } from 'drizzle-orm';
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import type { BlobStore } from '../store/blobs.ts';
import { inputs, sessionFiles, sessions } from '../store/schema.ts';
import type { ComputePool } from '../compute/pool.ts';
import { randomBase62 } from '../ids.ts';
import { isVideo } from '../video/types.ts';
import type { SessionRecord } from './view.ts';
import { readResult } from './results.ts';
import type { JobDefinition } from '../jobs/worker.ts';
import { enqueue } from '../jobs/queue.ts';

export const RENDER_QUEUE = 'render_video' as const;

declare module '../jobs/queue.ts' {
  interface JobPayloads { render_video: { session_id: string } }
}

/**
 * Renders the analysed video of every video input of a session that lacks one, and points the
 * session's analyzed_video_url at the first. A failure to render leaves the results untouched.
 */
export function createVideoRenderer(deps: { db: Db; blobs: BlobStore; compute: ComputePool; log: Logger; onChanged?: (sessionId: string) => void }) {
  const { db, blobs } = deps;

  async function renderSession(session: SessionRecord, result: unknown, opts: { signal?: AbortSignal; onProgress?(share: number): void } = {}) {
    const rows = (await db.select().from(inputs).where(eq(inputs.sessionId, session.id)))
      .filter((r) => isVideo(r.contentType) && r.keypointsBlobKey);
    const existing = new Set((await db.select({ name: sessionFiles.name }).from(sessionFiles).where(eq(sessionFiles.sessionId, session.id))).map((f) => f.name));
    let first: string | null = null;
    for (const [i, row] of rows.entries()) {
      const name = `analyzed:${row.name}`;
      if (existing.has(name)) continue;
      const tmp = blobs.scratchFile('.mp4');
      try {
        // Drawn in a compute thread, on local copies of the video and its keypoints: every frame is painted on.
        await blobs.withLocalCopies([row.blobKey, row.keypointsBlobKey!], ([videoPath, keypointsPath]) => deps.compute.run('renderVideo', {
          kind: session.kind, inputName: row.name, options: session.options, result, videoPath, keypointsPath, outPath: tmp,
        }, { signal: opts.signal, onProgress: (n, total) => opts.onProgress?.((i + (total ? n / total : 0)) / rows.length) }));
        if (opts.signal?.aborted) return;
        const blob = await blobs.writeFile(tmp, 'out');
        const token = randomBase62(24);
        await db.insert(sessionFiles).values({ sessionId: session.id, name, blobKey: blob.key, contentType: 'video/mp4', size: blob.size, token })
          .onConflictDoNothing();
        first ??= token;
      } catch (err) {
        if (opts.signal?.aborted) return;
        deps.log.warn({ err, session_id: session.id, input: row.name }, 'rendering the analysed video failed');
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    }
    if (!first) return;
    // A new version of the session: readers that validate by `updated_at` (lists) see the change.
    await db.update(sessions).set({ analyzedVideoToken: first, updatedAt: new Date() }).where(eq(sessions.id, session.id));
    // A ready session rendered later changes (it gains analyzed_video_url): drop any cached copy.
    deps.onChanged?.(session.id);
  }

  return {
    renderSession,
    /**
     * Asks for the analysed video of a ready session that lacks one (a render failed, or the
     * session predates rendering): one render job per session waits at a time (its key), however
     * often this is asked.
     */
    async request(sessionId: string) {
      await enqueue(db, RENDER_QUEUE, { session_id: sessionId }, { maxAttempts: 3, key: sessionId });
    },
    /** The `render_video` job: for sessions analysed before their video was rendered. */
    job: {
      queue: RENDER_QUEUE,
      // Rendering is CPU work beside the analyses: one video at a time.
      slots: 1,
      backoffMs: () => 30_000,
      async handle(payload, ctx) {
        const [session] = await db.select().from(sessions).where(eq(sessions.id, payload.session_id));
        if (session?.status !== 'ready' || session.analyzedVideoToken) return;
        const result = await readResult(db, blobs, session.id);
        await renderSession(session, result?.data, { signal: ctx.signal });
      },
    } satisfies JobDefinition<typeof RENDER_QUEUE>,
  };
}

export type VideoRenderer = ReturnType<typeof createVideoRenderer>;
