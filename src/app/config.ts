import os from 'node:os';
import path from 'node:path';
import type { S3Settings } from '../store/blobs-s3.ts';

/** Every setting Debrief reads, from one place: flags override the environment, which overrides defaults. */
/** An OpenAI-compatible Chat Completions endpoint. */
import type { LlmConfig } from '../kinds/kind.ts';

export interface Config {
  port: number;
  host: string;
  /** Where PGlite keeps its database, blobs live (without object storage) and working files go. */
  dataDir: string;
  /** S3-compatible object storage for the blobs; null keeps them under the data directory. */
  s3: S3Settings | null;
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
  /** Jobs of one queue a worker runs at once, by queue (`DEBRIEF_QUEUE_CONCURRENCY`); others use their own default. */
  queueConcurrency: Record<string, number>;
  /** Pose-estimation threads for video inputs (`DEBRIEF_POSE_THREADS`, default: the cores); read by the pool, checked here at startup. */
  poseThreads: number;
  /** Threads for parsing, analyses, exports, pages and charts (`DEBRIEF_COMPUTE_THREADS`, default: the cores); 0 runs them on the API's event loop. */
  computeThreads: number;
  /** Report page links expire after this long; null keeps them until the session is deleted. */
  reportLinkTtlMs: number | null;
  /** How often an idle worker looks for jobs. */
  workerPollMs: number;
  /** A running job's lease, renewed every third of it: a job whose process died is run again once it runs out. */
  jobLeaseMs: number;
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

/** How a setting is written in the environment, its default as documented, and what it means. */
export interface Setting { env: string; default: string; meaning: string }

const cores = os.availableParallelism();
const millis = (ms: number[]) => ms.map((m) => (m % HOUR === 0 ? `${m / HOUR} h` : m % 60_000 === 0 ? `${m / 60_000} min` : `${m / 1000} s`)).join(', ');

/**
 * Every environment variable Debrief reads, in the order the README's table lists them
 * (`npm run docs:settings` writes that table from this one; a test checks it is current). Each
 * entry reads its own variable into the config.
 */
export const SETTINGS: (Setting & { read(env: NodeJS.ProcessEnv): Partial<Config> })[] = [
  { env: 'PORT', default: '3000', meaning: 'Port the API listens on (`--port`; 0 picks a free one).', read: (e) => ({ port: intFrom('PORT', e.PORT, 3000) }) },
  { env: 'HOST', default: '127.0.0.1', meaning: 'Address the API listens on (`--host`); 0.0.0.0 for every interface.', read: (e) => ({ host: e.HOST || '127.0.0.1' }) },
  { env: 'DEBRIEF_DATA_DIR', default: './.debrief', meaning: 'The embedded database, uploaded inputs and made files (`--data-dir`).', read: (e) => ({ dataDir: path.resolve(e.DEBRIEF_DATA_DIR || '.debrief') }) },
  {
    env: 'DATABASE_URL', default: '(none: embedded PGlite)', meaning: '`postgres://…` uses PostgreSQL instead; several processes can then share it.',
    read: (e) => {
      const url = e.DATABASE_URL || null;
      if (url && !/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
      return { databaseUrl: url };
    },
  },
  {
    env: 'DEBRIEF_S3_BUCKET', default: '(none: blobs under the data directory)',
    meaning: 'Keep uploads, keypoints, large results, videos and charts in this S3-compatible bucket (AWS S3, MinIO, R2, SeaweedFS), so API and workers need no shared disk.',
    read: (e) => ({
      s3: e.DEBRIEF_S3_BUCKET ? {
        bucket: e.DEBRIEF_S3_BUCKET,
        endpoint: e.DEBRIEF_S3_ENDPOINT || null,
        region: e.DEBRIEF_S3_REGION || e.AWS_REGION || 'us-east-1',
        accessKeyId: e.DEBRIEF_S3_ACCESS_KEY_ID || null,
        secretAccessKey: e.DEBRIEF_S3_SECRET_ACCESS_KEY || null,
        forcePathStyle: e.DEBRIEF_S3_FORCE_PATH_STYLE ? boolFrom('DEBRIEF_S3_FORCE_PATH_STYLE', e.DEBRIEF_S3_FORCE_PATH_STYLE) : Boolean(e.DEBRIEF_S3_ENDPOINT),
        prefix: e.DEBRIEF_S3_PREFIX ?? '',
        presignSeconds: intFrom('DEBRIEF_S3_PRESIGN_SECONDS', e.DEBRIEF_S3_PRESIGN_SECONDS, 0, 0),
      } : null,
    }),
  },
  { env: 'DEBRIEF_S3_ENDPOINT', default: '(AWS S3)', meaning: 'The object store\'s URL, e.g. http://minio:9000.', read: () => ({}) },
  { env: 'DEBRIEF_S3_REGION', default: '$AWS_REGION, else us-east-1', meaning: 'The bucket\'s region.', read: () => ({}) },
  { env: 'DEBRIEF_S3_ACCESS_KEY_ID', default: "(the SDK's chain: AWS_ACCESS_KEY_ID, a profile, an instance role)", meaning: 'Access key for the bucket, with DEBRIEF_S3_SECRET_ACCESS_KEY.', read: () => ({}) },
  { env: 'DEBRIEF_S3_SECRET_ACCESS_KEY', default: '(as above)', meaning: 'Its secret.', read: () => ({}) },
  { env: 'DEBRIEF_S3_FORCE_PATH_STYLE', default: 'true with an endpoint, else false', meaning: 'Address objects as endpoint/bucket/key (MinIO and most self-hosted servers) rather than bucket.endpoint/key.', read: () => ({}) },
  { env: 'DEBRIEF_S3_PREFIX', default: '(none)', meaning: 'Put before every object key, so one bucket can hold several deployments (e.g. `debrief/`).', read: () => ({}) },
  { env: 'DEBRIEF_S3_PRESIGN_SECONDS', default: '0', meaning: 'Redirect video and chart downloads to URLs signed for this long; 0 streams them through the API.', read: () => ({}) },
  { env: 'DEBRIEF_PUBLIC_URL', default: '(the listening address)', meaning: 'The URL clients reach this server at, for links in results, report pages and webhooks.', read: (e) => ({ publicUrl: e.DEBRIEF_PUBLIC_URL?.replace(/\/+$/, '') || null }) },
  { env: 'LOG_LEVEL', default: 'info', meaning: 'pino level: trace, debug, info, warn, error, fatal or silent.', read: (e) => ({ logLevel: e.LOG_LEVEL || 'info' }) },
  { env: 'DEBRIEF_MAX_INPUT_BYTES', default: String(2 * 1024 ** 3), meaning: 'Largest input upload (a video, keypoints, a transcript), in bytes.', read: (e) => ({ maxInputBytes: intFrom('DEBRIEF_MAX_INPUT_BYTES', e.DEBRIEF_MAX_INPUT_BYTES, 2 * 1024 ** 3, 1) }) },
  { env: 'DEBRIEF_MAX_JSON_BYTES', default: String(1024 * 1024), meaning: 'Largest JSON request body, in bytes.', read: (e) => ({ maxJsonBytes: intFrom('DEBRIEF_MAX_JSON_BYTES', e.DEBRIEF_MAX_JSON_BYTES, 1024 * 1024, 1) }) },
  { env: 'DEBRIEF_MAX_FRAMES', default: '200000', meaning: 'Most frames a keypoints input may hold (200,000 is 1.8 h at 30 fps).', read: (e) => ({ maxFrames: intFrom('DEBRIEF_MAX_FRAMES', e.DEBRIEF_MAX_FRAMES, 200_000, 1) }) },
  { env: 'DEBRIEF_WORKER_CONCURRENCY', default: '2', meaning: 'Analyses a worker runs at once.', read: (e) => ({ workerConcurrency: intFrom('DEBRIEF_WORKER_CONCURRENCY', e.DEBRIEF_WORKER_CONCURRENCY, 2, 1) }) },
  {
    env: 'DEBRIEF_QUEUE_CONCURRENCY', default: '(analyze, behavior_assess: DEBRIEF_WORKER_CONCURRENCY; render_video: 1; deliver_webhook: DEBRIEF_WEBHOOK_CONCURRENCY)',
    meaning: 'Jobs of each queue a worker runs at once, e.g. `analyze=4,render_video=1`: each queue has slots of its own.',
    read: (e) => ({
      queueConcurrency: Object.fromEntries((e.DEBRIEF_QUEUE_CONCURRENCY ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((part) => {
        const m = /^([a-z_]+)=(\d+)$/.exec(part);
        if (!m || Number(m[2]) < 1) throw new ConfigError(`DEBRIEF_QUEUE_CONCURRENCY must be queue=count pairs separated by commas (count ≥ 1), got "${part}"`);
        return [m[1], Number(m[2])];
      })),
    }),
  },
  { env: 'DEBRIEF_WORKER_POLL_MS', default: '500', meaning: 'How often an idle worker looks for jobs, in ms (a job queued by any process wakes it at once, by LISTEN/NOTIFY).', read: (e) => ({ workerPollMs: intFrom('DEBRIEF_WORKER_POLL_MS', e.DEBRIEF_WORKER_POLL_MS, 500, 10) }) },
  { env: 'DEBRIEF_JOB_LEASE_MS', default: '60000', meaning: "A running job's lease, renewed every third of it, in ms: a job whose worker died runs again once its lease is out.", read: (e) => ({ jobLeaseMs: intFrom('DEBRIEF_JOB_LEASE_MS', e.DEBRIEF_JOB_LEASE_MS, 60_000, 1000) }) },
  { env: 'DEBRIEF_POSE_THREADS', default: "the number of cores", meaning: 'Pose-estimation threads for video inputs.', read: (e) => ({ poseThreads: intFrom('DEBRIEF_POSE_THREADS', e.DEBRIEF_POSE_THREADS, cores, 1) }) },
  { env: 'DEBRIEF_COMPUTE_THREADS', default: "the number of cores", meaning: "Threads that parse uploads, analyse, write exports and draw pages and charts; 0 runs that work on the API's event loop.", read: (e) => ({ computeThreads: intFrom('DEBRIEF_COMPUTE_THREADS', e.DEBRIEF_COMPUTE_THREADS, cores, 0) }) },
  { env: 'DEBRIEF_REPORT_LINK_TTL_HOURS', default: '(never expire)', meaning: 'Report page links expire after this many hours.', read: (e) => ({ reportLinkTtlMs: e.DEBRIEF_REPORT_LINK_TTL_HOURS ? intFrom('DEBRIEF_REPORT_LINK_TTL_HOURS', e.DEBRIEF_REPORT_LINK_TTL_HOURS, 0, 1) * HOUR : null }) },
  { env: 'DEBRIEF_REPLAY_LINK_TTL_HOURS', default: '168', meaning: 'Behaviour replay links expire after this many hours.', read: (e) => ({ replayLinkTtlMs: intFrom('DEBRIEF_REPLAY_LINK_TTL_HOURS', e.DEBRIEF_REPLAY_LINK_TTL_HOURS, 168, 1) * HOUR }) },
  {
    env: 'DEBRIEF_WEBHOOK_RETRY_SCHEDULE_MS', default: millis(DEFAULT_WEBHOOK_SCHEDULE), meaning: 'Delays between webhook attempts, comma-separated ms; production schedules should cover 24 h.',
    read: (e) => ({
      webhookRetryScheduleMs: e.DEBRIEF_WEBHOOK_RETRY_SCHEDULE_MS
        ? e.DEBRIEF_WEBHOOK_RETRY_SCHEDULE_MS.split(',').map((v, i) => intFrom(`DEBRIEF_WEBHOOK_RETRY_SCHEDULE_MS[${i}]`, v.trim(), 0, 1))
        : DEFAULT_WEBHOOK_SCHEDULE,
    }),
  },
  { env: 'DEBRIEF_WEBHOOK_TIMEOUT_MS', default: '10000', meaning: 'A webhook delivery that has not answered in this long counts as failed, in ms.', read: (e) => ({ webhookTimeoutMs: intFrom('DEBRIEF_WEBHOOK_TIMEOUT_MS', e.DEBRIEF_WEBHOOK_TIMEOUT_MS, 10_000, 100) }) },
  { env: 'DEBRIEF_WEBHOOK_ALLOW_PRIVATE', default: 'false', meaning: 'Allow webhook targets in private, loopback and link-local ranges.', read: (e) => ({ webhookAllowPrivate: boolFrom('DEBRIEF_WEBHOOK_ALLOW_PRIVATE', e.DEBRIEF_WEBHOOK_ALLOW_PRIVATE) }) },
  { env: 'DEBRIEF_WEBHOOK_CONCURRENCY', default: '8', meaning: "Webhook deliveries in flight at once per worker, in slots apart from the analyses'.", read: (e) => ({ webhookConcurrency: intFrom('DEBRIEF_WEBHOOK_CONCURRENCY', e.DEBRIEF_WEBHOOK_CONCURRENCY, 8, 1) }) },
  { env: 'DEBRIEF_BODY_IDLE_MS', default: '20000', meaning: 'A request body that sends less than 1 KiB in this long is cut off with a 408, in ms.', read: (e) => ({ bodyIdleMs: intFrom('DEBRIEF_BODY_IDLE_MS', e.DEBRIEF_BODY_IDLE_MS, 20_000, 100) }) },
  { env: 'DEBRIEF_SHUTDOWN_GRACE_MS', default: '10000', meaning: 'On SIGTERM, how long requests and running jobs get to finish before jobs go back to the queue, in ms.', read: (e) => ({ shutdownGraceMs: intFrom('DEBRIEF_SHUTDOWN_GRACE_MS', e.DEBRIEF_SHUTDOWN_GRACE_MS, 10_000, 0) }) },
  { env: 'DEBRIEF_MAX_COLLECT_BYTES', default: String(2 * 1024 * 1024), meaning: 'Largest capture batch body (compressed as sent), in bytes.', read: (e) => ({ maxCollectBytes: intFrom('DEBRIEF_MAX_COLLECT_BYTES', e.DEBRIEF_MAX_COLLECT_BYTES, 2 * 1024 * 1024, 1024) }) },
  { env: 'DEBRIEF_COLLECT_RATE_PER_SECOND', default: '50', meaning: 'Capture batches accepted per second per publishable key and client address.', read: (e) => ({ collectRatePerSecond: intFrom('DEBRIEF_COLLECT_RATE_PER_SECOND', e.DEBRIEF_COLLECT_RATE_PER_SECOND, 50, 1) }) },
  { env: 'DEBRIEF_COLLECT_RATE_BURST', default: '200', meaning: 'The burst of capture batches allowed above that rate.', read: (e) => ({ collectRateBurst: intFrom('DEBRIEF_COLLECT_RATE_BURST', e.DEBRIEF_COLLECT_RATE_BURST, 200, 1) }) },
  {
    env: 'DEBRIEF_LLM_BASE_URL', default: '(none: the offline grader)', meaning: 'An OpenAI-compatible Chat Completions endpoint (…/v1) that grades roleplay transcripts.',
    read: (e) => ({
      llm: e.DEBRIEF_LLM_BASE_URL ? {
        baseUrl: e.DEBRIEF_LLM_BASE_URL, model: e.DEBRIEF_LLM_MODEL || 'gpt-4o-mini', apiKey: e.DEBRIEF_LLM_API_KEY || null,
        timeoutMs: intFrom('DEBRIEF_LLM_TIMEOUT_MS', e.DEBRIEF_LLM_TIMEOUT_MS, 30_000, 100),
      } : null,
    }),
  },
  { env: 'DEBRIEF_LLM_MODEL', default: 'gpt-4o-mini', meaning: 'The model asked, with DEBRIEF_LLM_BASE_URL.', read: () => ({}) },
  { env: 'DEBRIEF_LLM_API_KEY', default: '(none)', meaning: 'Sent as the bearer token to the LLM endpoint.', read: () => ({}) },
  { env: 'DEBRIEF_LLM_TIMEOUT_MS', default: '30000', meaning: 'An LLM answer slower than this falls back to the offline grader, in ms.', read: () => ({}) },
  { env: 'DEBRIEF_DEBUG', default: '(unset)', meaning: 'The `debrief` command prints the stack of an unexpected error.', read: () => ({}) },
  { env: 'DEBRIEF_CRASH_AT', default: '(unset)', meaning: 'For crash tests only: the process kills itself (SIGKILL) at this named moment (`session-inserted`, `session-created`; src/crash-points.ts).', read: () => ({}) },
  { env: 'DEBRIEF_CHECK_RESPONSES', default: 'false', meaning: "Check every JSON response against its route's documented schema; a mismatch is a 500 (on in the tests).", read: (e) => ({ checkResponses: boolFrom('DEBRIEF_CHECK_RESPONSES', e.DEBRIEF_CHECK_RESPONSES) }) },
];

/** The README's table of settings, made from SETTINGS. */
export const settingsTable = () => ['| variable | default | meaning |', '|---|---|---|',
  ...SETTINGS.map((s) => `| \`${s.env}\` | ${s.default.replace(/\|/g, '\\|')} | ${s.meaning.replace(/\|/g, '\\|')} |`)].join('\n');

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const config = Object.assign({}, ...SETTINGS.map((s) => s.read(env))) as Config;
  const merged = { ...config, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  merged.dataDir = path.resolve(merged.dataDir);
  return merged;
}
