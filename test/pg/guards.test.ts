// The database's own guards on PostgreSQL (drizzle-pg/0001_guards.sql) refuse what the SQLite triggers refuse,
// with the same message: every statement here runs on a migrated SQLite and a migrated PostgreSQL alike.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';
import { AUDIT_ROWS, INCIDENT_ROWS, PACKAGE_ROWS, REVIEW_ROWS } from './rows.ts';

const APPEND_ONLY = 'audit_log is append-only';
const REVIEWS_APPEND_ONLY = 'line_reviews is append-only';
const FROZEN = 'an exported claim package is frozen';

let pg: TestDatabase;
let sqlite: Database.Database;

type Outcome = { done: true } | { refused: string };

async function onPostgres(statement: string): Promise<Outcome> {
  try {
    await pg.pool.query(statement);
    return { done: true };
  } catch (error) {
    const e = error as { message: string; code?: string };
    // Class 23, as SQLite reports a trigger's RAISE(ABORT) as a constraint failure (SQLITE_CONSTRAINT_TRIGGER).
    expect(e.code, e.message).toBe('23000');
    return { refused: e.message };
  }
}

function onSqlite(statement: string): Outcome {
  try {
    sqlite.prepare(statement).run();
    return { done: true };
  } catch (error) {
    expect((error as { code?: string }).code).toBe('SQLITE_CONSTRAINT_TRIGGER');
    return { refused: (error as Error).message };
  }
}

/** Runs the statement on both databases and returns what happened, after checking it was the same. */
async function onBoth(statement: string): Promise<Outcome> {
  const fromSqlite = onSqlite(statement);
  const fromPostgres = await onPostgres(statement);
  expect(fromPostgres, statement).toEqual(fromSqlite);
  return fromPostgres;
}

async function valueOnBoth(query: string): Promise<unknown> {
  const fromSqlite = sqlite.prepare(query).pluck().get();
  const { rows } = await pg.pool.query({ text: query, rowMode: 'array' });
  expect((rows[0] as unknown[])[0], query).toEqual(fromSqlite);
  return fromSqlite;
}

beforeAll(async () => {
  pg = await createTestDatabase();
  sqlite = new Database(':memory:');
  sqlite.pragma('foreign_keys = ON');
  migrate(drizzle({ client: sqlite }), { migrationsFolder: 'drizzle' });
  for (const statement of [...INCIDENT_ROWS, ...AUDIT_ROWS, ...REVIEW_ROWS, ...PACKAGE_ROWS]) {
    sqlite.prepare(statement).run();
    await pg.pool.query(statement);
  }
});
afterAll(async () => {
  sqlite?.close();
  await pg?.drop();
});

describe('the same guards as on SQLite', () => {
  it('has every SQLite guard trigger, under its name; neither has a trigger on the ledger', async () => {
    const sqliteTriggers = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all() as string[];
    const { rows } = await pg.pool.query<{ name: string; table: string }>(
      'SELECT t.tgname AS name, c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal ORDER BY 1',
    );
    // The running sums are the writes' own code on both (server/ledger/rollups.ts, migration 0014): every SQLite trigger is a guard, and is ported.
    expect(sqliteTriggers.filter((name) => name.startsWith('costs_rollup_'))).toEqual([]);
    expect(rows.map((r) => r.name)).toEqual([...sqliteTriggers, 'audit_log_no_truncate', 'claim_packages_frozen_truncate', 'line_reviews_no_truncate'].sort());
    // Nothing fires on the ledger.
    expect(rows.filter((r) => r.table === 'costs' || r.table === 'cost_rollups')).toEqual([]);
  });
});

describe('audit_log_no_update: an audit entry cannot be changed', () => {
  it('refuses an edit of a sealed entry, of any column, the chain columns too', async () => {
    expect(await onBoth(`UPDATE audit_log SET after = '{"amount":1}' WHERE id = 1`)).toEqual({ refused: APPEND_ONLY });
    expect(await onBoth(`UPDATE audit_log SET action = 'delete' WHERE id = 1`)).toEqual({ refused: APPEND_ONLY });
    expect(await onBoth(`UPDATE audit_log SET hash = '${'f'.repeat(64)}' WHERE id = 1`)).toEqual({ refused: APPEND_ONLY });
    expect(await onBoth(`UPDATE audit_log SET at = at WHERE id = 1`)).toEqual({ refused: APPEND_ONLY });
  });

  it('refuses an edit of an unsealed entry’s content, even alongside sealing it', async () => {
    expect(await onBoth(`UPDATE audit_log SET entity_id = 'k2' WHERE id = 2`)).toEqual({ refused: APPEND_ONLY });
    expect(await onBoth(`UPDATE audit_log SET incident_id = NULL WHERE id = 2`)).toEqual({ refused: APPEND_ONLY });
    expect(await onBoth(`UPDATE audit_log SET before = '{}' WHERE id = 2`)).toEqual({ refused: APPEND_ONLY });
    expect(await onBoth(`UPDATE audit_log SET hash = '${'c'.repeat(64)}', actor_user_id = NULL WHERE id = 2`)).toEqual({ refused: APPEND_ONLY });
    expect(await onBoth(`UPDATE audit_log SET id = 99 WHERE id = 2`)).toEqual({ refused: APPEND_ONLY });
    expect(await valueOnBoth('SELECT hash FROM audit_log WHERE id = 2')).toBeNull();
  });

  it('lets an entry from before the hash chain be sealed, once', async () => {
    const seal = `UPDATE audit_log SET prev_hash = '${'a'.repeat(64)}', hash = '${'d'.repeat(64)}' WHERE id = 3`;
    expect(await onBoth(seal)).toEqual({ done: true });
    expect(await valueOnBoth('SELECT hash FROM audit_log WHERE id = 3')).toBe('d'.repeat(64));
    expect(await onBoth(seal)).toEqual({ refused: APPEND_ONLY });
  });
});

describe('audit_log_no_delete (and no_truncate): an audit entry cannot be removed', () => {
  it('refuses deleting one entry or all of them', async () => {
    expect(await onBoth('DELETE FROM audit_log WHERE id = 1')).toEqual({ refused: APPEND_ONLY });
    expect(await onBoth('DELETE FROM audit_log WHERE hash IS NULL')).toEqual({ refused: APPEND_ONLY });
    expect(await onBoth('DELETE FROM audit_log')).toEqual({ refused: APPEND_ONLY });
    expect(await valueOnBoth('SELECT COUNT(*) FROM audit_log')).toBe(3);
  });

  it('refuses TRUNCATE on PostgreSQL, which skips row triggers (SQLite has none)', async () => {
    expect(await onPostgres('TRUNCATE audit_log')).toEqual({ refused: APPEND_ONLY });
    // Emptying the companies with CASCADE reaches the log too, and is refused there.
    expect(await onPostgres('TRUNCATE companies CASCADE')).toEqual({ refused: APPEND_ONLY });
    expect(await valueOnBoth('SELECT COUNT(*) FROM audit_log')).toBe(3);
  });
});

describe('line_reviews_no_update, _no_delete (and _no_truncate): a review thread is never rewritten', () => {
  it('refuses editing a review', async () => {
    expect(await onBoth(`UPDATE line_reviews SET comment = '問題ありません' WHERE id = 'r1'`)).toEqual({ refused: REVIEWS_APPEND_ONLY });
    expect(await onBoth(`UPDATE line_reviews SET kind = 'accept'`)).toEqual({ refused: REVIEWS_APPEND_ONLY });
  });

  it('refuses removing a review', async () => {
    expect(await onBoth(`DELETE FROM line_reviews WHERE id = 'r1'`)).toEqual({ refused: REVIEWS_APPEND_ONLY });
    expect(await onPostgres('TRUNCATE line_reviews')).toEqual({ refused: REVIEWS_APPEND_ONLY });
    expect(await valueOnBoth(`SELECT comment FROM line_reviews WHERE id = 'r1'`)).toBe('見積書を添付してください');
  });

  it('still takes a new review', async () => {
    const reply = `INSERT INTO line_reviews (id, cost_id, incident_id, company_id, kind, comment, author_user_id, author_side, cost_version, at)
      VALUES ('r2', 'k1', 'i1', 'c1', 'answer', '添付しました', 'u1', 'client', 1, '2026-05-05T00:00:00.000Z')`;
    expect(await onBoth(reply)).toEqual({ done: true });
    expect(await valueOnBoth('SELECT COUNT(*) FROM line_reviews')).toBe(2);
  });
});

describe('claim_packages_frozen_update, _frozen_delete (and _frozen_truncate): an exported package is frozen', () => {
  it('refuses changing a ready package, its status included', async () => {
    expect(await onBoth(`UPDATE claim_packages SET sha256 = 'x' WHERE id = 'pk1'`)).toEqual({ refused: FROZEN });
    expect(await onBoth(`UPDATE claim_packages SET status = 'building' WHERE id = 'pk1'`)).toEqual({ refused: FROZEN });
    expect(await onBoth(`UPDATE claim_packages SET totals = '{}'`)).toEqual({ refused: FROZEN });
  });

  it('refuses removing a ready package, alone or with the others', async () => {
    expect(await onBoth(`DELETE FROM claim_packages WHERE id = 'pk1'`)).toEqual({ refused: FROZEN });
    expect(await onBoth('DELETE FROM claim_packages')).toEqual({ refused: FROZEN });
    expect(await onPostgres('TRUNCATE claim_packages CASCADE')).toEqual({ refused: FROZEN });
    expect(await valueOnBoth(`SELECT COUNT(*) FROM claim_packages`)).toBe(3);
  });

  it('lets a package still being built be finished or removed', async () => {
    expect(await onBoth(`UPDATE claim_packages SET status = 'ready', sha256 = '${'e'.repeat(64)}', size = 4096 WHERE id = 'pk2'`)).toEqual({ done: true });
    expect(await onBoth(`UPDATE claim_packages SET size = 1 WHERE id = 'pk2'`)).toEqual({ refused: FROZEN });
    expect(await onBoth(`DELETE FROM claim_packages WHERE id = 'pk3'`)).toEqual({ done: true });
    expect(await valueOnBoth(`SELECT COUNT(*) FROM claim_packages WHERE status = 'ready'`)).toBe(2);
  });

  it('lets TRUNCATE through on PostgreSQL while no package is ready, as a DELETE would be', async () => {
    const other = await createTestDatabase();
    try {
      for (const statement of [...INCIDENT_ROWS, PACKAGE_ROWS[1]!]) await other.pool.query(statement);
      await other.pool.query('TRUNCATE claim_packages CASCADE');
      expect((await other.pool.query('SELECT COUNT(*) AS n FROM claim_packages')).rows[0]).toEqual({ n: 0 });
    } finally {
      await other.drop();
    }
  });
});
