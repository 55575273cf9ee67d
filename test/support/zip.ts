// Reads a whole ZIP (a claim package) into memory with yauzl: every entry's name and bytes, in order.
import yauzl from 'yauzl';

export interface ZipEntryRead {
  /** The entry's path, decoded (yazl marks non-ASCII names as UTF-8). */
  path: string;
  bytes: Buffer;
  /** Whether the UTF-8 flag (general purpose bit 11) is set. */
  utf8: boolean;
  compressionMethod: number;
  /** The entry's time (DOS time: local, to two seconds). */
  modified: Date;
}

export async function readZip(buffer: Buffer): Promise<ZipEntryRead[]> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true });
  const entries: ZipEntryRead[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) {
          reject(error ?? new Error(`no stream for ${entry.fileName}`));
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.push({
            path: entry.fileName,
            bytes: Buffer.concat(chunks),
            utf8: (entry.generalPurposeBitFlag & 0x800) !== 0,
            compressionMethod: entry.compressionMethod,
            modified: entry.getLastModDate(),
          });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

/** The entries by path; fails if two entries share a path. */
export function entriesByPath(entries: ZipEntryRead[]): Map<string, Buffer> {
  const map = new Map<string, Buffer>();
  for (const entry of entries) {
    if (map.has(entry.path)) throw new Error(`duplicate ZIP entry ${entry.path}`);
    map.set(entry.path, entry.bytes);
  }
  return map;
}
