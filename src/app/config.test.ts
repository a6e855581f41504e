import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, SETTINGS, loadConfig } from './config.ts';
import { README, withSettingsTable } from '../../scripts/settings-table.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []);

describe('settings', () => {
  it('the README lists every setting, its default and meaning, as SETTINGS says (npm run docs:settings)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    assert.ok(readme === withSettingsTable(readme), 'README.md settings table is stale: run npm run docs:settings');
  });

  it('every DEBRIEF_ variable the code reads is a documented setting', () => {
    const documented = new Set(SETTINGS.map((s) => s.env));
    const read = new Set(sources(SRC).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/DEBRIEF_[A-Z0-9_]+/g)].map((m) => m[0])));
    for (const name of read) assert.ok(documented.has(name), `${name} is read in src/ but not in SETTINGS`);
  });

  it('reads each variable, with defaults, and refuses a bad value by name', () => {
    const c = loadConfig({ PORT: '8080', DEBRIEF_WORKER_POLL_MS: '50', DEBRIEF_REPORT_LINK_TTL_HOURS: '2', DEBRIEF_PUBLIC_URL: 'https://x.example/', DEBRIEF_LLM_BASE_URL: 'http://llm/v1' });
    assert.equal(c.port, 8080);
    assert.equal(c.workerPollMs, 50);
    assert.equal(c.reportLinkTtlMs, 2 * 3_600_000);
    assert.equal(c.publicUrl, 'https://x.example');
    assert.deepEqual(c.llm, { baseUrl: 'http://llm/v1', model: 'gpt-4o-mini', apiKey: null, timeoutMs: 30_000 });
    assert.equal(loadConfig({}).shutdownGraceMs, 10_000);
    assert.throws(() => loadConfig({ DEBRIEF_WEBHOOK_TIMEOUT_MS: 'soon' }), (e) => e instanceof ConfigError && /DEBRIEF_WEBHOOK_TIMEOUT_MS must be an integer/.test(e.message));
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), ConfigError);
    assert.equal(loadConfig({}, { port: 1 }).port, 1, 'a flag wins');
  });

  it('reads object storage and per-queue concurrency', () => {
    assert.equal(loadConfig({}).s3, null, 'blobs stay on the disk by default');
    const c = loadConfig({ DEBRIEF_S3_BUCKET: 'media', DEBRIEF_S3_ENDPOINT: 'http://minio:9000', DEBRIEF_S3_ACCESS_KEY_ID: 'k', DEBRIEF_S3_SECRET_ACCESS_KEY: 's', DEBRIEF_QUEUE_CONCURRENCY: 'analyze=4, render_video=1' });
    assert.deepEqual(c.s3, { bucket: 'media', endpoint: 'http://minio:9000', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true, prefix: '', presignSeconds: 0 });
    assert.equal(loadConfig({ DEBRIEF_S3_BUCKET: 'media', AWS_REGION: 'eu-west-1' }).s3!.forcePathStyle, false, 'AWS S3 itself: virtual-hosted addresses');
    assert.equal(loadConfig({ DEBRIEF_S3_BUCKET: 'media', AWS_REGION: 'eu-west-1' }).s3!.region, 'eu-west-1');
    assert.deepEqual(c.queueConcurrency, { analyze: 4, render_video: 1 });
    assert.throws(() => loadConfig({ DEBRIEF_QUEUE_CONCURRENCY: 'analyze:4' }), (e) => e instanceof ConfigError && /queue=count pairs.*"analyze:4"/.test(e.message));
    assert.throws(() => loadConfig({ DEBRIEF_S3_BUCKET: 'media', DEBRIEF_S3_PRESIGN_SECONDS: 'an hour' }), (e) => e instanceof ConfigError && /DEBRIEF_S3_PRESIGN_SECONDS/.test(e.message));
  });
});
