// Writes the package's ZIP from files on disk and stored objects, streaming: no file is held in memory whole.
// Every entry carries the package's creation time, so the ZIP says when it was made, not when built.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export interface ZipEntry {
  /** The path inside the ZIP. */
  path: string;
  /**
   * Where the bytes are now: a file on disk, a stored object (a receipt; opened only when its turn comes, so
   * one is read at a time, and its size checked), or a small buffer (the manifest).
   */
  source: { file: string } | { open: () => Promise<Readable>; size: number } | { buffer: Buffer };
  /** PDFs, XLSX and photos are compressed already; deflating them again only costs time. */
  compress: boolean;
}

export interface WrittenFile {
  sha256: string;
  size: number;
}

/** Pipes a stream through SHA-256 into a file. */
export async function writeHashed(source: Readable, target: string): Promise<WrittenFile> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(source, meter, createWriteStream(target, { flush: true }));
  return { sha256: hash.digest('hex'), size };
}

export async function hashFile(filePath: string): Promise<WrittenFile> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export async function writeZip(target: string, entries: ZipEntry[], mtime: Date): Promise<WrittenFile> {
  const zip = new yazl.ZipFile();
  // yazl reports a file it cannot read (a receipt gone missing) as an 'error' on the ZipFile; unheard, it
  // would take the whole server down. Passed to the output stream, it fails this export only.
  zip.on('error', (error: Error) => (zip.outputStream as Readable).destroy(error));
  for (const entry of entries) {
    const options = { mtime, compress: entry.compress };
    const source = entry.source;
    if ('file' in source) zip.addFile(source.file, entry.path, options);
    else if ('open' in source) {
      // The mode a file written here has (rw-r--r--), as the entries added from disk carry.
      zip.addReadStreamLazy(entry.path, { ...options, size: source.size, mode: 0o100644 }, (give) => {
        source.open().then(
          (stream) => give(null, stream),
          (error: Error) => give(error, null as unknown as Readable),
        );
      });
    } else zip.addBuffer(source.buffer, entry.path, options);
  }
  zip.end();
  return await writeHashed(zip.outputStream as Readable, target);
}
