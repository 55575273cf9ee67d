// Stored files under DATA_DIR/files, each named by the SHA-256 of its bytes: the same receipt uploaded
// twice is kept once, a name can never point outside the store, and a file's name proves its content.

import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { durableRename } from './durable-rename.ts';

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  size: number;
  /** The first bytes, for recognising what the file is. */
  head: Buffer;
}

export class BlobStore {
  private readonly tempDir: string;

  constructor(readonly root: string) {
    this.tempDir = path.join(root, 'tmp');
    mkdirSync(this.tempDir, { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error('not a SHA-256');
    return path.join(this.root, sha256.slice(0, 2), sha256);
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
  keep(file: ReceivedFile): void {
    const target = this.pathOf(file.sha256);
    if (existsSync(target)) {
      rmSync(file.tempPath, { force: true });
      return;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    durableRename(file.tempPath, target);
  }

  discard(file: ReceivedFile): void {
    rmSync(file.tempPath, { force: true });
  }
}
