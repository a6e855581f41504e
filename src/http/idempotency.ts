import { createHash } from 'node:crypto';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../store/db.ts';
import { idempotencyKeys } from '../store/schema.ts';
import { DebriefError, conflict } from '../errors.ts';
import { randomBase62 } from '../ids.ts';


/**
 * `Idempotency-Key` on authenticated POSTs: the first response is stored for 24 h and replayed
 * for the same key and body; the same key with another body is a 409. A 5xx is not stored, so
 * the client's retry runs again. A key still marked in progress after `STALE_MS` belonged to a
 * request whose process died (no POST runs that long): the retry takes it over instead of a 409
 * for 24 hours. A route that creates something records its answer in the transaction that creates
 * it (`recordAnswer`), so a process killed between the two cannot leave a creation whose retry
 * creates it again.
 */
const STALE_MS = 120_000;

/** At start with the embedded database (one process): every key still in progress was cut off by a crash. */
export async function releaseAbandonedKeys(db: Db): Promise<number> {
  return (await db.delete(idempotencyKeys).where(isNull(idempotencyKeys.statusCode)).returning()).length;
}

export function installIdempotency(app: FastifyInstance, db: Db) {
  app.decorateRequest('idempotencyKey', null);

  // Only POST routes carry the hooks, so reads pay nothing for them.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST')) return;
    route.preHandler = [...toArray(route.preHandler), replay];
    route.onSend = [...toArray(route.onSend), remember];
  });

  async function replay(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers['idempotency-key'];
    if (!request.auth || header === undefined) return;
    const key = String(header);
    if (!key || key.length > 255) throw new DebriefError(400, 'invalid_request_error', 'idempotency_key_invalid', 'Idempotency-Key must be 1–255 characters.', 'Idempotency-Key');
    const hash = createHash('sha256').update(`${request.routeOptions.url}\n${JSON.stringify(request.params)}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const scope = and(eq(idempotencyKeys.workspaceId, request.auth.workspaceId), eq(idempotencyKeys.livemode, request.auth.livemode), eq(idempotencyKeys.key, key));
    // Expired keys are forgotten, so the key can be used afresh; so is one left in progress by a dead process.
    await db.delete(idempotencyKeys).where(and(scope, or(
      sql`${idempotencyKeys.createdAt} < now() - interval '24 hours'`,
      and(isNull(idempotencyKeys.statusCode), sql`${idempotencyKeys.createdAt} < now() - make_interval(secs => ${STALE_MS / 1000})`),
    )));
    const owner = randomBase62(16);
    const [mine] = await db.insert(idempotencyKeys).values({
      workspaceId: request.auth.workspaceId, livemode: request.auth.livemode, key, requestHash: hash, owner,
    }).onConflictDoNothing().returning();
    if (mine) { request.idempotencyKey = { key, owner, answered: false }; return; }
    const [stored] = await db.select().from(idempotencyKeys).where(scope);
    if (!stored) return; // removed between our two statements: run without replay protection
    if (stored.requestHash !== hash) {
      throw new DebriefError(409, 'idempotency_error', 'idempotency_key_reused',
        `Idempotency-Key '${key}' was already used with a different request. Use a new key for a new request.`);
    }
    if (stored.statusCode === null) throw conflict('idempotency_request_in_progress', `A request with Idempotency-Key '${key}' is still being processed; retry shortly.`);
    reply.header('Idempotent-Replayed', 'true').code(stored.statusCode).type('application/json');
    return reply.send(stored.body);
  }

  async function remember(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const claim = request.idempotencyKey;
    if (!claim || claim.answered || !request.auth) return payload;
    const held = and(keyOf(request.auth, claim.key), eq(idempotencyKeys.owner, claim.owner));
    if (reply.statusCode >= 500) await db.delete(idempotencyKeys).where(held);
    else await db.update(idempotencyKeys).set({ statusCode: reply.statusCode, body: typeof payload === 'string' ? payload : String(payload ?? '') }).where(held);
    return payload;
  }
}

const keyOf = (auth: { workspaceId: string; livemode: boolean }, key: string) =>
  and(eq(idempotencyKeys.workspaceId, auth.workspaceId), eq(idempotencyKeys.livemode, auth.livemode), eq(idempotencyKeys.key, key));

/**
 * Records a request's answer under its Idempotency-Key inside the transaction that creates what
 * it answers about: both commit, or neither. A retry after a crash then gets this answer, or (when
 * nothing committed) runs afresh once it takes the key over. A request that outlived a takeover
 * finds the key no longer its own, and its transaction is rolled back with a 409.
 */
export async function recordAnswer(tx: Tx, request: FastifyRequest, statusCode: number, answer: unknown) {
  const claim = request.idempotencyKey;
  if (!claim || !request.auth) return;
  const [kept] = await tx.update(idempotencyKeys).set({ statusCode, body: JSON.stringify(answer) })
    .where(and(keyOf(request.auth, claim.key), eq(idempotencyKeys.owner, claim.owner), isNull(idempotencyKeys.statusCode)))
    .returning({ key: idempotencyKeys.key });
  if (!kept) throw conflict('idempotency_request_in_progress', `A later request with Idempotency-Key '${claim.key}' took it over; this one was not applied. Retry to get its answer.`);
  claim.answered = true;
}

const toArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
