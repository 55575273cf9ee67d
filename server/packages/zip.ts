// Writes the package's ZIP from files on disk, streaming: no file is held in memory whole.
// Every entry carries the package's creation time, so the ZIP says when it was made, not when built.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export interface ZipEntry {
  /** The path inside the ZIP. */
  path: string;
  /** Where the bytes are now: a file on disk, or a small buffer (the manifest). */
  source: { file: string } | { buffer: Buffer };
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
    if ('file' in entry.source) zip.addFile(entry.source.file, entry.path, options);
    else zip.addBuffer(entry.source.buffer, entry.path, options);
  }
  zip.end();
  return writeHashed(zip.outputStream as Readable, target);
}
