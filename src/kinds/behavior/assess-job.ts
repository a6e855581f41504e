import type { AnyJobDefinition } from '../../jobs/worker.ts';
import { DebriefError } from '../../errors.ts';
import type { Scope } from '../../scope.ts';
import { createBehaviorStore, type BehaviorContext } from './store.ts';

/**
 * Behaviour sessions have no end to complete, so they are assessed in the background a moment after
 * their batches stop arriving; the first assessment that does not say `allow` sends a
 * `behavior.flagged` webhook (once per session: an event is emitted once per session and type).
 */
export const ASSESS_QUEUE = 'behavior_assess' as const;

declare module '../../jobs/queue.ts' {
  interface JobPayloads { behavior_assess: { session_id: string; workspace_id: string; livemode: boolean } }
}
/** Batches come every few seconds while a visitor is active: one assessment per pause, not per batch. */
const ASSESS_AFTER_MS = 3_000;

/**
 * Queues the session's assessment: one waits per session (the job's key), and a batch that arrives
 * while it runs gets it run once more.
 */
export const queueAssessment = (ctx: BehaviorContext, scope: Scope, sessionId: string) =>
  ctx.enqueue(ASSESS_QUEUE, { session_id: sessionId, workspace_id: scope.workspaceId, livemode: scope.livemode },
    { key: sessionId, maxAttempts: 3, runAt: new Date(Date.now() + ASSESS_AFTER_MS) });

export function behaviorJobs(ctx: BehaviorContext): AnyJobDefinition[] {
  const store = createBehaviorStore(ctx);
  return [{
    queue: ASSESS_QUEUE,
    async handle(payload) {
      const scope = { workspaceId: payload.workspace_id, livemode: payload.livemode };
      let assessed;
      try {
        assessed = await store.report(scope, payload.session_id);
      } catch (err) {
        if (err instanceof DebriefError && err.status === 404) return; // erased since
        throw err;
      }
      const { session, report } = assessed;
      if (report.recommended_action === 'allow') return;
      await ctx.emit(scope, 'behavior.flagged', session.id, {
        object: 'behavior_report', id: session.id, session_id: session.externalId ?? session.id, user_id: report.user_id ?? session.userId,
        risk_score: report.risk_score, recommended_action: report.recommended_action,
        failed_checks: report.failed_checks.map((c) => ({ check: c.check, id: c.id, timestamp: c.timestamp })),
      });
    },
    backoffMs: (attempt) => 2_000 * attempt,
  }];
}
