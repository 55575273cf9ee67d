// The one error the import readers throw: a file that cannot be read as a table at all. Problems in single
// cells are not errors here; they come back from shared/import-values.ts next to the row they are in.

import { MAX_IMPORT_ROWS } from '../../shared/import-schemas.ts';
import { MAX_ROW_CELLS, MAX_TABLE_CELLS, READ_TIMEOUT_MS } from './read-limits.ts';

const MESSAGES = {
  empty_file: { ja: 'ファイルが空です', en: 'the file is empty' },
  not_text: {
    ja: '文字コードを判別できません（UTF-8 または Shift_JIS の CSV を選んでください）',
    en: 'cannot tell the character encoding (choose a CSV saved as UTF-8 or Shift_JIS)',
  },
  not_xlsx: {
    ja: 'Excel ファイル（.xlsx）として読めません。壊れているか、別の形式です',
    en: 'cannot be read as an Excel (.xlsx) file; it is damaged or in another format',
  },
  /** An OLE2 container: an Excel 97–2003 .xls, or an .xlsx saved with a password (Excel encrypts those). */
  xls_or_encrypted: {
    ja: '古い Excel 形式（.xls）またはパスワード付きのファイルは読めません。パスワードを外して .xlsx か CSV で保存し直してください',
    en: 'old Excel (.xls) and password-protected files cannot be read; save it without a password as .xlsx or CSV',
  },
  /** An XLSX whose parts unpack past the caps of server/import/read-limits.ts: a ZIP bomb, or far too big. */
  unpacks_too_large: {
    ja: 'Excel ファイルを展開すると大きすぎて読み込めません。ファイルを分けるか、CSV で保存してください',
    en: 'the Excel file is too large once unpacked to be read; split it, or save it as CSV',
  },
  too_many_rows: {
    ja: `${MAX_IMPORT_ROWS.toLocaleString('ja-JP')} 行を超えています。1回に取り込めるのは ${MAX_IMPORT_ROWS.toLocaleString('ja-JP')} 行までです。ファイルを分けてください`,
    en: `more than ${MAX_IMPORT_ROWS} rows; one import takes at most ${MAX_IMPORT_ROWS}: split the file`,
  },
  /** More cells than MAX_ROW_CELLS in a row, or than MAX_TABLE_CELLS in all (server/import/read-limits.ts). */
  too_many_cells: {
    ja: `セルが多すぎて読み込めません（1 行に ${MAX_ROW_CELLS.toLocaleString('ja-JP')} 個、全体で ${MAX_TABLE_CELLS.toLocaleString('ja-JP')} 個まで）。ファイルを分けてください`,
    en: `too many cells to read (at most ${MAX_ROW_CELLS} in a row and ${MAX_TABLE_CELLS} in all); split the file`,
  },
  /** Reading was stopped at its time limit (READ_TIMEOUT_MS). */
  read_too_slow: {
    ja: `ファイルの読み込みが ${READ_TIMEOUT_MS / 1000} 秒を超えたため中止しました。ファイルを分けてください`,
    en: `reading the file took longer than ${READ_TIMEOUT_MS / 1000} seconds and was stopped; split the file`,
  },
  /** Reading needed more memory than its thread may use (READ_HEAP_MB). */
  read_too_large: {
    ja: 'ファイルの読み込みに必要なメモリが上限を超えたため中止しました。ファイルを分けてください',
    en: 'reading the file needed more memory than an import may use and was stopped; split the file',
  },
  unclosed_quote: {
    ja: '{row} 行目の引用符（"）が閉じられていません',
    en: 'a quote (") opened on row {row} is never closed',
  },
} as const satisfies Record<string, { ja: string; en: string }>;

export type ImportFileErrorCode = keyof typeof MESSAGES;

export class ImportFileError extends Error {
  readonly ja: string;
  readonly en: string;

  /** `row` is the 1-based row of the table the problem starts on, where there is one. */
  constructor(
    readonly code: ImportFileErrorCode,
    readonly row: number | null = null,
  ) {
    const fill = (text: string) => text.replace('{row}', String(row ?? '?'));
    super(fill(MESSAGES[code].en));
    this.name = 'ImportFileError';
    this.ja = fill(MESSAGES[code].ja);
    this.en = this.message;
  }
}
