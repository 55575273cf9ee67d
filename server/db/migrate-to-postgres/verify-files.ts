// The third check: every stored file a PostgreSQL row points at is in the store the app will read (the bucket,
// or DATA_DIR without one), and its bytes have the SHA-256 the row records, which for a receipt, a document or an
// import file is also its key. Each object is read back whole: a listing would not show damaged bytes.

import { createHash } from 'node:crypto';
import type pg from 'pg';
import { blobKey, ObjectNotFound, packageKey, type ObjectStore } from '../../files/object-store.ts';

export interface FileProblem {
  key: string;
  /** The first row that needs the file, for the message. */
  owner: string;
  problem: 'missing' | 'different' | 'unreadable';
  detail?: string;
}

export interface FilesVerification {
  location: string;
  checked: number;
  problems: FileProblem[];
}

interface Referenced {
  key: string;
  sha256: string;
  owner: string;
}

const PARALLEL = 4;

/** The rows that name stored files, as server/backup/referenced-files.ts lists them for a backup, read from PostgreSQL. */
async function referencedFiles(client: pg.ClientBase): Promise<{ files: Referenced[]; problems: FileProblem[] }> {
  const byKey = new Map<string, Referenced>();
  const problems: FileProblem[] = [];
  const add = (keyOf: () => string, sha256: string, owner: string) => {
    let key: string;
    try {
      key = keyOf();
    } catch (error) {
      problems.push({ key: '(none)', owner, problem: 'unreadable', detail: (error as Error).message });
      return;
    }
    if (!byKey.has(key)) byKey.set(key, { key, sha256, owner });
  };
  // Removed attachments too: the row stays (the audit log names it), so its bytes must stay as well.
  const attachments = await client.query<{ id: string; name: string; sha256: string }>('SELECT id, name, sha256 FROM attachments ORDER BY id');
  for (const row of attachments.rows) add(() => blobKey(row.sha256), row.sha256, `attachment ${row.id} "${row.name}"`);
  const imports = await client.query<{ id: string; name: string; sha256: string }>(
    'SELECT id, file_name AS name, file_sha256 AS sha256 FROM cost_imports ORDER BY id',
  );
  for (const row of imports.rows) add(() => blobKey(row.sha256), row.sha256, `import ${row.id} "${row.name}"`);
  // A package still `building` has no file yet (the next start removes its row).
  const packages = await client.query<{ id: string; version: number; sha256: string | null }>(
    "SELECT id, version, sha256 FROM claim_packages WHERE status = 'ready' ORDER BY id",
  );
  for (const row of packages.rows) add(() => packageKey(row.id), row.sha256 ?? '', `claim package ${row.id} (version ${row.version})`);
  return { files: [...byKey.values()], problems };
}

export async function verifyFiles(client: pg.ClientBase, store: ObjectStore): Promise<FilesVerification> {
  const { files, problems } = await referencedFiles(client);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const problem = await check(store, file);
      if (problem) problems.push(problem);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
  problems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { location: store.location, checked: files.length, problems };
}

async function check(store: ObjectStore, file: Referenced): Promise<FileProblem | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of await store.get(file.key)) hash.update(chunk as Buffer);
    const sha256 = hash.digest('hex');
    return sha256 === file.sha256 ? null : { key: file.key, owner: file.owner, problem: 'different', detail: `its SHA-256 is ${sha256}` };
  } catch (error) {
    if (error instanceof ObjectNotFound) return { key: file.key, owner: file.owner, problem: 'missing' };
    return { key: file.key, owner: file.owner, problem: 'unreadable', detail: (error as Error).message };
  }
}
