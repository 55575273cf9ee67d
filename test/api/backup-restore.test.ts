// Backup and restore (`npm run backup -- FILE`, `npm run restore -- FILE`): a populated instance backed up
// while it keeps taking writes and restored elsewhere holds the database exactly as copied and every
// stored file byte for byte, and serves the same figures; the CLIs answer with exit codes and one-line
// messages; a damaged, truncated, hostile or foreign file, a running server and a newer schema are refused
// with DATA_DIR left exactly as it was.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { createBackup, type BackupSummary } from '../../server/backup/backup.ts';
import { latestCodeMigration } from '../../server/backup/migrations.ts';
import { restoreBackup, type RestoreSummary } from '../../server/backup/restore.ts';
import { runningServerPid, writePidFile } from '../../server/backup/server-lock.ts';
import { databasePath, openDatabase } from '../../server/db/client.ts';
import { createAppServer } from '../../server/http/server.ts';
import { openStorage } from '../../server/storage.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { attachToLine, blobPath, png, sha256 } from '../support/files.ts';
import { ApiClient, signUpCompany, startTestServer, type TestServer } from '../support/server.ts';
import { entriesByPath, readZip } from '../support/zip.ts';
import { at as itemAt } from '../support/at.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Company = Awaited<ReturnType<typeof signUpCompany>> & Awaited<ReturnType<typeof setUpIncident>>;

let source: TestServer;
let work: string;
let a: Company;
let b: Company;
let c: Company;
let receipt: Buffer;
let attachment: { id: string; sha256: string };
let exported: { packageId: string; version: number; sha256: string };
/** A backup of the populated instance, made while nothing else happens: the refusal tests damage copies of it. */
let goodBackup: string;

// ---- what a user compares -------------------------------------------------------------------------

/** Per table (and the schema with its triggers): row count and SHA-256 of every row, in rowid order. */
function tableHashes(sqlite: Database.Database): Record<string, string> {
  const hashOf = (rows: unknown[]) => `${rows.length} rows ${sha256(Buffer.from(JSON.stringify(rows)))}`;
  const hashes: Record<string, string> = {
    '(schema)': hashOf(sqlite.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").raw().all()),
  };
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  for (const name of tables) hashes[name] = hashOf(sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().all());
  return hashes;
}

function readTables<T>(dataDir: string, read: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}

/** Every file and folder under `dir` (hidden ones too): relative path → SHA-256, or `dir` for a folder. */
function tree(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    found[path.relative(dir, full)] = entry.isDirectory() ? 'dir' : sha256(readFileSync(full));
  }
  return found;
}

/** The stored files a backup must carry: receipts (files/) and packages (packages/), not their tmp/. */
function storedFileHashes(dataDir: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree(dataDir)).filter(([p, hash]) => hash !== 'dir' && /^(files|packages)\//.test(p) && !/^(files|packages)\/tmp\//.test(p)),
  );
}

/** What a backup's manifest.json lists (scripts/backup.ts). */
interface BackupManifest {
  createdAt: string;
  entries: { path: string; size: number; sha256: string }[];
  [other: string]: unknown;
}

async function zipManifest(file: string) {
  const entries = entriesByPath(await readZip(readFileSync(file)));
  return { entries, manifest: JSON.parse(entries.get('manifest.json')!.toString('utf8')) as BackupManifest };
}

/** A server on a restored DATA_DIR, as `npm start` would open it. */
async function serve(dataDir: string) {
  const db = await openDatabase(dataDir);
  const server = createAppServer({ db, storage: openStorage(dataDir) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.$client.close();
    },
  };
}

async function fetchBytes(url: string, cookie: string | null) {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** A ZIP with these names exactly, even ones yazl refuses to write (`../x`, `/x`, `a\b`): it gets a
 * placeholder of the same length, replaced in the bytes (local header and central directory) afterwards. */
async function craftZip(entries: { name: string; bytes: Buffer }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const placeholders = entries.map((entry, i) => `${'Q'.repeat(entry.name.length - 1)}${i}`);
  entries.forEach((entry, i) => zip.addBuffer(entry.bytes, itemAt(placeholders, i), { compress: false }));
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  entries.forEach((entry, i) => {
    const from = Buffer.from(itemAt(placeholders, i));
    for (let at = bytes.indexOf(from); at !== -1; at = bytes.indexOf(from, at + 1)) Buffer.from(entry.name).copy(bytes, at);
  });
  return bytes;
}

/** A backup-shaped ZIP: the good backup's database, the given extra entry, and a manifest listing both truthfully. */
async function backupWithEntry(name: string, bytes: Buffer): Promise<Buffer> {
  const { entries, manifest } = await zipManifest(goodBackup);
  const ledger = entries.get('ledger.sqlite')!;
  const listed = [
    { path: 'ledger.sqlite', size: ledger.length, sha256: sha256(ledger) },
    { path: name, size: bytes.length, sha256: sha256(bytes) },
  ];
  const forged = Buffer.from(JSON.stringify({ ...manifest, entries: listed }));
  return await craftZip([
    { name: 'ledger.sqlite', bytes: ledger },
    { name, bytes },
    { name: 'manifest.json', bytes: forged },
  ]);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a script as `npm run` would (node --import tsx), with DATA_DIR set; never blocks this process's server. */
function runScript(script: 'backup' | 'restore', args: string[], dataDir: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `scripts/${script}.ts`, ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, INIT_CWD: ROOT, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

// ---- the populated instance ------------------------------------------------------------------------

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'bct-backup-test-'));
  source = await startTestServer();
  const company = async (label: string, amounts: number[]): Promise<Company> => {
    const signedUp = await signUpCompany(source.url, label);
    const setUp = await setUpIncident(signedUp.client, signedUp.companyId);
    for (const amount of amounts) await signedUp.client.ok('mutate', 'cost.create', { incidentId: setUp.incidentId, ...COST, amount, vendor: `${label} 業者` });
    return { ...signedUp, ...setUp };
  };
  a = await company('BkA', [120_000, 3_300_000]);
  b = await company('BkB', [45_000]);
  c = await company('BkC', [800_000, 1_000, 2_750_000]);
  receipt = png();
  attachment = await attachToLine(source.url, a.client.cookie, a.costId, receipt, '領収書_フォレンジック.png');
  exported = await a.client.ok('mutate', 'claim.export', { incidentId: a.incidentId });
  // Work in flight, which a backup leaves out: an upload arriving and a package being built.
  writeFileSync(path.join(source.dataDir, 'files', 'tmp', 'upload-in-flight'), 'half a receipt');
  mkdirSync(path.join(source.dataDir, 'packages', 'tmp', 'building'), { recursive: true });
  writeFileSync(path.join(source.dataDir, 'packages', 'tmp', 'building', 'package.zip'), 'half a package');

  goodBackup = path.join(work, 'good.zip');
  await createBackup(source.dataDir, goodBackup);
});

afterAll(async () => {
  await source?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

// ---- the round trip --------------------------------------------------------------------------------

describe('a backup taken while costs keep being written, restored into a new DATA_DIR', () => {
  const file = () => path.join(work, 'round-trip.zip');
  const restoredDir = () => path.join(work, 'round-trip', 'data');
  let backup: BackupSummary;
  let restored: RestoreSummary;
  let atCopy: Record<string, string>;
  let acknowledgedBefore: string[];
  let acknowledgedDuring: string[];
  let sourceFiles: Record<string, string>;

  beforeAll(async () => {
    const acknowledged: string[] = [];
    acknowledgedDuring = [];
    let backingUp = false;
    let writing = true;
    let n = 0;
    // Four clients of company B logging costs without pause, before, during and after the backup.
    const writer = async () => {
      while (writing) {
        const { id } = await b.client.ok('mutate', 'cost.create', { incidentId: b.incidentId, ...COST, amount: 10_000 + n++, vendor: '並行書き込み' });
        acknowledged.push(id);
        if (backingUp) acknowledgedDuring.push(id);
      }
    };
    const writers = [writer(), writer(), writer(), writer()];
    while (acknowledged.length < 8) await new Promise((resolve) => setTimeout(resolve, 5));

    acknowledgedBefore = [...acknowledged];
    backingUp = true;
    // The server runs in this process, so the moment the copy completes nothing else runs: the source's
    // tables then are exactly what the copy holds.
    backup = await createBackup(source.dataDir, file(), { onDatabaseCopied: () => (atCopy = tableHashes(source.db.$client)) });
    backingUp = false;
    writing = false;
    await Promise.all(writers);
    sourceFiles = storedFileHashes(source.dataDir);
    restored = await restoreBackup(file(), restoredDir());
  });

  it('kept serving writes while it ran, and reports the file it wrote', () => {
    expect(acknowledgedDuring.length).toBeGreaterThan(0);
    const bytes = readFileSync(file());
    expect(backup).toEqual({
      file: file(),
      entries: Object.keys(sourceFiles).length + 2,
      bytes: bytes.length,
      sha256: sha256(bytes),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      migration: latestCodeMigration(),
    });
    // It holds password hashes and every receipt: for its owner's eyes only.
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    // Nothing but the backup is left beside it.
    expect(readdirSync(work).filter((name) => name.includes('round-trip'))).toEqual(['round-trip', 'round-trip.zip']);
  });

  it('lists every entry with its size and SHA-256, and leaves out work in flight', async () => {
    const { entries, manifest } = await zipManifest(file());
    expect(manifest).toMatchObject({ createdAt: backup.createdAt, migration: latestCodeMigration() });
    expect(manifest.entries.map((e) => e.path).sort()).toEqual(['ledger.sqlite', ...Object.keys(sourceFiles)].sort());
    for (const listed of manifest.entries) {
      const bytes = entries.get(listed.path)!;
      expect({ size: bytes.length, sha256: sha256(bytes) }, listed.path).toEqual({ size: listed.size, sha256: listed.sha256 });
    }
    expect([...entries.keys()].filter((p) => p.includes('tmp/'))).toEqual([]);
    expect(entries.get(`files/${attachment.sha256.slice(0, 2)}/${attachment.sha256}`)).toEqual(receipt);
    expect(sha256(entries.get(`packages/${exported.packageId}.zip`)!)).toBe(exported.sha256);
  });

  it('restores every table exactly as it was at the moment of the copy', () => {
    expect(restored).toMatchObject({ dataDir: restoredDir(), previousData: null, sha256: backup.sha256, createdAt: backup.createdAt });
    expect(readTables(restoredDir(), tableHashes)).toEqual(atCopy);
  });

  it('holds every cost acknowledged before the backup started', () => {
    const ids = readTables(restoredDir(), (sqlite) => new Set(sqlite.prepare('SELECT id FROM costs').pluck().all() as string[]));
    expect(acknowledgedBefore.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('restores every stored file byte for byte, and no file in flight', () => {
    expect(storedFileHashes(restoredDir())).toEqual(sourceFiles);
    expect(Object.keys(sourceFiles)).toContain(`files/${attachment.sha256.slice(0, 2)}/${attachment.sha256}`);
    expect(existsSync(path.join(restoredDir(), 'files', 'tmp', 'upload-in-flight'))).toBe(false);
    expect(existsSync(path.join(restoredDir(), 'packages', 'tmp', 'building'))).toBe(false);
  });

  it('serves the same claim summaries, the same receipt and the same package from the restored data', async () => {
    const server = await serve(restoredDir());
    try {
      // The sessions are restored too: the users' cookies still work.
      for (const company of [a, c]) {
        const client = new ApiClient(server.url);
        client.cookie = company.client.cookie;
        const expected = await company.client.ok('query', 'claim.summary', { incidentId: company.incidentId });
        expect(await client.ok('query', 'claim.summary', { incidentId: company.incidentId })).toEqual(expected);
      }
      const download = await fetchBytes(`${server.url}/api/attachments/${attachment.id}`, a.client.cookie);
      expect(download.status).toBe(200);
      expect(download.bytes.equals(receipt)).toBe(true);
      const pkg = await fetchBytes(`${server.url}/api/packages/${exported.packageId}.zip`, a.client.cookie);
      expect(pkg.status).toBe(200);
      expect(sha256(pkg.bytes)).toBe(exported.sha256);
    } finally {
      await server.close();
    }
  });
});

// ---- the command line ------------------------------------------------------------------------------

// Each run starts node with tsx and imports the server: seconds apiece on a shared machine.
describe('npm run backup / npm run restore', { timeout: 90_000 }, () => {
  const cli = () => path.join(work, 'cli');

  it('backs up the running instance: exit 0, the entries, the size and the SHA-256 of the file', async () => {
    const file = path.join(cli(), 'claims.zip');
    const run = await runScript('backup', [file], source.dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const bytes = readFileSync(file);
    expect(run.stdout).toContain(`written to ${file}`);
    expect(run.stdout).toContain(`${Object.keys(storedFileHashes(source.dataDir)).length + 2} entries`);
    expect(run.stdout).toContain(`${bytes.length.toLocaleString('en')} bytes`);
    expect(run.stdout).toContain(`SHA-256 ${sha256(bytes)}`);
  });

  it('restores into an empty DATA_DIR, then over it, moving the previous data aside', async () => {
    const file = path.join(cli(), 'claims.zip');
    const dataDir = path.join(cli(), 'data');
    const first = await runScript('restore', [file], dataDir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Restored ${file} into ${dataDir}`);
    expect(first.stdout).toContain(`SHA-256 ${sha256(readFileSync(file))}`);
    expect(first.stdout).toContain('nothing was moved aside');
    expect(storedFileHashes(dataDir)).toEqual(storedFileHashes(source.dataDir));
    const firstTree = tree(dataDir);

    const second = await runScript('restore', [file], dataDir);
    expect(second.code).toBe(0);
    const moved = /the previous data was moved to (.+)$/m.exec(second.stdout)?.[1];
    expect(moved).toMatch(new RegExp(`^${dataDir}\\.before-restore-\\d{4}-\\d\\d-\\d\\dT`));
    expect(tree(moved!)).toEqual(firstTree);
    expect(storedFileHashes(dataDir)).toEqual(storedFileHashes(source.dataDir));
  });

  it('refuses to restore over a running server, and restores with --force', async () => {
    const dataDir = path.join(cli(), 'data');
    writePidFile(dataDir); // this test process: alive
    const before = tree(cli());
    const refused = await runScript('restore', [path.join(cli(), 'claims.zip')], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^Restore failed: a server \\(process ${process.pid}\\) is running on ${dataDir}: stop it first.*--force.*\\n$`));
    expect(tree(cli())).toEqual(before);

    const forced = await runScript('restore', [path.join(cli(), 'claims.zip'), '--force'], dataDir);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('the previous data was moved to');
  });

  it('answers a missing FILE with the usage and exit 2', async () => {
    const backup = await runScript('backup', [], source.dataDir);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toMatch(/^Usage: npm run backup -- FILE\n/);
    for (const args of [[], ['--force']]) {
      const restore = await runScript('restore', args, path.join(cli(), 'data'));
      expect(restore.code).toBe(2);
      expect(restore.stderr).toMatch(/^Usage: npm run restore -- FILE \[--force\]\n/);
    }
  });

  it('answers a failure with one line and exit 1, no stack trace', async () => {
    const missing = await runScript('restore', [path.join(cli(), 'no-such-backup.zip')], path.join(cli(), 'data'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`Restore failed: ${path.join(cli(), 'no-such-backup.zip')} is not a file\n`);
    const again = await runScript('backup', [path.join(cli(), 'claims.zip')], source.dataDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`Backup failed: ${path.join(cli(), 'claims.zip')} already exists: a backup never replaces another, choose a new name\n`);
  });
});

// ---- refusals --------------------------------------------------------------------------------------

describe('a restore that must be refused leaves DATA_DIR as it was', () => {
  const root = () => path.join(work, 'refusals');
  const dataDir = () => path.join(root(), 'data');

  beforeAll(async () => {
    await restoreBackup(goodBackup, dataDir());
  });

  /** The refusal's message, and nothing under the folder holding DATA_DIR changed: no file, no leftover folder. */
  async function refused(bytes: Buffer, message: RegExp) {
    const file = path.join(work, `bad-${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}.zip`);
    writeFileSync(file, bytes);
    const before = tree(root());
    await expect(restoreBackup(file, dataDir())).rejects.toThrow(message);
    expect(tree(root())).toEqual(before);
  }

  it('refuses a backup with one byte flipped in an entry', async () => {
    const bytes = readFileSync(goodBackup);
    const at = bytes.indexOf(receipt);
    expect(at).toBeGreaterThan(0); // stored as is, so the receipt's bytes are in the ZIP
    bytes.writeUInt8(bytes.readUInt8(at + 40) ^ 0x01, at + 40);
    await refused(bytes, new RegExp(`^"files/${attachment.sha256.slice(0, 2)}/${attachment.sha256}" does not match the manifest .*: the backup is damaged$`));
  });

  it('refuses a truncated backup', async () => {
    const bytes = readFileSync(goodBackup);
    await refused(bytes.subarray(0, Math.floor(bytes.length / 2)), /is not a readable ZIP .*truncated/);
    await refused(bytes.subarray(0, bytes.length - 10), /is not a readable ZIP/);
  });

  it('refuses a file that is not a ZIP', async () => {
    await refused(Buffer.from('これはバックアップではありません\n'), /is not a readable ZIP/);
  });

  it.each([
    ['../evil', /^unsafe entry path "\.\.\/evil": it climbs out of its folder with "\.\."; refused, nothing was written$/],
    ['files/../../evil', /^unsafe entry path "files\/\.\.\/\.\.\/evil": it climbs out/],
    ['/etc/x', /^unsafe entry path "\/etc\/x": it is an absolute path/],
    ['files\\..\\..\\evil', /^unsafe entry path "files\\\.\.\\\.\.\\evil": it contains a backslash/],
    ['files/tmp/x', /^unsafe entry path "files\/tmp\/x": it is under files\/tmp\//],
    ['server.pid', /^unsafe entry path "server.pid": it is neither ledger.sqlite nor under files\/ or packages\//],
  ])('refuses an entry named %s and writes nothing anywhere', async (name, message) => {
    const etcBefore = existsSync('/etc/x');
    await refused(await backupWithEntry(name, Buffer.from('pwned\n')), message);
    expect(existsSync(path.join(root(), 'evil'))).toBe(false);
    expect(existsSync(path.join(work, 'evil'))).toBe(false);
    expect(existsSync('/etc/x')).toBe(etcBefore);
  });

  it('refuses an entry the manifest does not list, and a ZIP without a manifest', async () => {
    const { entries, manifest } = await zipManifest(goodBackup);
    const ledger = entries.get('ledger.sqlite')!;
    const unlisted = await craftZip([
      { name: 'ledger.sqlite', bytes: ledger },
      { name: 'files/ab/extra', bytes: Buffer.from('x') },
      {
        name: 'manifest.json',
        bytes: Buffer.from(JSON.stringify({ ...manifest, entries: [{ path: 'ledger.sqlite', size: ledger.length, sha256: sha256(ledger) }] })),
      },
    ]);
    await refused(unlisted, /^"files\/ab\/extra" is in the ZIP but not in manifest.json: refused$/);
    await refused(await craftZip([{ name: 'ledger.sqlite', bytes: ledger }]), /has no manifest.json: not a backup made by `npm run backup`$/);
  });

  it('refuses a backup whose database is newer than this code, naming the way out', async () => {
    const newer = path.join(work, 'newer');
    const db = await openDatabase(newer);
    db.$client.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('f'.repeat(64), latestCodeMigration().createdAt + 86_400_000);
    db.$client.close();
    const file = path.join(work, 'newer.zip');
    await createBackup(newer, file);
    await refused(
      readFileSync(file),
      new RegExp(`newer than this version of the app knows \\(its latest is ${latestCodeMigration().tag}\\): restore it with the version that made it$`),
    );
  });

  it('refuses while a live process holds the pid file, ignores a stale one, and restores with force', async () => {
    writePidFile(dataDir());
    expect(runningServerPid(dataDir())).toBe(process.pid);
    const before = tree(root());
    await expect(restoreBackup(goodBackup, dataDir())).rejects.toThrow(`a server (process ${process.pid}) is running on ${dataDir()}`);
    expect(tree(root())).toEqual(before);

    // A pid file whose process has exited does not count.
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(path.join(dataDir(), 'server.pid'), `${exited}\n`);
    expect(runningServerPid(dataDir())).toBeNull();

    writePidFile(dataDir());
    const previous = tree(dataDir());
    const forced = await restoreBackup(goodBackup, dataDir(), { force: true });
    expect(forced.previousData).toMatch(/\.before-restore-/);
    expect(tree(forced.previousData!)).toEqual(previous);
    expect(storedFileHashes(dataDir())).toEqual(storedFileHashes(forced.previousData!));
    expect(existsSync(path.join(dataDir(), 'server.pid'))).toBe(false);
  });
});

describe('a backup that must be refused', () => {
  it('fails loudly when a row names a stored file that is missing, and leaves no file', async () => {
    const broken = path.join(work, 'broken', 'data');
    await restoreBackup(goodBackup, broken);
    rmSync(blobPath(broken, attachment.sha256));
    const out = path.join(work, 'broken-backups');
    mkdirSync(out);
    await expect(createBackup(broken, path.join(out, 'b.zip'))).rejects.toThrow(
      `backup refused: 1 file(s) the database needs are not right: files/${attachment.sha256.slice(0, 2)}/${attachment.sha256} is missing (attachment ${attachment.id} "領収書_フォレンジック.png")`,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('is refused, as a restore is, when the data is in PostgreSQL: a copy of DATA_DIR would hold none of it', async () => {
    const out = path.join(work, 'pg-backups');
    mkdirSync(out);
    const onPostgres = { DATABASE_URL: 'postgres://bct@127.0.0.1:1/bct' };
    const backup = await runScript('backup', [path.join(out, 'b.zip')], source.dataDir, onPostgres);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toContain(
      'Backup failed: DATABASE_URL is set: the data is in PostgreSQL, which this command does not copy. Back the database up with pg_dump',
    );
    expect(readdirSync(out)).toEqual([]);
    const restore = await runScript('restore', [goodBackup], path.join(work, 'pg-restore', 'data'), onPostgres);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain('DATABASE_URL is set: the data is in PostgreSQL');
    expect(existsSync(path.join(work, 'pg-restore'))).toBe(false);
  });

  it('never replaces an existing file, nor writes inside DATA_DIR', async () => {
    await expect(createBackup(source.dataDir, goodBackup)).rejects.toThrow('already exists');
    await expect(createBackup(source.dataDir, path.join(source.dataDir, 'packages', 'b.zip'))).rejects.toThrow('is inside DATA_DIR');
    expect(existsSync(path.join(source.dataDir, 'packages', 'b.zip'))).toBe(false);
  });
});
