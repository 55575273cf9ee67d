// The object store's contract, run against both implementations — local disk under a DATA_DIR and an
// S3-compatible bucket (s3rver on loopback): what is put comes back byte for byte, a large file streams in
// (a multipart upload in a bucket), a missing key is a clear ObjectNotFound, the same content put twice is
// kept once, and listing, ranges, deletion and the readiness check behave the same.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../server/files/local-object-store.ts';
import { blobKey, ObjectNotFound, packageKey, type ObjectStore } from '../../server/files/object-store.ts';
import { S3ObjectStore } from '../../server/files/s3-object-store.ts';
import { startS3, type TestS3 } from '../support/s3.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A stream that hands its bytes over in pieces, as a network upload arrives. */
function trickle(bytes: Buffer, piece = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
    })(),
  );
}

let s3: TestS3;
let work: string;

beforeAll(async () => {
  s3 = await startS3(['conformance', 'shared']);
  work = mkdtempSync(path.join(tmpdir(), 'bct-store-'));
});
afterAll(async () => {
  await s3?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A file outside the store, to be handed over by `put`. */
function looseFile(bytes: Buffer): string {
  const file = path.join(work, `loose-${randomBytes(6).toString('hex')}`);
  writeFileSync(file, bytes);
  return file;
}

describe.each([
  ['local disk', () => new LocalObjectStore(mkdtempSync(path.join(work, 'data-')), ['files', 'packages'])],
  ['an S3-compatible bucket', () => new S3ObjectStore(s3.config('conformance', `run-${randomBytes(4).toString('hex')}/`))],
])('the object store on %s', (_name, open: () => ObjectStore) => {
  let store: ObjectStore;
  beforeAll(() => {
    store = open();
    // The local store's folders exist once the app has started (server/storage.ts) — as a bucket does.
    if (store instanceof LocalObjectStore) for (const folder of ['files', 'packages']) mkdirSync(path.join(store.root, folder), { recursive: true });
  });
  afterAll(() => store.close());

  it('gives back what was put from a stream, byte for byte, and says it exists', async () => {
    const bytes = Buffer.from('%PDF-1.4\n% 領収書\n%%EOF\n');
    const key = blobKey(sha256(bytes));
    expect(await store.exists(key)).toBe(false);
    await store.put(key, Readable.from([bytes]), { sha256: sha256(bytes), contentType: 'application/pdf' });
    expect(await store.exists(key)).toBe(true);
    expect(await store.head(key)).toEqual({ size: bytes.length });
    expect((await bytesOf(await store.get(key))).equals(bytes)).toBe(true);
  });

  it('takes over a finished file: its bytes are stored and the file is gone', async () => {
    const bytes = randomBytes(10_000);
    const file = looseFile(bytes);
    const key = packageKey('00000000-0000-4000-8000-000000000001');
    await store.put(key, { file }, { contentType: 'application/zip' });
    expect(existsSync(file)).toBe(false);
    expect((await bytesOf(await store.get(key))).equals(bytes)).toBe(true);
  });

  it('streams in a file of over 5 MB without holding it whole, and gives it back unchanged', async () => {
    // Just over S3's 5 MiB part size: in a bucket, a multipart upload of two parts.
    const bytes = randomBytes(5 * 1024 * 1024 + 123_457);
    const key = blobKey(sha256(bytes));
    await store.put(key, trickle(bytes), { sha256: sha256(bytes) });
    expect(await store.head(key)).toEqual({ size: bytes.length });
    expect(sha256(await bytesOf(await store.get(key)))).toBe(sha256(bytes));
  });

  it('answers a byte range, as a ZIP reader asks for the central directory', async () => {
    const bytes = Buffer.from('0123456789abcdefghij');
    const key = 'files/ranges/sample.bin';
    await store.put(key, Readable.from([bytes]));
    expect((await bytesOf(await store.get(key, { start: 10, end: 15 }))).toString()).toBe('abcdef');
    expect((await bytesOf(await store.get(key, { start: 19, end: 19 }))).toString()).toBe('j');
  });

  it('answers a missing key with ObjectNotFound naming it, before any byte; head null, exists false', async () => {
    const key = blobKey('f'.repeat(64));
    const error = await store.get(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect((error as ObjectNotFound).key).toBe(key);
    expect((error as Error).message).toBe(`stored object not found: ${key}`);
    expect(await store.head(key)).toBeNull();
    expect(await store.exists(key)).toBe(false);
    // Removing what is not there is not an error.
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('keeps the same content once: a second put under its SHA-256 stores nothing and drops the copy', async () => {
    const bytes = Buffer.from(`同じ領収書 ${randomBytes(8).toString('hex')}`);
    const sha = sha256(bytes);
    const key = blobKey(sha);
    await store.put(key, { file: looseFile(bytes) }, { sha256: sha });
    // Sent with other bytes under the same hash: kept as it was proves the second copy was never written.
    const second = looseFile(Buffer.from('not written'));
    await store.put(key, { file: second }, { sha256: sha });
    expect(existsSync(second)).toBe(false);
    expect((await bytesOf(await store.get(key))).equals(bytes)).toBe(true);
    expect((await store.list(`files/${sha.slice(0, 2)}/`)).filter((o) => o.key === key)).toEqual([{ key, size: bytes.length }]);
  });

  it('lists the objects under a prefix in key order with their sizes, and nothing else', async () => {
    const keys = ['files/list/b', 'files/list/a', 'files/list/c/d', 'files/lists/other'];
    for (const key of keys) await store.put(key, Readable.from([Buffer.from(key)]));
    expect(await store.list('files/list/')).toEqual([
      { key: 'files/list/a', size: 12 },
      { key: 'files/list/b', size: 12 },
      { key: 'files/list/c/d', size: 14 },
    ]);
    expect((await store.list('packages/')).map((o) => o.key)).toEqual([packageKey('00000000-0000-4000-8000-000000000001')]);
  });

  it('deletes: the key is gone from get, head, exists and list', async () => {
    const key = 'files/list/a';
    await store.delete(key);
    await expect(store.get(key)).rejects.toBeInstanceOf(ObjectNotFound);
    expect(await store.exists(key)).toBe(false);
    expect((await store.list('files/list/')).map((o) => o.key)).toEqual(['files/list/b', 'files/list/c/d']);
  });

  it('refuses a key that could name something else: a climb, an absolute path, work in flight, no folder', async () => {
    for (const key of ['../escape', 'files/../../escape', '/etc/passwd', 'files/tmp/x', 'packages/tmp/y', 'lonely', 'files//double', 'files\\x']) {
      await expect(store.put(key, Readable.from([Buffer.from('x')])), key).rejects.toThrow(/not a storage key/);
      await expect(store.get(key), key).rejects.toThrow(/not a storage key/);
    }
  });

  it('is ready while it can be used', async () => {
    await expect(store.check()).resolves.toBeUndefined();
  });
});

describe('the local disk store', () => {
  it('keeps the layout DATA_DIR always had, so an existing DATA_DIR needs no migration', async () => {
    const dataDir = mkdtempSync(path.join(work, 'layout-'));
    const store = new LocalObjectStore(dataDir);
    const bytes = Buffer.from('receipt');
    const sha = sha256(bytes);
    await store.put(blobKey(sha), Readable.from([bytes]), { sha256: sha });
    await store.put(packageKey('00000000-0000-4000-8000-000000000002'), Readable.from([Buffer.from('PK')]));
    expect(readdirSync(path.join(dataDir, 'files', sha.slice(0, 2)))).toEqual([sha]);
    expect(readdirSync(path.join(dataDir, 'packages')).filter((n) => n !== 'tmp')).toEqual(['00000000-0000-4000-8000-000000000002.zip']);
    // Work in flight under tmp/ is never an object, and nothing was left there.
    writeFileSync(path.join(dataDir, 'files', 'tmp', 'arriving'), 'half');
    expect((await store.list('files/')).map((o) => o.key)).toEqual([blobKey(sha)]);
    expect(store.localPath(blobKey(sha))).toBe(path.join(dataDir, 'files', sha.slice(0, 2), sha));
  });

  it('is not ready when a folder of it is gone', async () => {
    const dataDir = mkdtempSync(path.join(work, 'gone-'));
    const store = new LocalObjectStore(dataDir, ['files']);
    await expect(store.check()).rejects.toThrow(/ENOENT/);
    mkdirSync(path.join(dataDir, 'files'));
    await expect(store.check()).resolves.toBeUndefined();
  });
});

describe('the S3-compatible store', () => {
  it('keeps its keys under S3_PREFIX: two installations share a bucket without seeing each other', async () => {
    const a = new S3ObjectStore(s3.config('shared', 'claims-a/'));
    const b = new S3ObjectStore(s3.config('shared', 'claims-b/nested/'));
    try {
      await a.put('files/aa/one', Readable.from([Buffer.from('A')]));
      await b.put('files/aa/one', Readable.from([Buffer.from('B')]));
      expect(await a.list('files/')).toEqual([{ key: 'files/aa/one', size: 1 }]);
      expect((await bytesOf(await b.get('files/aa/one'))).toString()).toBe('B');
      expect(a.location).toBe('s3://shared/claims-a/');
      expect(a.localPath()).toBeNull();
    } finally {
      a.close();
      b.close();
    }
  });

  it('is not ready when the bucket is missing or the store does not answer', async () => {
    const missing = new S3ObjectStore(s3.config('no-such-bucket'));
    const down = new S3ObjectStore({ ...s3.config('conformance'), endpoint: 'http://127.0.0.1:9' });
    try {
      await expect(missing.check()).rejects.toThrow(`the bucket no-such-bucket at ${s3.endpoint} cannot be used: no such bucket`);
      await expect(down.check()).rejects.toThrow('the bucket conformance at http://127.0.0.1:9 cannot be used: ');
    } finally {
      missing.close();
      down.close();
    }
  });
});
