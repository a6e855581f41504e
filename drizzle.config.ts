import { defineConfig } from 'drizzle-kit';

// Generates the SQL migrations in src/store/migrations from the core tables (src/store/schema.ts)
// and the tables each kind owns (its folder's tables.ts): `npm run db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/store/schema.ts', './src/kinds/*/tables.ts'],
  out: './src/store/migrations',
});
