// Sums of yen from PostgreSQL: node-postgres hands 64-bit and numeric results over as strings unless parsed;
// server/db/pg-types.ts parses them to exact numbers and refuses any a JS number would round.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INT8_OID, NUMERIC_OID, parseSafeInteger } from '../../server/db/pg-types.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';
import { INCIDENT_ROWS } from './rows.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const statement of INCIDENT_ROWS) await db.pool.query(statement);
});
afterAll(async () => await db?.drop());

async function addLine(id: string, amount: number | string): Promise<void> {
  await db.pool.query(
    `INSERT INTO costs (id, incident_id, company_id, category, stage, incurred_on, amount, created_by)
     VALUES ($1, 'i1', 'c1', 'investigation', 'invoiced', '2026-05-03', $2, 'u1')`,
    [id, amount],
  );
}

describe('a ledger total from PostgreSQL', () => {
  it('comes back from a plain pg as a string', () => {
    // A fresh process, so no parser set by this one can interfere: what pg does by default.
    const script = `
      import pg from 'pg';
      const client = new pg.Client(process.argv[1]);
      await client.connect();
      const { rows, fields } = await client.query("SELECT SUM(amount) AS total, COUNT(*) AS lines FROM costs");
      console.log(JSON.stringify({ rows, types: fields.map((f) => f.dataTypeID) }));
      await client.end();`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, db.url], { encoding: 'utf8' })) as {
      rows: { total: unknown; lines: unknown }[];
      types: number[];
    };
    expect(out.rows[0]).toEqual({ total: '1100000', lines: '1' });
    // SUM of a bigint column is numeric, COUNT is int8: the parsers cover both.
    expect(out.types).toEqual([NUMERIC_OID, INT8_OID]);
  });

  it('comes back as a number with the parsers, also beyond integer’s ¥2,147,483,647', async () => {
    await addLine('k-big', 3_000_000_000);
    const { rows } = await db.pool.query('SELECT SUM(amount) AS total, COUNT(*) AS lines, MAX(amount) AS largest FROM costs');
    expect(rows[0]).toEqual({ total: 3_001_100_000, lines: 2, largest: 3_000_000_000 });
  });

  it('throws rather than round a total beyond Number.MAX_SAFE_INTEGER', async () => {
    // Each line is exact; their sum (10,000,003,001,100,000) is beyond 2^53 − 1 (9,007,199,254,740,991).
    await addLine('k-huge-1', 5_000_000_000_000_000);
    await addLine('k-huge-2', 5_000_000_000_000_000);
    await expect(db.pool.query('SELECT SUM(amount) AS total FROM costs')).rejects.toThrow(/MAX_SAFE_INTEGER/);
    await expect(db.pool.query('SELECT SUM(amount)::bigint AS total FROM costs')).rejects.toThrow(/MAX_SAFE_INTEGER/);
  });

  it('parses only whole numbers, exactly', () => {
    expect(parseSafeInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseSafeInteger('-9007199254740991')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(() => parseSafeInteger('9007199254740992')).toThrow(RangeError);
    expect(() => parseSafeInteger('1.5')).toThrow(/not a whole number/);
  });
});
