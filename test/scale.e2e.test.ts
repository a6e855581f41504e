import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { loadConfig } from '../src/app/config.ts';
import { createDebrief } from '../src/app/debrief.ts';
import { createLogger } from '../src/app/logger.ts';
import { freshPostgresDatabase } from './helpers/backends.ts';
import { BIN, debrief, startServe } from './helpers/cli.ts';
import { freshBucket, testS3Endpoint } from './helpers/object-store.ts';
import { SQUATS_KEYPOINTS } from './helpers/server.ts';

const SQUATS_MP4 = fs.readFileSync(new URL('../../shared/fixtures/video/pose_squats.mp4', import.meta.url));
const KEYPOINT_SESSIONS = 200;
const VIDEO_SESSIONS = 4;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items`, `width` at a time. */
async function inParallel<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]); }
  }));
  return out;
}

const skip = (!process.env.DEBRIEF_TEST_DATABASE_URL || !testS3Endpoint()) && 'needs PostgreSQL and the S3-compatible server (scripts/test.mjs starts both)';

/**
 * Issue 17's scale test: PostgreSQL, the S3-compatible server, one API process and two worker
 * processes, each with a data directory of its own (no shared disk). One worker is killed -9 in
 * the middle of a video; a poison job kills whichever worker runs it, every time.
 */
describe('scale: API and workers as separate processes on PostgreSQL and object storage', { skip }, () => {
  it(`analyses ${KEYPOINT_SESSIONS} keypoint sessions and ${VIDEO_SESSIONS} videos once each through a worker crash, and dead-letters a poison job`, { timeout: 600_000 }, async () => {
    const db = await freshPostgresDatabase();
    const s3 = await freshBucket();
    const dirs: string[] = [];
    const dir = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-scale-')); dirs.push(d); return d; };
    const env = (dataDir: string) => ({
      DATABASE_URL: db.url, DEBRIEF_DATA_DIR: dataDir, DEBRIEF_S3_BUCKET: s3.bucket, DEBRIEF_S3_ENDPOINT: s3.endpoint!,
      DEBRIEF_S3_ACCESS_KEY_ID: s3.accessKeyId!, DEBRIEF_S3_SECRET_ACCESS_KEY: s3.secretAccessKey!,
      // A short lease, so a killed worker's job is taken up again within seconds; one job at a time per worker.
      DEBRIEF_JOB_LEASE_MS: '3000', DEBRIEF_WORKER_CONCURRENCY: '1', DEBRIEF_WORKER_POLL_MS: '500',
      DEBRIEF_POSE_THREADS: '1', DEBRIEF_COMPUTE_THREADS: '1', LOG_LEVEL: 'warn',
    });
    const workers = new Map<number, ChildProcess>();
    const startWorker = () => {
      const child = spawn(process.execPath, [BIN, 'worker'], { env: { ...process.env, ...env(dir()) }, stdio: ['ignore', 'ignore', 'inherit'] });
      workers.set(child.pid!, child);
      child.once('exit', () => workers.delete(child.pid!));
    };
    const sqlClient = new pg.Client({ connectionString: db.url });
    let api: Awaited<ReturnType<typeof startServe>> | null = null;
    try {
      // Keys are made on the shared database, as an operator would with `debrief keys create`.
      const admin = await createDebrief(loadConfig({}, { dataDir: dir(), databaseUrl: db.url, s3, logLevel: 'silent' }), { role: 'none', logger: createLogger('silent') });
      await admin.accounts.createWorkspace('scale');
      const { key } = await admin.accounts.createKey({ workspace: 'scale', livemode: false });
      await admin.close();

      api = await startServe(['--no-worker'], { ...env(dir()), LOG_LEVEL: 'info' });
      startWorker();
      startWorker();
      await sqlClient.connect();
      const call = (method: string, route: string, body?: Buffer | string, type = 'application/json') => fetch(`${api!.url}${route}`, {
        method, body: body as BodyInit | undefined, headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': type } : {}) },
      });

      // Submitted through the API: create, upload (acknowledged with 201), complete.
      const submit = async (kind: 'keypoints' | 'video') => {
        const { id } = await (await call('POST', '/v1/sessions', JSON.stringify({ kind: 'exercise', options: { assessments: ['Squats'] } }))).json() as { id: string };
        const bytes = kind === 'video' ? SQUATS_MP4 : SQUATS_KEYPOINTS;
        const put = await call('PUT', `/v1/sessions/${id}/inputs/Squats`, bytes, kind === 'video' ? 'video/mp4' : 'application/json');
        assert.equal(put.status, 201);
        assert.equal((await call('POST', `/v1/sessions/${id}/complete`)).status, 202);
        return { id, kind, sha: sha256(bytes) };
      };
      const videos = await inParallel(Array.from({ length: VIDEO_SESSIONS }), 2, () => submit('video'));
      const poison = await submit('video');
      const sessions = [...videos, ...await inParallel(Array.from({ length: KEYPOINT_SESSIONS }), 8, () => submit('keypoints'))];

      // The crash: the worker analysing the first video is killed mid-job. The poison: whichever
      // worker runs the poison session is killed, on each of its attempts. A new worker replaces each.
      let crashed = false;
      let poisonKills = 0;
      const killed = new Set<number>();
      const status = async (id: string) => ((await (await call('GET', `/v1/sessions/${id}`)).json()) as { status: string }).status;
      const until = Date.now() + 480_000;
      for (;;) {
        assert.ok(Date.now() < until, 'everything settles within 8 minutes');
        const active = (await sqlClient.query(`SELECT payload->>'session_id' AS session_id, locked_by FROM jobs WHERE queue = 'analyze' AND status = 'active' AND locked_until > now()`)).rows;
        for (const job of active) {
          const pid = Number(String(job.locked_by).split(':')[1]);
          const victim = (job.session_id === videos[0].id && !crashed) || job.session_id === poison.id ? workers.get(pid) : undefined;
          // A job stays marked active under a killed worker until its lease runs out.
          if (!victim || killed.has(pid)) continue;
          killed.add(pid);
          if (job.session_id === poison.id) poisonKills++; else crashed = true;
          victim.kill('SIGKILL');
          startWorker();
        }
        const { rows: [left] } = await sqlClient.query(`SELECT count(*)::int AS n FROM sessions WHERE status = 'processing'`);
        if (left.n === 0) break;
        await sleep(100);
      }

      assert.ok(crashed, 'a worker was killed in the middle of a video');
      assert.equal(poisonKills, 3, 'the poison job killed a worker on each of its three attempts');
      // The poison session failed with a clear error; its job is dead-lettered and listed.
      const failed = await (await call('GET', `/v1/sessions/${poison.id}`)).json() as { status: string; error: { code: string } };
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error.code, 'analysis_error');
      const { rows: [dead] } = await sqlClient.query(`SELECT status, attempts, last_error FROM jobs WHERE payload->>'session_id' = $1`, [poison.id]);
      assert.deepEqual([dead.status, dead.attempts], ['failed', 3]);
      assert.match(dead.last_error, /crashed or was killed/);
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      assert.match(metrics, /debrief_jobs\{queue="analyze",status="failed"\} 1/);
      const listed = debrief(['jobs', 'failed', '--json'], env(dir()));
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(JSON.parse(listed.stdout).data.map((j: { payload: { session_id: string } }) => j.payload.session_id), [poison.id]);

      // Everything else is ready, once: one completion event each, and the crashed video's job ran twice.
      for (const s of sessions) assert.equal(await status(s.id), 'ready', `${s.kind} session ${s.id}`);
      const { rows: completions } = await sqlClient.query(`SELECT session_id, count(*)::int AS n FROM events WHERE type = 'session.completed' GROUP BY session_id`);
      assert.equal(completions.length, sessions.length);
      assert.ok(completions.every((c) => c.n === 1));
      const { rows: [crashedJob] } = await sqlClient.query(`SELECT status, attempts FROM jobs WHERE payload->>'session_id' = $1 AND queue = 'analyze'`, [videos[0].id]);
      assert.deepEqual([crashedJob.status, crashedJob.attempts], ['done', 2]);
      for (const v of videos) {
        const r = await (await call('GET', `/v1/sessions/${v.id}`)).json() as { analyzed_video_url: string | null };
        assert.ok(r.analyzed_video_url, `video session ${v.id} has its analysed video`);
        assert.equal((await fetch(r.analyzed_video_url!, { method: 'HEAD' })).status, 200);
      }
      // No acknowledged upload is lost: every input comes back byte for byte.
      await inParallel([...sessions, poison], 8, async (s) => {
        const body = Buffer.from(await (await call('GET', `/v1/sessions/${s.id}/inputs/Squats`)).arrayBuffer());
        assert.equal(sha256(body), s.sha, `input of ${s.id}`);
      });
      const counts = await Promise.all(sessions.filter((s) => s.kind === 'keypoints').slice(0, 20).map(async (s) => ((await (await call('GET', `/v1/${s.id}/Squats`)).json()) as { count: number }).count));
      assert.ok(counts.every((c) => c === 2), 'the squats are counted');
    } finally {
      for (const w of workers.values()) w.kill('SIGKILL');
      api?.child.kill('SIGTERM');
      if (api) await api.exited;
      await sqlClient.end().catch(() => {});
      await db.drop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
