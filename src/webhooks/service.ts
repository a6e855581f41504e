import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db, DbOrTx, SqlClient, Tx } from '../store/db.ts';
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../store/schema.ts';
import { invalidRequest, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { enqueue } from '../jobs/queue.ts';
import type { JobDefinition } from '../jobs/worker.ts';
import type { Scope } from '../scope.ts';
import { newWebhookSecret, sign } from './signing.ts';
import { postWebhook, TargetRefused, targetProblem } from './targets.ts';

/** What every session emits; kinds add their own (kind.events). */
export const SESSION_EVENT_TYPES = ['session.completed', 'session.failed'] as const;
export const DELIVER_QUEUE = 'deliver_webhook' as const;

declare module '../jobs/queue.ts' {
  interface JobPayloads { deliver_webhook: { delivery_id: string } }
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type EventRow = typeof events.$inferSelect;

export const endpointView = (e: EndpointRow) => ({
  id: e.id, object: 'webhook_endpoint' as const, url: e.url, events: e.events, livemode: e.livemode,
  created_at: e.createdAt.toISOString(),
});

export const eventView = (e: EventRow) => ({
  id: e.id, object: 'event' as const, type: e.type, created: Math.floor(e.createdAt.getTime() / 1000),
  livemode: e.livemode, data: e.data,
});

/** A new endpoint as its creation answers it: with its signing secret, shown this once. */
export type NewEndpoint = ReturnType<typeof endpointView> & { secret: string };

export const attemptView = (a: typeof webhookAttempts.$inferSelect) => ({
  id: `wha_${a.id}`, object: 'webhook_attempt' as const, endpoint_id: a.endpointId, event_id: a.eventId,
  attempt_number: a.attemptNumber, status_code: a.statusCode, error: a.error, duration_ms: a.durationMs,
  response_headers: a.responseHeaders ?? {}, attempted_at: a.attemptedAt.toISOString(),
});

async function checkUrl(url: string, allowPrivate: boolean) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest('url_invalid', `'${url}' is not a valid URL.`, 'url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalidRequest('url_invalid', 'Webhook URLs must use http or https.', 'url');
  if (parsed.username || parsed.password) throw invalidRequest('url_invalid', 'Webhook URLs must not contain credentials.', 'url');
  const problem = await targetProblem(parsed, allowPrivate);
  if (problem) throw invalidRequest('url_not_allowed', `Webhook URLs must reach a public address: ${problem}. (An operator can allow internal receivers with DEBRIEF_WEBHOOK_ALLOW_PRIVATE=true.)`, 'url');
}

export interface WebhookOptions {
  retryScheduleMs: number[]; timeoutMs: number; allowPrivate: boolean; slots?: number;
  /** Every event type an endpoint can subscribe to: the sessions' and the kinds' own. */
  eventTypes: readonly string[];
}

/** Webhook endpoints, events, and their signed, retried delivery. */
export function createWebhooks(db: Db, sql: SqlClient, opts: WebhookOptions) {
  function checkEventTypes(types: string[]) {
    const unknown = types.filter((e) => !opts.eventTypes.includes(e) && e !== '*');
    if (unknown.length) throw invalidRequest('event_type_unknown', `Unknown event type '${unknown[0]}'. Known types: ${opts.eventTypes.join(', ')} (or '*').`, 'events');
  }

  /** Checks the URL (off any transaction: it may ask DNS) and the events, then creates the endpoint; `alsoInTx` runs in its transaction. */
  async function createEndpoint(scope: Scope, body: { url: string; events: string[] }, alsoInTx?: (tx: Tx, created: NewEndpoint) => Promise<void>) {
    await checkUrl(body.url, opts.allowPrivate);
    checkEventTypes(body.events);
    return db.transaction(async (tx) => {
      const [row] = await tx.insert(webhookEndpoints).values({
        id: newId('we'), workspaceId: scope.workspaceId, livemode: scope.livemode, url: body.url,
        events: [...new Set(body.events)], secret: newWebhookSecret(),
      }).returning();
      const created = { ...endpointView(row), secret: row.secret };
      await alsoInTx?.(tx, created);
      return created;
    });
  }

  const inScope = (scope: Scope, id: string) =>
    and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.workspaceId, scope.workspaceId), eq(webhookEndpoints.livemode, scope.livemode));

  async function getEndpoint(scope: Scope, id: string) {
    const [row] = await db.select().from(webhookEndpoints).where(inScope(scope, id));
    if (!row) throw notFound('webhook endpoint', id);
    return row;
  }

  const listEndpoints = (scope: Scope) => db.select().from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, scope.workspaceId), eq(webhookEndpoints.livemode, scope.livemode)))
    .orderBy(desc(webhookEndpoints.createdAt));

  /** Changes an endpoint's URL or events (its secret stays; deliveries already queued go to the new URL). */
  async function updateEndpoint(scope: Scope, id: string, body: { url?: string; events?: string[] }) {
    await getEndpoint(scope, id);
    if (body.url !== undefined) await checkUrl(body.url, opts.allowPrivate);
    if (body.events !== undefined) checkEventTypes(body.events);
    const set = { ...(body.url !== undefined ? { url: body.url } : {}), ...(body.events !== undefined ? { events: [...new Set(body.events)] } : {}) };
    if (!Object.keys(set).length) return getEndpoint(scope, id);
    const [row] = await db.update(webhookEndpoints).set(set).where(inScope(scope, id)).returning();
    return row;
  }

  /** Queues a delivery of an event to an endpoint; one delivered (or given up) before starts a new round of attempts. */
  async function queueDelivery(tx: DbOrTx, endpointId: string, eventId: string) {
    const [row] = await tx.insert(webhookDeliveries).values({ id: newId('whd'), endpointId, eventId, nextAttemptAt: new Date() })
      .onConflictDoUpdate({ target: [webhookDeliveries.endpointId, webhookDeliveries.eventId], set: { status: 'pending', attempts: 0, nextAttemptAt: new Date() } })
      .returning({ id: webhookDeliveries.id });
    await enqueue(tx, DELIVER_QUEUE, { delivery_id: row.id }, { maxAttempts: opts.retryScheduleMs.length + 1 });
  }

  /** A `webhook.test` event sent to this endpoint alone, signed like any other: to check a receiver. */
  async function sendTest(scope: Scope, endpointId: string) {
    const ep = await getEndpoint(scope, endpointId);
    return db.transaction(async (tx) => {
      const [event] = await tx.insert(events).values({
        id: newId('evt'), workspaceId: scope.workspaceId, livemode: scope.livemode, type: 'webhook.test',
        // Not a session's event: a key of its own, so the one-event-per-session-and-type rule never merges two tests.
        sessionId: `whtest_${newId('t')}`,
        data: { object: { id: ep.id, object: 'webhook_endpoint', url: ep.url, message: 'A test event from Debrief: your endpoint received and can verify it.' } },
      }).returning();
      await queueDelivery(tx, ep.id, event.id);
      return event;
    });
  }

  /** Delivers an event again, as new deliveries with their own retries: to one endpoint, or to every endpoint subscribed to it now. */
  async function resend(scope: Scope, eventId: string, endpointId?: string) {
    const event = await getEvent(scope, eventId);
    const targets = endpointId ? [await getEndpoint(scope, endpointId)]
      : (await listEndpoints(scope)).filter((e) => e.events.includes(event.type) || e.events.includes('*'));
    await db.transaction(async (tx) => { for (const ep of targets) await queueDelivery(tx, ep.id, event.id); });
    return { event, endpoints: targets.map((e) => e.id) };
  }

  /** Removes the events of these sessions (an erasure: their payloads hold the sessions), with their deliveries. */
  async function removeSessionEvents(scope: Scope, sessionIds: string[]) {
    if (!sessionIds.length) return;
    await db.delete(events).where(and(eq(events.workspaceId, scope.workspaceId), eq(events.livemode, scope.livemode), inArray(events.sessionId, sessionIds)));
  }

  async function deleteEndpoint(scope: Scope, id: string) {
    const row = await getEndpoint(scope, id);
    await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    return row;
  }

  async function listAttempts(scope: Scope, endpointId: string, limit: number, startingAfter?: number) {
    await getEndpoint(scope, endpointId);
    const rows = await db.select().from(webhookAttempts)
      .where(and(eq(webhookAttempts.endpointId, endpointId), startingAfter ? lt(webhookAttempts.id, startingAfter) : undefined))
      .orderBy(desc(webhookAttempts.id)).limit(limit + 1);
    return { data: rows.slice(0, limit), has_more: rows.length > limit };
  }

  async function listEvents(scope: Scope, limit: number, startingAfter?: string) {
    let seqBefore: number | undefined;
    if (startingAfter) {
      const [c] = await db.select({ seq: events.seq }).from(events).where(and(eq(events.id, startingAfter), eq(events.workspaceId, scope.workspaceId), eq(events.livemode, scope.livemode)));
      if (!c) throw invalidRequest('cursor_invalid', `No such event: '${startingAfter}'`, 'starting_after');
      seqBefore = c.seq;
    }
    // Ids only: events never change, so a list serves the ones it has serialised before (eventsByIds
    // reads the rest). Plain SQL: on a busy list the query builder costs as much as the query.
    const { rows } = await sql.query<{ id: string }>(
      `SELECT id FROM events WHERE workspace_id = $1 AND livemode = $2${seqBefore ? ' AND seq < $4' : ''} ORDER BY seq DESC LIMIT $3`,
      seqBefore ? [scope.workspaceId, scope.livemode, limit + 1, seqBefore] : [scope.workspaceId, scope.livemode, limit + 1]);
    return { data: rows.slice(0, limit), has_more: rows.length > limit };
  }

  async function eventsByIds(scope: Scope, ids: string[]) {
    return db.select().from(events).where(and(eq(events.workspaceId, scope.workspaceId), eq(events.livemode, scope.livemode), inArray(events.id, ids)));
  }

  async function getEvent(scope: Scope, id: string) {
    const [row] = await db.select().from(events).where(and(eq(events.id, id), eq(events.workspaceId, scope.workspaceId), eq(events.livemode, scope.livemode)));
    if (!row) throw notFound('event', id);
    return row;
  }

  /**
   * Records the event and queues one delivery per subscribed endpoint, inside the caller's
   * transaction. A session emits each event type once, however often its job runs.
   */
  async function emit(tx: DbOrTx, scope: Scope, type: string, sessionId: string, object: unknown) {
    const [event] = await tx.insert(events).values({
      id: newId('evt'), workspaceId: scope.workspaceId, livemode: scope.livemode, type, sessionId, data: { object },
    }).onConflictDoNothing().returning();
    if (!event) return null;
    const endpoints = await tx.select().from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.workspaceId, scope.workspaceId), eq(webhookEndpoints.livemode, scope.livemode)));
    for (const ep of endpoints.filter((e) => e.events.includes(type) || e.events.includes('*'))) await queueDelivery(tx, ep.id, event.id);
    return event;
  }

  async function deliver(deliveryId: string) {
    const [row] = await db.select({ d: webhookDeliveries, e: events, ep: webhookEndpoints }).from(webhookDeliveries)
      .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, deliveryId));
    if (!row || row.d.status === 'succeeded') return; // endpoint deleted, or already delivered
    const body = JSON.stringify(eventView(row.e));
    const timestamp = Math.floor(Date.now() / 1000);
    const attemptNumber = row.d.attempts + 1;
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let responseHeaders: Record<string, string> | null = null;
    try {
      const res = await postWebhook(row.ep.url, {
        'content-type': 'application/json',
        'user-agent': 'Debrief-Webhooks/1',
        'webhook-id': row.e.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(row.ep.secret, row.e.id, timestamp, body),
      }, body, opts.timeoutMs, opts.allowPrivate);
      statusCode = res.status;
      responseHeaders = res.headers;
      if (res.status < 200 || res.status >= 300) error = `endpoint answered ${res.status}`;
    } catch (err) {
      const e = err as Error;
      error = e instanceof TargetRefused || (e as { cause?: unknown }).cause instanceof TargetRefused ? `refused: ${e.message}`
        : e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${opts.timeoutMs} ms` : `could not connect: ${e.message}`;
    }
    const ok = error === null;
    const retryIn = opts.retryScheduleMs[attemptNumber - 1];
    await db.insert(webhookAttempts).values({
      deliveryId, endpointId: row.ep.id, eventId: row.e.id, attemptNumber, statusCode, error, durationMs: Date.now() - started, responseHeaders,
    });
    await db.update(webhookDeliveries).set({
      attempts: attemptNumber,
      status: ok ? 'succeeded' : retryIn === undefined ? 'failed' : 'pending',
      nextAttemptAt: ok || retryIn === undefined ? null : new Date(Date.now() + retryIn),
    }).where(eq(webhookDeliveries.id, deliveryId));
    if (!ok) throw new Error(error!);
  }

  const deliveryJob: JobDefinition<typeof DELIVER_QUEUE> = {
    queue: DELIVER_QUEUE,
    // Deliveries wait on other people's servers, in slots of their own: a receiver that never
    // answers holds a delivery slot for the timeout, never an analysis slot.
    slots: opts.slots,
    handle: (payload) => deliver(payload.delivery_id),
    backoffMs: (attempt) => opts.retryScheduleMs[attempt - 1] ?? opts.retryScheduleMs[opts.retryScheduleMs.length - 1],
  };

  return { createEndpoint, getEndpoint, listEndpoints, updateEndpoint, sendTest, resend, removeSessionEvents, deleteEndpoint, listAttempts, listEvents, eventsByIds, getEvent, emit, deliveryJob };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
