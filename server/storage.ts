// Where the app keeps files beside its database: uploaded receipts and documents, exported packages.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BlobStore } from './files/blob-store.ts';

export interface Storage {
  blobs: BlobStore;
  /** Exported claim packages, one ZIP per version, written once. */
  packagesDir: string;
}

export function openStorage(dataDir: string): Storage {
  const packagesDir = path.join(dataDir, 'packages');
  mkdirSync(path.join(packagesDir, 'tmp'), { recursive: true });
  return { blobs: new BlobStore(path.join(dataDir, 'files')), packagesDir };
}
