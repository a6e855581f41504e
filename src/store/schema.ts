import {
  bigserial, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, bigint,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** Raw bytes (PGlite hands back a Uint8Array, node-postgres a Buffer). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  timezone: text('timezone').notNull().default('UTC'),
  /** Origins whose pages may send capture data with a live publishable key (test keys accept any). */
  allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default([]),
  createdAt: createdAt(),
  /** When a session of the workspace was last deleted: with the newest updated_at, it versions cached lists. */
  sessionsRemovedAt: at('sessions_removed_at'),
});

export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  type: text('type', { enum: ['secret', 'publishable'] }).notNull(),
  livemode: boolean('livemode').notNull(),
  prefix: text('prefix').notNull(),
  /** sha256 of the whole key: the key itself is never stored. */
  hash: text('hash').notNull().unique(),
  /** The key with its secret part elided, for listings: `dbf_test_…a1b2`. */
  redacted: text('redacted').notNull(),
  imported: boolean('imported').notNull().default(false),
  createdAt: createdAt(),
  revokedAt: at('revoked_at'),
  lastUsedAt: at('last_used_at'),
}, (t) => [index('api_keys_workspace').on(t.workspaceId)]);

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  /** Insertion order, for stable cursor pagination. */
  seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
  workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  livemode: boolean('livemode').notNull(),
  kind: text('kind').notNull(),
  status: text('status', { enum: ['open', 'processing', 'ready', 'failed'] }).notNull().default('open'),
  userId: text('user_id'),
  externalId: text('external_id'),
  metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
  options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
  progress: doublePrecision('progress'),
  error: jsonb('error').$type<{ code: string; message: string } | null>(),
  createdAt: createdAt(),
  completedAt: at('completed_at'),
  updatedAt: at('updated_at').notNull().defaultNow(),
  /** Capability tokens of the session's original video and of its analysed video. */
  videoToken: text('video_token'),
  analyzedVideoToken: text('analyzed_video_token'),
  /** What the kind resolved from the options at creation (e.g. the scenario as it was then). */
  resolved: jsonb('resolved'),
}, (t) => [
  index('sessions_scope_seq').on(t.workspaceId, t.livemode, t.seq),
  index('sessions_scope_user').on(t.workspaceId, t.livemode, t.userId),
  // The newest change per kind, read to tell whether a cached list is still current.
  index('sessions_scope_kind_updated').on(t.workspaceId, t.livemode, t.kind, t.updatedAt),
  // A behaviour session is named by the capture script's own id (rtSessionId), once per workspace and mode.
  uniqueIndex('sessions_behavior_external').on(t.workspaceId, t.livemode, t.externalId).where(sql`kind = 'behavior'`),
]);

export const inputs = pgTable('inputs', {
  sessionId: text('session_id').notNull().references(() => sessions.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  contentType: text('content_type').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  blobKey: text('blob_key').notNull(),
  /** Keypoints extracted from a video input (JSON in the keypoints input format). */
  keypointsBlobKey: text('keypoints_blob_key'),
  /** Capability token of the original file's public URL (video inputs). */
  shareToken: text('share_token').unique(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.sessionId, t.name] })]);

/** Files Debrief made for a session (analysed videos), each behind a capability URL. */
export const sessionFiles = pgTable('session_files', {
  sessionId: text('session_id').notNull().references(() => sessions.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  blobKey: text('blob_key').notNull(),
  contentType: text('content_type').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  token: text('token').notNull().unique(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.sessionId, t.name] })]);

export const results = pgTable('results', {
  sessionId: text('session_id').primaryKey().references(() => sessions.id, { onDelete: 'cascade' }),
  analyzerVersion: text('analyzer_version').notNull(),
  /** The result; null when it is large and kept in the blob store instead (sessions/results.ts). */
  data: jsonb('data'),
  blobKey: text('blob_key'),
  createdAt: createdAt(),
});

export const jobs = pgTable('jobs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  queue: text('queue').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  status: text('status', { enum: ['queued', 'active', 'done', 'failed'] }).notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull(),
  runAt: at('run_at').notNull().defaultNow(),
  lockedUntil: at('locked_until'),
  lockedBy: text('locked_by'),
  lastError: text('last_error'),
  /** At most one job of a queue with this key waits or runs at a time (jobs/queue.ts). */
  key: text('key'),
  /** Enqueued again while it ran: it runs once more, not before this time, when it finishes. */
  rerunAt: at('rerun_at'),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [
  index('jobs_ready').on(t.status, t.runAt),
  uniqueIndex('jobs_live_key').on(t.queue, t.key).where(sql`status IN ('queued', 'active') AND key IS NOT NULL`),
]);

export const idempotencyKeys = pgTable('idempotency_keys', {
  workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  livemode: boolean('livemode').notNull(),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  /** null while the first request is still running. */
  statusCode: integer('status_code'),
  /** The request holding the key while it runs (a random token): only it records the answer, even after a takeover. */
  owner: text('owner'),
  body: text('body'),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.livemode, t.key] })]);

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  livemode: boolean('livemode').notNull(),
  url: text('url').notNull(),
  events: jsonb('events').$type<string[]>().notNull(),
  /** Needed in clear to sign payloads; shown to the user once, at creation. */
  secret: text('secret').notNull(),
  createdAt: createdAt(),
}, (t) => [index('webhook_endpoints_scope').on(t.workspaceId, t.livemode)]);

export const events = pgTable('events', {
  id: text('id').primaryKey(),
  seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
  workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  livemode: boolean('livemode').notNull(),
  type: text('type').notNull(),
  sessionId: text('session_id').notNull(),
  data: jsonb('data').notNull(),
  createdAt: createdAt(),
}, (t) => [
  // One event per session and type: a handler that runs twice emits once.
  uniqueIndex('events_session_type').on(t.sessionId, t.type),
  index('events_scope_seq').on(t.workspaceId, t.livemode, t.seq),
]);

export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: text('id').primaryKey(),
  endpointId: text('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
  eventId: text('event_id').notNull().references(() => events.id, { onDelete: 'cascade' }),
  status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: at('next_attempt_at'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('webhook_deliveries_pair').on(t.endpointId, t.eventId)]);

export const webhookAttempts = pgTable('webhook_attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  deliveryId: text('delivery_id').notNull().references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
  endpointId: text('endpoint_id').notNull(),
  eventId: text('event_id').notNull(),
  attemptNumber: integer('attempt_number').notNull(),
  statusCode: integer('status_code'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull(),
  /** A few response headers (content type, server, retry-after…); never the body, which could echo an internal service. */
  responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
  attemptedAt: createdAt(),
}, (t) => [index('webhook_attempts_endpoint').on(t.endpointId, t.id)]);

export const reportLinks = pgTable('report_links', {
  /** ≥128 random bits: knowing the token is the permission to read the page. */
  token: text('token').primaryKey(),
  sessionId: text('session_id').notNull().references(() => sessions.id, { onDelete: 'cascade' }),
  /** What the link opens: the report page, or a behaviour session's replay (one never opens the other). */
  purpose: text('purpose', { enum: ['report', 'replay'] }).notNull().default('report'),
  expiresAt: at('expires_at'),
  createdAt: createdAt(),
}, (t) => [index('report_links_session').on(t.sessionId)]);


/** People sessions belong to, keyed by the client's own user id (the sessions' user_id). */
export const users = pgTable('users', {
  workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  livemode: boolean('livemode').notNull(),
  id: text('id').notNull(),
  email: text('email'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.livemode, t.id] }), index('users_scope_email').on(t.workspaceId, t.livemode, t.email),
  index('users_scope_updated').on(t.workspaceId, t.livemode, t.updatedAt)]);
