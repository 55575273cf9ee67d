// drizzle-kit: generates PostgreSQL migrations into drizzle-pg/ from server/db/schema-pg.ts (`npm run db:generate:pg`).
// Separate from drizzle.config.ts (SQLite): each dialect keeps its own migrations and journal.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema-pg.ts',
  out: './drizzle-pg',
});
