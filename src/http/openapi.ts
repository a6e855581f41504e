import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ErrorSchema } from './schemas.ts';
import { errorBody } from './errors.ts';

/**
 * The API's description: one schema per route validates the request, documents the response, and
 * — with `checkResponses` (the test suite) — is checked against every JSON response the route
 * sends, so the document cannot drift from what clients receive. Responses are written with
 * JSON.stringify, not compiled from the schema: a schema that is wrong fails a test instead of
 * silently dropping or coercing a field.
 */

type Schema = Record<string, unknown>;

/** What each error status means on the routes that can answer it. */
const ERROR_MEANINGS: Record<number, string> = {
  400: 'A parameter or the body is invalid; `error.param` names the field',
  401: 'Missing, malformed, unknown or revoked API key',
  403: 'This key may not do this (a secret key in a web page, an origin not allowed)',
  404: 'No such object in this workspace and mode (or no such route)',
  409: 'The object is not in a state that allows this',
  413: 'The body is larger than this endpoint accepts',
  429: 'Too many requests; retry after the Retry-After header',
};

const errorResponse = (status: number) => ({ description: ERROR_MEANINGS[status], $ref: 'Error#' });

/** Adds the shared error responses a route can give, from what it takes (a key, path ids, a body). */
function withErrorResponses(route: RouteOptions) {
  const schema = (route.schema ??= {}) as Schema & { response?: Record<string, unknown> };
  const response = (schema.response ??= {}) as Record<string, unknown>;
  const codes = [400];
  if (route.config?.auth !== 'none') codes.push(401);
  if (schema.params) codes.push(404);
  if (schema.body) codes.push(413);
  for (const c of codes) response[c] ??= errorResponse(c);
  if (schema['x-raw-body']) response[413] ??= errorResponse(413);
  // Each success response says what it is (the schema objects are shared, so they are wrapped, not changed).
  for (const [code, entry] of Object.entries(response)) {
    const e = entry as Schema;
    if (code.startsWith('2') && !e.description) response[code] = { ...e, description: SUCCESS[code] ?? 'OK' };
  }
}

const SUCCESS: Record<string, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted: the work goes on in the background' };

export function documentRoute(route: RouteOptions) {
  const schema = route.schema as Schema | undefined;
  if (schema?.hide) return;
  if (!schema?.operationId) throw new Error(`Route ${route.method} ${route.url} has no operationId: every documented route needs one (src/http/openapi.ts).`);
  withErrorResponses(route);
}

export async function registerOpenApi(app: FastifyInstance) {
  app.addSchema(ErrorSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Debrief API', version: '1', description: 'Session analysis: create a session, upload its inputs, complete it, read the results.' },
      components: {
        securitySchemes: {
          basic: { type: 'http', scheme: 'basic', description: 'The API key as the user name, empty password (curl -u KEY:)' },
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'API-KEY <key>' },
        },
      },
      security: [{ basic: [] }, { bearer: [] }, { apiKey: [] }],
    },
    // Shared schemas keep their own names in components.schemas (Error, not def-0).
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string | undefined) ?? `def-${i}` },
    // A raw body (an upload of any type, a beacon's batch) is not validated as JSON by Fastify, so it is described here.
    transformObject: (document) => {
      const openapiObject = 'openapiObject' in document ? document.openapiObject : document.swaggerObject;
      for (const ops of Object.values((openapiObject.paths ?? {}) as Record<string, Record<string, Schema>>)) {
        for (const op of Object.values(ops)) {
          const raw = op['x-raw-body'] as string | { description: string; content: Schema } | undefined;
          if (!raw) continue;
          delete op['x-raw-body'];
          op.requestBody = typeof raw === 'string'
            ? { required: true, description: raw, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } }
            : { required: true, ...raw };
        }
      }
      return openapiObject;
    },
    // Public routes say so: no security requirement.
    transform: ({ schema, url, route }) => {
      if (route.config?.auth === 'none' && schema && !schema.hide) return { schema: { ...schema, security: [] } as typeof schema, url };
      return { schema, url };
    },
  });
}

/** The schema a response of this status and content type was documented with, if any. */
function documented(request: FastifyRequest, status: number, contentType: string): Schema | undefined {
  const responses = (request.routeOptions.schema as { response?: Record<string, Schema> } | undefined)?.response;
  if (!responses) return undefined;
  const entry = responses[status] ?? responses[`${String(status)[0]}xx`] ?? responses.default;
  if (!entry) return undefined;
  const content = entry.content as Record<string, { schema: Schema }> | undefined;
  if (content) return content[contentType.split(';')[0].trim()]?.schema;
  // The route's own object (its description is an annotation): the same one each time, so it is compiled once.
  return entry;
}

/** Checks every JSON response against its route's documented schema; a mismatch becomes a 500 naming it. */
export function installResponseChecks(app: FastifyInstance) {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats.default(ajv);
  ajv.addSchema(ErrorSchema);
  const compiled = new WeakMap<Schema, ValidateFunction>();
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.includes('json') || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const schema = documented(request, reply.statusCode, type);
    if (!schema) return payload;
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
    if (validate(JSON.parse(String(payload)))) return payload;
    const e = validate.errors![0];
    const message = `Response of ${request.method} ${request.routeOptions.url} (${reply.statusCode}) does not match its documented schema: ${e.instancePath || '(root)'} ${e.message}`;
    request.log.error({ errors: validate.errors }, message);
    reply.code(500);
    return JSON.stringify(errorBody(request, { type: 'api_error', code: 'response_schema_mismatch', message }));
  });
}
