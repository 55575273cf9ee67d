// Where the app keeps files beside its database: uploaded receipts and documents, exported packages —
// in the object store (local disk under DATA_DIR, or an S3-compatible bucket) — and the local folders
// where uploads arrive and packages are built before they go there.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { S3Config } from './env.ts';
import { BlobStore } from './files/blob-store.ts';
import { LocalObjectStore } from './files/local-object-store.ts';
import type { ObjectStore } from './files/object-store.ts';
import { S3ObjectStore } from './files/s3-object-store.ts';

export interface Storage {
  /** Every stored file by key (server/files/object-store.ts): receipts by SHA-256, packages by id. */
  objects: ObjectStore;
  /** Uploads: received into a local temporary file while hashed and checked, then kept in `objects`. */
  blobs: BlobStore;
  /** Where a package's files are written and zipped before the ZIP goes to `objects`. */
  packagesTempDir: string;
}

/**
 * Local disk (no `s3`): today's layout, `files/` and `packages/` with their `tmp/` folders, so an existing
 * DATA_DIR works as it is. S3: the objects in the bucket, and the work in flight in DATA_DIR/tmp/, so
 * nothing is kept under DATA_DIR/files or DATA_DIR/packages.
 */
export function openStorage(dataDir: string, s3?: S3Config): Storage {
  const objects: ObjectStore = s3 ? new S3ObjectStore(s3) : new LocalObjectStore(dataDir, ['files', 'packages']);
  const uploadsTempDir = s3 ? path.join(dataDir, 'tmp', 'uploads') : path.join(dataDir, 'files', 'tmp');
  const packagesTempDir = s3 ? path.join(dataDir, 'tmp', 'packages') : path.join(dataDir, 'packages', 'tmp');
  mkdirSync(packagesTempDir, { recursive: true });
  return { objects, blobs: new BlobStore(objects, uploadsTempDir), packagesTempDir };
}
