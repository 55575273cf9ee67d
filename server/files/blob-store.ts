// Uploaded files, each kept in the object store under the SHA-256 of its bytes (`files/ab/ab12…`): the same
// receipt uploaded twice is kept once, a key can never point elsewhere, and a file's key proves its content.
// A file arrives in a local temporary file first, hashed on the way, so its size limit and its content
// check happen before anything is stored (docs/decisions/035-object-storage.md).

import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { blobKey, type ObjectStore } from './object-store.ts';

export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  size: number;
  /** The first bytes, for recognising what the file is. */
  head: Buffer;
}

export class BlobStore {
  /** `tempDir`: where files arrive, on local disk whatever the store; emptied at start-up (server/recovery.ts). */
  constructor(
    private readonly objects: ObjectStore,
    readonly tempDir: string,
  ) {
    mkdirSync(this.tempDir, { recursive: true });
  }

  /** Writes a stream to a temporary file while hashing it. Nothing is in the store until `keep` is called. */
  async receive(source: Readable, headLength: number): Promise<ReceivedFile> {
    const tempPath = path.join(this.tempDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const headChunks: Buffer[] = [];
    let headSize = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (headSize < headLength) {
          headChunks.push(chunk.subarray(0, headLength - headSize));
          headSize += Math.min(chunk.length, headLength - headSize);
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const target = createWriteStream(tempPath, { flags: 'wx', flush: true });
    try {
      await pipeline(source, meter, target);
    } catch (error) {
      // The file may still be opening: remove it only once the stream is closed, or it appears after.
      if (!target.closed) await new Promise<void>((resolve) => target.once('close', () => resolve()));
      rmSync(tempPath, { force: true });
      throw error;
    }
    return { tempPath, sha256: hash.digest('hex'), size, head: Buffer.concat(headChunks) };
  }

  /** Moves a received file into the store; when the same bytes are already there, the copy is dropped. */
  async keep(file: ReceivedFile, contentType?: string): Promise<void> {
    await this.objects.put(blobKey(file.sha256), { file: file.tempPath }, { sha256: file.sha256, ...(contentType ? { contentType } : {}) });
  }

  /** The stored bytes; rejects with ObjectNotFound when they are gone. */
  async open(sha256: string): Promise<Readable> {
    return await this.objects.get(blobKey(sha256));
  }

  /**
   * The stored bytes as a file on this machine, for a reader that needs one (the import's reading thread):
   * the stored file itself on local disk, else a copy in the temporary folder that `done` removes.
   */
  async asFile(sha256: string): Promise<{ path: string; done(): void }> {
    const local = this.objects.localPath(blobKey(sha256));
    if (local) return { path: local, done: () => {} };
    const copy = path.join(this.tempDir, randomUUID());
    try {
      await pipeline(await this.open(sha256), createWriteStream(copy, { flags: 'wx' }));
    } catch (error) {
      rmSync(copy, { force: true });
      throw error;
    }
    return { path: copy, done: () => rmSync(copy, { force: true }) };
  }

  discard(file: ReceivedFile): void {
    rmSync(file.tempPath, { force: true });
  }
}
