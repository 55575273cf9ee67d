// The stored files' copy: every object of DATA_DIR's local store (receipts, documents and import files under
// files/, exported packages under packages/; never the work in flight in their tmp/) put into the bucket, each
// written anew as the restore does, so a bucket left half-filled by an earlier attempt is repaired, not trusted.
// DATA_DIR's files are only read: they stay where they are.

import { createReadStream } from 'node:fs';
import { LocalObjectStore } from '../../files/local-object-store.ts';
import { BLOBS_PREFIX, PACKAGES_PREFIX, type ObjectStore } from '../../files/object-store.ts';

export interface CopiedFiles {
  files: number;
  bytes: number;
}

/** Uploads at once: a few keep a remote bucket's round-trips overlapping without crowding two cores. */
const PARALLEL = 4;

export async function copyFiles(dataDir: string, target: ObjectStore, onProgress: (done: number, of: number) => void = () => {}): Promise<CopiedFiles> {
  const local = new LocalObjectStore(dataDir);
  const objects = [...(await local.list(BLOBS_PREFIX)), ...(await local.list(PACKAGES_PREFIX))];
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    // One failure stops the others taking more: the copy fails as a whole anyway.
    while (next < objects.length && !failed) {
      const { key } = objects[next++]!;
      // A stream, not `{ file }`: a store given a file takes it over and removes it, and these stay in DATA_DIR.
      const options = key.startsWith(PACKAGES_PREFIX) ? { contentType: 'application/zip' } : {};
      try {
        await target.put(key, createReadStream(local.pathOf(key)), options);
      } catch (error) {
        failed = true;
        throw new Error(`cannot put ${key} into ${target.location}: ${(error as Error).message}`, { cause: error });
      }
      onProgress(++done, objects.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, objects.length) }, worker));
  return { files: objects.length, bytes: objects.reduce((sum, o) => sum + o.size, 0) };
}
