// The stored files that rows of the database point at. A backup (or a restore) in which one of them is
// missing or different would list a receipt, an import or a package that the app then cannot serve.

import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { attachments, claimPackages, costImports } from '../db/schema.ts';
import { BackupError } from './manifest.ts';

export interface ReferencedFile {
  /** The path under DATA_DIR, `/`-separated, as in the ZIP. */
  path: string;
  /** The SHA-256 the row records for the bytes. */
  sha256: string;
  /** The first row that needs it, for the message. */
  owner: string;
}

// The layouts of server/files/blob-store.ts (`files/<sha[0:2]>/<sha>`) and
// server/packages/package-files.ts (`packages/<id>.zip`), relative to DATA_DIR.
const blobPath = (sha256: string) => `files/${sha256.slice(0, 2)}/${sha256}`;
const packagePath = (id: string) => `packages/${id}.zip`;

export async function referencedFiles(sqlite: Database.Database): Promise<ReferencedFile[]> {
  const db = drizzle({ client: sqlite });
  const byPath = new Map<string, ReferencedFile>();
  const add = (file: ReferencedFile) => {
    if (!byPath.has(file.path)) byPath.set(file.path, file);
  };
  // Deleted attachments too: the row stays (and is in the audit log), so its bytes must stay as well.
  for (const row of await db.select({ id: attachments.id, name: attachments.name, sha256: attachments.sha256 }).from(attachments)) {
    add({ path: blobPath(row.sha256), sha256: row.sha256, owner: `attachment ${row.id} "${row.name}"` });
  }
  for (const row of await db.select({ id: costImports.id, name: costImports.fileName, sha256: costImports.fileSha256 }).from(costImports)) {
    add({ path: blobPath(row.sha256), sha256: row.sha256, owner: `import ${row.id} "${row.name}"` });
  }
  // A `building` package has no file yet; the next start deletes its row (server/recovery.ts).
  const ready = await db
    .select({ id: claimPackages.id, version: claimPackages.version, sha256: claimPackages.sha256 })
    .from(claimPackages)
    .where(eq(claimPackages.status, 'ready'));
  for (const row of ready) add({ path: packagePath(row.id), sha256: row.sha256 ?? '', owner: `claim package ${row.id} (version ${row.version})` });
  return [...byPath.values()];
}

/** Throws, naming the first few, unless every referenced file is among `stored` (path → SHA-256) with its recorded hash. */
export function requireReferencedFiles(referenced: ReferencedFile[], stored: ReadonlyMap<string, string>, what: string): void {
  const problems: string[] = [];
  for (const file of referenced) {
    const sha256 = stored.get(file.path);
    if (sha256 === undefined) problems.push(`${file.path} is missing (${file.owner})`);
    else if (sha256 !== file.sha256) problems.push(`${file.path} does not have the SHA-256 recorded for ${file.owner}`);
  }
  if (problems.length === 0) return;
  const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
  throw new BackupError(`${what}: ${problems.length} file(s) the database needs are not right: ${shown}`);
}
