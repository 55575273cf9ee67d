// Where an exported package's ZIP lives. Ids are checked so that no id can name a path elsewhere.

import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Storage } from '../storage.ts';

const ID_PATTERN = /^[0-9a-f-]{36}$/;

export function packageFilePath(storage: Storage, packageId: string): string {
  if (!ID_PATTERN.test(packageId)) throw new Error('not a package id');
  return path.join(storage.packagesDir, `${packageId}.zip`);
}

/** A package is built here and renamed into place only once complete. */
export function packageWorkDir(storage: Storage, packageId: string): string {
  if (!ID_PATTERN.test(packageId)) throw new Error('not a package id');
  return path.join(storage.packagesDir, 'tmp', packageId);
}

/**
 * Removes the package ZIPs no row lists: what a demo seed rolled back (killed or failed after its export
 * wrote the ZIP, server/demo.ts) leaves. No other path makes one — an export's row exists, as `building`,
 * before its ZIP does — and such a file is never served (downloads go by the row). Answers how many.
 */
export function removeUnlistedPackages(storage: Storage, listed: (packageId: string) => boolean): number {
  let removed = 0;
  for (const entry of readdirSync(storage.packagesDir)) {
    const id = /^([0-9a-f-]{36})\.zip$/.exec(entry)?.[1];
    if (!id || listed(id)) continue;
    rmSync(path.join(storage.packagesDir, entry), { force: true });
    removed += 1;
  }
  return removed;
}
