// At start-up, clears what a crash or a kill left half-done: packages still `building` (never listed,
// never served) and their working files, ZIPs of packages no row lists (a demo seed killed after its
// export, an export killed before it was marked ready), and uploads that never finished arriving.
// Only the server's own start calls this, while nothing else can be writing to its DATA_DIR; on PostgreSQL, other
// instances may be exporting into the shared database and bucket meanwhile, and their work is left alone.

import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from './db/client.ts';
import { claimPackages } from './db/schema.ts';
import { isPostgres } from './db/transaction.ts';
import { packageKey } from './files/object-store.ts';
import { removeUnlistedPackages } from './packages/package-files.ts';
import type { Storage } from './storage.ts';

/** A package building this long on PostgreSQL was left by an instance that stopped (an export takes seconds to a minute). */
export const ABANDONED_AFTER_MS = 60 * 60_000;

export interface Recovered {
  /** Packages dropped: unfinished rows and ZIPs no row lists, each counted once. */
  packages: number;
  tempFiles: number;
}

function emptyDirectory(dir: string): number {
  let removed = 0;
  for (const entry of readdirSync(dir)) {
    rmSync(path.join(dir, entry), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/**
 * Answers at once on local disk, where every step is a file-system call (as it always was); with a bucket,
 * whose listing is a request, a promise. `await` takes either.
 */
export async function recoverInterruptedWork(db: Db, storage: Storage, now = Date.now()): Promise<Recovered | Promise<Recovered>> {
  // On SQLite this process is the only one: any package still building was left by a run that ended. Instances
  // sharing a PostgreSQL database may be exporting right now: only what has been building far longer than
  // any export takes is abandoned (a version being built is never listed, so waiting costs nobody anything).
  const abandoned = isPostgres(db)
    ? and(eq(claimPackages.status, 'building'), lt(claimPackages.createdAt, new Date(now - ABANDONED_AFTER_MS).toISOString()))
    : eq(claimPackages.status, 'building');
  const unfinished = await db.select({ id: claimPackages.id }).from(claimPackages).where(abandoned);
  await db.delete(claimPackages).where(abandoned);
  const listed = new Set((await db.select({ id: claimPackages.id }).from(claimPackages)).map((p) => p.id));
  const tempFiles = emptyDirectory(storage.packagesTempDir) + emptyDirectory(storage.blobs.tempDir);
  // An unfinished export whose ZIP reached the store is, its row gone, one of the ZIPs no row lists.
  const count = (removed: string[]) => ({ packages: new Set([...unfinished.map((p) => packageKey(p.id)), ...removed]).size, tempFiles });
  const removed = removeUnlistedPackages(storage, (id) => listed.has(id));
  return Array.isArray(removed) ? count(removed) : removed.then(count);
}
