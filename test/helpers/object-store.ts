import { randomBase62 } from '../../src/ids.ts';
import type { S3Settings } from '../../src/store/blobs-s3.ts';

/** The S3-compatible server scripts/test.mjs started (scripts/s3-server.mjs), when it did. */
export const testS3Endpoint = () => process.env.DEBRIEF_TEST_S3_ENDPOINT || null;

/** Settings for a new, empty bucket on the test S3 server (created here). */
export async function freshBucket(endpoint = testS3Endpoint()!, extra: Partial<S3Settings> = {}): Promise<S3Settings> {
  const settings: S3Settings = {
    bucket: `debrief-${randomBase62(10).toLowerCase()}`, endpoint, region: 'us-east-1',
    accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: '', presignSeconds: 0, ...extra,
  };
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ endpoint, region: settings.region, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
  client.destroy();
  return settings;
}
