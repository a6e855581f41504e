import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';
import { lockDataDir } from './lock.ts';
import { migrate } from './migrate.ts';
import type { SqlClient } from './sql-client.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** An open transaction: everything a Db does, committed or rolled back together. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Where a write goes: the database itself, or the caller's transaction (so it commits with the caller's other writes). */
export type DbOrTx = Db | Tx;

export type { SqlClient } from './sql-client.ts';

export interface Database {
  db: Db;
  sql: SqlClient;
  backend: 'pglite' | 'postgres';
  /**
   * Calls `onNotify` with each NOTIFY payload on `channel` (LISTEN, on a connection of its own that
   * comes back after a drop); resolves to the function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions { dataDir: string; databaseUrl: string | null; migrate?: boolean; onError?: (err: Error) => void }

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.onError) : await openPglite(opts.dataDir);
  try {
    if (opts.migrate !== false) await migrate(database.sql);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

async function openPglite(dataDir: string): Promise<Database> {
  const release = lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(path.join(dataDir, 'pgdata'));
  } catch (err) {
    release();
    throw err;
  }
  const wrap = (c: Pick<PGlite, 'query'>): SqlClient => ({
    query: async <R>(text: string, params?: unknown[]) => ({ rows: (await c.query<R>(text, params)).rows }),
    transaction: (fn) => client.transaction((tx) => fn(wrap(tx))),
  });
  return {
    db: drizzlePglite(client, { schema }),
    sql: wrap(client),
    backend: 'pglite',
    listen: (channel, onNotify) => client.listen(channel, onNotify),
    async close() {
      try { await client.close(); } finally { release(); }
    },
  };
}

function openPostgres(url: string, onError: (err: Error) => void = (err) => console.error('database connection error:', err.message)): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server must not crash the process, and is said in the log.
  pool.on('error', onError);
  const wrapClient = (c: pg.PoolClient): SqlClient => ({
    query: async <R>(text: string, params?: unknown[]) => ({ rows: (await c.query(text, params)).rows as R[] }),
    transaction: () => { throw new Error('nested transactions are not supported'); },
  });
  return {
    db: drizzlePg(pool, { schema }),
    sql: {
      query: async <R>(text: string, params?: unknown[]) => ({ rows: (await pool.query(text, params)).rows as R[] }),
      async transaction(fn) {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const out = await fn(wrapClient(c));
          await c.query('COMMIT');
          return out;
        } catch (err) {
          await c.query('ROLLBACK').catch(() => {});
          throw err;
        } finally {
          c.release();
        }
      },
    },
    backend: 'postgres',
    listen: (channel, onNotify) => listenPostgres(url, channel, onNotify, onError),
    close: () => pool.end(),
  };
}

/** LISTEN on a dedicated connection, opened again a second after it drops (a missed wake-up costs one poll). */
async function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void, onError: (err: Error) => void) {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  // Every second until it is back: a server restart can take longer than one try.
  const later = () => { if (!stopped) retry = setTimeout(() => connect().catch((err) => { onError(err); later(); }), 1000); };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => onNotify(n.payload ?? ''));
    c.on('error', (err) => {
      onError(err);
      c.end().catch(() => {});
      if (client === c) { client = null; later(); }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      c.end().catch(() => {});
      throw err;
    }
    if (stopped) { await c.end(); return; }
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
    client = null;
  };
}
