import { boolean, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, createdAt, workspaces } from '../../store/schema.ts';
import type { Scenario } from './scenarios.ts';

// The roleplay kind's own table (migrations: drizzle.config.ts lists this file).
/** A workspace's own roleplay scenarios (built-in ones live in code and can be copied). */
export const scenarios = pgTable('scenarios', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  livemode: boolean('livemode').notNull(),
  slug: text('slug').notNull(),
  body: jsonb('body').$type<Scenario>().notNull(),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('scenarios_scope_slug').on(t.workspaceId, t.livemode, t.slug)]);
