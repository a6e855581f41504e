import { Readable } from 'node:stream';
import type { RouteHost, TypedRequests } from '../../kinds/kind.ts';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { cachedListBody } from '../cached-list.ts';
import { recordAnswer } from '../idempotency.ts';
import { crashPoint } from '../../crash-points.ts';
import { scopeOf } from '../types.ts';
import { invalidRequest, notFound } from '../../errors.ts';
import { inputView, sessionView } from '../../sessions/view.ts';
import { InputSchema, Metadata, ResultSchema, SessionSchema } from '../schemas.ts';
import { binary, deletedOf, listOf } from '../../schemas.ts';
import { allowedFields } from '../../schema-hints.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const InputParams = Type.Object({ id: Type.String({ maxLength: 64 }), name: Type.String({ minLength: 1, maxLength: 200 }) });
const session = { id: 'session' } as const;
const KeypointsSchema = Type.Object({ format: Type.String(), fps: Type.Number(), frames: Type.Array(Type.Unknown()) }, { additionalProperties: true });

const CreateBody = Type.Object({
  kind: Type.String({ minLength: 1, maxLength: 64 }),
  user_id: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Integer({ minimum: 0, description: 'A number is kept as its digits (reference 000 sends 36)' })])),
  external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  metadata: Type.Optional(Metadata),
  options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: false });

const ListQuery = Type.Object({
  kind: Type.Optional(Type.String()),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')])),
  user_id: Type.Optional(Type.String()),
  'created[gte]': Type.Optional(Type.String()),
  'created[lte]': Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  starting_after: Type.Optional(Type.String()),
  ending_before: Type.Optional(Type.String()),
}, { additionalProperties: false });

/** Accepts unix seconds or an ISO 8601 date-time. */
function parseTime(value: string | undefined, param: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) throw invalidRequest('parameter_invalid', `'${param}' must be unix seconds or an ISO 8601 date-time.`, param);
  return date;
}

/** Ready and failed sessions no longer change (but for an analysed video appearing, which bumps `updated_at`). */
const settled = (status: string) => status === 'ready' || status === 'failed';

export function sessionRoutes(app: RouteHost, ctx: AppContext) {
  const { sessions } = ctx;
  // Ready and failed sessions change only when an analysed video appears (which drops them from
  // this cache), so their JSON is kept and served from memory.
  const cache = ctx.sessionCache;
  // A kind's setting sent beside `kind` instead of inside `options` is the usual first mistake.
  const optionNames = new Set(ctx.kinds.all().flatMap((k) => allowedFields(k.optionsSchema as Record<string, unknown>)));
  const optionHint = (field: string) => (optionNames.has(field)
    ? ` A kind's settings go inside options: {"kind": "…", "options": {"${field}": …}} (GET /v1/kinds lists each kind's options).` : undefined);

  app.post('/v1/sessions', {
    schema: { operationId: 'createSession', summary: 'Create a session', tags: ['sessions'], body: CreateBody, response: { 201: SessionSchema } },
    config: { unknownFieldHint: optionHint },
  }, async (request, reply) => {
    const body = request.body;
    const origin = ctx.origin();
    const row = await sessions.create(scopeOf(request.auth), { ...body, user_id: body.user_id === undefined ? undefined : String(body.user_id) },
      (tx, created) => recordAnswer(tx, request, 201, sessionView(created, origin)));
    crashPoint('session-created');
    return reply.code(201).send(sessionView(row, origin));
  });

  app.get('/v1/sessions', {
    schema: { operationId: 'listSessions', summary: 'List sessions, newest first', tags: ['sessions'], querystring: ListQuery, response: { 200: listOf(SessionSchema) } },
  }, async (request, reply) => {
    const q = request.query;
    if (q.starting_after && q.ending_before) throw invalidRequest('parameter_invalid', 'Use starting_after or ending_before, not both.', 'ending_before');
    const auth = request.auth!, scope = scopeOf(auth);
    const page = await sessions.listKeys(scope, {
      kind: q.kind, status: q.status, user_id: q.user_id, limit: q.limit ?? 10,
      createdGte: parseTime(q['created[gte]'], 'created[gte]'), createdLte: parseTime(q['created[lte]'], 'created[lte]'),
      starting_after: q.starting_after, ending_before: q.ending_before,
    });
    const origin = ctx.origin();
    const body = await cachedListBody(cache, auth, page, {
      version: (k) => (settled(k.status) ? k.updatedAt.getTime() : undefined),
      fetch: (ids) => sessions.getMany(scope, ids),
      versionOf: (row) => (settled(row.status) ? row.updatedAt.getTime() : undefined),
      serialize: (row) => JSON.stringify(sessionView(row, origin)),
    });
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.get('/v1/sessions/:id', {
    schema: { operationId: 'getSession', summary: 'Retrieve a session', tags: ['sessions'], params: IdParams, response: { 200: SessionSchema } },
    config: { scoped: session },
  }, async (request, reply) => {
    const { id } = request.params;
    const auth = request.auth!;
    const cached = cache.get(id, auth.workspaceId, auth.livemode);
    if (cached) return reply.type('application/json; charset=utf-8').send(cached);
    const row = await sessions.get(scopeOf(auth), id);
    const view = sessionView(row, ctx.origin());
    if (settled(row.status)) cache.set(id, auth.workspaceId, auth.livemode, JSON.stringify(view), row.updatedAt.getTime());
    return view;
  });

  app.delete('/v1/sessions/:id', {
    schema: { operationId: 'deleteSession', summary: 'Delete a session with its inputs, results and files', tags: ['sessions'], params: IdParams, response: { 200: deletedOf('session') } },
    config: { scoped: session },
  }, async (request) => {
    const { id } = request.params;
    await sessions.remove(scopeOf(request.auth), id);
    cache.delete(id);
    return { id, object: 'session', deleted: true };
  });

  app.post('/v1/sessions/:id/complete', {
    schema: { operationId: 'completeSession', summary: 'Close the session and start its analysis', tags: ['sessions'], params: IdParams, response: { 202: SessionSchema } },
    config: { scoped: session },
  }, async (request, reply) => {
    const { id } = request.params;
    const row = await sessions.complete(scopeOf(request.auth), id);
    return reply.code(202).send(sessionView(row, ctx.origin()));
  });

  app.get('/v1/sessions/:id/result', {
    schema: { operationId: 'getSessionResult', summary: "The kind's own analysis result", tags: ['sessions'], params: IdParams, response: { 200: ResultSchema } },
    config: { scoped: session },
  }, async (request) => {
    const { id } = request.params;
    const { session: s, result } = await sessions.result(scopeOf(request.auth), id);
    return { object: 'result', session_id: s.id, status: s.status, analyzer_version: result?.analyzerVersion ?? null, data: result?.data ?? null };
  });

  app.get('/v1/sessions/:id/inputs', {
    schema: { operationId: 'listInputs', summary: "List a session's inputs", tags: ['inputs'], params: IdParams, response: { 200: listOf(InputSchema) } },
    config: { scoped: session },
  }, async (request) => {
    const { id } = request.params;
    const rows = await sessions.listInputs(scopeOf(request.auth), id);
    return { object: 'list', data: rows.map(inputView), has_more: false };
  });

  app.get('/v1/sessions/:id/inputs/:name', {
    schema: { operationId: 'downloadInput', summary: 'Download an input as it was uploaded', tags: ['inputs'], params: InputParams, response: { 200: binary('The input, with the content type it was uploaded with', ['*/*']) } },
    config: { scoped: session },
  }, async (request, reply) => {
    const { id, name } = request.params;
    const row = await sessions.getInput(scopeOf(request.auth), id, name);
    // Opened first: a blob gone from the store answers a 404, not a response with the upload's headers.
    const body = await ctx.blobs.stream(row.blobKey);
    reply.header('content-type', row.contentType).header('content-length', row.size).header('digest', `sha-256=${Buffer.from(row.sha256, 'hex').toString('base64')}`);
    return reply.send(body);
  });

  app.get('/v1/sessions/:id/inputs/:name/keypoints', {
    schema: { operationId: 'downloadInputKeypoints', summary: 'Keypoints extracted from a video input (keypoints input format, coco17)', tags: ['inputs'], params: InputParams, response: { 200: { description: 'The keypoints document: {format, fps, frames}', content: { 'application/json': { schema: KeypointsSchema } } } } },
    config: { scoped: session },
  }, async (request, reply) => {
    const { id, name } = request.params;
    const row = await sessions.getInput(scopeOf(request.auth), id, name);
    if (!row.keypointsBlobKey) throw notFound('keypoints for input', name);
    return reply.type('application/json').send(await ctx.blobs.stream(row.keypointsBlobKey));
  });

  // Inputs are raw bodies of any type, streamed to disk: this scope parses nothing itself.
  app.register(async (plain) => {
    const raw = plain.withTypeProvider<TypedRequests>();
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    raw.put('/v1/sessions/:id/inputs/:name', {
      schema: {
        operationId: 'putInput', summary: 'Upload (or replace) an input; the body is the raw content', tags: ['inputs'], params: InputParams,
        'x-raw-body': 'The input as it is: a keypoints JSON document, a video (mp4, mov, webm), or a transcript (JSON, WebVTT, SRT)',
        response: { 201: Type.Intersect([InputSchema, Type.Object({ session_id: Type.String() })]) } },
      config: { scoped: session },
    }, async (request, reply) => {
      const { id, name } = request.params;
      const body = request.body;
      if (!(body instanceof Readable)) throw invalidRequest('input_empty', `Input '${name}' is empty: send its content as the request body.`, name);
      const length = request.headers['content-length'] ? Number(request.headers['content-length']) : undefined;
      const row = await sessions.putInput(scopeOf(request.auth), id, name, request.headers['content-type'], body, length);
      return reply.code(201).send({ ...inputView(row), session_id: id });
    });
  });
}
