// The crash test's checks after a restart: each answers the list of what is wrong, empty when all is well.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { verifyChain } from '../../server/audit-chain.ts';
import type { Db } from '../../server/db/client.ts';
import * as schema from '../../server/db/schema.ts';
import { recomputedRollups, storedRollups } from '../support/rollups.ts';
import type { ApiClient } from '../support/server.ts';
import { entriesByPath, readZip } from '../support/zip.ts';
import type { Acknowledged, InFlight, Line } from './acknowledged.ts';
import { api, type CrashRun } from './crash-run.ts';
import { at } from '../support/at.ts';

interface CostRow extends Line {
  id: string;
  version: number;
  deletedAt: string | null;
}

const fields = (line: Line) => ({
  category: line.category,
  stage: line.stage,
  incurredOn: line.incurredOn,
  amount: line.amount,
  vendor: line.vendor,
  description: line.description,
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Folds the writes in flight at the kill into what is expected (a create that landed is adopted; an update
 * may have landed, whole), then compares every line the writers ever wrote. Answers what is wrong.
 */
function checkLedger(acked: Acknowledged, sqlite: Database.Database, inFlight: InFlight[]): string[] {
  const { expected, owned } = acked;
  const problems: string[] = [];
  const rows = sqlite
    .prepare(
      `SELECT id, category, stage, incurred_on AS incurredOn, amount, vendor, description, version, deleted_at AS deletedAt
         FROM costs WHERE description LIKE 'crash:%'`,
    )
    .all() as CostRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const byTag = new Map(rows.map((row) => [row.description, row]));
  for (const op of inFlight) {
    if (op.kind === 'create') {
      const row = byTag.get(op.line.description);
      if (!row) continue; // never written: fine, it was never acknowledged
      if (expected.has(row.id)) problems.push(`in-flight create ${op.line.description} collides with acknowledged line ${row.id}`);
      else if (row.version !== 1 || JSON.stringify(fields(row)) !== JSON.stringify(fields(op.line)))
        problems.push(`in-flight create ${op.line.description} landed with other values: ${JSON.stringify(row)}`);
      expected.set(row.id, { ...fields(row), id: row.id, version: row.version });
      at(owned, op.writer).push(row.id);
    } else {
      const row = byId.get(op.id);
      const before = expected.get(op.id)!;
      if (row && row.version === op.fromVersion + 1) {
        if (JSON.stringify(fields(row)) !== JSON.stringify(fields(op.line)))
          problems.push(`in-flight update of ${op.id} landed half: ${JSON.stringify(row)} vs ${JSON.stringify(op.line)}`);
        expected.set(op.id, { ...fields(row), id: row.id, version: row.version });
      } else if (row && row.version !== before.version) {
        problems.push(`line ${op.id} (${before.description}): version ${row.version}, acknowledged ${before.version}, in flight ${op.fromVersion + 1}`);
      }
    }
  }
  for (const line of expected.values()) {
    const row = byId.get(line.id);
    if (!row) problems.push(`LOST acknowledged line ${line.id} (${line.description}, version ${line.version}, ¥${line.amount})`);
    else if (row.deletedAt !== null) problems.push(`acknowledged line ${line.id} (${line.description}) is deleted`);
    else if (row.version !== line.version)
      problems.push(`LOST acknowledged update of ${line.id} (${line.description}): version ${row.version}, acknowledged ${line.version}`);
    else if (JSON.stringify(fields(row)) !== JSON.stringify(fields(line)))
      problems.push(`line ${line.id} (${line.description}) has ${JSON.stringify(fields(row))}, acknowledged ${JSON.stringify(fields(line))}`);
  }
  const phantoms = rows.filter((row) => !expected.has(row.id));
  if (phantoms.length > 0) problems.push(`${phantoms.length} line(s) nobody had in flight, e.g. ${JSON.stringify(phantoms[0])}`);
  return problems;
}

function checkImports(acked: Acknowledged, sqlite: Database.Database): string[] {
  const problems: string[] = [];
  const imports = sqlite
    .prepare(
      `SELECT i.id, i.status, i.line_count AS lineCount,
              (SELECT COUNT(*) FROM costs c WHERE c.import_id = i.id) AS lines,
              (SELECT COUNT(*) FROM audit_log a WHERE a.entity_type = 'import' AND a.entity_id = i.id) AS audited
         FROM cost_imports i`,
    )
    .all() as { id: string; status: string; lineCount: number | null; lines: number; audited: number }[];
  const byId = new Map(imports.map((i) => [i.id, i]));
  for (const i of imports) {
    const whole = i.status === 'committed' ? i.lines === i.lineCount && i.audited === 1 : i.lines === 0 && i.audited === 0;
    if (!whole) problems.push(`HALF-APPLIED import ${i.id}: status ${i.status}, line_count ${i.lineCount}, ${i.lines} lines, ${i.audited} audit entries`);
  }
  for (const id of acked.uploadedImports) if (!byId.has(id)) problems.push(`acknowledged upload ${id} has no import row`);
  for (const [id, lineCount] of acked.imports) {
    const found = byId.get(id);
    if (found?.status !== 'committed' || found.lines !== lineCount)
      problems.push(`acknowledged import ${id} (${lineCount} lines) is ${found?.status ?? 'missing'} with ${found?.lines ?? 0} lines`);
  }
  return problems;
}

async function checkPackages(run: CrashRun, sqlite: Database.Database, client: ApiClient): Promise<string[]> {
  const { dataDir } = run;
  const problems: string[] = [];
  const building = sqlite.prepare(`SELECT id FROM claim_packages WHERE status <> 'ready'`).all() as { id: string }[];
  if (building.length > 0) problems.push(`${building.length} package row(s) left unfinished: ${building.map((b) => b.id).join(', ')}`);
  const ready = sqlite.prepare(`SELECT id, incident_id AS incidentId, sha256, size FROM claim_packages WHERE status = 'ready'`).all() as {
    id: string;
    incidentId: string;
    sha256: string;
    size: number;
  }[];
  for (const id of run.acked.packages) if (!ready.some((p) => p.id === id)) problems.push(`acknowledged package ${id} is not ready after the restart`);

  for (const incidentId of new Set([run.exportIncidentId, ...run.writeIncidents, ...ready.map((p) => p.incidentId)])) {
    const listed = await client.ok('query', 'claim.packages', { incidentId });
    const inDb = ready.filter((p) => p.incidentId === incidentId);
    if (JSON.stringify(listed.map((p) => p.id).sort()) !== JSON.stringify(inDb.map((p) => p.id).sort())) {
      problems.push(`claim.packages of ${incidentId} lists ${listed.map((p) => p.id).join(', ')}; ready rows are ${inDb.map((p) => p.id).join(', ')}`);
    }
    for (const listedPackage of listed) {
      const response = await fetch(`${run.server!.url}${listedPackage.downloadUrl}`, { headers: { cookie: client.cookie! } });
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) {
        problems.push(`listed package ${listedPackage.id} does not download: ${response.status}`);
        continue;
      }
      if (sha256(bytes) !== listedPackage.sha256 || bytes.length !== listedPackage.size) {
        problems.push(
          `listed package ${listedPackage.id}: ${bytes.length} bytes with SHA-256 ${sha256(bytes)}, listed ${listedPackage.size} bytes, ${listedPackage.sha256}`,
        );
        continue;
      }
      try {
        const entries = entriesByPath(await readZip(bytes));
        const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { files: { path: string; sha256: string }[] };
        for (const file of manifest.files) {
          const entry = entries.get(file.path);
          if (!entry || sha256(entry) !== file.sha256) problems.push(`listed package ${listedPackage.id}: ${file.path} does not match its manifest hash`);
        }
      } catch (error) {
        problems.push(`listed package ${listedPackage.id} does not open: ${(error as Error).message}`);
      }
    }
  }

  const packagesDir = path.join(dataDir, 'packages');
  const stray = readdirSync(packagesDir).filter((name) => name !== 'tmp' && !ready.some((p) => name === `${p.id}.zip`));
  if (stray.length > 0) problems.push(`files in packages/ that no ready package owns: ${stray.join(', ')}`);
  for (const tmp of [path.join(packagesDir, 'tmp'), path.join(dataDir, 'files', 'tmp')]) {
    if (existsSync(tmp) && readdirSync(tmp).length > 0) problems.push(`${path.relative(dataDir, tmp)} still holds ${readdirSync(tmp).join(', ')}`);
  }
  return problems;
}

/** The rollups against the same sums recomputed from the live lines (as test/api/rollups.test.ts does). */
function checkRollups(sqlite: Database.Database): string[] {
  const recomputed = recomputedRollups(sqlite);
  const rollups = storedRollups(sqlite);
  const a = JSON.stringify(rollups);
  const b = JSON.stringify(recomputed);
  return a === b
    ? []
    : [
        `cost_rollups differ from the lines: ${rollups.length} groups vs ${recomputed.length} recomputed; first difference ${JSON.stringify(rollups.find((r, i) => JSON.stringify(r) !== JSON.stringify(recomputed[i])))}`,
      ];
}

/** Reads the restarted DATA_DIR through a connection of the test's own and through the API. */
export async function checkAfterRestart(run: CrashRun, inFlight: InFlight[]): Promise<string[]> {
  const sqlite = new Database(path.join(run.dataDir, 'ledger.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const dangling = sqlite.pragma('foreign_key_check') as unknown[];
    if (dangling.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(dangling.slice(0, 3))}`);
    problems.push(...checkLedger(run.acked, sqlite, inFlight));
    for (const id of run.acked.incidents)
      if (!sqlite.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id)) problems.push(`acknowledged incident ${id} is missing`);
    problems.push(...checkImports(run.acked, sqlite));
    problems.push(...checkRollups(sqlite));
    const db: Db = drizzle({ client: sqlite, schema });
    for (const { id } of sqlite.prepare('SELECT id FROM companies').all() as { id: string }[]) {
      const chain = await verifyChain(db, id);
      if (!chain.ok) problems.push(`audit chain of company ${id} broken at entry ${chain.firstBrokenId}`);
    }
    const admin = api(run, run.adminCookie);
    const chain = await admin.ok('query', 'audit.verify', { companyId: run.companyId });
    if (!chain.ok) problems.push(`audit.verify: ${JSON.stringify(chain)}`);
    problems.push(...(await checkPackages(run, sqlite, admin)));
    return problems;
  } finally {
    sqlite.close();
  }
}
