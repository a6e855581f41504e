import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import type { BlobStore } from '../store/blobs.ts';
import { inputs, results, sessions } from '../store/schema.ts';
import type { KindServices } from '../kinds/kind.ts';
import { AnalysisFailed } from '../analysis-errors.ts';
import type { KindRegistry } from '../kinds/registry.ts';
import type { JobContext, JobDefinition } from '../jobs/worker.ts';
import { isVideo } from '../video/types.ts';
import type { VideoRenderer } from './videos.ts';
import { exponentialBackoff } from '../jobs/worker.ts';
import type { Webhooks } from '../webhooks/service.ts';
import { ANALYZE_QUEUE } from './service.ts';
import { sessionView, type SessionRecord } from './view.ts';
import { storable } from '../store/storable.ts';
import type { ComputePool } from '../compute/pool.ts';
import type { InputBody } from '../kinds/context.ts';
import { resultColumns, storedResult, type StoredResult } from './results.ts';

/**
 * The `analyze` job: load the inputs, run the kind's pure analysis, store the result and mark
 * the session ready (or failed), emitting the webhook event in the same transaction.
 * Running it twice is harmless: a session that is no longer `processing` is left alone.
 */
export function analyzeJob(deps: { db: Db; blobs: BlobStore; kinds: KindRegistry; compute: ComputePool; webhooks: Webhooks; renderer: VideoRenderer; log: Logger; origin: () => string; services: KindServices }): JobDefinition<typeof ANALYZE_QUEUE> {
  const { db, blobs, kinds, webhooks } = deps;

  async function settle(sessionId: string, outcome: { stored: StoredResult; version: string } | { error: { code: string; message: string } }) {
    // A large result's file is written first; it is dropped again if the session moved on.
    const columns = 'stored' in outcome ? await resultColumns(blobs, outcome.stored) : null;
    const replaced = await db.transaction(async (t) => {
      const now = new Date();
      const patch = 'stored' in outcome
        ? { status: 'ready' as const, progress: 1, error: null, completedAt: now, updatedAt: now }
        : { status: 'failed' as const, progress: null, error: outcome.error, completedAt: now, updatedAt: now };
      const [row] = await t.update(sessions).set(patch)
        .where(and(eq(sessions.id, sessionId), eq(sessions.status, 'processing'))).returning();
      if (!row) return columns?.blobKey ?? null;
      let old: string | null = null;
      if ('stored' in outcome && columns) {
        const [previous] = await t.select({ blobKey: results.blobKey }).from(results).where(eq(results.sessionId, sessionId));
        old = previous?.blobKey ?? null;
        const values = { analyzerVersion: outcome.version, data: columns.data, blobKey: columns.blobKey };
        await t.insert(results).values({ sessionId, ...values })
          .onConflictDoUpdate({ target: results.sessionId, set: { ...values, createdAt: now } });
      }
      const scope = { workspaceId: row.workspaceId, livemode: row.livemode };
      await webhooks.emit(t, scope, 'stored' in outcome ? 'session.completed' : 'session.failed', row.id, sessionView(row, deps.origin()));
      return old;
    });
    // The blob of a result no longer used: the one replaced, or the one this attempt wrote in vain.
    if (replaced) await blobs.remove(replaced);
    lastProgress.delete(sessionId);
  }

  async function handle(payload: { session_id: string }, ctx: JobContext) {
    const sessionId = payload.session_id;
    const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
    if (session?.status !== 'processing') return;
    const kind = kinds.get(session.kind);
    try {
      const { stored, fromVideo } = await loadInputs(session, ctx);
      if (ctx.signal.aborted) return;
      // Parsed and analysed in a compute thread, from local copies of the inputs: a long recording
      // does not stall the API. The value is needed here only to refine it or to draw it on the analysed video.
      const analysed = await blobs.withLocalCopies(stored.map((s) => s.key), (paths) => deps.compute.run('analyze', {
        kind: kind.name, options: session.options, resolved: session.resolved, fromVideo, keepResult: Boolean(kind.refine || fromVideo), keepInputs: Boolean(kind.refine),
        inputs: stored.map((s, i): InputBody => ({ name: s.name, path: paths[i], contentType: s.contentType })),
      }));
      if (ctx.signal.aborted) return;
      let result = analysed.result;
      if (kind.refine) result = await kind.refine(result, analysed.parsed!, session.resolved ?? undefined, deps.services);
      // The analysed video is ready with the results (its progress is the last 30 %).
      if (fromVideo) await deps.renderer.renderSession(session, result, { signal: ctx.signal, onProgress: (p) => setProgress(sessionId, 0.7 + 0.28 * p) });
      if (ctx.signal.aborted) return;
      await settle(sessionId, { stored: analysed.stored ?? storedResult(storable(result)), version: kind.analyzerVersion });
    } catch (err) {
      if (!(err instanceof AnalysisFailed)) throw err;
      await settle(sessionId, { error: { code: err.code, message: err.message } });
    }
  }

  /** Every input's blob; a video is first turned into keypoints (kept, so a retry reuses them). */
  async function loadInputs(session: SessionRecord, ctx: JobContext) {
    const rows = await db.select().from(inputs).where(eq(inputs.sessionId, session.id));
    const videos = rows.filter((r) => isVideo(r.contentType) && !r.keypointsBlobKey);
    const stored: { name: string; key: string; contentType: string }[] = [];
    // The input whose keypoints were read from a video: they say which pose model read it.
    let fromVideo: string | null = null;
    let done = 0;
    for (const row of rows) {
      let keypointsKey = row.keypointsBlobKey;
      if (isVideo(row.contentType) && !keypointsKey) {
        const share = 0.7 / videos.length;
        const model = (session.options as { pose_model?: 'accurate' | 'fast' }).pose_model ?? 'accurate';
        keypointsKey = await extractVideo(session.id, row.name, row.blobKey, model, ctx, (p) => setProgress(session.id, (done + p) * share));
        done++;
      }
      if (keypointsKey) fromVideo = row.name;
      stored.push({ name: row.name, key: keypointsKey ?? row.blobKey, contentType: keypointsKey ? 'application/json' : row.contentType });
    }
    return { stored, fromVideo };
  }

  async function extractVideo(sessionId: string, name: string, videoKey: string, model: 'accurate' | 'fast', ctx: JobContext, progress: (share: number) => void) {
    // Loaded on first use: processes that never see a video never load the pose model.
    const { extractKeypoints } = await import('../video/extract.ts');
    const { VideoUnusable } = await import('../video/probe.ts');
    let doc;
    try {
      ({ doc } = await blobs.withLocalCopies([videoKey], ([file]) =>
        extractKeypoints(file, { model, signal: ctx.signal, onProgress: (n, total) => progress(total ? Math.min(1, n / total) : 0) })));
    } catch (err) {
      if (err instanceof VideoUnusable) throw new AnalysisFailed(err.code, `Input '${name}': ${err.message}`);
      throw err;
    }
    const blob = await blobs.writeBuffer(Buffer.from(JSON.stringify(doc)), 'kp');
    await db.update(inputs).set({ keypointsBlobKey: blob.key }).where(and(eq(inputs.sessionId, sessionId), eq(inputs.name, name)));
    return blob.key;
  }

  // Progress is written at most twice a second per session.
  const lastProgress = new Map<string, number>();
  function setProgress(sessionId: string, progress: number) {
    if (Date.now() - (lastProgress.get(sessionId) ?? 0) < 500) return;
    lastProgress.set(sessionId, Date.now());
    db.update(sessions).set({ progress: Math.round(progress * 1000) / 1000 })
      .where(and(eq(sessions.id, sessionId), eq(sessions.status, 'processing'))).catch((err) => deps.log.warn({ err, session_id: sessionId }, 'could not record progress'));
  }

  return {
    queue: ANALYZE_QUEUE,
    handle,
    backoffMs: exponentialBackoff(2_000, 60_000),
    async onExhausted(payload, error) {
      deps.log.error({ err: error, session_id: payload.session_id }, 'analysis crashed on every attempt');
      await settle(payload.session_id, {
        error: { code: 'analysis_error', message: 'The analysis could not be completed. The inputs are kept; contact the operator with this session id.' },
      });
    },
  };
}
