// The audit log's hash chain (issue 4): real API changes chain per company and verify; an attacker with
// the database file (triggers dropped) edits, removes or reorders entries and the chain points at the
// first broken one; the triggers refuse a plain UPDATE/DELETE; `npm run audit:verify` says OK or BROKEN
// with its exit code; entries from before the chain are sealed once; the claim package records the head.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHead, entryHash, GENESIS_HASH, sealUnchainedEntries, verifyChain } from '../../server/audit-chain.ts';
import { openDatabase, type Db } from '../../server/db/client.ts';
import { auditLog } from '../../server/db/schema.ts';
import { COST, INCIDENT, setUpIncident } from '../support/fixtures.ts';
import { signUpCompany, startTestServer, type ApiClient, type TestServer } from '../support/server.ts';
import { entriesByPath, readZip } from '../support/zip.ts';
import { at } from '../support/at.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type AuditRow = Omit<typeof auditLog.$inferSelect, 'id'> & { id: number };

function auditRows(db: Db, companyId: string): AuditRow[] {
  return db.$client
    .prepare(
      `SELECT id, company_id AS companyId, incident_id AS incidentId, entity_type AS entityType, entity_id AS entityId, action,
              actor_user_id AS actorUserId, at, before, after, prev_hash AS prevHash, hash
         FROM audit_log WHERE company_id = ? ORDER BY id`,
    )
    .all(companyId) as AuditRow[];
}

/** A company that has done a little of everything through the API: incident, lines, edits, a delete, approval. */
async function someActivity(client: ApiClient, companyId: string) {
  const ids = await setUpIncident(client, companyId);
  const second = await client.ok('mutate', 'cost.create', { incidentId: ids.incidentId, ...COST, amount: 480_000, vendor: '通知発送社' });
  const third = await client.ok('mutate', 'cost.create', { incidentId: ids.incidentId, ...COST, category: 'communications', amount: 220_000 });
  await client.ok('mutate', 'cost.update', { id: second.id, ...COST, amount: 500_000, vendor: '通知発送社', expectedVersion: 1 });
  await client.ok('mutate', 'cost.delete', { id: third.id });
  await client.ok('mutate', 'cost.approve', { ids: [ids.costId, second.id], approved: true });
  await client.ok('mutate', 'incident.updateTracking', {
    id: ids.incidentId,
    sensitiveData: true,
    financialHarm: false,
    malicious: false,
    insurerNotifiedOn: '2026-06-03',
    regulatorFirstReportOn: null,
    regulatorFinalReportOn: null,
  });
  return ids;
}

/** A fresh server with two companies' chains interleaved in the one table. */
async function twoCompanies() {
  const server = await startTestServer();
  const a = await signUpCompany(server.url, 'A');
  const b = await signUpCompany(server.url, 'B');
  const aIds = await setUpIncident(a.client, a.companyId);
  const bIds = await setUpIncident(b.client, b.companyId);
  await someActivity(a.client, a.companyId);
  await b.client.ok('mutate', 'cost.create', { incidentId: bIds.incidentId, ...COST, amount: 90_000 });
  await a.client.ok('mutate', 'cost.create', { incidentId: aIds.incidentId, ...COST, amount: 70_000 });
  await someActivity(b.client, b.companyId);
  return { server, a: { ...a, ...aIds }, b: { ...b, ...bIds } };
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const verifyScript = async (dataDir: string) => await run(process.execPath, ['--import', 'tsx', 'scripts/verify-audit.ts'], { DATA_DIR: dataDir });

describe('the chain of real API changes', () => {
  let server: TestServer;
  let a: Awaited<ReturnType<typeof twoCompanies>>['a'];
  let b: Awaited<ReturnType<typeof twoCompanies>>['b'];
  beforeAll(async () => {
    ({ server, a, b } = await twoCompanies());
  });
  afterAll(async () => await server.close());

  it('verifies: ok, every one of the company’s rows counted, the head is its last row’s hash', async () => {
    for (const company of [a, b]) {
      const rows = auditRows(server.db, company.companyId);
      expect(rows.length).toBeGreaterThan(10);
      const answer = await company.client.ok('query', 'audit.verify', { companyId: company.companyId });
      expect(answer).toEqual({ ok: true, entries: rows.length, head: rows.at(-1)!.hash, firstBrokenId: null });
      expect(answer.head).toMatch(/^[0-9a-f]{64}$/);
      expect(await chainHead(server.db, company.companyId)).toEqual({ hash: answer.head, entries: rows.length });
    }
  });

  it('keeps one chain per company: each starts at genesis and links only to its own previous entry', () => {
    const all = server.db.$client.prepare('SELECT company_id AS companyId FROM audit_log ORDER BY id').all() as { companyId: string }[];
    // The two companies' entries really are interleaved in the table.
    const switches = all.filter((row, i) => i > 0 && row.companyId !== at(all, i - 1).companyId).length;
    expect(switches).toBeGreaterThanOrEqual(3);
    for (const company of [a, b]) {
      let prev = GENESIS_HASH;
      for (const row of auditRows(server.db, company.companyId)) {
        expect(row.prevHash, `entry ${row.id}`).toBe(prev);
        expect(row.hash, `entry ${row.id}`).toBe(entryHash(row, prev));
        prev = row.hash!;
      }
    }
    expect(auditRows(server.db, a.companyId).at(-1)!.hash).not.toBe(auditRows(server.db, b.companyId).at(-1)!.hash);
  });

  it('answers NOT_FOUND when a company asks to verify another company’s chain', async () => {
    const answer = await a.client.query('audit.verify', { companyId: b.companyId });
    expect(answer.error?.code).toBe('NOT_FOUND');
  });

  it('still refuses a plain UPDATE or DELETE of a chained row in SQL', async () => {
    const row = at(auditRows(server.db, a.companyId), 3);
    const sql = server.db.$client;
    expect(() => sql.prepare(`UPDATE audit_log SET after = json_set(after, '$.amount', 1) WHERE id = ?`).run(row.id)).toThrow('audit_log is append-only');
    expect(() => sql.prepare('UPDATE audit_log SET action = ? WHERE id = ?').run('delete', row.id)).toThrow('audit_log is append-only');
    // Not even "re-sealing" a sealed row: only a NULL hash may be filled in.
    expect(() => sql.prepare('UPDATE audit_log SET hash = ?, prev_hash = ? WHERE id = ?').run('f'.repeat(64), GENESIS_HASH, row.id)).toThrow(
      'audit_log is append-only',
    );
    expect(() => sql.prepare('DELETE FROM audit_log WHERE id = ?').run(row.id)).toThrow('audit_log is append-only');
    expect(() => sql.prepare('DELETE FROM audit_log').run()).toThrow('audit_log is append-only');
    expect(await verifyChain(server.db, a.companyId)).toMatchObject({ ok: true, entries: auditRows(server.db, a.companyId).length });
  });
});

describe('an attacker with the database file', () => {
  let server: TestServer | null = null;
  afterAll(async () => {
    await server?.close();
  });
  /** Each tampering test gets its own server, so a dropped trigger or edited row never leaks into another. */
  async function fresh() {
    await server?.close();
    const made = await twoCompanies();
    server = made.server;
    return made;
  }

  it('edits an amount in one entry: verify points at that entry (the other company still verifies)', async () => {
    const { server, a, b } = await fresh();
    const rows = auditRows(server.db, a.companyId);
    const target = rows.find((r) => r.entityType === 'cost' && r.action === 'create' && (JSON.parse(r.after!) as { amount?: number }).amount === 1_500_000)!;
    server.db.$client.exec('DROP TRIGGER audit_log_no_update');
    server.db.$client.prepare(`UPDATE audit_log SET after = json_set(after, '$.amount', 15000000) WHERE id = ?`).run(target.id);
    expect((JSON.parse(auditRows(server.db, a.companyId).find((r) => r.id === target.id)!.after!) as { amount?: number }).amount).toBe(15_000_000);

    const answer = await a.client.ok('query', 'audit.verify', { companyId: a.companyId });
    expect(answer).toMatchObject({ ok: false, firstBrokenId: target.id, entries: rows.indexOf(target) + 1 });
    expect(answer.head).toBe(rows[rows.indexOf(target) - 1]?.hash ?? GENESIS_HASH);
    expect(await b.client.ok('query', 'audit.verify', { companyId: b.companyId })).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('edits an entry and re-hashes it: the break moves to the next entry', async () => {
    const { server, a } = await fresh();
    const rows = auditRows(server.db, a.companyId);
    const i = rows.findIndex((r) => r.action === 'approve');
    const target = at(rows, i);
    const after = JSON.stringify({ ...JSON.parse(target.after!), approvedBy: 'someone-else' });
    server.db.$client.exec('DROP TRIGGER audit_log_no_update');
    server.db.$client.prepare('UPDATE audit_log SET after = ?, hash = ? WHERE id = ?').run(after, entryHash({ ...target, after }, target.prevHash!), target.id);
    const answer = await a.client.ok('query', 'audit.verify', { companyId: a.companyId });
    expect(answer).toMatchObject({ ok: false, firstBrokenId: at(rows, i + 1).id });
  });

  it('deletes a middle entry: verify points at the entry after the gap', async () => {
    const { server, a, b } = await fresh();
    const rows = auditRows(server.db, a.companyId);
    const i = Math.floor(rows.length / 2);
    server.db.$client.exec('DROP TRIGGER audit_log_no_delete');
    server.db.$client.prepare('DELETE FROM audit_log WHERE id = ?').run(at(rows, i).id);
    // The next row in the table may be the other company's: the break is at A's next entry.
    const answer = await a.client.ok('query', 'audit.verify', { companyId: a.companyId });
    expect(answer).toMatchObject({ ok: false, firstBrokenId: at(rows, i + 1).id, entries: i + 1 });
    expect(await b.client.ok('query', 'audit.verify', { companyId: b.companyId })).toMatchObject({ ok: true });
  });

  it('swaps two entries: verify points at the first of them', async () => {
    const { server, a } = await fresh();
    const rows = auditRows(server.db, a.companyId);
    const [x, y] = [at(rows, 4), at(rows, 5)];
    server.db.$client.exec('DROP TRIGGER audit_log_no_update');
    const move = server.db.$client.prepare('UPDATE audit_log SET id = ? WHERE id = ?');
    server.db.$client.transaction(() => {
      move.run(-1, x.id);
      move.run(x.id, y.id);
      move.run(y.id, -1);
    })();
    expect(at(auditRows(server.db, a.companyId), 4).hash).toBe(y.hash);
    expect(await a.client.ok('query', 'audit.verify', { companyId: a.companyId })).toMatchObject({ ok: false, firstBrokenId: x.id });
  });

  it('cuts off the newest entries: the chain alone still verifies, only a recorded head shows it', async () => {
    // The known limit of a hash chain: the package's recorded head (manifest) is what catches this.
    const { server, a } = await fresh();
    const rows = auditRows(server.db, a.companyId);
    const recorded = await chainHead(server.db, a.companyId);
    server.db.$client.exec('DROP TRIGGER audit_log_no_delete');
    server.db.$client.prepare('DELETE FROM audit_log WHERE id = ?').run(rows.at(-1)!.id);
    const answer = await a.client.ok('query', 'audit.verify', { companyId: a.companyId });
    expect(answer).toEqual({ ok: true, entries: rows.length - 1, head: rows.at(-2)!.hash, firstBrokenId: null });
    expect(answer.head).not.toBe(recorded.hash);
  });
});

describe('npm run audit:verify', () => {
  let server: TestServer;
  let a: Awaited<ReturnType<typeof twoCompanies>>['a'];
  let b: Awaited<ReturnType<typeof twoCompanies>>['b'];
  beforeAll(async () => {
    ({ server, a, b } = await twoCompanies());
  });
  afterAll(async () => await server.close());

  it('prints OK for every company and exits 0 while the chains hold, BROKEN and exit 1 after tampering', async () => {
    const aRows = auditRows(server.db, a.companyId);
    const bRows = auditRows(server.db, b.companyId);
    // The server keeps its connection open: WAL lets the script read beside it.
    const good = await verifyScript(server.dataDir);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain(`OK      A社 (${a.companyId}): ${aRows.length} entries, head ${aRows.at(-1)!.hash}`);
    expect(good.stdout).toContain(`OK      B社 (${b.companyId}): ${bRows.length} entries, head ${bRows.at(-1)!.hash}`);
    expect(good.stdout).not.toContain('BROKEN');

    const target = at(aRows, 2);
    server.db.$client.exec('DROP TRIGGER audit_log_no_update');
    server.db.$client.prepare(`UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE id = ?`).run(target.id);

    const bad = await verifyScript(server.dataDir);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout).toContain(`BROKEN  A社 (${a.companyId}): entry ${target.id} does not match its hash (entry 3 of the chain)`);
    expect(bad.stdout).toContain(`OK      B社 (${b.companyId}): ${bRows.length} entries`);
  });
});

describe('sealing entries written before the chain', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => await server.close());

  const insertUnchained = (db: Db, companyId: string, entityId: string, amount: number) =>
    db.$client
      .prepare(
        `INSERT INTO audit_log (company_id, incident_id, entity_type, entity_id, action, actor_user_id, at, before, after)
         VALUES (?, NULL, 'cost', ?, 'create', NULL, ?, NULL, ?)`,
      )
      .run(companyId, entityId, new Date().toISOString(), JSON.stringify({ amount })).lastInsertRowid as number;

  it('hashes NULL-hash entries oldest first, per company; the chain then verifies and a second call seals 0', async () => {
    const a = await signUpCompany(server.url, 'A');
    const b = await signUpCompany(server.url, 'B');
    await someActivity(a.client, a.companyId);
    await someActivity(b.client, b.companyId);
    const chainedA = auditRows(server.db, a.companyId);
    const originalB = auditRows(server.db, b.companyId);

    // B as a database from before migration 0004 holds it: every entry without its hash.
    const sql = server.db.$client;
    const trigger = (sql.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'").get() as { sql: string }).sql;
    sql.exec('DROP TRIGGER audit_log_no_update');
    sql.prepare('UPDATE audit_log SET prev_hash = NULL, hash = NULL WHERE company_id = ?').run(b.companyId);
    sql.exec(trigger);
    // A: two entries appended without hashes after its chained ones, and one more for B.
    const late = [insertUnchained(server.db, a.companyId, 'x1', 1), insertUnchained(server.db, a.companyId, 'x2', 2)];
    insertUnchained(server.db, b.companyId, 'y1', 3);

    expect(await verifyChain(server.db, a.companyId)).toMatchObject({ ok: false, firstBrokenId: late[0] });
    expect(await verifyChain(server.db, b.companyId)).toMatchObject({ ok: false, firstBrokenId: at(originalB, 0).id });

    expect(await sealUnchainedEntries(server.db)).toBe(originalB.length + 3);

    const rowsA = auditRows(server.db, a.companyId);
    const rowsB = auditRows(server.db, b.companyId);
    expect(rowsA.map((r) => r.hash === null)).not.toContain(true);
    expect(rowsB.map((r) => r.hash === null)).not.toContain(true);
    // A's chained entries are untouched; the sealed ones link on from its last sealed hash.
    expect(rowsA.slice(0, chainedA.length)).toEqual(chainedA);
    expect(at(rowsA, chainedA.length).prevHash).toBe(chainedA.at(-1)!.hash);
    // B's entries are sealed from genesis to exactly the hashes recordAudit had given them.
    expect(at(rowsB, 0).prevHash).toBe(GENESIS_HASH);
    expect(rowsB.slice(0, originalB.length).map((r) => r.hash)).toEqual(originalB.map((r) => r.hash));

    expect(await verifyChain(server.db, a.companyId)).toEqual({ ok: true, entries: rowsA.length, head: rowsA.at(-1)!.hash, firstBrokenId: null });
    expect(await verifyChain(server.db, b.companyId)).toEqual({ ok: true, entries: rowsB.length, head: rowsB.at(-1)!.hash, firstBrokenId: null });
    expect(await sealUnchainedEntries(server.db)).toBe(0);

    // Sealed once: the trigger now refuses to seal those rows again.
    expect(() => sql.prepare('UPDATE audit_log SET hash = ? WHERE id = ?').run('0'.repeat(64), late[0])).toThrow('audit_log is append-only');
    // And the next API change links on from the sealed head.
    await a.client.ok('mutate', 'cost.create', { incidentId: at(await a.client.ok('query', 'incident.list', { companyId: a.companyId }), 0).id, ...COST });
    expect(await a.client.ok('query', 'audit.verify', { companyId: a.companyId })).toMatchObject({ ok: true, entries: rowsA.length + 1 });
  });

  it('seals at start: opening the database hashes what is left unchained', async () => {
    const a = await signUpCompany(server.url, 'C');
    await setUpIncident(a.client, a.companyId);
    const id = insertUnchained(server.db, a.companyId, 'z1', 4);
    expect(await verifyChain(server.db, a.companyId)).toMatchObject({ ok: false, firstBrokenId: id });
    const second = await openDatabase(server.dataDir);
    second.$client.close();
    expect(await verifyChain(server.db, a.companyId)).toMatchObject({ ok: true, entries: auditRows(server.db, a.companyId).length });
  });
});

describe('the claim package', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => await server.close());

  it('records the chain head and length in manifest.json (manifest.auditChain = { head, entries })', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'A');
    const { incidentId } = await someActivity(client, companyId);
    await client.ok('mutate', 'incident.create', {
      policyId: (await client.ok('query', 'incident.get', { id: incidentId })).policyId,
      ...INCIDENT,
      title: '別件',
    });
    const exported = await client.ok('mutate', 'claim.export', { incidentId });
    const response = await fetch(`${server.url}/api/packages/${exported.packageId}.zip`, { headers: { cookie: client.cookie! } });
    expect(response.status).toBe(200);
    const files = entriesByPath(await readZip(Buffer.from(await response.arrayBuffer())));
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { auditChain: unknown };

    // The export's own entry cannot be in the package (it holds the ZIP's hash): the head is the entry before it.
    const rows = auditRows(server.db, companyId);
    const exportIndex = rows.findIndex((r) => r.entityType === 'package' && r.entityId === exported.packageId && r.action === 'export');
    expect(exportIndex).toBe(rows.length - 1);
    expect(manifest.auditChain).toEqual({ head: at(rows, exportIndex - 1).hash, entries: exportIndex });
    // The recorded head is one the company's chain still verifies through.
    expect(await client.ok('query', 'audit.verify', { companyId })).toMatchObject({ ok: true, entries: rows.length });
  });
});
