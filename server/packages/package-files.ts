// Where an exported package is built (a local folder) and where its ZIP is kept (the object store, key
// `packages/<id>.zip`). Ids are checked so that no id can name a path or a key elsewhere.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { LocalObjectStore } from '../files/local-object-store.ts';
import { PACKAGES_PREFIX, type ObjectInfo } from '../files/object-store.ts';
import type { Storage } from '../storage.ts';

const ID_PATTERN = /^[0-9a-f-]{36}$/;

/** A package is built here, then its ZIP goes to the store only once complete. */
export function packageWorkDir(storage: Storage, packageId: string): string {
  if (!ID_PATTERN.test(packageId)) throw new Error('not a package id');
  return path.join(storage.packagesTempDir, packageId);
}

/** The stored packages no row lists. */
function unlisted(found: ObjectInfo[], listed: (packageId: string) => boolean): string[] {
  return found
    .map((object) => object.key)
    .filter((key) => {
      const id = /^packages\/([0-9a-f-]{36})\.zip$/.exec(key)?.[1];
      return id !== undefined && !listed(id);
    });
}

/**
 * Removes the package ZIPs no row lists: what a demo seed rolled back (killed or failed after its export
 * wrote the ZIP, server/demo.ts) leaves, and the ZIP of an export killed before it was marked ready. No
 * other path makes one — an export's row exists, as `building`, before its ZIP does — and such a file is
 * never served (downloads go by the row). Answers the removed keys: at once on local disk, where
 * start-up's clean-up is synchronous as it always was; a bucket answers in a promise.
 */
export function removeUnlistedPackages(storage: Storage, listed: (packageId: string) => boolean): string[] | Promise<string[]> {
  const { objects } = storage;
  if (objects instanceof LocalObjectStore) {
    const keys = unlisted(objects.listSync(PACKAGES_PREFIX), listed);
    for (const key of keys) rmSync(objects.pathOf(key), { force: true });
    return keys;
  }
  return objects.list(PACKAGES_PREFIX).then(async (found) => {
    const keys = unlisted(found, listed);
    for (const key of keys) await objects.delete(key);
    return keys;
  });
}
