// Opens a backup ZIP and checks it before anything is written under DATA_DIR: every entry's path is one a
// backup makes (nothing absolute, no `..`, no backslash), the manifest lists exactly the entries with their
// sizes, and every extracted entry has the SHA-256 the manifest lists (ZIP readers do not check CRCs).

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { writeHashed } from '../packages/zip.ts';
import { BackupError, DATABASE_ENTRY, MANIFEST_PATH, parseManifest, unsafeEntryPath, type BackupManifest } from './manifest.ts';

export interface OpenedBackup {
  manifest: BackupManifest;
  /** Writes every entry but the manifest under `dir` (a new, empty folder), each checked against the manifest. */
  extractTo(dir: string): Promise<{ entries: number; bytes: number }>;
  close(): void;
}

/** A manifest lists ~150 bytes per file; this allows well over a million files and refuses a bomb. */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

export async function openBackup(file: string): Promise<OpenedBackup> {
  let zip: yauzl.ZipFile;
  try {
    // Names stay raw bytes: yauzl would otherwise prefer a name hidden in an extra field, and reword its refusals.
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    throw new BackupError(`${file} is not a readable ZIP (${(error as Error).message}): not a backup, or a truncated one`);
  }
  try {
    const entries = await listEntries(zip);
    const manifestEntry = entries.get(MANIFEST_PATH);
    if (!manifestEntry) throw new BackupError(`${file} has no ${MANIFEST_PATH}: not a backup made by \`npm run backup\``);
    if (manifestEntry.uncompressedSize > MAX_MANIFEST_BYTES)
      throw new BackupError(`${MANIFEST_PATH} is implausibly large (${manifestEntry.uncompressedSize} bytes)`);
    const manifest = parseManifest(await readEntry(zip, manifestEntry));
    matchManifest(manifest, entries);
    return {
      manifest,
      extractTo: (dir) => extract(zip, manifest, entries, dir).catch((error: unknown) => Promise.reject(asBackupError(error))),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw asBackupError(error);
  }
}

/** The entries by name, each name checked as it is read from the central directory. */
function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    const stop = () => zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
    const fail = (error: unknown) => {
      stop();
      reject(error);
    };
    zip.on('error', fail);
    zip.on('end', () => {
      stop();
      resolve(entries);
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        const name = entryName(entry.fileNameRaw);
        if (entries.has(name)) throw new BackupError(`the entry "${name}" appears twice: refused`);
        entries.set(name, entry);
        zip.readEntry();
      } catch (error) {
        fail(error);
      }
    });
    zip.readEntry();
  });
}

function entryName(raw: Buffer): string {
  const name = raw.toString('utf8');
  if (!Buffer.from(name, 'utf8').equals(raw)) throw new BackupError(`unsafe entry path ${JSON.stringify(raw.toString('latin1'))}: not UTF-8 text; refused`);
  const unsafe = unsafeEntryPath(name);
  if (unsafe) throw new BackupError(`unsafe entry path "${name}": it ${unsafe}; refused, nothing was written`);
  return name;
}

/** The ZIP holds exactly the manifest's entries, each of the listed size, and the database among them. */
function matchManifest(manifest: BackupManifest, entries: Map<string, yauzl.Entry>): void {
  const listed = new Set<string>();
  for (const item of manifest.entries) {
    if (listed.has(item.path)) throw new BackupError(`${MANIFEST_PATH} lists "${item.path}" twice`);
    listed.add(item.path);
    const entry = entries.get(item.path);
    if (!entry || item.path === MANIFEST_PATH)
      throw new BackupError(`${MANIFEST_PATH} lists "${item.path}", which is not in the ZIP: the backup is incomplete`);
    if (entry.uncompressedSize !== item.size)
      throw new BackupError(`"${item.path}" is ${entry.uncompressedSize} bytes, the manifest says ${item.size}: the backup is damaged`);
  }
  for (const name of entries.keys()) {
    if (name !== MANIFEST_PATH && !listed.has(name)) throw new BackupError(`"${name}" is in the ZIP but not in ${MANIFEST_PATH}: refused`);
  }
  if (!listed.has(DATABASE_ENTRY)) throw new BackupError(`the backup holds no ${DATABASE_ENTRY}`);
  // A stored file's name is its SHA-256 (the store's key): with the bytes checked against the manifest on
  // extraction, this makes every restored file's bytes hash to its key.
  for (const item of manifest.entries) {
    const named = /^files\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(item.path);
    if (named && (named[2] !== item.sha256 || !named[2].startsWith(named[1]!))) {
      throw new BackupError(`"${item.path}" is listed with SHA-256 ${item.sha256}, not the one its name says: the backup is damaged`);
    }
  }
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function extract(zip: yauzl.ZipFile, manifest: BackupManifest, entries: Map<string, yauzl.Entry>, dir: string) {
  const root = path.resolve(dir);
  let bytes = 0;
  for (const item of manifest.entries) {
    const target = path.join(root, ...item.path.split('/'));
    // unsafeEntryPath already refused every way out; this says so in one line should that rule ever change.
    if (!target.startsWith(root + path.sep)) throw new BackupError(`unsafe entry path "${item.path}"`);
    mkdirSync(path.dirname(target), { recursive: true });
    const written = await writeHashed(await zip.openReadStreamPromise(entries.get(item.path)!), target);
    if (written.size !== item.size || written.sha256 !== item.sha256) {
      throw new BackupError(`"${item.path}" does not match the manifest (SHA-256 ${written.sha256}, listed ${item.sha256}): the backup is damaged`);
    }
    bytes += written.size;
  }
  return { entries: manifest.entries.length, bytes };
}

function asBackupError(error: unknown): BackupError {
  if (error instanceof BackupError) return error;
  // A system error (no space, no permission) is about this machine, not the backup: say it as it is.
  if ((error as NodeJS.ErrnoException).code) return new BackupError((error as Error).message);
  return new BackupError(`the backup is damaged: ${(error as Error).message}`);
}
