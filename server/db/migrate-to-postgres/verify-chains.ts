// The second check: every company's audit-log hash chain holds on PostgreSQL, recomputed from the PostgreSQL rows
// with the app's own hashing (server/audit-hash.ts). A chain broken there is walked in SQLite too, to tell a
// faithful copy of a source changed outside the app from a copy that changed something.

import type Database from 'better-sqlite3';
import type pg from 'pg';
import { ChainWalk, type ChainRow, type ChainVerification } from '../../audit-hash.ts';

export interface CompanyChain extends ChainVerification {
  companyId: string;
  name: string;
  /** When broken on PostgreSQL: where SQLite's own chain breaks (null: it holds there, so the copy is at fault). */
  sqliteFirstBrokenId: number | null;
}

/** Entries read per query: a long log is walked in pages, never held whole. */
const PAGE = 1000;

const CHAIN_COLUMNS = `id, company_id AS "companyId", incident_id AS "incidentId", entity_type AS "entityType", entity_id AS "entityId",
  action, actor_user_id AS "actorUserId", at, before, after, prev_hash AS "prevHash", hash`;

export async function verifyChains(client: pg.ClientBase, sqlite: Database.Database): Promise<CompanyChain[]> {
  const { rows: companies } = await client.query<{ id: string; name: string }>('SELECT id, name FROM companies ORDER BY id');
  const chains: CompanyChain[] = [];
  for (const company of companies) {
    const result = await walkPostgres(client, company.id);
    const sqliteFirstBrokenId = result.ok ? null : walkSqlite(sqlite, company.id).firstBrokenId;
    chains.push({ companyId: company.id, name: company.name, ...result, sqliteFirstBrokenId });
  }
  return chains;
}

async function walkPostgres(client: pg.ClientBase, companyId: string): Promise<ChainVerification> {
  const walk = new ChainWalk();
  let after = 0;
  for (;;) {
    const { rows } = await client.query<ChainRow & { id: number | string }>(
      `SELECT ${CHAIN_COLUMNS} FROM audit_log WHERE company_id = $1 AND id > $2 ORDER BY id LIMIT ${PAGE}`,
      [companyId, after],
    );
    for (const row of rows) {
      // bigint: a string unless pg-types.ts's parser is installed; the chain names ids as numbers either way.
      const id = Number(row.id);
      if (!walk.add({ ...row, id })) return walk.result();
      after = id;
    }
    if (rows.length < PAGE) return walk.result();
  }
}

function walkSqlite(sqlite: Database.Database, companyId: string): ChainVerification {
  const walk = new ChainWalk();
  const rows = sqlite.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_log WHERE company_id = ? ORDER BY id`).iterate(companyId) as Iterable<ChainRow>;
  for (const row of rows) if (!walk.add(row)) break;
  return walk.result();
}
