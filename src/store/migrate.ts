import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlClient } from './sql-client.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

interface Journal { entries: { idx: number; tag: string }[] }

export function migrationTags(): string[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries.sort((a, b) => a.idx - b.idx).map((e) => e.tag);
}

/**
 * Applies drizzle-kit's generated SQL files in journal order, each in a transaction.
 * An advisory lock serialises processes that start together against one PostgreSQL.
 */
export async function migrate(client: SqlClient): Promise<string[]> {
  const applied: string[] = [];
  await client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(80114421)');
    await tx.query('CREATE TABLE IF NOT EXISTS debrief_migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ tag: string }>('SELECT tag FROM debrief_migrations')).rows.map((r) => r.tag));
    for (const tag of migrationTags()) {
      if (done.has(tag)) continue;
      const text = fs.readFileSync(path.join(MIGRATIONS_DIR, `${tag}.sql`), 'utf8');
      for (const statement of text.split('--> statement-breakpoint')) {
        if (statement.trim()) await tx.query(statement);
      }
      await tx.query('INSERT INTO debrief_migrations (tag) VALUES ($1)', [tag]);
      applied.push(tag);
    }
  });
  return applied;
}

export async function pendingMigrations(client: SqlClient): Promise<string[]> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('debrief_migrations')::text AS t");
  if (!exists.rows[0]?.t) return migrationTags();
  const done = new Set((await client.query<{ tag: string }>('SELECT tag FROM debrief_migrations')).rows.map((r) => r.tag));
  return migrationTags().filter((t) => !done.has(t));
}
