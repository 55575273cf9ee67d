// The parts of an uploaded XLSX (a ZIP archive), read as text one at a time and counted as they unpack.
// A ZIP says how large each part is, but a crafted one can lie: a few MB may inflate to many GB. So a part
// declared larger than its cap is refused before it is opened, and yauzl's validateEntrySizes stops a
// part the moment it unpacks to more than it declared; the bytes are counted here too, against the cap of
// the part and of the whole workbook, so no declaration is trusted on its own.
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ImportFileError } from './import-file-error.ts';
import { MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES } from './read-limits.ts';

export class ZipParts {
  private unpacked = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  /** Reads the archive's directory (not its contents). Throws ImportFileError when it is no ZIP at all. */
  static async open(bytes: Buffer): Promise<ZipParts> {
    let zip: yauzl.ZipFile;
    try {
      // Names are decoded here rather than by yauzl, which refuses a whole archive over one name starting
      // with `/`; some writers put the workbook's parts there, and exceljs read them.
      zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
    } catch {
      throw new ImportFileError('not_xlsx');
    }
    if (zip.entryCount > MAX_ZIP_ENTRIES) throw new ImportFileError('unpacks_too_large');
    const entries = new Map<string, yauzl.Entry>();
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('error', reject);
        zip.on('end', () => resolve());
        zip.on('entry', (entry: yauzl.Entry) => {
          const name = (entry.fileName as unknown as Buffer).toString('utf8').replace(/^\//, '');
          if (!name.endsWith('/')) entries.set(name, entry);
          zip.readEntry();
        });
        zip.readEntry();
      });
    } catch {
      throw new ImportFileError('not_xlsx');
    }
    return new ZipParts(zip, entries);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * Hands the part's text to `onText` chunk by chunk, as it unpacks; `onText` answers false to stop there
   * (the rest is never inflated). Throws `unpacks_too_large` past `maxBytes` (the part's cap) or past the
   * workbook's, `not_xlsx` for a damaged part, and whatever `onText` throws.
   */
  async readText(name: string, maxBytes: number, onText: (text: string) => boolean | void): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw new ImportFileError('not_xlsx');
    if (entry.uncompressedSize > maxBytes || this.unpacked + entry.uncompressedSize > MAX_UNPACKED_BYTES) throw new ImportFileError('unpacks_too_large');
    let stream: Readable;
    try {
      stream = await this.zip.openReadStreamPromise(entry);
    } catch {
      throw new ImportFileError('not_xlsx');
    }
    const decoder = new TextDecoder('utf-8');
    const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    let partBytes = 0;
    try {
      for (;;) {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch {
          // zlib's "invalid block type", yauzl's "too many bytes in the stream" (a size that lied)…
          throw new ImportFileError('not_xlsx');
        }
        if (next.done) break;
        partBytes += next.value.length;
        this.unpacked += next.value.length;
        if (partBytes > maxBytes || this.unpacked > MAX_UNPACKED_BYTES) throw new ImportFileError('unpacks_too_large');
        if (onText(decoder.decode(next.value, { stream: true })) === false) return;
      }
    } finally {
      stream.destroy();
    }
    onText(decoder.decode());
  }
}
