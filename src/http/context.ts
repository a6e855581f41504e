import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import type { Database } from '../store/db.ts';
import type { BlobStore } from '../store/blobs.ts';
import type { KindRegistry } from '../kinds/registry.ts';
import type { Sessions } from '../sessions/service.ts';
import type { Webhooks } from '../webhooks/service.ts';
import type { Reports } from '../sessions/reports.ts';
import type { KeyAuth } from './auth.ts';
import type { QueueStore } from '../jobs/queue.ts';
import type { ReadCache } from './read-cache.ts';
import type { VideoRenderer } from '../sessions/videos.ts';
import type { Users } from '../users/service.ts';
import type { ComputePool } from '../compute/pool.ts';
import type { Accounts } from '../accounts/accounts.ts';
import type { KindContext } from '../kinds/context.ts';

/** What the HTTP layer and the kinds' routes are given: services, never raw globals. */
export interface AppContext {
  config: Config;
  database: Database;
  blobs: BlobStore;
  kinds: KindRegistry;
  /** Where CPU-heavy work runs (parsing, analyses, exports, pages, charts): never on the event loop. */
  compute: ComputePool;
  sessions: Sessions;
  webhooks: Webhooks;
  reports: Reports;
  keyAuth: KeyAuth;
  queue: QueueStore;
  log: Logger;
  /** Serialised sessions that no longer change (ready or failed). */
  sessionCache: ReadCache;
  renderer: VideoRenderer;
  users: Users;
  accounts: Accounts;
  /** The token in the data directory's server.json that lets its owner manage keys (server-file.ts); null without an API. */
  operatorToken: string | null;
  /**
   * The origin links are built on: DEBRIEF_PUBLIC_URL, else the address this server listens on.
   * Never the request's Host header, which any caller sets (and the read cache would hand their
   * links to everyone else).
   */
  origin(): string;
  /** What a kind's routes are given: the ports of its own sessions (sessions/kind-context.ts). */
  kindContext(kind: string): KindContext;
}
