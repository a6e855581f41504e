import type { Logger } from 'pino';
import { ConfigError, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { openDatabase, type Database } from '../store/db.ts';
import { createBlobStore } from '../store/blobs.ts';
import { createKindRegistry } from '../kinds/registry.ts';
import { createSessions, ANALYZE_QUEUE } from '../sessions/service.ts';
import { createReports } from '../sessions/reports.ts';
import { analyzeJob } from '../sessions/analyze-job.ts';
import { createWebhooks, DELIVER_QUEUE, SESSION_EVENT_TYPES } from '../webhooks/service.ts';
import { createAccounts } from '../accounts/accounts.ts';
import { createKeyAuth } from '../http/auth.ts';
import { createQueueStore } from '../jobs/queue.ts';
import { startWorker, type Worker } from '../jobs/worker.ts';
import { JOBS_CHANNEL } from '../jobs/queue.ts';
import { buildApp } from '../http/app.ts';
import { createReadCache } from '../http/read-cache.ts';
import { createVideoRenderer, RENDER_QUEUE } from '../sessions/videos.ts';
import { createUsers } from '../users/service.ts';
import type { AppContext } from '../http/context.ts';
import { releaseAbandonedKeys } from '../http/idempotency.ts';
import { createComputePool } from '../compute/pool.ts';
import { createKindContext } from '../sessions/kind-context.ts';
import { newOperatorToken, removeServerFile, writeServerFile } from './server-file.ts';

export type Role = 'serve' | 'worker' | 'none';

export interface DebriefOptions {
  role: Role; logger?: Logger;
  /** `serve` runs the workers too unless this is false (`serve --no-worker`: API only, for PostgreSQL). */
  worker?: boolean;
  /** Only these queues (`worker --queues analyze,render_video`); all by default. */
  queues?: string[];
}

/** The composition root: opens storage, wires services, and starts the API and/or the worker. */
export async function createDebrief(config: Config, opts: DebriefOptions) {
  const log = opts.logger ?? createLogger(config.logLevel);
  const database: Database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, onError: (err) => log.error({ err }, 'database connection lost (an idle connection closed by the server)') });
  const { db } = database;
  const blobs = createBlobStore({ dataDir: config.dataDir, s3: config.s3 });
  try {
    await blobs.check();
  } catch (err) {
    await database.close();
    throw new ConfigError((err as Error).message);
  }
  const kinds = createKindRegistry({ maxFrames: config.maxFrames });
  const compute = createComputePool({ threads: config.computeThreads, settings: { maxFrames: config.maxFrames } });
  const sessions = createSessions(db, database.sql, blobs, kinds, compute, { maxInputBytes: config.maxInputBytes });
  const webhooks = createWebhooks(db, database.sql, {
    retryScheduleMs: config.webhookRetryScheduleMs, timeoutMs: config.webhookTimeoutMs, allowPrivate: config.webhookAllowPrivate, slots: config.webhookConcurrency,
    eventTypes: [...SESSION_EVENT_TYPES, ...kinds.all().flatMap((k) => k.events ?? [])],
  });
  const reports = createReports(db);
  const users = createUsers(db);
  const accounts = createAccounts(db);
  const keyAuth = createKeyAuth(db, { log });
  const queue = createQueueStore(db);
  const sessionCache = createReadCache(5_000);
  const renderer = createVideoRenderer({ db, blobs, compute, log, onChanged: (id) => sessionCache.delete(id) });
  // Links in webhook payloads have no request to take a host from.
  let origin = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  // What each kind's routes and jobs see of the rest (sessions/kind-context.ts).
  const kindContexts = new Map(kinds.all().map((k) => [k.name, createKindContext(k, {
    db, sql: database.sql, blobs, compute, sessions, users, reports, webhooks, config, origin: () => origin,
  })]));
  const kindJobs = kinds.all().flatMap((k) => k.jobs?.(kindContexts.get(k.name)!) ?? []);

  /** The job queues a worker can run: the sessions', the webhooks', and the kinds' own. */
  const queues = [ANALYZE_QUEUE, DELIVER_QUEUE, RENDER_QUEUE, ...kindJobs.map((d) => d.queue)];
  const unknownQueue = [...(opts.queues ?? []), ...Object.keys(config.queueConcurrency)].find((q) => !(queues as string[]).includes(q));
  if (unknownQueue) {
    await database.close();
    throw new ConfigError(`Unknown queue '${unknownQueue}'. Queues: ${queues.join(', ')}.`);
  }
  let worker: Worker | null = null;
  let stopListening: (() => Promise<void>) | null = null;
  const runsJobs = opts.role === 'worker' || (opts.role === 'serve' && opts.worker !== false);
  if (!runsJobs && opts.role === 'serve' && database.backend === 'pglite') {
    await database.close();
    throw new ConfigError('serve --no-worker needs DATABASE_URL: with the embedded database no other process can run the jobs.');
  }
  if (runsJobs) {
    // One process owns an embedded database, so a job still marked active was cut off by a crash.
    if (database.backend === 'pglite') await queue.releaseOrphans();
    const definitions = [
      analyzeJob({ db, blobs, kinds, compute, webhooks, renderer, log, origin: () => origin, services: { llm: config.llm } }),
      webhooks.deliveryJob,
      renderer.job,
      ...kindJobs,
    ].filter((d) => !opts.queues || opts.queues.includes(d.queue))
      .map((d) => (config.queueConcurrency[d.queue] ? { ...d, slots: config.queueConcurrency[d.queue] } : d));
    worker = startWorker(queue, definitions, { concurrency: config.workerConcurrency, pollMs: config.workerPollMs, leaseMs: config.jobLeaseMs, graceMs: config.shutdownGraceMs }, log);
    // Woken by every enqueue, in any process and on either database (NOTIFY at commit); the poll
    // remains for retries that come due.
    const w = worker;
    stopListening = await database.listen(JOBS_CHANNEL, () => w.poke());
  }

  const operatorToken = opts.role === 'serve' ? newOperatorToken() : null;
  const ctx: AppContext = {
    config, database, blobs, kinds, compute, sessions, webhooks, reports, keyAuth, queue, log, sessionCache, renderer, users,
    accounts, operatorToken, origin: () => origin, kindContext: (name) => kindContexts.get(name)!,
  };
  // One process owns an embedded database: a key still in progress was cut off by a crash (issue: a stuck key meant a 409 for 24 h).
  if (opts.role === 'serve' && database.backend === 'pglite') await releaseAbandonedKeys(db);
  const app = opts.role === 'serve' ? await buildApp(ctx) : null;
  let address: string | null = null;
  if (app) address = await app.listen({ port: config.port, host: config.host });
  if (address && operatorToken) writeServerFile(config.dataDir, { url: address.replace('0.0.0.0', '127.0.0.1'), pid: process.pid, operator_token: operatorToken });
  if (address && !config.publicUrl) {
    origin = address;
    if (!/^(127\.|localhost$|::1$)/.test(config.host)) log.warn({ origin }, 'DEBRIEF_PUBLIC_URL is not set: links in results and webhooks use the listening address; set it to the URL clients reach this server at');
  }

  // The embedded database runs no autovacuum: without fresh statistics its planner sorts a whole
  // workspace's sessions to answer a page of 20 instead of walking the index.
  const analyze = () => database.sql.query('ANALYZE').catch((err) => log.warn({ err }, 'refreshing the planner statistics failed'));
  // Not waited for: the server is already answering (close waits for it).
  const firstStatistics = database.backend === 'pglite' ? analyze() : null;
  const orphans = blobs.pruneTemporaries();
  if (orphans) log.info({ removed: orphans }, 'removed temporary files left by an earlier crash');
  const pruner = setInterval(() => {
    queue.prune(7 * 24 * 3600 * 1000).catch((err) => log.warn({ err }, 'pruning finished jobs failed'));
    blobs.pruneTemporaries();
  }, 3600_000);
  pruner.unref();
  // ANALYZE samples a bounded number of rows per table: well under a second however large the data.
  const statistics = database.backend === 'pglite' ? setInterval(() => void analyze(), 5 * 60_000) : null;
  statistics?.unref();

  let closing: Promise<void> | null = null;
  /** Stop accepting, finish in-flight requests, give running jobs back, close storage. */
  const close = () => (closing ??= (async () => {
    clearInterval(pruner);
    if (statistics) clearInterval(statistics);
    if (operatorToken) removeServerFile(config.dataDir, operatorToken);
    if (app) {
      // In-flight requests get the grace period; connections still open after it are cut.
      const cut = setTimeout(() => app.server.closeAllConnections(), config.shutdownGraceMs);
      await app.close();
      clearTimeout(cut);
    }
    await stopListening?.();
    if (worker) await worker.stop();
    await compute.close();
    await firstStatistics;
    await database.close();
  })());

  return { config, ctx, app, address, worker, accounts, keyAuth, database, log, close };
}

export type Debrief = Awaited<ReturnType<typeof createDebrief>>;
