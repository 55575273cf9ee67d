// `npm run backup -- FILE`: writes DATA_DIR's database and the stored files (from DATA_DIR, or from the
// bucket when S3_BUCKET is set) to one ZIP, while the app runs.
//   npm run backup -- backups/2026-06-01.zip        DATA_DIR=/srv/claims/data npm run backup -- /mnt/b/claims.zip

import path from 'node:path';
import { createBackup } from '../server/backup/backup.ts';
import { describeMigration } from '../server/backup/migrations.ts';
import { NOT_FOR_POSTGRES } from '../server/backup/not-for-postgres.ts';
import { readEnv } from '../server/env.ts';
import { S3ObjectStore } from '../server/files/s3-object-store.ts';

const USAGE = 'Usage: npm run backup -- FILE\n  Writes a backup of DATA_DIR (default ./data) to FILE, a new ZIP; the app may keep running.';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  console.log(USAGE);
  process.exit(0);
}
const [target] = args;
if (args.length !== 1 || target === undefined || target.startsWith('-')) {
  console.error(USAGE);
  process.exit(2);
}
// npm runs scripts in the project folder; INIT_CWD is where the user typed the command, which FILE is relative to.
const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), target);

let objects: S3ObjectStore | undefined;
try {
  const { dataDir, s3, postgres } = readEnv();
  if (postgres) throw new Error(NOT_FOR_POSTGRES);
  objects = s3 ? new S3ObjectStore(s3) : undefined;
  const backup = await createBackup(dataDir, file, { objects });
  console.log(
    [
      `Backup of ${dataDir}${objects ? ` and ${objects.location}` : ''} written to ${backup.file}`,
      `  ${backup.entries} entries (database, ${backup.entries - 2} stored files, manifest), ${backup.bytes.toLocaleString('en')} bytes`,
      `  SHA-256 ${backup.sha256}`,
      `  database as of ${backup.createdAt}, at ${describeMigration(backup.migration)}`,
    ].join('\n'),
  );
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message.replace(/\n\s*/g, ' ')}`);
  process.exit(1);
} finally {
  objects?.close();
}
