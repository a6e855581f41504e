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

export const tooLarge = (message: string, param?: string) =>
  new DebriefError(413, 'invalid_request_error', 'payload_too_large', message, param);
