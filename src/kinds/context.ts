import type { Db, SqlClient } from '../store/db.ts';
import type { Scope } from '../scope.ts';
import type { EnqueueOptions, JobPayloads, QueueName } from '../jobs/queue.ts';

/**
 * What a kind sees of the rest of Debrief: its sessions, their results, recordings and files, and
 * the means to run work in a thread, queue a job and emit an event. The sessions layer implements
 * it (sessions/kind-context.ts), one per kind; a kind never reads the core tables or calls a service.
 */

/** A session as a kind sees it; `options` passed the kind's schema when the session was created. */
export interface KindSession<Options = Record<string, unknown>> {
  id: string;
  kind: string;
  workspaceId: string;
  livemode: boolean;
  status: 'open' | 'processing' | 'ready' | 'failed';
  userId: string | null;
  externalId: string | null;
  metadata: Record<string, string>;
  options: Options;
  /** What the options referred to when the session was created (kind.resolve). */
  resolved: unknown;
  progress: number | null;
  error: { code: string; message: string } | null;
  createdAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
  videoToken: string | null;
  analyzedVideoToken: string | null;
}

/** What a report page shows of its session besides the result. */
export type PageSession<Options = Record<string, unknown>> = Pick<KindSession<Options>, 'id' | 'externalId' | 'createdAt' | 'analyzedVideoToken' | 'options'>;

/**
 * An uploaded input, as a compute thread gets it: the file it is stored in, which the thread
 * reads itself (so the API's process never holds a queued upload's bytes), or the bytes.
 */
export type InputBody = { name: string; contentType: string } & ({ path: string } | { body: Uint8Array });

/** A result as a compute thread reads it: a large one as its stored JSON bytes (parsed there, off the event loop). */
export type ResultSource = { json: Uint8Array } | { data: unknown };

/** Operator settings a kind's input parsers honour (from the validated config). */
export interface KindSettings { maxFrames: number }

/** What a compute task is given besides its arguments: a long one reports progress and honours cancellation. */
export interface TaskContext { signal: AbortSignal; progress(done: number, total: number | null): void; settings: KindSettings }

/**
 * A kind's own compute tasks: plain functions of data that run in a compute thread (exports,
 * charts, reports of stored events). Arguments and answers cross threads by structured clone.
 */
export type KindTask = (args: never, ctx: TaskContext) => unknown;
export type TaskTable = Record<string, KindTask>;

export interface RunOptions { signal?: AbortSignal; onProgress?(done: number, total: number | null): void }

/** A person a session belongs to, as the client described them (PUT /v1/users/{id}). */
export interface Person { email: string | null; firstName: string | null; lastName: string | null }

/** A field inside a session's JSON: its options, what they resolved to at creation, or its result. */
export interface JsonField { in: 'options' | 'resolved' | 'result'; key: string }

/** A page of one kind's sessions, filtered and sorted in the database. */
export interface SessionQuery {
  userIds?: string[];
  /** Each entry: one of these fields holds one of these values (compared as text). */
  matching?: { fields: JsonField[]; values: string[] }[];
  createdFrom?: Date;
  createdTo?: Date;
  /** By creation, or by a numeric field (nulls last); ties newest first or oldest first with it. */
  sort: { by: 'created_at' | JsonField; descending: boolean };
  page: number;
  pageSize: number;
  /** What a listed session carries of its resolved data: these paths into it. */
  resolvedPaths: string[][];
  /** Its result without these top-level members (the large ones a list does not show). */
  resultWithout: string[];
}

export interface ListedSession<Result> {
  session: Pick<KindSession, 'id' | 'userId' | 'status' | 'createdAt' | 'resolved'>;
  result: Partial<Result> | null;
}

/** A kind's compute tasks as its routes and jobs run them: in a thread, typed by the kind's own table. */
export interface KindCompute<Tasks extends TaskTable> {
  run<K extends keyof Tasks & string>(task: K, args: Parameters<Tasks[K]>[0], opts?: RunOptions): Promise<Awaited<ReturnType<Tasks[K]>>>;
}

/** Operator settings a kind reads (from the validated config). */
export interface KindConfig {
  maxCollectBytes: number;
  collectRatePerSecond: number;
  collectRateBurst: number;
  replayLinkTtlMs: number;
}

export interface KindContext<Options = Record<string, unknown>, Result = unknown, Tasks extends TaskTable = TaskTable> {
  config: KindConfig;
  /** The public origin links are built on (never a request's Host header). */
  origin(): string;
  /** The capability URL of a stored file or video by its token. */
  fileUrl(token: string | null): string | null;

  /** A session of this kind in the caller's workspace and mode, by Debrief's id (or, with `orExternalId`, the client's own): 404 for any other. */
  session(scope: Scope, id: string, opts?: { orExternalId?: boolean }): Promise<KindSession<Options>>;
  /** The session's result: 409 (`session_not_ready`, `session_failed`) unless it is ready. */
  result(session: KindSession<Options>): Promise<Result>;
  /** The result as a compute thread reads it (a large one as its file's bytes): 409 unless ready. */
  resultSource(session: KindSession<Options>): Promise<ResultSource>;
  /** Whatever result is stored, whatever the session's status, with the analyzer version that made it. */
  storedResult(session: KindSession<Options>): Promise<{ version: string; data: Result } | null>;
  /** Stores a result without touching the session's status: for a kind analysed when it is read. */
  saveResult(session: KindSession<Options>, version: string, data: Result): Promise<void>;

  /** The first of these inputs the session has (a video's extracted keypoints in its place), as a local file a compute task reads; removed afterwards. 404 when it has none. */
  withRecording<T>(session: KindSession<Options>, names: string[], use: (input: InputBody) => Promise<T>): Promise<T>;
  /** The session's uploaded video as a local file, or null when it has none. */
  withVideo<T>(session: KindSession<Options>, use: (path: string | null) => Promise<T>): Promise<T>;
  /** Files the kind makes for a session (charts), each behind a capability token. */
  files: {
    /** Tokens of the session's files whose names start with `prefix`, by name. */
    tokens(session: KindSession<Options>, prefix: string): Promise<Map<string, string>>;
    /** Keeps a file; when another request saved one by that name first, theirs stands. Its token. */
    save(session: KindSession<Options>, name: string, bytes: Uint8Array, contentType: string): Promise<string>;
  };
  /** Capability links of a session: a report page, or a behaviour replay (never both). */
  links: {
    tokenFor(session: KindSession<Options>, purpose: 'report' | 'replay', ttlMs?: number): Promise<string>;
    open(token: string, purpose: 'report' | 'replay'): Promise<KindSession<Options> | null>;
  };

  people(scope: Scope, ids: string[]): Promise<Map<string, Person>>;
  peopleByEmail(scope: Scope, emails: string[]): Promise<string[]>;
  /** A page of this kind's sessions, with the total that matched. */
  list(scope: Scope, query: SessionQuery): Promise<{ rows: ListedSession<Result>[]; total: number }>;
  /** Changes when anything a list of this kind shows changes (a session, a result, a removal, a person). */
  listVersion(scope: Scope): Promise<string>;
  /** The workspace's settings a kind reads. */
  workspace(workspaceId: string): Promise<{ timeZone: string; allowedOrigins: string[] }>;

  /** The session the client names by its own id, created on first use (`userId` set then). */
  sessionByExternalId(scope: Scope, externalId: string, userId: string | null): Promise<KindSession<Options>>;
  /** A session was fed: bumps its version, and sets its person when given one. */
  touch(session: KindSession<Options>, changes?: { userId?: string }): Promise<void>;
  /** A person's sessions of this kind, newest first: what a list shows of each. */
  sessionsOfUser(scope: Scope, userId: string, limit: number): Promise<Pick<KindSession, 'id' | 'externalId' | 'userId' | 'createdAt' | 'updatedAt'>[]>;

  compute: KindCompute<Tasks>;
  enqueue<Q extends QueueName>(queue: Q, payload: JobPayloads[Q], opts?: EnqueueOptions): Promise<void>;
  /** Records a webhook event (once per session and type) and queues its deliveries. */
  emit(scope: Scope, type: string, sessionId: string, object: unknown): Promise<void>;
  /** The database, for the tables this kind owns (its tables.ts) and nothing else; `sql` for plain SQL on them. */
  db: Db;
  sql: SqlClient;
}
