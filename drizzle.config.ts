import { defineConfig } from 'drizzle-kit';

// Generates the SQL migrations in src/store/migrations from src/store/schema.ts and the tables the
// kinds own: `npm run db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/store/schema.ts', './src/kinds/behavior/tables.ts', './src/kinds/roleplay/tables.ts'],
  out: './src/store/migrations',
});
