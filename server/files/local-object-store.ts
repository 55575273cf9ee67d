// The object store on local disk, and the app's layout as it always was: a key is a path under DATA_DIR
// (`files/ab/ab12…`, `packages/<id>.zip`), so an existing DATA_DIR works as it is. A new object is written
// under its folder's tmp/ and renamed into place (durable-rename.ts): a reader never sees half a file.

import { randomUUID } from 'node:crypto';
import { accessSync, constants, copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { durableRename } from './durable-rename.ts';
import {
  checkKey,
  ObjectNotFound,
  TEMP_SEGMENT,
  type ByteRange,
  type ObjectInfo,
  type ObjectSource,
  type ObjectStore,
  type PutOptions,
} from './object-store.ts';

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);
const isMissing = (error: unknown) => MISSING.has((error as NodeJS.ErrnoException).code ?? '');

export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local';
  readonly location: string;

  /** `root` is DATA_DIR; `folders` are the top-level folders /readyz checks (`files`, `packages`). */
  constructor(
    readonly root: string,
    private readonly folders: readonly string[] = [],
  ) {
    this.location = root;
  }

  /** The file that holds a key. */
  pathOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  /** Where a key's folder keeps work in flight: `<folder>/tmp/`, emptied at start-up (server/recovery.ts). */
  tempDirOf(key: string): string {
    return path.join(this.root, checkKey(key).split('/')[0]!, TEMP_SEGMENT);
  }

  async put(key: string, source: ObjectSource, options: PutOptions = {}): Promise<void> {
    const target = this.pathOf(key);
    if (options.sha256 && existsSync(target)) {
      // The same bytes are there already (the name is their hash): this copy is dropped.
      if ('file' in source) rmSync(source.file, { force: true });
      else source.destroy();
      return;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    if ('file' in source) {
      try {
        durableRename(source.file, target);
        return;
      } catch (error) {
        // A file on another file system (a restore's work folder elsewhere) is copied in instead.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      }
      const temp = this.newTempPath(key);
      try {
        copyFileSync(source.file, temp);
        durableRename(temp, target);
      } finally {
        rmSync(temp, { force: true });
      }
      rmSync(source.file, { force: true });
      return;
    }
    const temp = this.newTempPath(key);
    try {
      await pipeline(source, createWriteStream(temp, { flags: 'wx', flush: true }));
      durableRename(temp, target);
    } finally {
      rmSync(temp, { force: true });
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    // Opened first, so a missing file is a rejection here rather than an error in the middle of a response.
    const handle = await open(this.pathOf(key), 'r').catch((error: unknown) => {
      throw isMissing(error) ? new ObjectNotFound(key) : error;
    });
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async head(key: string): Promise<{ size: number } | null> {
    try {
      const stats = await stat(this.pathOf(key));
      return stats.isFile() ? { size: stats.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  // Synchronous work behind the interface's promises (an S3 store's are real requests).
  delete(key: string): Promise<void> {
    rmSync(this.pathOf(key), { force: true });
    return Promise.resolve();
  }

  list(prefix: string): Promise<ObjectInfo[]> {
    return Promise.resolve(this.listSync(prefix));
  }

  /**
   * `list` without waiting: start-up's clean-up on local disk is synchronous, as it always was.
   * `prefix` starts with a folder (`files/`, `packages/`); files in its tmp/ are work in flight, not objects.
   */
  listSync(prefix: string): ObjectInfo[] {
    const folder = prefix.split('/')[0] ?? '';
    if (!prefix.includes('/') || folder === '' || folder === '.' || folder === '..')
      throw new Error(`list needs a folder prefix such as "files/": ${JSON.stringify(prefix)}`);
    const dir = path.join(this.root, folder);
    if (!existsSync(dir)) return [];
    const found: ObjectInfo[] = [];
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const key = path.relative(this.root, file).split(path.sep).join('/');
      if (key.startsWith(`${folder}/${TEMP_SEGMENT}/`) || !key.startsWith(prefix)) continue;
      found.push({ key, size: statSync(file).size });
    }
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return found;
  }

  localPath(key: string): string {
    return this.pathOf(key);
  }

  check(): Promise<void> {
    try {
      for (const folder of this.folders) accessSync(path.join(this.root, folder), constants.W_OK);
      return Promise.resolve();
    } catch (error) {
      // A rejected promise, as the S3 store's check gives: callers may .catch() it rather than await it.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  close(): void {}

  private newTempPath(key: string): string {
    const dir = this.tempDirOf(key);
    mkdirSync(dir, { recursive: true });
    return path.join(dir, randomUUID());
  }
}
