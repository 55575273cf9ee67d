// A company, its admin, a policy and an incident written straight into a fresh database, for the
// benchmarks whose baseline runs without the app (no HTTP, no sign-up): the rows a cost line points to.
import type Database from 'better-sqlite3';
import { newId } from '../../server/ids.ts';
import { INCIDENT, POLICY } from '../../test/support/fixtures.ts';
import type { LedgerOwner } from './fill-ledger.ts';

export interface SeededOwner extends LedgerOwner {
  policyId: string;
}

export function seedOwner(sqlite: Database.Database, label = 'Bench'): SeededOwner {
  const owner = { companyId: newId(), userId: newId(), policyId: newId(), incidentId: newId() };
  sqlite.transaction(() => {
    sqlite.prepare(`INSERT INTO companies (id, name) VALUES (?, ?)`).run(owner.companyId, `${label}社`);
    // Not a usable password hash: nobody signs in as this user.
    sqlite
      .prepare(`INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, ?, 'bench')`)
      .run(owner.userId, `${owner.userId}@example.jp`, `管理者 ${label}`);
    sqlite.prepare(`INSERT INTO memberships (user_id, company_id, role) VALUES (?, ?, 'admin')`).run(owner.userId, owner.companyId);
    sqlite
      .prepare(
        `INSERT INTO policies (id, company_id, insurer, policy_number, period_start, period_end, liability_limit, expense_limit, deductible, restoration_rider)
         VALUES (?, ?, ?, ?, ?, '2027-03-31', ?, ?, ?, ?)`,
      )
      .run(
        owner.policyId,
        owner.companyId,
        POLICY.insurer,
        POLICY.policyNumber,
        POLICY.periodStart,
        POLICY.liabilityLimit,
        POLICY.expenseLimit,
        POLICY.deductible,
        POLICY.restorationRider ? 1 : 0,
      );
    sqlite
      .prepare(
        `INSERT INTO incidents (id, company_id, policy_id, title, kind, occurred_on, discovered_on, records_affected, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        owner.incidentId,
        owner.companyId,
        owner.policyId,
        INCIDENT.title,
        INCIDENT.kind,
        INCIDENT.occurredOn,
        INCIDENT.discoveredOn,
        INCIDENT.recordsAffected,
        owner.userId,
      );
  })();
  return owner;
}
