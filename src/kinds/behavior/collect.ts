import { unstorableAt } from '../../store/storable.ts';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DebriefError, invalidRequest, tooLarge } from '../../errors.ts';
import type { RouteHost, TypedRequests } from '../kind.ts';
import { EVENT_KINDS, eventProblem, type Batch } from './events.ts';
import type { BehaviorContext, BehaviorStore } from './store.ts';
import { queueAssessment } from './assess-job.ts';

/** A batch may hold at most this much JSON once decompressed, and this many events. */
const MAX_BATCH_JSON = 8 * 1024 * 1024;
const MAX_EVENTS = 50_000;
const SESSION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Reads and checks a batch; every problem names the field. */
/** What parseBatch accepts, for the API's description (each event is checked by eventProblem). */
const BATCH_SCHEMA = {
  type: 'object', required: ['session_id', 'seq', 'events'],
  properties: {
    session_id: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$', description: "The capture script's session id (sessionStorage rtSessionId)" },
    seq: { type: 'integer', minimum: 0, description: '0, 1, 2… per session: a retried batch carries the same number and is stored once' },
    user_id: { type: ['string', 'null'], maxLength: 200 },
    events: { type: 'array', items: { type: 'object', required: ['t', 'k'], properties: { t: { type: 'number', description: 'Unix milliseconds' }, k: { type: 'string', enum: [...EVENT_KINDS] } } } },
    replay: { type: 'array', items: {}, description: 'rrweb events for the replay, passed through as recorded' },
  },
};

export function parseBatch(raw: Buffer, gzipped: boolean): { batch: Batch; json: Buffer } {
  let json = raw;
  if (gzipped) {
    try {
      json = gunzipSync(raw, { maxOutputLength: MAX_BATCH_JSON });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(`A batch may hold at most ${MAX_BATCH_JSON} bytes of JSON once decompressed.`, 'body');
      throw invalidRequest('body_not_gzip', 'The body is not valid gzip data (enc=gzip or Content-Encoding: gzip was given).', 'body');
    }
  } else if (json.length > MAX_BATCH_JSON) {
    throw tooLarge(`A batch may hold at most ${MAX_BATCH_JSON} bytes of JSON.`, 'body');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw invalidRequest('body_malformed', `The batch is not valid JSON: ${(err as Error).message}`, 'body');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalidRequest('body_malformed', 'The batch must be a JSON object {session_id, seq, events, replay?}.', 'body');
  const b = doc as Record<string, unknown>;
  if (typeof b.session_id !== 'string' || !SESSION_ID.test(b.session_id)) throw invalidRequest('parameter_invalid', 'session_id must be 8–64 letters, digits, dashes or underscores.', 'session_id');
  // Debrief's own ids read a session too: a capture id shaped like one would shadow another session.
  if (b.session_id.startsWith('ses_')) throw invalidRequest('parameter_invalid', "session_id must not start with 'ses_' (Debrief's own session ids).", 'session_id');
  if (!Number.isInteger(b.seq) || (b.seq as number) < 0 || (b.seq as number) > 1e9) throw invalidRequest('parameter_invalid', 'seq must be a whole number from 0.', 'seq');
  if (b.user_id !== undefined && b.user_id !== null && (typeof b.user_id !== 'string' || b.user_id.length > 200 || unstorableAt(b.user_id, 'user_id'))) throw invalidRequest('parameter_invalid', 'user_id must be a string of at most 200 characters, without NUL or unpaired surrogates.', 'user_id');
  if (!Array.isArray(b.events)) throw invalidRequest('parameter_invalid', 'events must be an array.', 'events');
  if (b.replay !== undefined && !Array.isArray(b.replay)) throw invalidRequest('parameter_invalid', 'replay must be an array of rrweb events.', 'replay');
  if (b.events.length + ((b.replay as unknown[] | undefined)?.length ?? 0) > MAX_EVENTS) throw tooLarge(`A batch may hold at most ${MAX_EVENTS} events.`, 'events');
  for (let i = 0; i < b.events.length; i++) {
    const problem = eventProblem(b.events[i]);
    if (problem) throw invalidRequest('parameter_invalid', `events[${i}]: ${problem}.`, `events[${i}]`);
  }
  return { batch: { session_id: b.session_id, seq: b.seq as number, user_id: (b.user_id as string | undefined) ?? undefined, events: b.events as Batch['events'], replay: b.replay as unknown[] | undefined }, json };
}

/** A token bucket per key and client address. */
function rateLimiter(perSecond: number, burst: number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (id: string): number => {
    const now = Date.now();
    const b = buckets.get(id) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    if (buckets.size > 50_000) buckets.clear();
    buckets.set(id, b);
    if (b.tokens < 1) return Math.ceil((1 - b.tokens) / perSecond);
    b.tokens -= 1;
    return 0;
  };
}

/**
 * `POST /v1/collect`: the capture script's batches. Authenticated by a publishable key (in the
 * query string, as sendBeacon cannot set headers, or the Authorization header) and, for live keys,
 * by the page's origin. The body is text/plain (so browsers send it without a preflight), gzipped
 * when `enc=gzip`. The batch is stored before the answer.
 */
export function collectRoute(app: RouteHost, ctx: BehaviorContext, store: BehaviorStore) {
  const limit = rateLimiter(ctx.config.collectRatePerSecond, ctx.config.collectRateBurst);
  const origins = new Map<string, { at: number; allowed: string[] }>();

  async function allowedOrigins(workspaceId: string) {
    const hit = origins.get(workspaceId);
    if (hit && Date.now() - hit.at < 5000) return hit.allowed;
    const { allowedOrigins: allowed } = await ctx.workspace(workspaceId);
    origins.set(workspaceId, { at: Date.now(), allowed });
    return allowed;
  }

  const cors = (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  };

  app.register(async (plain) => {
    const scoped = plain.withTypeProvider<TypedRequests>();
    // Any body type, read as bytes: the route decodes it itself.
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.config.maxCollectBytes }, (_req, body, done) => done(null, body));

    scoped.options('/v1/collect', { config: { auth: 'none' }, schema: { hide: true } }, async (request, reply) => {
      cors(request, reply);
      return reply.code(204).header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type, content-encoding, authorization').header('access-control-max-age', '86400').send();
    });

    scoped.post('/v1/collect', {
      config: { auth: 'publishable' },
      schema: {
        operationId: 'collectBatch', summary: "The capture script's batches of behaviour and replay events (publishable key)", tags: ['behavior'],
        'x-raw-body': {
          description: 'A batch as JSON, or gzipped JSON with ?enc=gzip or Content-Encoding: gzip; sent as text/plain by sendBeacon',
          content: Object.fromEntries(['application/json', 'text/plain'].map((t) => [t, { schema: BATCH_SCHEMA }])),
        },
        response: {
          200: { type: 'object', required: ['ok', 'session_id', 'seq', 'duplicate'], properties: { ok: { const: true }, session_id: { type: 'string' }, seq: { type: 'integer' }, duplicate: { type: 'boolean', description: 'This batch had arrived before: nothing was stored twice' } } },
          403: { description: 'A secret key, or a live key from an origin not allowed', $ref: 'Error#' },
          429: { description: 'Too many batches from this address for this key', $ref: 'Error#' },
        },
        querystring: Type.Object({ key: Type.Optional(Type.String()), enc: Type.Optional(Type.Unsafe<'gzip' | ''>({ type: 'string', enum: ['gzip', ''] })) }),
      },
    }, async (request, reply) => {
      cors(request, reply);
      const auth = request.auth!;
      if (auth.keyType !== 'publishable') {
        throw new DebriefError(403, 'permission_error', 'publishable_key_required', 'Capture data is sent with a publishable key (pub_test_… or pub_live_…); never put a secret key in a web page.');
      }
      const wait = limit(`${auth.keyId}|${request.ip}`);
      if (wait) {
        reply.header('retry-after', String(wait));
        throw new DebriefError(429, 'rate_limit_error', 'rate_limited', `Too many batches from this address for this key; retry in ${wait} s.`);
      }
      if (auth.livemode) {
        const origin = request.headers.origin;
        if (!origin) throw new DebriefError(403, 'permission_error', 'origin_missing', 'A live publishable key is only accepted from a web page (with an Origin header) of an allowed origin.');
        if (!(await allowedOrigins(auth.workspaceId)).includes(origin)) {
          throw new DebriefError(403, 'permission_error', 'origin_not_allowed', `The origin ${origin} is not allowed for this workspace's live key. Add it with PATCH /v1/workspace {"allowed_origins": [...]}.`);
        }
      }
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw invalidRequest('body_missing', 'The batch is missing: send the JSON (or gzipped JSON) as the body.', 'body');
      const gzipped = request.query.enc === 'gzip' || request.headers['content-encoding'] === 'gzip';
      const { batch, json } = parseBatch(body, gzipped);
      const scope = { workspaceId: auth.workspaceId, livemode: auth.livemode };
      const stored = await store.ingest(scope, batch, gzipped ? body : gzipSync(json, { level: 1 }));
      if (!stored.duplicate) await queueAssessment(ctx, scope, stored.sessionId);
      return { ok: true, session_id: batch.session_id, seq: batch.seq, duplicate: stored.duplicate };
    });
  });
}
