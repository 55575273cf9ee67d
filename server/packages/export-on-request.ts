// claim.export as a member asks for it: the newest package again when the ledger has not changed, else a
// new version — at most EXPORTS_AT_ONCE_PER_COMPANY building at once (docs/decisions/016).

import { domainError } from '../errors.ts';
import type { Db } from '../db/client.ts';
import type { Storage } from '../storage.ts';
import { exportClaimPackage, type ExportedPackage, type ExportTarget } from './build-package.ts';
import { takeExportSlot } from './export-slots.ts';
import { unchangedPackage } from './unchanged-package.ts';

export async function exportOnRequest(db: Db, storage: Storage, target: ExportTarget, onBusy?: () => void): Promise<ExportedPackage> {
  // Answering an unchanged ledger needs no slot: it reads one manifest and the audit log's tail.
  const existing = await unchangedPackage(db, storage, target);
  if (existing) return existing;
  const release = takeExportSlot(target.companyId);
  if (!release) {
    onBusy?.();
    throw domainError('TOO_MANY_REQUESTS', 'exportBusy');
  }
  try {
    // Asked again inside the slot: an export that finished while this one waited may already be the answer.
    return (await unchangedPackage(db, storage, target)) ?? (await exportClaimPackage(db, storage, target));
  } finally {
    release();
  }
}
