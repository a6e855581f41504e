import { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import { DebriefError, invalidRequest } from '../errors.ts';

/**
 * An upload as clients actually send it: a raw body with its type, a raw body with none or a
 * generic one (`curl -T clip.mp4`, `--data-binary`, `application/octet-stream`), or an HTML form's
 * file part (`curl -F file=@clip.mp4`). The bytes are streamed, never held; a generic type is
 * told from the first bytes.
 */

/** Types that say nothing about the content: the first bytes tell it. */
const GENERIC = new Set(['', 'application/octet-stream', 'application/x-www-form-urlencoded', 'binary/octet-stream']);

/** The content type of a file from its first bytes, among those Debrief takes; null when it cannot be told. */
export function sniffType(head: Buffer): string | null {
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') return head.toString('latin1', 8, 12) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'video/webm';
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'application/json';
  if (text.startsWith('WEBVTT')) return 'text/vtt';
  if (/^\d+\r?\n\d{2}:\d{2}:\d{2},\d{3} --> /.test(text)) return 'application/x-subrip';
  return null;
}

/** The first `n` bytes of a stream (fewer if it ends), and the whole stream again, those bytes included. */
async function peek(body: Readable, n: number): Promise<{ head: Buffer; whole: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const it = body[Symbol.asyncIterator]();
  while (size < n) {
    const { value, done } = await it.next();
    if (done) break;
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value);
    chunks.push(chunk);
    size += chunk.length;
  }
  async function* rest() {
    yield* chunks;
    for (;;) {
      const { value, done } = await it.next();
      if (done) return;
      yield value as Buffer;
    }
  }
  return { head: Buffer.concat(chunks).subarray(0, n), whole: Readable.from(rest(), { objectMode: false }) };
}

/** The first file part of a multipart form, as a stream with its declared type; the other parts are skipped. */
function firstFilePart(contentType: string, body: Readable, maxBytes: number): Promise<{ type: string; body: Readable }> {
  return new Promise((resolve, reject) => {
    let found = false;
    const form = (() => {
      try {
        return new Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes + 1, fields: 20, fieldSize: 64 * 1024 } });
      } catch {
        return null;
      }
    })();
    if (!form) {
      body.resume();
      return reject(invalidRequest('body_malformed', 'The multipart body has no boundary: send the form as curl -F file=@clip.mp4 does.', 'body'));
    }
    form.on('file', (_field, stream, _name, _encoding, mimeType) => {
      if (found) return void stream.resume();
      found = true;
      resolve({ type: (mimeType ?? '').toLowerCase(), body: stream });
    });
    form.on('error', (err: Error) => { if (!found) reject(invalidRequest('body_malformed', `The multipart body is malformed: ${err.message}.`, 'body')); });
    form.on('finish', () => { if (!found) reject(invalidRequest('input_empty', 'The form has no file part: send the file as curl -F file=@clip.mp4 does.', 'body')); });
    body.pipe(form);
  });
}

/** The body to store and its content type, checked against what the input accepts. */
export async function uploadBody(name: string, contentType: string | undefined, body: Readable, accepted: string[], maxBytes: number): Promise<{ type: string; body: Readable }> {
  const full = contentType ?? '';
  let type = full.split(';')[0].trim().toLowerCase();
  let stream = body;
  if (type === 'multipart/form-data') ({ type, body: stream } = await firstFilePart(full, body, maxBytes));
  if (GENERIC.has(type)) {
    const { head, whole } = await peek(stream, 64);
    stream = whole;
    const sniffed = sniffType(head);
    if (sniffed && accepted.includes(sniffed)) type = sniffed;
    else {
      stream.resume();
      throw new DebriefError(415, 'invalid_request_error', 'content_type_unsupported',
        `Input '${name}' accepts ${accepted.join(', ')}; this upload came as '${type || 'no type'}' and its first bytes ${sniffed ? `look like ${sniffed}` : 'are none of those'}. Send it with its Content-Type.`, 'Content-Type');
    }
  }
  if (!accepted.includes(type)) {
    stream.resume();
    throw new DebriefError(415, 'invalid_request_error', 'content_type_unsupported',
      `Input '${name}' accepts Content-Type ${accepted.join(', ')}; got '${type || 'none'}'.`, 'Content-Type');
  }
  return { type, body: stream };
}
