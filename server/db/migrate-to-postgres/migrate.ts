// `migrateToPostgres`: a SQLite DATA_DIR into an empty PostgreSQL database and its stored files into the bucket,
// then the checks; `verifyMigration`: the checks alone, on a copy made earlier. The order is the app's own rule
// for files and rows: the files go first, so every copied row finds its file; files put before a failed row copy
// are unreferenced and harmless (the next attempt writes them again). See docs/decisions/037-migrate-to-postgres.md.

import path from 'node:path';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { runningServerPid } from '../../backup/server-lock.ts';
import type { S3Config } from '../../env.ts';
import { LocalObjectStore } from '../../files/local-object-store.ts';
import type { ObjectStore } from '../../files/object-store.ts';
import { S3ObjectStore } from '../../files/s3-object-store.ts';
import { migratePostgres } from '../migrate-pg.ts';
import { copyFiles, type CopiedFiles } from './copy-files.ts';
import { copyRows, refusedNotEmpty, type CopiedTable } from './copy-rows.ts';
import { MigrationRefused } from './refused.ts';
import { openSource, refuseWhileServed } from './source.ts';
import { copyOrder, type CopyTable } from './tables.ts';
import { tablesWithRows } from './target.ts';
import { compareCounts, type TableCount } from './verify-counts.ts';
import { verifyChains, type CompanyChain } from './verify-chains.ts';
import { verifyFiles, type FilesVerification } from './verify-files.ts';

export interface MigrationOptions {
  dataDir: string;
  databaseUrl: string;
  /** The bucket for the stored files (S3_*); absent, they stay in DATA_DIR, where the app then reads them. */
  s3?: S3Config;
  /** Progress, one line at a time. */
  log?: (line: string) => void;
}

export interface Verification {
  counts: TableCount[];
  chains: CompanyChain[];
  files: FilesVerification;
  ok: boolean;
}

export interface MigrationReport extends Verification {
  copied: CopiedTable[];
  /** Null when no bucket is configured: the files stayed in DATA_DIR. */
  filesCopied: CopiedFiles | null;
  /** A server that started on DATA_DIR while the copy ran: what it wrote since is not in PostgreSQL. */
  serverStartedDuring: number | null;
}

export async function migrateToPostgres(options: MigrationOptions): Promise<MigrationReport> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const tables = copyOrder();
  refuseWhileServed(dataDir);
  const sqlite = openSource(dataDir);
  const client = new pg.Client(options.databaseUrl);
  const store = openStore(dataDir, options.s3);
  try {
    await client.connect();
    // Before anything is changed: a database with rows is refused as it is, even one not at the latest migration.
    const filled = await tablesWithRows(client, tables);
    if (filled.length > 0) throw refusedNotEmpty(filled);
    if (options.s3)
      await store.check().catch((error: unknown) => {
        throw new MigrationRefused(`the bucket cannot be used: ${(error as Error).message}`);
      });
    await migratePostgres(options.databaseUrl);
    log('PostgreSQL migrated (drizzle-pg/)');

    let filesCopied: CopiedFiles | null = null;
    if (options.s3) {
      filesCopied = await copyFiles(dataDir, store, (done, of) => {
        if (done === of || done % 500 === 0) log(`files: ${done} of ${of} put into ${store.location}`);
      });
    } else {
      log(`S3_BUCKET is not set: the stored files stay in ${dataDir}, where the app reads them on PostgreSQL too`);
    }

    const copied = await copyRows(sqlite, client, tables, (t) => log(`copied ${t.table}: ${t.rows} rows in ${t.ms} ms`));
    const serverStartedDuring = runningServerPid(dataDir);
    const verification = await verify(sqlite, client, store, tables);
    return { ...verification, copied, filesCopied, serverStartedDuring, ok: verification.ok && serverStartedDuring === null };
  } finally {
    await client.end().catch(() => {});
    sqlite.close();
    store.close();
  }
}

/** The checks of a copy made earlier; changes nothing on either side. */
export async function verifyMigration(options: MigrationOptions): Promise<Verification> {
  const dataDir = path.resolve(options.dataDir);
  const sqlite = openSource(dataDir);
  const client = new pg.Client(options.databaseUrl);
  const store = openStore(dataDir, options.s3);
  try {
    await client.connect();
    return await verify(sqlite, client, store, copyOrder());
  } finally {
    await client.end().catch(() => {});
    sqlite.close();
    store.close();
  }
}

/** Where the app on PostgreSQL will read the files: the bucket, or DATA_DIR's own folders. */
function openStore(dataDir: string, s3: S3Config | undefined): ObjectStore {
  return s3 ? new S3ObjectStore(s3) : new LocalObjectStore(dataDir);
}

async function verify(sqlite: Database.Database, client: pg.ClientBase, store: ObjectStore, tables: readonly CopyTable[]): Promise<Verification> {
  const counts = await compareCounts(sqlite, client, tables);
  const chains = await verifyChains(client, sqlite);
  const files = await verifyFiles(client, store);
  const ok = counts.every((c) => c.sqlite === c.postgres) && chains.every((c) => c.ok) && files.problems.length === 0;
  return { counts, chains, files, ok };
}
