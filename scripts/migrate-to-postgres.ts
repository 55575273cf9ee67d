// `npm run migrate-to-postgres -- --data-dir ./data`: copies a SQLite DATA_DIR into the empty PostgreSQL database
// at DATABASE_URL and its stored files into the S3_* bucket, then verifies the copy (server/db/migrate-to-postgres/).
//   DATABASE_URL=postgres://claims@db/claims S3_BUCKET=claims npm run migrate-to-postgres -- --data-dir /srv/claims/data
//   … npm run migrate-to-postgres -- --data-dir /srv/claims/data --verify-only

import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateToPostgres, verifyMigration } from '../server/db/migrate-to-postgres/migrate.ts';
import { MigrationRefused } from '../server/db/migrate-to-postgres/refused.ts';
import { reportLines } from '../server/db/migrate-to-postgres/report.ts';
import { readEnv } from '../server/env.ts';

const USAGE = `Usage: npm run migrate-to-postgres -- [--data-dir DIR] [--verify-only]
  Copies DIR's SQLite database (default: DATA_DIR, else ./data) into the PostgreSQL database at DATABASE_URL,
  which must hold no rows (it is migrated first), and DIR's stored files into the bucket S3_BUCKET names (with the
  other S3_* settings); with S3_BUCKET unset the files stay in DIR. Then checks every table's row count, every
  company's audit-log hash chain and every referenced file's SHA-256, and prints a report.
  Stop the app first: the copy is refused while a server runs on DIR. Do not start it on SQLite afterwards.
  --verify-only  only check a copy made earlier; changes nothing
  Exit 0 when verified; 1 when refused, failed or any check does not match; 2 for wrong usage.`;

function usageError(message: string): never {
  console.error(`migrate-to-postgres: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let args: { 'data-dir'?: string; 'verify-only'?: boolean; help?: boolean };
try {
  args = parseArgs({
    options: { 'data-dir': { type: 'string' }, 'verify-only': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }).values;
} catch (error) {
  usageError((error as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) usageError('DATABASE_URL is not set: the PostgreSQL database to copy into (postgres://user@host/database)');
if (!/^postgres(ql)?:\/\//.test(databaseUrl)) usageError('DATABASE_URL must be a postgres:// or postgresql:// URL');

/** The database's address without its password, for the report. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return '(DATABASE_URL)';
  }
}

try {
  const env = readEnv();
  // npm runs scripts in the project folder; INIT_CWD is where the user typed the command, which DIR is relative to.
  const dataDir = args['data-dir'] ? path.resolve(process.env.INIT_CWD ?? process.cwd(), args['data-dir']) : env.dataDir;
  const options = { dataDir, databaseUrl, s3: env.s3, log: (line: string) => console.log(line) };
  console.log(
    `${args['verify-only'] ? 'Verifying' : 'Copying'} ${dataDir} → PostgreSQL ${shown(databaseUrl)}${env.s3 ? ` and s3://${env.s3.bucket}/${env.s3.prefix}` : ''}`,
  );
  const report = args['verify-only'] ? await verifyMigration(options) : await migrateToPostgres(options);
  console.log(['', ...reportLines(report)].join('\n'));
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  const message = (error as Error).message.replace(/\n\s*/g, ' ');
  console.error(error instanceof MigrationRefused ? `Refused: ${message}` : `Migration failed: ${message}`);
  process.exit(1);
}
