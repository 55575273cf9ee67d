// The bounds on reading one uploaded spreadsheet, in one place: how much an XLSX may unpack to, and how
// much time and memory reading any file may take. docs/decisions/015-spreadsheet-reading-limits.md says
// why each number is what it is.

const MiB = 1024 * 1024;

/**
 * The most an XLSX part may unpack to, by part. A worksheet of 200,000 rows as Excel writes it is about
 * 45 MiB at 5 columns and 140–180 MiB at 20; the other parts are far smaller in any real workbook.
 */
export const MAX_SHEET_BYTES = 256 * MiB;
export const MAX_SHARED_STRINGS_BYTES = 128 * MiB;
export const MAX_STYLES_BYTES = 32 * MiB;
/** workbook.xml and the relationship parts: a list of sheets and links. */
export const MAX_SMALL_PART_BYTES = 8 * MiB;
/** All the parts read from one workbook together. */
export const MAX_UNPACKED_BYTES = 320 * MiB;
/** Entries in the ZIP: a real workbook has tens, a few thousand with many sheets and pictures. */
export const MAX_ZIP_ENTRIES = 10_000;
/** Excel's own last column (XFD): a cell past it is not from a spreadsheet. */
export const MAX_SHEET_COLUMN = 16_384;
/** Cells in one row of any file, as many as Excel has columns: a CSV line of millions of commas is no table. */
export const MAX_ROW_CELLS = MAX_SHEET_COLUMN;
/**
 * Cells of a table, counting the empty ones before the last filled cell of each row: 200,000 rows of 50
 * columns. The table goes to the server's own memory, so a file of 40 million empty cells must not.
 */
export const MAX_TABLE_CELLS = 10_000_000;

/** Reading one file (on its own thread) is stopped after this long; 200,000 rows of 20 columns take ~7 s. */
export const READ_TIMEOUT_MS = 30_000;
/**
 * The reading thread's JavaScript heap. The largest files an import takes (a 50 MB CSV of 200,000 rows,
 * ASCII or Japanese; a 100,000-row workbook) read within 192 MB (measured); past this the thread is ended.
 */
export const READ_HEAP_MB = 512;
/** Files read at the same time, on a machine of two cores: the other stays the server's. */
export const PARALLEL_READS = 1;
/** Files waiting their turn; one more is answered 429 (try again). */
export const WAITING_READS = 4;
