// Reads back the manifest.json of an exported package's ZIP: what the package says it was made from.

import yauzl from 'yauzl';

export const MANIFEST_ENTRY = 'manifest.json';

/** A manifest lists each file in ~150 bytes: this allows far more files than any package has. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The parsed manifest, or null when the ZIP has none (or one too large to be ours). Throws on a broken ZIP. */
export async function readPackageManifest(zipPath: string): Promise<unknown> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
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
