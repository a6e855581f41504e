import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { BlobMissing, type BlobBackend, type ByteRange } from './blob-backend.ts';

/** Where the blobs live in S3-compatible object storage (AWS S3, MinIO, R2, SeaweedFS, …). */
export interface S3Settings {
  bucket: string;
  /** The service's URL; null for AWS S3 itself. */
  endpoint: string | null;
  region: string;
  /** Null uses the SDK's usual chain (AWS_ACCESS_KEY_ID, a profile, an instance role). */
  accessKeyId: string | null;
  secretAccessKey: string | null;
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key` (MinIO and most self-hosted servers). */
  forcePathStyle: boolean;
  /** Put before every key, so that one bucket can hold several deployments. */
  prefix: string;
  /** Downloads are redirected to a URL signed for this long; 0 streams them through the API. */
  presignSeconds: number;
}

const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

/** Blobs as objects in one bucket. The SDK is loaded on first use: the embedded default never loads it. */
export function s3Backend(settings: S3Settings): BlobBackend {
  const { bucket } = settings;
  const name = (key: string) => settings.prefix + key;
  let sdk: Promise<{ client: S3Client; s3: typeof import('@aws-sdk/client-s3') }> | null = null;
  const load = () => (sdk ??= import('@aws-sdk/client-s3').then((s3) => ({
    s3,
    client: new s3.S3Client({
      region: settings.region,
      endpoint: settings.endpoint ?? undefined,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
      // Checksums only where S3 requires them: many compatible servers do not speak the newer trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  })));
  const body = async (key: string, range?: ByteRange) => {
    const { client, s3 } = await load();
    try {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: name(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      return out.Body as Readable;
    } catch (err) {
      if (notFound(err)) throw new BlobMissing(key);
      throw err;
    }
  };

  return {
    name: 's3',
    async commit(file, key) {
      const { client, s3 } = await load();
      // From a file of known length: a single PUT (up to 5 GB), no multipart bookkeeping.
      const { size } = await fs.promises.stat(file);
      await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: name(key), Body: fs.createReadStream(file), ContentLength: size }));
      await fs.promises.rm(file, { force: true });
    },
    async put(key, bytes) {
      const { client, s3 } = await load();
      await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: name(key), Body: bytes, ContentLength: bytes.length }));
    },
    async get(key) {
      const chunks: Buffer[] = [];
      for await (const chunk of await body(key)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    async size(key) {
      const { client, s3 } = await load();
      try {
        return (await client.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: name(key) }))).ContentLength ?? 0;
      } catch (err) {
        if (notFound(err)) throw new BlobMissing(key);
        throw err;
      }
    },
    open: (key, range) => body(key, range),
    async copyTo(key, file) {
      await pipeline(await body(key), fs.createWriteStream(file, { flags: 'wx' }));
    },
    async remove(key) {
      const { client, s3 } = await load();
      await client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: name(key) }));
    },
    async presign(key, contentType) {
      if (!settings.presignSeconds) return null;
      const { client, s3 } = await load();
      const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
      return getSignedUrl(client, new s3.GetObjectCommand({ Bucket: bucket, Key: name(key), ResponseContentType: contentType }), { expiresIn: settings.presignSeconds });
    },
    async check() {
      const { client, s3 } = await load();
      try {
        await client.send(new s3.HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const why = status === 404 ? 'it does not exist' : status === 403 ? 'access is denied (check the credentials)' : (err as Error).message;
        throw new Error(`Object storage: cannot use bucket "${bucket}"${settings.endpoint ? ` at ${settings.endpoint}` : ''}: ${why}.`);
      }
    },
  };
}
