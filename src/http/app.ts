import Fastify, { type FastifyBaseLogger } from 'fastify';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import client from 'prom-client';
import type { AppContext } from './context.ts';
import { installErrorHandling } from './errors.ts';
import { installIdempotency } from './idempotency.ts';
import { installSanitizing } from './sanitize.ts';
import { installSlowBodyGuard } from './slow-bodies.ts';
import { documentRoute, installResponseChecks, registerOpenApi } from './openapi.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { healthRoutes } from './routes/health.ts';
import { reportRoutes } from './routes/reports.ts';
import { videoRoutes } from './routes/videos.ts';
import { userRoutes } from './routes/users.ts';
import { workspaceRoutes } from './routes/workspace.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { isOperatorToken } from './auth.ts';
import { randomBase62 } from '../ids.ts';
import { Type } from 'typebox';
import { listOf } from '../schemas.ts';
import type { TypedRequests } from '../kinds/kind.ts';
import './types.ts';

/** Request ids: a random per-process prefix and a counter; unique, cheap, and not secret. */
function requestIds() {
  const prefix = `req_${randomBase62(10)}`;
  let n = 0;
  return () => `${prefix}${(++n).toString(36).padStart(6, '0')}`;
}

export interface RegisteredRoute { method: string; url: string; auth: 'secret' | 'publishable' | 'none'; scoped: Record<string, string> }

/** Bodies are never coerced (a number where a string belongs is an error); query strings are. */
function validatorCompiler() {
  const body = new Ajv({ allErrors: false, coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false });
  const rest = new Ajv({ allErrors: false, coerceTypes: 'array', removeAdditional: false, useDefaults: true, strict: false });
  addFormats.default(body);
  addFormats.default(rest);
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => (httpPart === 'body' ? body : rest).compile(schema);
}

export async function buildApp(ctx: AppContext) {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    genReqId: requestIds(),
    bodyLimit: ctx.config.maxJsonBytes,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Headers within 20 s; bodies are held to a minimum rate instead of a total time (slow-bodies.ts).
    requestTimeout: 0,
    http: { headersTimeout: 20_000 },
  }).withTypeProvider<TypedRequests>();
  app.setValidatorCompiler(validatorCompiler());
  // Responses are written as they are; their schemas document them and are checked in tests (openapi.ts).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // Many clients send Content-Type: application/json on every call: an empty body is no body.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    (body === '' ? done(null, undefined) : json(request, body as string, done)));
  installErrorHandling(app);
  installSanitizing(app);
  installSlowBodyGuard(app, ctx.config.bodyIdleMs);

  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    // Every route needs a secret key unless it says otherwise (the API explorer's pages are public).
    const auth = r.config?.auth ?? (r.url.startsWith('/docs') ? 'none' : 'secret');
    r.config = { ...r.config, auth };
    for (const m of methods) if (m !== 'HEAD') routes.push({ method: m, url: r.url, auth, scoped: r.config?.scoped ?? {} });
    documentRoute(r);
  });
  if (ctx.config.checkResponses) installResponseChecks(app);

  app.decorateRequest('auth', null);
  app.decorateRequest('operator', false);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('Request-Id', request.id);
    // No response is to be read as another type than it says, and no page of ours framed by another site.
    reply.header('x-content-type-options', 'nosniff');
    if (request.url.startsWith('/docs')) reply.header('x-frame-options', 'DENY');
    const mode = request.routeOptions.config?.auth;
    // A page's beacon cannot set headers: capture routes also take the publishable key as ?key=.
    const query = request.query;
    const queryKey = query && typeof query === 'object' && 'key' in query ? query.key : undefined;
    if (mode === 'publishable' && !request.headers.authorization && typeof queryKey === 'string' && queryKey) request.headers.authorization = `Bearer ${queryKey}`;
    if (request.routeOptions.config?.operator && isOperatorToken(request.headers.authorization, ctx.operatorToken)) {
      request.operator = true;
      return;
    }
    if (mode === 'secret' || mode === 'publishable') request.auth = await ctx.keyAuth.authenticate(request, mode);
  });

  const registry = new client.Registry();
  const latency = new client.Histogram({
    name: 'debrief_http_request_duration_seconds', help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status_code'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  // One labelled child per route and status, so an observation does not hash its labels each time.
  const series = new Map<string, client.Histogram.Internal<'method' | 'route' | 'status_code'>>();
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let child = series.get(key);
    if (!child) series.set(key, (child = latency.labels(request.method, route, String(reply.statusCode))));
    child.observe(reply.elapsedTime / 1000);
  });

  installIdempotency(app, ctx.database.db);

  await registerOpenApi(app);
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true });
  app.get('/openapi.json', { config: { auth: 'none' }, schema: { hide: true } }, async () => app.swagger());
  // The root points at the docs: a browser is sent there, a client told where they are.
  app.get('/', { config: { auth: 'none' }, schema: { hide: true } }, async (request, reply) => {
    if (String(request.headers.accept ?? '').includes('text/html')) return reply.redirect('/docs', 302);
    return { object: 'api', name: 'Debrief', docs: `${ctx.origin()}/docs`, openapi: `${ctx.origin()}/openapi.json`, kinds: ctx.kinds.names() };
  });

  healthRoutes(app, ctx, registry);
  sessionRoutes(app, ctx);
  webhookRoutes(app, ctx);
  reportRoutes(app, ctx);
  videoRoutes(app, ctx);
  userRoutes(app, ctx);
  workspaceRoutes(app, ctx);
  apiKeyRoutes(app, ctx);
  const KindSchema = Type.Object({ object: Type.Literal('kind'), name: Type.String(), description: Type.String(), options_schema: Type.Unknown({ description: 'JSON Schema of the options a session of this kind takes' }) });
  app.get('/v1/kinds', { schema: { operationId: 'listKinds', summary: 'Session kinds this server analyses', tags: ['sessions'], response: { 200: listOf(KindSchema) } } }, async () => ({
    object: 'list', has_more: false,
    data: ctx.kinds.all().map((k) => ({ object: 'kind', name: k.name, description: k.description, options_schema: k.optionsSchema })),
  }));
  // Each kind's own routes, on the ports of its sessions.
  for (const kind of ctx.kinds.all()) kind.routes?.(app, ctx.kindContext(kind.name));

  return Object.assign(app, { registeredRoutes: routes });
}
