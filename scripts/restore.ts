// `npm run restore -- FILE [--force]`: replaces DATA_DIR with a backup made by `npm run backup`, after
// checking all of it; the data that was there is moved aside, not deleted. With S3_BUCKET set, the stored
// files go into the bucket (checked against their SHA-256 first). Stop the app first.

import path from 'node:path';
import { describeMigration, latestCodeMigration } from '../server/backup/migrations.ts';
import { restoreBackup } from '../server/backup/restore.ts';
import { NOT_FOR_POSTGRES } from '../server/backup/not-for-postgres.ts';
import { readEnv } from '../server/env.ts';
import { S3ObjectStore } from '../server/files/s3-object-store.ts';

const USAGE = [
  'Usage: npm run restore -- FILE [--force]',
  '  Restores the backup FILE into DATA_DIR (default ./data); what was there moves to DATA_DIR.before-restore-<time>.',
  '  Refused while a server runs on DATA_DIR (DATA_DIR/server.pid); --force restores anyway.',
].join('\n');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  console.log(USAGE);
  process.exit(0);
}
const force = args.includes('--force');
const files = args.filter((a) => a !== '--force');
const [source] = files;
if (files.length !== 1 || source === undefined || source.startsWith('-')) {
  console.error(USAGE);
  process.exit(2);
}
// npm runs scripts in the project folder; INIT_CWD is where the user typed the command, which FILE is relative to.
const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), source);

let objects: S3ObjectStore | undefined;
try {
  const { dataDir, s3, postgres } = readEnv();
  if (postgres) throw new Error(NOT_FOR_POSTGRES);
  objects = s3 ? new S3ObjectStore(s3) : undefined;
  const restored = await restoreBackup(file, dataDir, { force, objects });
  console.log(
    [
      `Restored ${file} into ${restored.dataDir}${objects ? `, the stored files into ${objects.location}` : ''}`,
      `  the database and ${restored.entries - 1} stored files, ${restored.bytes.toLocaleString('en')} bytes; backup SHA-256 ${restored.sha256}`,
      `  database as of ${restored.createdAt}, at ${describeMigration(restored.migration)}${
        (restored.migration?.createdAt ?? 0) < latestCodeMigration().createdAt ? ' (newer migrations apply at the next start)' : ''
      }`,
      restored.previousData ? `  the previous data was moved to ${restored.previousData}` : '  DATA_DIR was empty: nothing was moved aside',
    ].join('\n'),
  );
} catch (error) {
  console.error(`Restore failed: ${(error as Error).message.replace(/\n\s*/g, ' ')}`);
  process.exit(1);
} finally {
  objects?.close();
}
