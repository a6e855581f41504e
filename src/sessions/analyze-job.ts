import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import type { BlobStore } from '../store/blobs.ts';
import { inputs, results, sessions } from '../store/schema.ts';
import { AnalysisFailed } from '../kinds/kind.ts';
import type { KindRegistry } from '../kinds/registry.ts';
import type { JobDefinition } from '../jobs/worker.ts';
import { exponentialBackoff } from '../jobs/worker.ts';
import type { Webhooks } from '../webhooks/service.ts';
import { ANALYZE_QUEUE } from './service.ts';
import { sessionView, type SessionRecord } from './view.ts';

/**
 * The `analyze` job: load the inputs, run the kind's pure analysis, store the result and mark
 * the session ready (or failed), emitting the webhook event in the same transaction.
 * Running it twice is harmless: a session that is no longer `processing` is left alone.
 */
export function analyzeJob(deps: { db: Db; blobs: BlobStore; kinds: KindRegistry; webhooks: Webhooks; log: Logger; onSettled?: (id: string) => void }): JobDefinition {
  const { db, blobs, kinds, webhooks } = deps;

  async function settle(sessionId: string, outcome: { result: unknown; version: string } | { error: { code: string; message: string } }) {
    await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const now = new Date();
      const patch = 'result' in outcome
        ? { status: 'ready' as const, progress: 1, error: null, completedAt: now, updatedAt: now }
        : { status: 'failed' as const, progress: null, error: outcome.error, completedAt: now, updatedAt: now };
      const [row] = await t.update(sessions).set(patch)
        .where(and(eq(sessions.id, sessionId), eq(sessions.status, 'processing'))).returning();
      if (!row) return;
      if ('result' in outcome) {
        await t.insert(results).values({ sessionId, analyzerVersion: outcome.version, data: outcome.result })
          .onConflictDoUpdate({ target: results.sessionId, set: { analyzerVersion: outcome.version, data: outcome.result, createdAt: now } });
      }
      const scope = { workspaceId: row.workspaceId, livemode: row.livemode };
      await webhooks.emit(t, scope, 'result' in outcome ? 'session.completed' : 'session.failed', row.id, sessionView(row));
    });
    deps.onSettled?.(sessionId);
  }

  async function handle(payload: Record<string, unknown>) {
    const sessionId = payload.session_id as string;
    const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
    if (!session || session.status !== 'processing') return;
    const kind = kinds.get(session.kind);
    const parsed = await loadInputs(session);
    try {
      const result = kind.analyze(parsed, session.options);
      await settle(sessionId, { result, version: kind.analyzerVersion });
    } catch (err) {
      if (!(err instanceof AnalysisFailed)) throw err;
      await settle(sessionId, { error: { code: err.code, message: err.message } });
    }
  }

  async function loadInputs(session: SessionRecord) {
    const kind = kinds.get(session.kind);
    const rows = await db.select().from(inputs).where(eq(inputs.sessionId, session.id));
    const parsed: Record<string, unknown> = {};
    for (const row of rows) {
      parsed[row.name] = kinds.inputFor(kind, row.name, session.options).parse(await blobs.read(row.blobKey), row.contentType);
    }
    return parsed;
  }

  return {
    queue: ANALYZE_QUEUE,
    handle,
    backoffMs: exponentialBackoff(2_000, 60_000),
    async onExhausted(payload, error) {
      deps.log.error({ err: error, session_id: payload.session_id }, 'analysis crashed on every attempt');
      await settle(payload.session_id as string, {
        error: { code: 'analysis_error', message: 'The analysis could not be completed. The inputs are kept; contact the operator with this session id.' },
      });
    },
  };
}
