import os from 'node:os';
import path from 'node:path';

/** Every setting Debrief reads, from one place: flags override the environment, which overrides defaults. */
/** An OpenAI-compatible Chat Completions endpoint. */
export interface LlmConfig { baseUrl: string; model: string; apiKey: string | null; timeoutMs: number }

export interface Config {
  port: number;
  host: string;
  /** Where PGlite keeps its database and where blobs live (also with PostgreSQL). */
  dataDir: string;
  /** postgres://… switches from the embedded PGlite to PostgreSQL. */
  databaseUrl: string | null;
  /** Public base URL used in links we hand out (report pages, webhooks docs). */
  publicUrl: string | null;
  logLevel: string;
  /** Largest accepted input upload, in bytes. */
  maxInputBytes: number;
  /** Largest JSON request body, in bytes. */
  maxJsonBytes: number;
  /** Most frames a keypoints input may hold (200,000 is 1.8 h at 30 fps). */
  maxFrames: number;
  workerConcurrency: number;
  /** Pose-estimation threads for video inputs (`DEBRIEF_POSE_THREADS`, default: the cores); read by the pool, checked here at startup. */
  poseThreads: number;
  /** Threads for parsing, analyses, exports, pages and charts (`DEBRIEF_COMPUTE_THREADS`, default: the cores); 0 runs them on the API's event loop. */
  computeThreads: number;
  /** Report page links expire after this long; null keeps them until the session is deleted. */
  reportLinkTtlMs: number | null;
  /** How often an idle worker looks for jobs. */
  workerPollMs: number;
  /** Delays between webhook attempts; the sum must cover at least 24 h in production. */
  webhookRetryScheduleMs: number[];
  webhookTimeoutMs: number;
  /** Webhook targets in private, loopback and link-local ranges are refused unless the operator allows them. */
  webhookAllowPrivate: boolean;
  /** Webhook deliveries in flight at once per worker, in slots apart from the analyses'. */
  webhookConcurrency: number;
  /** A request body that sends less than 1 KiB in this long is cut off with a 408. */
  bodyIdleMs: number;
  /** Grace given to running jobs on shutdown before they are released back to the queue. */
  shutdownGraceMs: number;
  /** An OpenAI-compatible Chat Completions endpoint for kinds that can use an LLM judge; null for none. */
  llm: LlmConfig | null;
  /** Largest capture batch body (compressed as sent), in bytes. */
  maxCollectBytes: number;
  /** Capture batches accepted per second per publishable key and client address, and the burst allowed. */
  collectRatePerSecond: number;
  collectRateBurst: number;
  /** Session replay links expire after this long. */
  replayLinkTtlMs: number;
  /** Every JSON response is checked against its route's documented schema; a mismatch is a 500 (tests, development). */
  checkResponses: boolean;
}

const HOUR = 3_600_000;
// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts spread over ~27.6 h.
export const DEFAULT_WEBHOOK_SCHEDULE = [5_000, 300_000, 1_800_000, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

export class ConfigError extends Error {}

function intFrom(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

function boolFrom(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || /^(false|0|no)$/i.test(raw)) return false;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const schedule = env.DEBRIEF_WEBHOOK_RETRY_SCHEDULE_MS
    ? env.DEBRIEF_WEBHOOK_RETRY_SCHEDULE_MS.split(',').map((s, i) => intFrom(`DEBRIEF_WEBHOOK_RETRY_SCHEDULE_MS[${i}]`, s.trim(), 0, 1))
    : DEFAULT_WEBHOOK_SCHEDULE;
  const config: Config = {
    port: intFrom('PORT', env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DEBRIEF_DATA_DIR || '.debrief'),
    databaseUrl,
    publicUrl: env.DEBRIEF_PUBLIC_URL?.replace(/\/+$/, '') || null,
    logLevel: env.LOG_LEVEL || 'info',
    maxInputBytes: intFrom('DEBRIEF_MAX_INPUT_BYTES', env.DEBRIEF_MAX_INPUT_BYTES, 2 * 1024 ** 3, 1),
    maxJsonBytes: intFrom('DEBRIEF_MAX_JSON_BYTES', env.DEBRIEF_MAX_JSON_BYTES, 1024 * 1024, 1),
    maxFrames: intFrom('DEBRIEF_MAX_FRAMES', env.DEBRIEF_MAX_FRAMES, 200_000, 1),
    workerConcurrency: intFrom('DEBRIEF_WORKER_CONCURRENCY', env.DEBRIEF_WORKER_CONCURRENCY, 2, 1),
    poseThreads: intFrom('DEBRIEF_POSE_THREADS', env.DEBRIEF_POSE_THREADS, os.availableParallelism(), 1),
    computeThreads: intFrom('DEBRIEF_COMPUTE_THREADS', env.DEBRIEF_COMPUTE_THREADS, os.availableParallelism(), 0),
    reportLinkTtlMs: env.DEBRIEF_REPORT_LINK_TTL_HOURS ? intFrom('DEBRIEF_REPORT_LINK_TTL_HOURS', env.DEBRIEF_REPORT_LINK_TTL_HOURS, 0, 1) * 3_600_000 : null,
    workerPollMs: intFrom('DEBRIEF_WORKER_POLL_MS', env.DEBRIEF_WORKER_POLL_MS, 500, 10),
    webhookRetryScheduleMs: schedule,
    webhookTimeoutMs: intFrom('DEBRIEF_WEBHOOK_TIMEOUT_MS', env.DEBRIEF_WEBHOOK_TIMEOUT_MS, 10_000, 100),
    webhookAllowPrivate: boolFrom('DEBRIEF_WEBHOOK_ALLOW_PRIVATE', env.DEBRIEF_WEBHOOK_ALLOW_PRIVATE),
    bodyIdleMs: intFrom('DEBRIEF_BODY_IDLE_MS', env.DEBRIEF_BODY_IDLE_MS, 20_000, 100),
    webhookConcurrency: intFrom('DEBRIEF_WEBHOOK_CONCURRENCY', env.DEBRIEF_WEBHOOK_CONCURRENCY, 8, 1),
    shutdownGraceMs: intFrom('DEBRIEF_SHUTDOWN_GRACE_MS', env.DEBRIEF_SHUTDOWN_GRACE_MS, 10_000, 0),
    maxCollectBytes: intFrom('DEBRIEF_MAX_COLLECT_BYTES', env.DEBRIEF_MAX_COLLECT_BYTES, 2 * 1024 * 1024, 1024),
    collectRatePerSecond: intFrom('DEBRIEF_COLLECT_RATE_PER_SECOND', env.DEBRIEF_COLLECT_RATE_PER_SECOND, 50, 1),
    collectRateBurst: intFrom('DEBRIEF_COLLECT_RATE_BURST', env.DEBRIEF_COLLECT_RATE_BURST, 200, 1),
    checkResponses: boolFrom('DEBRIEF_CHECK_RESPONSES', env.DEBRIEF_CHECK_RESPONSES),
    replayLinkTtlMs: intFrom('DEBRIEF_REPLAY_LINK_TTL_HOURS', env.DEBRIEF_REPLAY_LINK_TTL_HOURS, 168, 1) * HOUR,
    llm: env.DEBRIEF_LLM_BASE_URL ? {
      baseUrl: env.DEBRIEF_LLM_BASE_URL,
      model: env.DEBRIEF_LLM_MODEL || 'gpt-4o-mini',
      apiKey: env.DEBRIEF_LLM_API_KEY || null,
      timeoutMs: intFrom('DEBRIEF_LLM_TIMEOUT_MS', env.DEBRIEF_LLM_TIMEOUT_MS, 30_000, 100),
    } : null,
  };
  const merged = { ...config, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  merged.dataDir = path.resolve(merged.dataDir);
  return merged;
}
