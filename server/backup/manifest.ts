// What a backup ZIP holds and how its manifest reads: the one rule for entry paths that both the backup
// (which refuses to write a path the restore would refuse) and the restore (which refuses anything else) use.

import { z } from 'zod';

export const MANIFEST_PATH = 'manifest.json';
export const DATABASE_ENTRY = 'ledger.sqlite';
/** The folders of DATA_DIR that are backed up. Their `tmp/` holds work in flight, cleared at start-up. */
export const FILE_FOLDERS = ['files', 'packages'] as const;
export const TEMP_FOLDER = 'tmp';

const BACKUP_FORMAT = 'breach-cost-tracker-backup';

/** A failure the user can act on: the CLI prints its message alone, without a stack. */
export class BackupError extends Error {}

const manifestEntry = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(1),
  /** When the database was copied (UTC). */
  createdAt: z.string(),
  /** The latest drizzle migration applied to the copied database (`created_at` is the journal's `when`). */
  migration: z.object({ tag: z.string().nullable(), createdAt: z.number().int() }).nullable(),
  entries: z.array(manifestEntry),
});

export type ManifestEntry = z.infer<typeof manifestEntry>;
export type BackupManifest = z.infer<typeof manifestSchema>;

export function makeManifest(fields: Omit<BackupManifest, 'format' | 'formatVersion'>): BackupManifest {
  return { format: BACKUP_FORMAT, formatVersion: 1, ...fields };
}

export function parseManifest(bytes: Buffer): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BackupError(`${MANIFEST_PATH} is not JSON: not a backup made by \`npm run backup\``);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupError(`${MANIFEST_PATH} is not a backup manifest (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'no detail'})`);
  }
  return parsed.data;
}

/**
 * Why this path may not be an entry of a backup, or null when it may. Only `ledger.sqlite`,
 * `manifest.json` and relative paths under `files/` or `packages/` (outside their `tmp/`) pass: nothing
 * absolute, no `..`, no backslash (a separator on Windows), no control characters — no path can point
 * outside the folder it is extracted into.
 */
export function unsafeEntryPath(entryPath: string): string | null {
  if (entryPath === DATABASE_ENTRY || entryPath === MANIFEST_PATH) return null;
  if (entryPath.includes('\\')) return 'contains a backslash';
  if (/[\x00-\x1f\x7f]/.test(entryPath)) return 'contains a control character';
  if (entryPath.startsWith('/') || /^[A-Za-z]:/.test(entryPath)) return 'is an absolute path';
  const segments = entryPath.split('/');
  if (segments.includes('..')) return 'climbs out of its folder with ".."';
  if (segments.some((s) => s === '' || s === '.')) return 'has an empty or "." segment';
  const [folder = ''] = segments;
  if (!(FILE_FOLDERS as readonly string[]).includes(folder) || segments.length < 2)
    return `is neither ${DATABASE_ENTRY} nor under ${FILE_FOLDERS.join('/ or ')}/`;
  if (segments[1] === TEMP_FOLDER) return `is under ${segments[0]}/${TEMP_FOLDER}/, which is never backed up`;
  return null;
}
