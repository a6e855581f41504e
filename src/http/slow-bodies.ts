import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

/**
 * Request bodies must keep coming: a client that sends less than `minBytes` in `windowMs` (a
 * slow-loris upload trickling a few bytes every few seconds) is cut off with a 408, so it holds no
 * connection, file or memory for long. Large uploads on slow links are fine: only progress counts,
 * not the total time (Node's own whole-request timeout is off for that reason, see app.ts).
 */
export function installSlowBodyGuard(app: FastifyInstance, windowMs: number, minBytes = 1024) {
  app.addHook('onRequest', async (request) => {
    const raw = request.raw;
    const length = Number(raw.headers['content-length'] ?? 0);
    if (!(length > 0) && !raw.headers['transfer-encoding']) return;
    const socket = raw.socket;
    // The socket's byte count is read, never the stream itself (a listener would take the body).
    let seen = socket.bytesRead;
    const timer = setInterval(() => {
      if (raw.complete || raw.destroyed) return clearInterval(timer);
      const now = socket.bytesRead;
      if (now - seen < minBytes) {
        clearInterval(timer);
        // The route is still waiting for the body, so the answer goes straight on the socket; closing
        // it ends the body stream, and the route's half-written upload is discarded as on any abort.
        const body = JSON.stringify(errorBody(request, {
          type: 'invalid_request_error', code: 'body_too_slow',
          message: `The request body stalled: less than ${minBytes} bytes in ${windowMs / 1000} s. Send it again.`,
        }));
        socket.end(`HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nRequest-Id: ${request.id}\r\nConnection: close\r\n\r\n${body}`, () => socket.destroy());
        request.log.info({ request_id: request.id }, 'request body too slow: cut off');
      }
      seen = now;
    }, windowMs);
    timer.unref();
    raw.once('close', () => clearInterval(timer));
  });
}
