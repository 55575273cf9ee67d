// `createBackup`: one ZIP holding a consistent copy of the database (SQLite's online backup, taken while
// the server keeps writing), then every stored file — from DATA_DIR, or from the bucket when the files are
// in one — and a manifest of sizes and SHA-256s that the restore checks. See
// docs/decisions/011-backup-and-restore.md and 035-object-storage.md.

import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import Database from 'better-sqlite3';
import yazl from 'yazl';
import { databasePath } from '../db/client.ts';
import { LocalObjectStore } from '../files/local-object-store.ts';
import type { ObjectStore } from '../files/object-store.ts';
import { writeHashed } from '../packages/zip.ts';
import { BackupError, DATABASE_ENTRY, FILE_FOLDERS, makeManifest, MANIFEST_PATH, unsafeEntryPath, type ManifestEntry } from './manifest.ts';
import { appliedMigration, type MigrationMark } from './migrations.ts';
import { referencedFiles, requireReferencedFiles, type ReferencedFile } from './referenced-files.ts';

export interface BackupSummary {
  file: string;
  /** ZIP entries: the database, the stored files and the manifest. */
  entries: number;
  /** Size of the backup file. */
  bytes: number;
  /** SHA-256 of the backup file. */
  sha256: string;
  /** When the database was copied (UTC). */
  createdAt: string;
  migration: MigrationMark | null;
}

export interface BackupOptions {
  /** Called the moment the database copy is complete, before the files are added (progress; tests compare against it). */
  onDatabaseCopied?: () => void;
  /** Where the stored files are: DATA_DIR's own folders when absent, else the configured store (a bucket). */
  objects?: ObjectStore;
}

interface ZipSource {
  path: string;
  open: () => Promise<Readable>;
  compress: boolean;
}

/** Pages per backup step: all of them (see copyDatabase). */
const ALL_PAGES = 0x7fffffff;

export async function createBackup(dataDir: string, outFile: string, options: BackupOptions = {}): Promise<BackupSummary> {
  const root = path.resolve(dataDir);
  const target = path.resolve(outFile);
  const source = databasePath(root);
  if (!existsSync(source)) throw new BackupError(`no database at ${source}: is DATA_DIR right?`);
  if (isInside(target, root)) throw new BackupError(`${target} is inside DATA_DIR (${root}): keep backups elsewhere, or they are lost with the data`);
  if (existsSync(target)) throw new BackupError(`${target} already exists: a backup never replaces another, choose a new name`);
  mkdirSync(path.dirname(target), { recursive: true });

  // Beside the target, so that the final rename stays on one file system and is atomic.
  const work = mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.partial-`));
  try {
    const createdAt = new Date().toISOString();
    const databaseCopy = path.join(work, DATABASE_ENTRY);
    await copyDatabase(source, databaseCopy);
    options.onDatabaseCopied?.();
    const { migration, referenced } = await settleCopy(databaseCopy);

    // The files only now, after the database: the app writes a file before the row that names it
    // (blob-store `keep` inside the insert's transaction, a package's ZIP before it is marked ready), so
    // every row in the copy finds its file; files added since are unreferenced and harmless.
    const objects = options.objects ?? new LocalObjectStore(root);
    const sources: ZipSource[] = [
      { path: DATABASE_ENTRY, open: () => Promise.resolve(createReadStream(databaseCopy)), compress: true },
      ...(await storedFiles(objects)),
    ];
    const partial = path.join(work, 'backup.zip');
    const written = await writeBackupZip(partial, sources, new Date(createdAt), (entries) => {
      checkFiles(referenced, entries);
      return Buffer.from(`${JSON.stringify(makeManifest({ createdAt, migration, entries }), null, 2)}\n`);
    });
    if (existsSync(target)) throw new BackupError(`${target} appeared while the backup was written: nothing replaced`);
    // It holds password and session hashes and every receipt: readable by its owner only.
    chmodSync(partial, 0o600);
    renameSync(partial, target);
    return { file: target, entries: sources.length + 1, bytes: written.size, sha256: written.sha256, createdAt, migration };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * SQLite's online backup, every page in one step: one step reads one WAL snapshot, so the copy is one
 * moment of the ledger while the server goes on committing (writers are not blocked in WAL mode). In the
 * default steps of 100 pages, every commit by another connection would restart the copy, which on a busy
 * ledger might never finish. The connection is read-only: a backup never writes to the live database.
 */
async function copyDatabase(source: string, target: string): Promise<void> {
  const sqlite = new Database(source, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    await sqlite.backup(target, { progress: () => ALL_PAGES });
  } finally {
    sqlite.close();
  }
}

/** Makes the copy one self-contained file, checks it, and reads what the manifest and the file check need. */
async function settleCopy(copy: string): Promise<{ migration: MigrationMark | null; referenced: ReferencedFile[] }> {
  const sqlite = new Database(copy, { fileMustExist: true });
  try {
    // The copy inherits WAL mode; in rollback mode it needs no -wal file beside it. The next start sets WAL again.
    sqlite.pragma('journal_mode = DELETE');
    const check = sqlite.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy of the database fails SQLite's quick_check (${String(check)}): the live database may be damaged`);
    return { migration: appliedMigration(sqlite), referenced: await referencedFiles(sqlite) };
  } finally {
    sqlite.close();
  }
}

/** Every object under files/ and packages/ in the store, except work in flight (their tmp/, never listed). */
async function storedFiles(objects: ObjectStore): Promise<ZipSource[]> {
  const found: ZipSource[] = [];
  for (const folder of FILE_FOLDERS) {
    for (const { key } of await objects.list(`${folder}/`)) {
      const unsafe = unsafeEntryPath(key);
      if (unsafe) {
        const where = objects.localPath(key) ?? `${objects.location}${key}`;
        throw new BackupError(
          `cannot back up ${where}: its path ${unsafe}, so no restore would accept it; move it out of ${objects.kind === 'local' ? 'DATA_DIR' : 'the bucket'}`,
        );
      }
      // Receipts and packages are PDFs, images and ZIPs, compressed already: deflating again only costs time.
      found.push({ path: key, open: async () => await objects.get(key), compress: false });
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every row's file is in the backup with the bytes the row records; and a stored file's name is its SHA-256. */
function checkFiles(referenced: ReferencedFile[], entries: ManifestEntry[]): void {
  const hashes = new Map(entries.map((e) => [e.path, e.sha256]));
  requireReferencedFiles(referenced, hashes, 'backup refused');
  const damaged = entries.filter(
    (e) => e.path.startsWith('files/') && /^[0-9a-f]{64}$/.test(path.posix.basename(e.path)) && path.posix.basename(e.path) !== e.sha256,
  );
  if (damaged.length > 0)
    throw new BackupError(
      `backup refused: ${damaged[0]?.path} no longer has the content its name (SHA-256) says (${damaged.length} such file(s)): the stored file is damaged`,
    );
}

/**
 * Streams each file into the ZIP once, hashing it on the way, so the manifest lists exactly the bytes
 * written; the manifest, last, is built when all of them are through. Answers the ZIP's size and SHA-256.
 */
async function writeBackupZip(target: string, sources: ZipSource[], mtime: Date, manifestFor: (entries: ManifestEntry[]) => Buffer) {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  const entries: ManifestEntry[] = [];
  // yazl reports a failed source on the ZipFile only; ending its output with the error makes writeHashed reject.
  zip.on('error', (error: Error) => output.destroy(error));
  for (const source of sources) {
    zip.addReadStreamLazy(source.path, { mtime, compress: source.compress }, (give) => {
      source.open().then(
        (input) => {
          input.on('error', (error) => zip.emit('error', error));
          give(null, input.pipe(hashing((sha256, size) => entries.push({ path: source.path, size, sha256 }))));
        },
        (error: unknown) => zip.emit('error', error),
      );
    });
  }
  zip.addReadStreamLazy(MANIFEST_PATH, { mtime }, (give) => {
    try {
      const manifest = new PassThrough();
      manifest.end(manifestFor(entries));
      give(null, manifest);
    } catch (error) {
      give(error, new PassThrough());
    }
  });
  zip.end();
  return await writeHashed(output, target);
}

function hashing(done: (sha256: string, size: number) => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      done(hash.digest('hex'), size);
      callback();
    },
  });
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
}
