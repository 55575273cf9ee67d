// `restoreBackup`: checks a backup completely in a folder beside DATA_DIR, puts its stored files into the
// bucket when the files live in one, then swaps the folder in and moves the previous data aside (never
// deletes it). Anything that fails before the swap leaves DATA_DIR as it was.
// See docs/decisions/011-backup-and-restore.md and 035-object-storage.md.

import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { databasePath } from '../db/client.ts';
import type { ObjectStore } from '../files/object-store.ts';
import { hashFile } from '../packages/zip.ts';
import { BackupError, FILE_FOLDERS, type BackupManifest } from './manifest.ts';
import { appliedMigration, describeMigration, latestCodeMigration, type MigrationMark } from './migrations.ts';
import { openBackup } from './read-backup.ts';
import { referencedFiles, requireReferencedFiles } from './referenced-files.ts';
import { runningServerPid } from './server-lock.ts';

export interface RestoreSummary {
  dataDir: string;
  /** Entries restored: the database and the stored files. */
  entries: number;
  bytes: number;
  /** SHA-256 of the backup file, to compare with what `npm run backup` printed. */
  sha256: string;
  /** When the backup copied the database. */
  createdAt: string;
  migration: MigrationMark | null;
  /** Where the data that was in DATA_DIR now is, or null when DATA_DIR was empty or absent. */
  previousData: string | null;
}

export interface RestoreOptions {
  force?: boolean;
  /** The configured store when it is not DATA_DIR's own folders (a bucket): the stored files go there. */
  objects?: ObjectStore;
}

export async function restoreBackup(inFile: string, dataDir: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const source = path.resolve(inFile);
  const target = path.resolve(dataDir);
  if (!existsSync(source) || !statSync(source).isFile()) throw new BackupError(`${source} is not a file`);
  refuseWhileServed(target, options.force === true);
  const backup = await openBackup(source);
  let work: string | null = null;
  try {
    refuseNewerSchema(backup.manifest.migration);
    mkdirSync(path.dirname(target), { recursive: true });
    // Beside DATA_DIR, on the same file system, so that the swap is two renames.
    work = mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.restoring-`));
    const extracted = await backup.extractTo(work);
    await checkDatabase(work, backup.manifest);
    if (options.objects) await putIntoStore(work, backup.manifest, options.objects);
    const { sha256 } = await hashFile(source);
    // Again: a server may have started while the backup was extracted.
    refuseWhileServed(target, options.force === true);
    const previousData = swapIn(work, target);
    work = null;
    return { dataDir: target, ...extracted, sha256, createdAt: backup.manifest.createdAt, migration: backup.manifest.migration, previousData };
  } finally {
    backup.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

function refuseWhileServed(dataDir: string, force: boolean): void {
  const pid = runningServerPid(dataDir);
  if (pid === null || force) return;
  throw new BackupError(
    `a server (process ${pid}) is running on ${dataDir}: stop it first; if ${path.join(dataDir, 'server.pid')} is wrong, --force restores anyway`,
  );
}

/** An older database is fine (its migrations apply at the next start); a newer one has tables this code does not know. */
function refuseNewerSchema(migration: MigrationMark | null): void {
  const latest = latestCodeMigration();
  if (migration && migration.createdAt > latest.createdAt) {
    throw new BackupError(
      `the backup's database is at ${describeMigration(migration)}, newer than this version of the app knows (its latest is ${latest.tag}): restore it with the version that made it`,
    );
  }
}

/** The extracted database is sound, is the one the manifest describes, and finds every file its rows name. */
async function checkDatabase(dir: string, manifest: BackupManifest): Promise<void> {
  const sqlite = new Database(databasePath(dir), { readonly: true, fileMustExist: true });
  try {
    let problems: string[];
    try {
      problems = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    } catch (error) {
      throw new BackupError(`the backup's database cannot be read: ${(error as Error).message}`);
    }
    if (problems.join() !== 'ok') throw new BackupError(`the backup's database fails PRAGMA integrity_check: ${problems.slice(0, 3).join('; ')}`);
    const applied = appliedMigration(sqlite);
    if (applied?.createdAt !== manifest.migration?.createdAt) {
      throw new BackupError(`the backup's database is at ${describeMigration(applied)}, its manifest says ${describeMigration(manifest.migration)}: refused`);
    }
    requireReferencedFiles(await referencedFiles(sqlite), new Map(manifest.entries.map((e) => [e.path, e.sha256])), 'restore refused');
  } finally {
    sqlite.close();
  }
}

/**
 * Every stored file of the checked backup into the store, before the database that names them is swapped
 * in: a row never finds its file missing. Each is written anew from the checked bytes even when its key is
 * there already, so a restore repairs the bucket rather than trusting it. Other objects in the bucket stay
 * (a bucket is not moved aside as DATA_DIR is). With a bucket, DATA_DIR keeps no stored files: the
 * extracted copies are dropped.
 */
async function putIntoStore(work: string, manifest: BackupManifest, objects: ObjectStore): Promise<void> {
  for (const entry of manifest.entries) {
    const folder = entry.path.split('/')[0];
    if (!(FILE_FOLDERS as readonly string[]).includes(folder ?? '')) continue;
    const file = path.join(work, ...entry.path.split('/'));
    try {
      await objects.put(entry.path, { file }, folder === 'packages' ? { contentType: 'application/zip' } : {});
    } catch (error) {
      throw new BackupError(`cannot put ${entry.path} into ${objects.location} (${(error as Error).message}); DATA_DIR was not changed`);
    }
  }
  for (const folder of FILE_FOLDERS) rmSync(path.join(work, folder), { recursive: true, force: true });
}

/** Renames the checked folder into place; an existing, non-empty DATA_DIR is renamed aside first. */
function swapIn(work: string, target: string): string | null {
  let previous: string | null = null;
  let removedEmpty = false;
  if (existsSync(target)) {
    chmodSync(work, statSync(target).mode & 0o7777); // mkdtemp's 0700 would otherwise replace the folder's own mode
    if (readdirSync(target).length === 0) {
      rmdirSync(target);
      removedEmpty = true;
    } else {
      previous = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      if (existsSync(previous)) throw new BackupError(`${previous} already exists: try again in a moment`);
      try {
        renameSync(target, previous);
      } catch (error) {
        throw new BackupError(`cannot move ${target} aside (${(error as Error).message}); is DATA_DIR a mount point? Nothing was changed`);
      }
    }
  }
  try {
    renameSync(work, target);
  } catch (error) {
    if (previous) renameSync(previous, target);
    if (removedEmpty) mkdirSync(target);
    throw new BackupError(`cannot move the restored data into ${target} (${(error as Error).message}); nothing was changed`);
  }
  return previous;
}
