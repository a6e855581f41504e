import pino from 'pino';

/**
 * A URL as logged: the path with capability tokens masked (report pages /r/, files /f/, replays
 * /replay/ carry their permission in the path) and the query string dropped (a key may ride in
 * `?key=`, and collect's publishable key always does).
 */
export const loggableUrl = (url: string) => {
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q)).replace(/\/(r|f|replay)\/[A-Za-z0-9]+/g, '/$1/[token]');
  return q === -1 ? path : `${path}?[query]`;
};

/** Request logs carry method, path and request id: never headers (keys), bodies, query strings or capability tokens. */
const requestSerializer = (req: { method: string; url: string; id: string }) => ({
  method: req.method,
  url: loggableUrl(req.url),
  request_id: req.id,
});

/** Errors without the parameters of a failed query (user strings, gzipped batches): the SQL and the cause are enough. */
export const errSerializer = (err: Error) => {
  const out: Record<string, unknown> = { ...pino.stdSerializers.err(err) };
  const strip = (m: unknown) => (typeof m === 'string' ? m.replace(/\nparams:[\s\S]*?(?=\n\s+at |$)/, '\nparams: [redacted]') : m);
  out.message = strip(out.message);
  out.stack = strip(out.stack);
  delete out.params;
  if (out.cause && typeof out.cause === 'object') (out.cause as Record<string, unknown>).message = strip((out.cause as Record<string, unknown>).message);
  return out;
};

export function createLogger(level: string) {
  return pino({
    level,
    serializers: { req: requestSerializer, err: errSerializer },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.secret', '*.key'], censor: '[redacted]' },
  });
}
