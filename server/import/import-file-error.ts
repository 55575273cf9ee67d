// The one error the import readers throw: a file that cannot be read as a table at all. Problems in single
// cells are not errors here; they come back from shared/import-values.ts next to the row they are in.

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
