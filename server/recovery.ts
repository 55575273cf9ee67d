// At start-up, clears what a crash or a kill left half-done: packages still `building` (never listed,
// never served) and their working files, ZIPs of packages no row lists (a demo seed killed after its
// export), and uploads that never finished arriving.
// Only the server's own start calls this, while nothing else can be writing to DATA_DIR.

import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from './db/client.ts';
import { claimPackages } from './db/schema.ts';
import { packageFilePath, removeUnlistedPackages } from './packages/package-files.ts';
import type { Storage } from './storage.ts';

function emptyDirectory(dir: string): number {
  let removed = 0;
  for (const entry of readdirSync(dir)) {
    rmSync(path.join(dir, entry), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

export function recoverInterruptedWork(db: Db, storage: Storage): { packages: number; tempFiles: number } {
  const unfinished = db.select({ id: claimPackages.id }).from(claimPackages).where(eq(claimPackages.status, 'building')).all();
  for (const { id } of unfinished) rmSync(packageFilePath(storage, id), { force: true });
  db.delete(claimPackages).where(eq(claimPackages.status, 'building')).run();
  const listed = new Set(db.select({ id: claimPackages.id }).from(claimPackages).all().map((p) => p.id));
  const unlisted = removeUnlistedPackages(storage, (id) => listed.has(id));
  const tempFiles = emptyDirectory(path.join(storage.packagesDir, 'tmp')) + emptyDirectory(path.join(storage.blobs.root, 'tmp'));
  return { packages: unfinished.length + unlisted, tempFiles };
}
