import pino from 'pino';

/** Request logs carry method, path and request id: never headers (keys), bodies, or capability tokens. */
// Capability URLs (/r/ report pages, /f/ files) carry their permission in the path.
const requestSerializer = (req: { method: string; url: string; id: string }) => ({
  method: req.method,
  url: req.url.replace(/\/(r|f)\/[A-Za-z0-9]+/, '/$1/[token]'),
  request_id: req.id,
});

export function createLogger(level: string) {
  return pino({
    level,
    serializers: { req: requestSerializer, err: pino.stdSerializers.err },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.secret', '*.key'], censor: '[redacted]' },
  });
}
