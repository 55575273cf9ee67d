// Reads back the manifest.json of an exported package's ZIP: what the package says it was made from.

import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ObjectNotFound, type ObjectStore } from '../files/object-store.ts';

export const MANIFEST_ENTRY = 'manifest.json';

/** A manifest lists each file in ~150 bytes: this allows far more files than any package has. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * A stored ZIP read by byte ranges: the manifest is found through the central directory at the ZIP's end,
 * so reading it from a bucket costs a few small requests, never the whole package.
 */
class StoredObjectReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
  ) {
    super();
  }

  /** yauzl's end is exclusive, a Range's inclusive; the stream must exist before the request answers. */
  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    if (end <= start) return out.end();
    this.store.get(this.key, { start, end: end - 1 }).then(
      (range) => {
        range.on('error', (error) => out.destroy(error));
        range.pipe(out);
      },
      (error: Error) => out.destroy(error),
    );
    return out;
  }
}

const ZIP_OPTIONS = { lazyEntries: true, autoClose: false, validateEntrySizes: true };

/** The parsed manifest, or null when the ZIP has none (or one too large to be ours). Throws on a broken or missing ZIP. */
export async function readPackageManifest(store: ObjectStore, key: string): Promise<unknown> {
  const local = store.localPath(key);
  let zip: yauzl.ZipFile;
  if (local) zip = await yauzl.openPromise(local, ZIP_OPTIONS);
  else {
    const stored = await store.head(key);
    if (!stored) throw new ObjectNotFound(key);
    zip = await yauzl.fromRandomAccessReaderPromise(new StoredObjectReader(store, key), stored.size, ZIP_OPTIONS);
  }
  try {
    const entry = await findEntry(zip, MANIFEST_ENTRY);
    if (!entry || entry.uncompressedSize > MAX_MANIFEST_BYTES) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } finally {
    zip.close();
  }
}

/** Walks the central directory (the manifest is the last entry a package writes). */
function findEntry(zip: yauzl.ZipFile, name: string): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const stop = () => zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
    const finish = (entry: yauzl.Entry | null) => {
      stop();
      resolve(entry);
    };
    zip.on('error', (error: Error) => {
      stop();
      reject(error);
    });
    zip.on('end', () => finish(null));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName === name) finish(entry);
      else zip.readEntry();
    });
    zip.readEntry();
  });
}
