// A company, its admin, a policy and an incident written straight into a fresh database, for the
// benchmarks whose baseline runs without the app (no HTTP, no sign-up): the rows a cost line points to.
// seedOwner on SQLite, seedOwnerPg on PostgreSQL: the same rows.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { newId } from '../../server/ids.ts';
import { INCIDENT, POLICY } from '../../test/support/fixtures.ts';
import { inPgTransaction, numbered } from './engine.ts';
import type { LedgerOwner } from './fill-ledger.ts';

export interface SeededOwner extends LedgerOwner {
  policyId: string;
}

/** The rows, as (SQL with `?` placeholders, parameters): the same on both databases. */
function ownerRows(label: string): { owner: SeededOwner; rows: [sql: string, params: unknown[]][] } {
  const owner = { companyId: newId(), userId: newId(), policyId: newId(), incidentId: newId() };
  return {
    owner,
    rows: [
      [`INSERT INTO companies (id, name) VALUES (?, ?)`, [owner.companyId, `${label}社`]],
      // Not a usable password hash: nobody signs in as this user.
      [`INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, ?, 'bench')`, [owner.userId, `${owner.userId}@example.jp`, `管理者 ${label}`]],
      [`INSERT INTO memberships (user_id, company_id, role) VALUES (?, ?, 'admin')`, [owner.userId, owner.companyId]],
      [
        `INSERT INTO policies (id, company_id, insurer, policy_number, period_start, period_end, liability_limit, expense_limit, deductible, restoration_rider)
         VALUES (?, ?, ?, ?, ?, '2027-03-31', ?, ?, ?, ?)`,
        [
          owner.policyId,
          owner.companyId,
          POLICY.insurer,
          POLICY.policyNumber,
          POLICY.periodStart,
          POLICY.liabilityLimit,
          POLICY.expenseLimit,
          POLICY.deductible,
          // 1/0 on SQLite; PostgreSQL reads '1'/'0' as a boolean.
          POLICY.restorationRider ? 1 : 0,
        ],
      ],
      [
        `INSERT INTO incidents (id, company_id, policy_id, title, kind, occurred_on, discovered_on, records_affected, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          owner.incidentId,
          owner.companyId,
          owner.policyId,
          INCIDENT.title,
          INCIDENT.kind,
          INCIDENT.occurredOn,
          INCIDENT.discoveredOn,
          INCIDENT.recordsAffected,
          owner.userId,
        ],
      ],
    ],
  };
}

export function seedOwner(sqlite: Database.Database, label = 'Bench'): SeededOwner {
  const { owner, rows } = ownerRows(label);
  sqlite.transaction(() => {
    for (const [statement, params] of rows) sqlite.prepare(statement).run(...params);
  })();
  return owner;
}

/** The same rows on PostgreSQL, through a pool (or one client), in one transaction. */
export async function seedOwnerPg(pool: pg.Pool, label = 'Bench'): Promise<SeededOwner> {
  const { owner, rows } = ownerRows(label);
  await inPgTransaction(pool, async (client) => {
    for (const [statement, params] of rows) await client.query(numbered(statement), params);
  });
  return owner;
}
