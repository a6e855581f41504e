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
  reply.header('accept-ranges', 'bytes').header('content-type', contentType).header('cache-control', 'private, max-age=3600');
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(request.headers.range ?? ''));
  if (!range || (range[1] === '' && range[2] === '')) return reply.header('content-length', size).send(await blobs.stream(key));
  let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
  let end = range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]);
  start = Math.max(0, start);
  end = Math.min(end, size - 1);
  if (start > end) return reply.code(416).header('content-range', `bytes */${size}`).send();
  return reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`).header('content-length', end - start + 1)
    .send(await blobs.stream(key, { start, end }));
}
