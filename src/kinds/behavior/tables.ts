import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bytea, createdAt, sessions } from '../../store/schema.ts';

// The behaviour kind's own table (migrations: drizzle.config.ts lists this file).
/** Batches the capture script sent for a behaviour session; a retried batch (same seq) is kept once. */
export const behaviorBatches = pgTable('behavior_batches', {
  sessionId: text('session_id').notNull().references(() => sessions.id, { onDelete: 'cascade' }),
  seq: integer('seq').notNull(),
  eventCount: integer('event_count').notNull(),
  /** Client times (ms since the epoch) of the batch's first and last events. */
  firstAt: bigint('first_at', { mode: 'number' }).notNull(),
  lastAt: bigint('last_at', { mode: 'number' }).notNull(),
  /** The batch JSON, gzipped. */
  payload: bytea('payload').notNull(),
  receivedAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.sessionId, t.seq] })]);
