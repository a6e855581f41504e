import pg from 'pg';
import { randomBase62 } from '../../src/ids.ts';

/**
 * The storage back-ends the API and storage tests run against: always the embedded PGlite, and
 * PostgreSQL when DEBRIEF_TEST_DATABASE_URL points at a server (scripts/test.mjs starts one).
 */
export function backends(): ('pglite' | 'postgres')[] {
  return process.env.DEBRIEF_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, empty PostgreSQL database for one test file; dropped by the returned function. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.DEBRIEF_TEST_DATABASE_URL!;
  const name = `debrief_t_${randomBase62(10).toLowerCase()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
