import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BlobStore } from '../store/blobs.ts';

/**
 * Serves a blob with HTTP Range support, so browsers can seek in a video; or, when the object
 * store signs download URLs, redirects to one (the bytes then never pass through the API).
 */
export async function sendBlob(request: FastifyRequest, reply: FastifyReply, blobs: BlobStore, key: string, contentType: string) {
  const signed = await blobs.presign(key, contentType);
  if (signed) return reply.code(302).header('location', signed).header('cache-control', 'no-store').send();
  const size = await blobs.size(key);
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(request.headers.range ?? ''));
  const whole = !range || (range[1] === '' && range[2] === '');
  let start = 0, end = size - 1;
  if (!whole) {
    start = Math.max(0, range[1] === '' ? size - Number(range[2]) : Number(range[1]));
    end = Math.min(range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]), size - 1);
    if (start > end) return reply.code(416).header('accept-ranges', 'bytes').header('content-range', `bytes */${size}`).send();
  }
  // Opened before any header is set: a blob gone meanwhile answers a plain 404.
  const body = await blobs.stream(key, whole ? undefined : { start, end });
  reply.header('accept-ranges', 'bytes').header('content-type', contentType).header('cache-control', 'private, max-age=3600');
  if (whole) return reply.header('content-length', size).send(body);
  return reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`).header('content-length', end - start + 1).send(body);
}
