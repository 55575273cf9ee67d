// Whether the ledger has changed since its newest package: exporting an unchanged ledger again answers
// that package (same id, version and SHA-256) instead of freezing another full copy of every receipt.
//
// "Unchanged" is read from the audit log. Every change that goes into a package — lines, stages, approval,
// consent, attachments, documents and waivers, the policy, the incident, the broker's decisions, the
// claim's moves — is recorded there in the same transaction (server/audit.ts), and each package's
// manifest pins the company's chain head it was read at (`auditChain: { head, entries }`). So the package
// still describes the ledger when every entry after that head is a package export: exports record what
// was frozen and change nothing a package shows. Any other entry — even one of another incident, since
// the package pins the company's whole chain — means a new version. See docs/decisions/016.

import { and, desc, eq, sql } from 'drizzle-orm';
import type { Locale } from '../../shared/categories.ts';
import { GENESIS_HASH } from '../audit-chain.ts';
import type { Db } from '../db/client.ts';
import { claimPackages } from '../db/schema.ts';
import type { Storage } from '../storage.ts';
import { MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION, type ExportedPackage } from './build-package.ts';
import { packageKey } from '../files/object-store.ts';
import { readPackageManifest } from './package-manifest.ts';
import { firstRow, allRows } from '../db/rows.ts';

interface PinnedChain {
  head: string;
  entries: number;
}

/** The chain head a package's manifest pins, if the manifest is one this version of the app writes. */
function pinnedChain(manifest: unknown, expected: { packageId: string; incidentId: string; locale: Locale }): PinnedChain | null {
  const m = manifest as Record<string, unknown> | null;
  // A package of an older format would not be what this version builds: it is not reused.
  if (m?.format !== MANIFEST_FORMAT || m.formatVersion !== MANIFEST_FORMAT_VERSION) return null;
  if (m.packageId !== expected.packageId || m.incidentId !== expected.incidentId || m.locale !== expected.locale) return null;
  const { head, entries } = (m.auditChain ?? {}) as { head?: unknown; entries?: unknown };
  if (typeof head !== 'string' || typeof entries !== 'number' || !Number.isSafeInteger(entries) || entries < 0) return null;
  return { head, entries };
}

/**
 * True when the company's chain still starts with the pinned head and everything after it is an export.
 * The head is found by position (the N-th entry, on the company index), then its hash is checked.
 */
async function onlyExportsSince(db: Db, companyId: string, pinned: PinnedChain): Promise<boolean> {
  let headId = 0;
  if (pinned.entries === 0) {
    if (pinned.head !== GENESIS_HASH) return false;
  } else {
    const head = (
      await allRows<{ id: number; hash: string | null } | undefined>(
        db,
        sql`
      SELECT id, hash FROM audit_log WHERE company_id = ${companyId} ORDER BY id LIMIT 1 OFFSET ${pinned.entries - 1}`,
      )
    )[0];
    if (!head || head.hash !== pinned.head) return false;
    headId = head.id;
  }
  const later = (
    await allRows<{ id: number } | undefined>(
      db,
      sql`
    SELECT id FROM audit_log
     WHERE company_id = ${companyId} AND id > ${headId} AND NOT (entity_type = 'package' AND action = 'export')
     LIMIT 1`,
    )
  )[0];
  return later === undefined;
}

/** The incident's newest package in this language, when nothing it shows has changed since; else null. */
export async function unchangedPackage(
  db: Db,
  storage: Storage,
  target: { incidentId: string; companyId: string; locale: Locale },
): Promise<ExportedPackage | null> {
  const latest = await firstRow(
    db
      .select({ id: claimPackages.id, version: claimPackages.version, sha256: claimPackages.sha256 })
      .from(claimPackages)
      .where(and(eq(claimPackages.incidentId, target.incidentId), eq(claimPackages.locale, target.locale), eq(claimPackages.status, 'ready')))
      .orderBy(desc(claimPackages.version))
      .limit(1),
  );
  if (!latest?.sha256) return null;
  let manifest: unknown;
  try {
    manifest = await readPackageManifest(storage.objects, packageKey(latest.id));
  } catch {
    // The ZIP cannot be read back (gone from the store, damaged): a new version is built rather than this one answered.
    return null;
  }
  const pinned = pinnedChain(manifest, { packageId: latest.id, incidentId: target.incidentId, locale: target.locale });
  if (!pinned || !(await onlyExportsSince(db, target.companyId, pinned))) return null;
  return { packageId: latest.id, version: latest.version, sha256: latest.sha256 };
}
