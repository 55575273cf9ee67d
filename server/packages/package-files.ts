// Where an exported package's ZIP lives. Ids are checked so that no id can name a path elsewhere.

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
