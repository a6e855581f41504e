import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DebriefError } from '../errors.ts';
import { BlobMissing } from '../store/blob-backend.ts';
import { WWW_AUTHENTICATE } from './auth.ts';
import { allowedFieldsHint, allowedValuesHint } from '../schema-hints.ts';

/** Turns a schema validation failure into a message that names the field and says what is allowed. */
function describeValidation(err: FastifyError, request: FastifyRequest): { param: string; message: string } {
  const part = (err as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const schema = (request.routeOptions.schema as Record<string, Record<string, unknown> | undefined> | undefined)?.[part];
  const first = err.validation![0];
  const segments = first.instancePath.split('/').filter(Boolean);
  const path = segments.join('.');
  const what = part === 'querystring' ? 'query parameter' : 'field';
  if (first.keyword === 'required') {
    const field = [path, first.params.missingProperty].filter(Boolean).join('.');
    return { param: field, message: `Missing required ${what} '${field}'.` };
  }
  if (first.keyword === 'additionalProperties') {
    const unknown = String(first.params.additionalProperty);
    const field = [path, unknown].filter(Boolean).join('.');
    const hint = request.routeOptions.config?.unknownFieldHint?.(field) ?? '';
    return { param: field, message: `Unknown ${what} '${field}'.${allowedFieldsHint(schema, segments)}${hint}` };
  }
  // JSON sent as text/plain (a browser's fetch default, curl -d without -H) arrives as a string.
  if (part === 'body' && !path && typeof request.body === 'string') {
    return { param: 'body', message: `The body must be a JSON object sent with Content-Type: application/json (this request said '${request.headers['content-type'] ?? 'none'}').` };
  }
  const field = path || (part === 'body' ? 'body' : part);
  const allowed = allowedValuesHint(schema, segments);
  const message = allowed ? 'is not one of the allowed values' : first.message ?? 'is invalid';
  return { param: field, message: `Invalid ${what} '${field}': ${message}.${allowed}` };
}

export function errorBody(request: FastifyRequest, e: { type: string; code: string; message: string; param?: string }) {
  return { error: { type: e.type, code: e.code, message: e.message, ...(e.param ? { param: e.param } : {}), request_id: request.id } };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: DebriefError) {
  if (err.status === 401) reply.header('WWW-Authenticate', WWW_AUTHENTICATE);
  return reply.code(err.status).type('application/json').send(errorBody(request, err));
}

/** The one place errors become HTTP responses. Nothing a client sends turns into a 500. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DebriefError) return sendError(request, reply, error);
    // Its session was deleted between looking the file up and reading it.
    if (error instanceof BlobMissing) return sendError(request, reply, new DebriefError(404, 'not_found', 'resource_missing', 'No such file: its session was deleted.'));
    if (error.validation) {
      const { param, message } = describeValidation(error, request);
      return sendError(request, reply, new DebriefError(400, 'invalid_request_error', 'parameter_invalid', message, param));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(request, reply, new DebriefError(413, 'invalid_request_error', 'payload_too_large', 'The request body is larger than this endpoint accepts.'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(request, reply, new DebriefError(415, 'invalid_request_error', 'content_type_unsupported', `Send this request with Content-Type: application/json (got '${request.headers['content-type'] ?? 'none'}').`));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(request, reply, new DebriefError(400, 'invalid_request_error', 'body_missing', 'The request has Content-Type: application/json but an empty body.'));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(request, reply, new DebriefError(400, 'invalid_request_error', 'content_length_invalid', 'The Content-Length header does not match the body.'));
    }
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendError(request, reply, new DebriefError(400, 'invalid_request_error', 'body_malformed', `The body is not valid JSON: ${error.message}`, 'body'));
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return sendError(request, reply, new DebriefError(status, 'invalid_request_error', error.code?.toLowerCase() ?? 'request_invalid', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, new DebriefError(500, 'api_error', 'internal_error',
      `Something went wrong on our side. Retry later; if it persists, report request ${request.id}.`));
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new DebriefError(404, 'not_found', 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}. See /docs for the API.`)));
}
