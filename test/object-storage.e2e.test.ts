import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../src/app/config.ts';
import { createDebrief, type Debrief } from '../src/app/debrief.ts';
import { createLogger } from '../src/app/logger.ts';
import type { S3Settings } from '../src/store/blobs-s3.ts';
import { freshPostgresDatabase } from './helpers/backends.ts';
import { freshBucket, testS3Endpoint } from './helpers/object-store.ts';

const SQUATS_MP4 = fs.readFileSync(new URL('../../shared/fixtures/video/pose_squats.mp4', import.meta.url));
const log = createLogger(process.env.DEBRIEF_TEST_LOG ?? 'silent');

/** Every file under a directory, recursively. */
const filesUnder = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile()) : []);

const skip = (!process.env.DEBRIEF_TEST_DATABASE_URL || !testS3Endpoint()) && 'needs PostgreSQL and the S3-compatible server (scripts/test.mjs starts both)';

/**
 * Issue 17: blobs in S3-compatible object storage, with the API and the worker in separate
 * processes' roles that share PostgreSQL and the bucket but no disk: each has its own data directory.
 */
describe('blobs in object storage, API and worker sharing no disk', { skip }, () => {
  let pg: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let s3: S3Settings;
  let api: Debrief, worker: Debrief;
  let key: string;
  const dirs = { api: '', worker: '' };
  const call = (method: string, route: string, body?: Buffer | string, type = 'application/json', headers: Record<string, string> = {}) => fetch(`${api.address}${route}`, {
    method, body: body as BodyInit | undefined, headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': type } : {}), ...headers },
  });
  const objects = async () => {
    const client = new S3Client({ endpoint: s3.endpoint!, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId!, secretAccessKey: s3.secretAccessKey! } });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    client.destroy();
    return (listed.Contents ?? []).map((o) => o.Key!);
  };
  const waitReady = async (id: string) => {
    for (let i = 0; i < 2400; i++) {
      const s = await (await call('GET', `/v1/sessions/${id}`)).json() as Record<string, any>;
      if (s.status !== 'processing') return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`session ${id} still processing`);
  };

  before(async () => {
    pg = await freshPostgresDatabase();
    s3 = await freshBucket(undefined, { prefix: 'deploy-a/' });
    dirs.api = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-api-'));
    dirs.worker = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-worker-'));
    const config = (dataDir: string) => loadConfig({}, { dataDir, databaseUrl: pg.url, s3, port: 0, workerPollMs: 20, logLevel: 'silent', checkResponses: true });
    api = await createDebrief(config(dirs.api), { role: 'serve', worker: false, logger: log });
    worker = await createDebrief(config(dirs.worker), { role: 'worker', logger: log });
    await api.accounts.createWorkspace('w');
    key = (await api.accounts.createKey({ workspace: 'w', livemode: false })).key;
  });
  after(async () => {
    await api?.close();
    await worker?.close();
    await pg?.drop();
    for (const d of Object.values(dirs)) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('analyses the real squat video and serves the original, its keypoints and the analysed video from the bucket', async () => {
    const { id } = await (await call('POST', '/v1/sessions', JSON.stringify({ kind: 'exercise', options: { assessments: ['Squats'] } }))).json() as { id: string };
    assert.equal((await call('PUT', `/v1/sessions/${id}/inputs/Squats`, SQUATS_MP4, 'video/mp4')).status, 201);
    assert.equal((await call('POST', `/v1/sessions/${id}/complete`)).status, 202);
    const done = await waitReady(id);
    assert.equal(done.status, 'ready', JSON.stringify(done.error));
    assert.equal(((await (await call('GET', `/v1/${id}/Squats`)).json()) as { count: number }).count, 2);

    // Nothing but working files on either machine's disk, and those are gone once used.
    for (const dir of Object.values(dirs)) {
      assert.deepEqual(filesUnder(path.join(dir, 'blobs')), [], `no blob on the local disk of ${dir}`);
      assert.deepEqual(filesUnder(path.join(dir, 'tmp')), [], `no working file left in ${dir}`);
    }
    const stored = await objects();
    assert.ok(stored.every((k) => k.startsWith('deploy-a/')), 'every key has the prefix');
    assert.ok(stored.some((k) => k.startsWith('deploy-a/in/')) && stored.some((k) => k.startsWith('deploy-a/kp/')) && stored.some((k) => k.startsWith('deploy-a/out/')), stored.join(', '));

    const original = Buffer.from(await (await call('GET', `/v1/sessions/${id}/inputs/Squats`)).arrayBuffer());
    assert.ok(original.equals(SQUATS_MP4), 'the upload comes back byte for byte');
    const inputs = await (await call('GET', `/v1/sessions/${id}/inputs`)).json() as any;
    const keypoints = await (await call('GET', inputs.data[0].keypoints_url)).json() as any;
    assert.equal(keypoints.frames.length, 65);

    const whole = await fetch(done.analyzed_video_url);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), 'video/mp4');
    const video = Buffer.from(await whole.arrayBuffer());
    assert.ok(video.length > 10_000);
    const part = await fetch(done.analyzed_video_url, { headers: { range: 'bytes=100-199' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-199/${video.length}`);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(video.subarray(100, 200)), 'a range is those bytes');
    const tail = await fetch(done.analyzed_video_url, { headers: { range: 'bytes=-10' } });
    assert.ok(Buffer.from(await tail.arrayBuffer()).equals(video.subarray(video.length - 10)));
    assert.equal((await fetch(done.analyzed_video_url, { headers: { range: `bytes=${video.length}-` } })).status, 416);

    // An object gone from the bucket behind the database's back (a lifecycle rule, an operator) is a
    // clear 404, not a 500.
    const client = new S3Client({ endpoint: s3.endpoint!, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId!, secretAccessKey: s3.secretAccessKey! } });
    const upload = stored.find((k) => k.startsWith('deploy-a/in/'))!;
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: upload }));
    client.destroy();
    for (const res of [await fetch(done.video_url), await call('GET', `/v1/sessions/${id}/inputs/Squats`)]) {
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'resource_missing');
    }

    // Deleting the session deletes its objects.
    assert.equal((await call('DELETE', `/v1/sessions/${id}`)).status, 200);
    assert.deepEqual(await objects(), []);
    assert.equal((await fetch(done.analyzed_video_url)).status, 404);
  });

  it('keeps a rejected upload out of the bucket', async () => {
    const before = await objects();
    const { id } = await (await call('POST', '/v1/sessions', JSON.stringify({ kind: 'exercise', options: { assessments: ['Squats'] } }))).json() as { id: string };
    const bad = await call('PUT', `/v1/sessions/${id}/inputs/Squats`, '{"format":"coco17","fps":30,"frames":"nope"}');
    assert.equal(bad.status, 400);
    assert.deepEqual(await objects(), before, 'an input that fails its check is never stored');
    await call('DELETE', `/v1/sessions/${id}`);
  });

  it('redirects downloads to a signed URL when asked to', async () => {
    const config = loadConfig({}, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-presign-')), databaseUrl: pg.url, s3: { ...s3, presignSeconds: 300 }, port: 0, logLevel: 'silent' });
    const signer = await createDebrief(config, { role: 'serve', worker: false, logger: log });
    try {
      const { id } = await (await call('POST', '/v1/sessions', JSON.stringify({ kind: 'exercise', options: { assessments: ['Squats'] } }))).json() as { id: string };
      assert.equal((await call('PUT', `/v1/sessions/${id}/inputs/Squats`, SQUATS_MP4, 'video/mp4')).status, 201);
      const { video_url: videoUrl } = await (await call('GET', `/v1/sessions/${id}`)).json() as { video_url: string };
      const res = await fetch(`${signer.address}${new URL(videoUrl).pathname}`, { redirect: 'manual' });
      assert.equal(res.status, 302);
      const location = res.headers.get('location')!;
      assert.ok(location.startsWith(`${s3.endpoint}/${s3.bucket}/deploy-a/in/`) && /X-Amz-Signature=/.test(location), location);
      const direct = await fetch(location);
      assert.equal(direct.status, 200);
      assert.ok(Buffer.from(await direct.arrayBuffer()).equals(SQUATS_MP4), 'the signed URL serves the video');
      await call('DELETE', `/v1/sessions/${id}`);
    } finally {
      await signer.close();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    }
  });
});
