// The local lint rule eslint-rules/no-sync-drizzle.js: a drizzle query ended by a SQLite-only synchronous call
// is refused, while awaited queries, `.execute()` on a prepared one and better-sqlite3's own statements pass.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('refuses .get(), .all() and .run() on drizzle queries, and nothing else', { timeout: 120_000 }, async () => {
  // A file inside server/, so the server's tsconfig types it as it types the app.
  const probe = path.join(ROOT, 'server', `lint-probe-${process.pid}.ts`);
  writeFileSync(
    probe,
    `import { eq, sql } from 'drizzle-orm';
import type { Db } from './db/client.ts';
import { costs } from './db/schema.ts';
export async function probe(db: Db) {
  const a = db.select().from(costs).where(eq(costs.id, 'x')).get();
  const b = db.select().from(costs).prepare().all();
  const c = db.insert(costs).values({} as never).run();
  const awaited = await db.select().from(costs).where(eq(costs.id, 'x'));
  const prepared = await db.select().from(costs).where(eq(costs.id, sql.placeholder('id'))).prepare().execute({ id: 'x' });
  const raw = db.$client.prepare('SELECT 1').get();
  const map = new Map<string, number>().get('x');
  return [a, b, c, awaited, prepared, raw, map];
}
`,
  );
  try {
    const [result] = await new ESLint({ cwd: ROOT }).lintFiles([probe]);
    const found = result!.messages.filter((message) => message.ruleId === 'local/no-sync-drizzle').map((message) => `${message.line}: ${message.message}`);
    expect(found).toEqual([
      "5: `.get()` on drizzle's SQLiteSelectBase runs only on SQLite: await the query, or call `.execute()` on a prepared one (docs/decisions/038).",
      "6: `.all()` on drizzle's SQLitePreparedQuery runs only on SQLite: await the query, or call `.execute()` on a prepared one (docs/decisions/038).",
      "7: `.run()` on drizzle's SQLiteInsertBase runs only on SQLite: await the query, or call `.execute()` on a prepared one (docs/decisions/038).",
    ]);
  } finally {
    rmSync(probe, { force: true });
  }
});
