// The app with its stored files in an S3-compatible bucket (s3rver on loopback, under an S3_PREFIX): a
// receipt uploaded downloads byte for byte, is kept once however often it is attached, and is in the
// exported claim package; an import file is read back from the bucket; nothing lands under DATA_DIR/files
// or DATA_DIR/packages; /readyz follows the bucket; and a backup of it, restored with `npm run restore`
// or restoreBackup into a fresh DATA_DIR and another bucket, serves the same receipt and package.
import { must } from '../support/at.ts';
import type { ImportReceipt } from '../../shared/import-schemas.ts';
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { createBackup } from '../../server/backup/backup.ts';
import { restoreBackup } from '../../server/backup/restore.ts';
import { openDatabase } from '../../server/db/client.ts';
import { recoverInterruptedWork } from '../../server/recovery.ts';
import type { S3Config } from '../../server/env.ts';
import { blobKey, packageKey } from '../../server/files/object-store.ts';
import { S3ObjectStore } from '../../server/files/s3-object-store.ts';
import { createAppServer } from '../../server/http/server.ts';
import { openStorage } from '../../server/storage.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { attachToLine, pdf, png, postFiles, sha256 } from '../support/files.ts';
import { csvText, utf8 } from '../support/import-files.ts';
import { startS3, type TestS3 } from '../support/s3.ts';
import { ApiClient, signUpCompany, startTestServer, type TestServer } from '../support/server.ts';
import { entriesByPath, readZip } from '../support/zip.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let s3: TestS3;
let server: TestServer;
let work: string;
let admin: ApiClient;
let incidentId: string;
let costId: string;
let receipt: Buffer;
let attached: { id: string; sha256: string };
let exported: { packageId: string; version: number; sha256: string };

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function fetchBytes(url: string, cookie: string | null) {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

/** Every object in a bucket (under a prefix): key → SHA-256, as anyone with the bucket's keys sees it. */
async function bucketContents(config: S3Config): Promise<Record<string, string>> {
  const store = new S3ObjectStore(config);
  try {
    const found: Record<string, string> = {};
    for (const folder of ['files/', 'packages/']) {
      for (const { key } of await store.list(folder)) found[key] = sha256(await bytesOf(await store.get(key)));
    }
    return found;
  } finally {
    store.close();
  }
}

/** A server on a DATA_DIR whose files are in a bucket, as `npm start` with S3_* set would open it. */
async function serve(dataDir: string, config: S3Config) {
  const db = await openDatabase(dataDir);
  const storage = openStorage(dataDir, config);
  const app = createAppServer({ db, storage });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(app.address() as AddressInfo).port}`,
    close: async () => {
      app.closeAllConnections();
      await new Promise<void>((resolve) => app.close(() => resolve()));
      db.$client.close();
      storage.objects.close();
    },
  };
}

beforeAll(async () => {
  s3 = await startS3(['claims', 'restored', 'cli-restored']);
  work = mkdtempSync(path.join(tmpdir(), 'bct-s3-app-'));
  server = await startTestServer({ s3: s3.config('claims', 'tenant-1/') });
  const company = await signUpCompany(server.url, 'S3');
  admin = company.client;
  ({ incidentId, costId } = await setUpIncident(admin, company.companyId));
  receipt = png();
  attached = await attachToLine(server.url, admin.cookie, costId, receipt, '領収書_調査.png');
  exported = await admin.ok('mutate', 'claim.export', { incidentId });
});

afterAll(async () => {
  await server?.close();
  await s3?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('an app whose stored files are in an S3-compatible bucket', () => {
  it('downloads an uploaded receipt byte for byte, from the object under its SHA-256 in the bucket', async () => {
    const download = await fetchBytes(`${server.url}/api/attachments/${attached.id}`, admin.cookie);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(receipt)).toBe(true);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect((await bucketContents(s3.config('claims', 'tenant-1/')))[blobKey(attached.sha256)]).toBe(sha256(receipt));
  });

  it('keeps the same receipt once when it is attached to another line too', async () => {
    const other = await admin.ok('mutate', 'cost.create', { incidentId, ...COST, amount: 22_000 });
    const again = await attachToLine(server.url, admin.cookie, other.id, receipt, '同じ領収書.png');
    expect(again.id).not.toBe(attached.id);
    expect(again.sha256).toBe(attached.sha256);
    const keys = Object.keys(await bucketContents(s3.config('claims', 'tenant-1/')));
    expect(keys.filter((key) => key.endsWith(attached.sha256))).toEqual([blobKey(attached.sha256)]);
  });

  it("exports the claim package with the receipt's bytes read from the bucket, and serves the package from it", async () => {
    const download = await fetchBytes(`${server.url}/api/packages/${exported.packageId}.zip`, admin.cookie);
    expect(download.status).toBe(200);
    expect(sha256(download.bytes)).toBe(exported.sha256);
    const entries = entriesByPath(await readZip(download.bytes));
    const receipts = [...entries.entries()].filter(([name]) => name.startsWith('receipts/'));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]![1].equals(receipt)).toBe(true);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { files: { path: string; sha256: string }[] };
    expect(manifest.files.find((f) => f.path === receipts[0]![0])?.sha256).toBe(attached.sha256);
    expect((await bucketContents(s3.config('claims', 'tenant-1/')))[packageKey(exported.packageId)]).toBe(exported.sha256);
  });

  it("answers the same package for an unchanged ledger, reading the stored package's manifest by byte ranges", async () => {
    // The line added above changed the ledger: one more export freezes version 2, and asking again answers it.
    const second = await admin.ok('mutate', 'claim.export', { incidentId });
    expect(second.version).toBe(2);
    expect(await admin.ok('mutate', 'claim.export', { incidentId })).toEqual(second);
  });

  it('reads an import file back from the bucket when it is previewed later', async () => {
    const header = ['日付', '費目', '支払先', '金額'];
    const files = [1, 2, 3].map((n) =>
      utf8(csvText([header, ['2026/06/01', '通信費', `回線業者${n}`, `${n},000`], ['2026/06/02', '通信費', '回線業者', '500']])),
    );
    const received: ImportReceipt[] = [];
    for (const [i, bytes] of files.entries()) {
      const answer = await postFiles(`${server.url}/api/incidents/${incidentId}/imports`, admin.cookie, [{ bytes, name: `明細${i + 1}.csv` }]);
      expect(answer.status).toBe(201);
      received.push(answer.body as ImportReceipt);
    }
    // The server keeps the last two tables read in memory: the first file is read again, from the bucket.
    const first = must(received[0], 'the first upload');
    const seen = await admin.ok('query', 'costImport.preview', { importId: first.importId, mapping: first.mapping, fixed: { stage: 'paid' } });
    expect(seen.amount).toBe(1_000 + 500);
  });

  it('writes nothing under DATA_DIR/files or DATA_DIR/packages, and leaves no temporary file', () => {
    expect(existsSync(path.join(server.dataDir, 'files'))).toBe(false);
    expect(existsSync(path.join(server.dataDir, 'packages'))).toBe(false);
    expect(readdirSync(path.join(server.dataDir, 'tmp', 'uploads'))).toEqual([]);
    expect(readdirSync(path.join(server.dataDir, 'tmp', 'packages'))).toEqual([]);
  });

  it('/readyz is 200 while the bucket answers, 503 for a bucket that is not there', async () => {
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ ready: true });
    const lost = await startTestServer({ s3: s3.config('no-such-bucket') });
    try {
      const answer = await fetch(`${lost.url}/readyz`);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ ready: false });
    } finally {
      await lost.close();
    }
  });

  it('answers a receipt gone from the bucket with 500 at once, not a download cut short, and keeps running', async () => {
    const gone = pdf('消える領収書');
    const line = await admin.ok('mutate', 'cost.create', { incidentId, ...COST, amount: 33_000 });
    const stored = await attachToLine(server.url, admin.cookie, line.id, gone, 'gone.pdf');
    await server.storage.objects.delete(blobKey(stored.sha256));
    try {
      const download = await fetchBytes(`${server.url}/api/attachments/${stored.id}`, admin.cookie);
      expect(download.status).toBe(500);
      expect(JSON.parse(download.bytes.toString('utf8'))).toMatchObject({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error' } });
      // The export that needs it fails and lists nothing new; the app answers as before.
      const versions = async () => (await admin.ok('query', 'claim.packages', { incidentId })).map((p) => p.version);
      const before = await versions();
      expect((await admin.mutate('claim.export', { incidentId })).status).toBe(500);
      expect(await versions()).toEqual(before);
      expect((await admin.query('auth.me')).status).toBe(200);
    } finally {
      // Back, for the backup below: it refuses a bucket missing a file a row names.
      await server.storage.objects.put(blobKey(stored.sha256), Readable.from([gone]), { sha256: stored.sha256 });
    }
  });
});

describe('start-up recovery with a bucket', () => {
  it('removes from the bucket the package ZIPs no row lists, and empties the local folders of work in flight', async () => {
    // What an export killed after putting its ZIP, or a demo seed rolled back after its export, leaves.
    const orphan = packageKey('11111111-1111-4111-8111-111111111111');
    await server.storage.objects.put(orphan, Readable.from([Buffer.from('PK a package no row lists')]));
    writeFileSync(path.join(server.dataDir, 'tmp', 'uploads', 'upload-in-flight'), 'half a receipt');
    const before = await bucketContents(s3.config('claims', 'tenant-1/'));
    const recovered = recoverInterruptedWork(server.db, server.storage);
    // Listing a bucket is a request: the answer is a promise here, where local disk answers at once.
    expect(recovered).toBeInstanceOf(Promise);
    expect(await recovered).toEqual({ packages: 1, tempFiles: 1 });
    const after = await bucketContents(s3.config('claims', 'tenant-1/'));
    expect(after[orphan]).toBeUndefined();
    expect({ ...after, [orphan]: before[orphan] }).toEqual(before);
    expect(after[packageKey(exported.packageId)]).toBe(exported.sha256);
    expect(readdirSync(path.join(server.dataDir, 'tmp', 'uploads'))).toEqual([]);
  });
});

describe('a backup of an app on a bucket, restored into a fresh DATA_DIR and another bucket', () => {
  it('holds every object of the bucket, and the restored app serves the same receipt and package', async () => {
    const file = path.join(work, 'backup.zip');
    const backup = await createBackup(server.dataDir, file, { objects: server.storage.objects });
    const source = await bucketContents(s3.config('claims', 'tenant-1/'));
    // The database, every object and the manifest.
    expect(backup.entries).toBe(Object.keys(source).length + 2);

    const dataDir = path.join(work, 'restored', 'data');
    const target = new S3ObjectStore(s3.config('restored'));
    try {
      await restoreBackup(file, dataDir, { objects: target });
    } finally {
      target.close();
    }
    expect(await bucketContents(s3.config('restored'))).toEqual(source);
    // With a bucket, the restored DATA_DIR keeps the database only.
    expect(existsSync(path.join(dataDir, 'files'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'packages'))).toBe(false);

    const restored = await serve(dataDir, s3.config('restored'));
    try {
      // The sessions are restored too: the admin's cookie still works.
      const receiptBack = await fetchBytes(`${restored.url}/api/attachments/${attached.id}`, admin.cookie);
      expect(receiptBack.status).toBe(200);
      expect(receiptBack.bytes.equals(receipt)).toBe(true);
      const packageBack = await fetchBytes(`${restored.url}/api/packages/${exported.packageId}.zip`, admin.cookie);
      expect(packageBack.status).toBe(200);
      expect(sha256(packageBack.bytes)).toBe(exported.sha256);
    } finally {
      await restored.close();
    }
  });

  it('refuses a backup whose stored file does not hash to its key, and puts nothing into the bucket', async () => {
    const entries = entriesByPath(await readZip(readFileSync(path.join(work, 'backup.zip'))));
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { entries: { path: string; size: number; sha256: string }[] };
    // Other bytes under the receipt's key, listed truthfully in the manifest: only the key says they are wrong.
    const key = blobKey(attached.sha256);
    const other = Buffer.from('not the receipt');
    manifest.entries = manifest.entries.map((e) => (e.path === key ? { path: key, size: other.length, sha256: sha256(other) } : e));
    const zip = new yazl.ZipFile();
    for (const [name, bytes] of entries) if (name !== 'manifest.json') zip.addBuffer(name === key ? other : bytes, name);
    zip.addBuffer(Buffer.from(JSON.stringify(manifest)), 'manifest.json');
    zip.end();
    const forged = path.join(work, 'forged.zip');
    await pipeline(zip.outputStream, createWriteStream(forged));

    const target = new S3ObjectStore(s3.config('cli-restored', 'refused/'));
    try {
      await expect(restoreBackup(forged, path.join(work, 'forged-data'), { objects: target })).rejects.toThrow(
        `"${key}" is listed with SHA-256 ${sha256(other)}, not the one its name says: the backup is damaged`,
      );
      expect(await target.list('files/')).toEqual([]);
      expect(existsSync(path.join(work, 'forged-data'))).toBe(false);
    } finally {
      target.close();
    }
  });
});

/** `npm run backup` / `npm run restore` as an operator runs them, with the S3_* settings of a bucket. */
function runScript(script: 'backup' | 'restore', args: string[], dataDir: string, config: S3Config): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    INIT_CWD: ROOT,
    S3_BUCKET: config.bucket,
    S3_ENDPOINT: config.endpoint ?? '',
    S3_ACCESS_KEY_ID: config.accessKeyId ?? '',
    S3_SECRET_ACCESS_KEY: config.secretAccessKey ?? '',
    S3_FORCE_PATH_STYLE: 'on',
    S3_PREFIX: config.prefix,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: ROOT, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

// Each run starts node with tsx and imports the server: seconds apiece on a shared machine.
describe('npm run backup / npm run restore with S3_BUCKET set', { timeout: 90_000 }, () => {
  it('backs up the bucket with the database, and restores every object into the configured bucket', async () => {
    const file = path.join(work, 'cli', 'claims.zip');
    const backup = await runScript('backup', [file], server.dataDir, s3.config('claims', 'tenant-1/'));
    expect(backup.code, backup.stderr).toBe(0);
    const source = await bucketContents(s3.config('claims', 'tenant-1/'));
    expect(backup.stdout).toContain(`and s3://claims/tenant-1/ written to ${file}`);
    expect(backup.stdout).toContain(`${Object.keys(source).length + 2} entries (database, ${Object.keys(source).length} stored files, manifest)`);

    const dataDir = path.join(work, 'cli', 'data');
    const restore = await runScript('restore', [file], dataDir, s3.config('cli-restored', 'copy/'));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Restored ${file} into ${dataDir}, the stored files into s3://cli-restored/copy/`);
    expect(await bucketContents(s3.config('cli-restored', 'copy/'))).toEqual(source);
  });
});
