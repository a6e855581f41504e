import type { FastifyRequest } from 'fastify';
import type { RouteHost } from '../../kinds/kind.ts';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { recordAnswer } from '../idempotency.ts';
import { DebriefError, invalidRequest } from '../../errors.ts';
import { keyView, type Workspace } from '../../accounts/accounts.ts';
import { parseKey } from '../../accounts/keys.ts';
import { listOf } from '../../schemas.ts';

const Mode = Type.Union([Type.Literal('test'), Type.Literal('live')]);
const KeyType = Type.Union([Type.Literal('secret'), Type.Literal('publishable')]);

const ApiKeySchema = Type.Object({
  id: Type.String(), object: Type.Literal('api_key'), workspace: Type.String(), type: KeyType, livemode: Type.Boolean(),
  redacted: Type.String({ description: 'The key with its middle hidden, to recognise it by' }), imported: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }), revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const NewApiKeySchema = Type.Intersect([ApiKeySchema, Type.Object({ key: Type.String({ description: 'The key itself: shown only in this response, stored only as a hash' }) })]);

const WorkspaceQuery = Type.Object({
  workspace: Type.Optional(Type.String({ maxLength: 64, description: 'With the operator token of the data directory (the CLI): the workspace, by name' })),
}, { additionalProperties: false });
const CreateBody = Type.Object({
  mode: Type.Optional(Mode), type: Type.Optional(KeyType),
  prefix: Type.Optional(Type.String({ maxLength: 16, description: 'The part before _test_ or _live_ (default dbf; publishable keys are always pub)' })),
}, { additionalProperties: false });
const ImportBody = Type.Object({ key: Type.String({ minLength: 1, maxLength: 200, description: 'A key your clients already use elsewhere' }) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ maxLength: 200, description: 'The key id (key_…), or the key itself' }) });

const forbidden = (message: string) => new DebriefError(403, 'permission_error', 'live_key_required', message);
const denied = { description: 'A test key may not manage live keys', $ref: 'Error#' };

/**
 * The caller's workspace's API keys, so a running server can be managed without stopping it: with
 * a secret key (a test key manages test keys only, so a leaked test key cannot mint live access),
 * or with the data directory's operator token and `?workspace=NAME` (what the CLI does).
 */
export function apiKeyRoutes(app: RouteHost, ctx: AppContext) {
  const { accounts } = ctx;
  const config = { operator: true } as const;

  /** Whose keys: the caller key's workspace, or for the operator the one named (every one, where `any` allows). */
  async function caller(request: FastifyRequest, workspace: string | undefined): Promise<{ ws: Workspace; live: boolean }>;
  async function caller(request: FastifyRequest, workspace: string | undefined, any: true): Promise<{ ws: Workspace | null; live: boolean }>;
  async function caller(request: FastifyRequest, workspace: string | undefined, any = false) {
    if (request.operator) {
      if (!workspace && any) return { ws: null, live: true };
      if (!workspace) throw invalidRequest('parameter_missing', "The operator token manages any workspace's keys: name it with ?workspace=NAME.", 'workspace');
      return { ws: await accounts.workspaceByName(workspace), live: true };
    }
    const ws = await accounts.workspaceById(request.auth!.workspaceId);
    if (workspace && workspace !== ws.name) throw invalidRequest('parameter_invalid', `This key belongs to workspace '${ws.name}'; it manages only that workspace's keys.`, 'workspace');
    return { ws, live: request.auth!.livemode };
  }

  app.get('/v1/api_keys', {
    schema: { operationId: 'listApiKeys', summary: "The workspace's API keys (redacted), oldest first", tags: ['api keys'], querystring: WorkspaceQuery, response: { 200: listOf(ApiKeySchema) } },
    config,
  }, async (request) => {
    const { ws } = await caller(request, request.query.workspace, true);
    return { object: 'list', data: await accounts.listKeys(ws?.name), has_more: false };
  });

  app.post('/v1/api_keys', {
    schema: {
      operationId: 'createApiKey', summary: 'Create an API key; the response holds the key, shown only this once', tags: ['api keys'],
      querystring: WorkspaceQuery, body: CreateBody, response: { 201: NewApiKeySchema, 403: denied },
    },
    config,
  }, async (request, reply) => {
    const { ws, live } = await caller(request, request.query.workspace);
    const body = request.body ?? {};
    const mode = body.mode ?? (live ? 'live' : 'test');
    if (mode === 'live' && !live) throw forbidden('A test key creates test keys only: create live keys with a live key, or with `debrief keys create --mode live`.');
    return reply.code(201).send(await accounts.createKey({ workspace: ws.name, livemode: mode === 'live', type: body.type, prefix: body.prefix }, (tx, created) => recordAnswer(tx, request, 201, created)));
  });

  app.post('/v1/api_keys/import', {
    schema: {
      operationId: 'importApiKey', summary: 'Register a key your clients already use, so moving to Debrief keeps it', tags: ['api keys'],
      querystring: WorkspaceQuery, body: ImportBody, response: { 201: NewApiKeySchema, 403: denied, 409: { description: 'The key is already registered', $ref: 'Error#' } },
    },
    config,
  }, async (request, reply) => {
    const { ws, live } = await caller(request, request.query.workspace);
    const { key } = request.body;
    if (parseKey(key)?.livemode && !live) throw forbidden('A test key imports test keys only.');
    return reply.code(201).send(await accounts.importKey({ workspace: ws.name, key }, (tx, created) => recordAnswer(tx, request, 201, created)));
  });

  app.delete('/v1/api_keys/:id', {
    schema: {
      operationId: 'revokeApiKey', summary: 'Revoke an API key (within a few seconds it is refused everywhere)', tags: ['api keys'],
      querystring: WorkspaceQuery, params: IdParams, response: { 200: ApiKeySchema, 403: denied },
    },
    config,
  }, async (request) => {
    const { ws, live } = await caller(request, request.query.workspace, true);
    const { id } = request.params;
    const livemode = parseKey(id)?.livemode ?? (await accounts.listKeys(ws?.name)).find((k) => k.id === id)?.livemode;
    if (livemode && !live) throw forbidden('A test key may not revoke live keys.');
    const row = await accounts.revokeKey(id, ws?.id);
    return keyView(row, ws?.name ?? (await accounts.workspaceById(row.workspaceId)).name);
  });
}
