/**
 * Errors are values with an HTTP status, a type, a stable code and a message a user can act on.
 * The HTTP layer maps them in one place (http/errors.ts).
 */
export type ErrorType =
  | 'authentication_error'
  | 'permission_error'
  | 'invalid_request_error'
  | 'idempotency_error'
  | 'not_found'
  | 'conflict'
  | 'rate_limit_error'
  | 'api_error';

export class DebriefError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

export const invalidRequest = (code: string, message: string, param?: string) =>
  new DebriefError(400, 'invalid_request_error', code, message, param);

export const notFound = (what: string, id: string) =>
  new DebriefError(404, 'not_found', 'resource_missing', `No such ${what}: '${id}'`);

export const conflict = (code: string, message: string) => new DebriefError(409, 'conflict', code, message);

/** A session's results were asked for before it was ready: 409, saying whether it is still running or failed. */
export const sessionNotReady = (s: { id: string; status: string; error?: { code: string; message: string } | null }) =>
  new DebriefError(409, 'conflict', s.status === 'failed' ? 'session_failed' : 'session_not_ready',
    s.status === 'failed'
      ? `Session ${s.id} failed (${s.error?.code}): ${s.error?.message ?? 'no result'}`
      : `Session ${s.id} is ${s.status}; results are available once it is ready (POST /v1/sessions/${s.id}/complete starts the analysis).`);

export const tooLarge = (message: string, param?: string) =>
  new DebriefError(413, 'invalid_request_error', 'payload_too_large', message, param);
