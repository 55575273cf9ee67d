// The one interface to where stored files live — receipts, documents and import files by SHA-256, exported
// packages by id — with two implementations: local disk under DATA_DIR (the default) and any S3-compatible
// store (S3_BUCKET). Callers name objects by key and stream them; none of them sees a path. See
// docs/decisions/035-object-storage.md.

import type { Readable } from 'node:stream';

/** What `put` stores: a stream, or a finished file that the store takes over (moved in, or uploaded then removed). */
export type ObjectSource = Readable | { file: string };

export interface PutOptions {
  /**
   * The bytes' SHA-256 when the key is content-addressed: a key already stored is then kept as it is and
   * the new copy dropped, so the same content is stored once.
   */
  sha256?: string;
  contentType?: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
}

/** A byte range, both ends included, as HTTP's Range header counts. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ObjectStore {
  /** `local` keeps files under DATA_DIR; `s3` in a bucket. Shown in logs and by the backup. */
  readonly kind: 'local' | 's3';
  /** Where it is, for people: a folder, or `s3://bucket/prefix`. */
  readonly location: string;
  put(key: string, source: ObjectSource, options?: PutOptions): Promise<void>;
  /** The object's bytes (or a range of them); rejects with ObjectNotFound before any byte when there is none. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** The object's size, or null when there is none. */
  head(key: string): Promise<{ size: number } | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order; work in flight (`<folder>/tmp/`) is never listed. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /**
   * The object as a file on this machine, when the store keeps it as one (local disk): a reader that needs a
   * file (the import's reading thread) uses it as it is instead of copying. Null for a remote store.
   */
  localPath(key: string): string | null;
  /** Throws unless the store can be written to now (/readyz): cheap, one request at most. */
  check(): Promise<void>;
  /** Lets go of connections; the store is not used after. */
  close(): void;
}

/** A `get` of a key the store does not have: a receipt gone missing, a package never finished. */
export class ObjectNotFound extends Error {
  constructor(readonly key: string) {
    super(`stored object not found: ${key}`);
    this.name = 'ObjectNotFound';
  }
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const PACKAGE_ID_PATTERN = /^[0-9a-f-]{36}$/;

/**
 * Keys are `/`-separated relative names, like the paths of a backup's entries: at least a folder and a name,
 * no empty, `.` or `..` segment, no backslash or control character, so a key is a safe relative path on disk
 * too. `<folder>/tmp/…` is kept for work in flight and is never a key.
 */
export function checkKey(key: string): string {
  const segments = key.split('/');
  const bad = segments.length < 2 || segments.some((s) => s === '' || s === '.' || s === '..') || /[\\\x00-\x1f\x7f]/.test(key) || segments[1] === TEMP_SEGMENT;
  if (bad) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
  return key;
}

/** The folder under each top-level folder that holds work in flight (uploads arriving, packages building). */
export const TEMP_SEGMENT = 'tmp';

/** Uploaded receipts, documents and import files: `files/<first two hex digits>/<sha256>`, today's layout on disk. */
export function blobKey(sha256: string): string {
  if (!SHA256_PATTERN.test(sha256)) throw new Error('not a SHA-256');
  return `files/${sha256.slice(0, 2)}/${sha256}`;
}

/** An exported claim package: `packages/<id>.zip`. */
export function packageKey(packageId: string): string {
  if (!PACKAGE_ID_PATTERN.test(packageId)) throw new Error('not a package id');
  return `packages/${packageId}.zip`;
}

export const BLOBS_PREFIX = 'files/';
export const PACKAGES_PREFIX = 'packages/';
