// The files finance teams have (issue 17), built in memory from the layouts their systems document
// (docs/decisions/026-importing-real-finance-files.md): freee 取引, マネーフォワード 仕訳帳, 弥生 仕訳日記帳,
// a 三菱UFJ-style 入出金明細, a 三井住友カード-style ご利用明細, an expense system's export, and a hand-kept
// workbook. Each has rows that are not costs (income, deposits, credit lines, balance-sheet accounts,
// salary, rejected claims, totals, 0 yen), a refund and one bad row, and says what it must import to the yen.
import ExcelJS from 'exceljs';
import type { ValueTarget } from '../../shared/import-category-values.ts';
import { corporateNumberCheckDigit } from '../../shared/tax.ts';
import { csvText, shiftJis, utf8Bom, type CsvCell } from './import-files.ts';

/** A registration number with a correct check digit (T + 13 digits). */
export function invoiceNumber(twelve: string): string {
  return `T${corporateNumberCheckDigit(twelve)}${twelve}`;
}

export interface ExpectedLine {
  row: number;
  incurredOn: string;
  category: string;
  amount: number;
  vendor?: string | null;
  taxCategory?: string;
  taxAmount?: number;
}

export interface FinanceFile {
  preset: string;
  name: string;
  bytes: () => Promise<Buffer> | Buffer;
  /** Values the import has no suggestion for, mapped as the user would in the value table. */
  userValues: { value: string; target: ValueTarget }[];
  /** The lines after the suggested choices (and userValues), refunds listed. */
  lines: ExpectedLine[];
  /** The bad row, left listed when the valid rows are imported. */
  errorRow: number;
  /** Rows left out, by reason. */
  leftOut: Record<string, number>;
  /** With refunds netted: the amount the file then imports. */
  nettedAmount?: number;
}

const sjisCsv = (rows: CsvCell[][]) => shiftJis(csvText(rows));

// ---- freee 取引 (the 21 columns of freee's 取引インポート/エクスポート; a deal's further 明細 rows leave 収支区分 to 取引先 empty) ----
const FREEE_HEADER = [
  '収支区分',
  '管理番号',
  '発生日',
  '決済期日',
  '取引先コード',
  '取引先',
  '勘定科目',
  '税区分',
  '金額',
  '税計算区分',
  '税額',
  '備考',
  '品目',
  '部門',
  'メモタグ（複数指定可、カンマ区切り）',
  'セグメント1',
  'セグメント2',
  'セグメント3',
  '決済日',
  '決済口座',
  '決済金額',
];
const freeeRow = (
  kind: string,
  no: string,
  date: string,
  vendor: string,
  account: string,
  tax: string,
  amount: CsvCell,
  taxAmount: CsvCell,
  note: string,
  item = '',
) => [
  kind,
  no,
  date,
  '',
  '',
  vendor,
  account,
  tax,
  amount,
  '内税',
  taxAmount,
  note,
  item,
  '',
  '',
  '',
  '',
  '',
  date && '2026/07/31',
  date && '三菱UFJ銀行',
  amount,
];

export const FREEE_DEALS: FinanceFile = {
  preset: 'freee_deals',
  name: 'freee_取引_2026-07.csv',
  bytes: () =>
    sjisCsv([
      FREEE_HEADER,
      freeeRow('支出', '1', '2026/07/01', 'コールセンター東京株式会社', '通信費', '課対仕入10%', 1_100_000, 100_000, '7月分 架電対応', 'コールセンター'), // 2
      freeeRow('', '', '', '', '通信費', '課対仕入10%', 55_000, 5_000, 'SMS送信', 'SMS'), // 3: the same deal's second 明細
      freeeRow('収入', '2', '2026/07/02', '東京海上日動', '雑収入', '対象外', 300_000, 0, '保険金 内払'), // 4
      freeeRow('', '', '', '', '雑収入', '対象外', 10_000, 0, '遅延利息'), // 5: continues the income deal
      freeeRow('支出', '3', '2026/07/03', 'フォレンジック髙橋事務所', '支払手数料', '課対仕入10%', 2_200_000, 200_000, '原因調査'), // 6
      freeeRow('支出', '4', '2026/07/04', '日本郵便株式会社', '通信費', '課対仕入10%', 0, 0, '0円明細'), // 7
      freeeRow('支出', '5', '2026/07/05', '日本郵便株式会社', '通信費', '課対仕入10%', 88_000, 8_000, 'お詫び状郵送'), // 8
      freeeRow('支出', '6', '2026/07/08', '日本郵便株式会社', '通信費', '課対仕入10%', -8_800, -800, '郵送料 返金'), // 9
      freeeRow('支出', '7', '2026/02/30', '株式会社エービーシー', '通信費', '課対仕入10%', 33_000, 3_000, '日付の誤り'), // 10
      ['', '', '', '', '', '合計', '', '', 3_468_200, '', '', '', '', '', '', '', '', '', '', '', ''], // 11
    ]),
  userValues: [{ value: '支払手数料', target: 'investigation' }],
  lines: [
    {
      row: 2,
      incurredOn: '2026-07-01',
      category: 'communications',
      amount: 1_100_000,
      vendor: 'コールセンター東京株式会社',
      taxCategory: 'taxable_10',
      taxAmount: 100_000,
    },
    {
      row: 3,
      incurredOn: '2026-07-01',
      category: 'communications',
      amount: 55_000,
      vendor: 'コールセンター東京株式会社',
      taxCategory: 'taxable_10',
      taxAmount: 5_000,
    },
    {
      row: 6,
      incurredOn: '2026-07-03',
      category: 'investigation',
      amount: 2_200_000,
      vendor: 'フォレンジック髙橋事務所',
      taxCategory: 'taxable_10',
      taxAmount: 200_000,
    },
    { row: 8, incurredOn: '2026-07-05', category: 'communications', amount: 88_000, vendor: '日本郵便株式会社', taxCategory: 'taxable_10', taxAmount: 8_000 },
  ],
  errorRow: 10,
  leftOut: { income: 2, zero_amount: 1, refund: 1, total: 1 },
  nettedAmount: 1_100_000 + 55_000 + 2_200_000 + 79_200,
};

// ---- マネーフォワード クラウド会計 仕訳帳 (its 27-column export; every row one debit/credit pair) ----
const MF_HEADER = [
  '取引No',
  '取引日',
  '借方勘定科目',
  '借方補助科目',
  '借方部門',
  '借方取引先',
  '借方税区分',
  '借方インボイス',
  '借方金額(円)',
  '借方税額',
  '貸方勘定科目',
  '貸方補助科目',
  '貸方部門',
  '貸方取引先',
  '貸方税区分',
  '貸方インボイス',
  '貸方金額(円)',
  '貸方税額',
  '摘要',
  '仕訳メモ',
  'タグ',
  'MF仕訳タイプ',
  '決算整理仕訳',
  '作成日時',
  '作成者',
  '最終更新日時',
  '最終更新者',
];
const mfRow = (
  no: string,
  date: string,
  debit: string,
  vendor: string,
  tax: string,
  amount: CsvCell,
  taxAmount: CsvCell,
  credit: string,
  creditAmount: CsvCell,
  memo: string,
) => [
  no,
  date,
  debit,
  '',
  '',
  vendor,
  tax,
  tax.startsWith('課税') ? '適格' : '',
  amount,
  taxAmount,
  credit,
  '',
  '',
  vendor,
  '対象外',
  '',
  creditAmount,
  0,
  memo,
  '',
  '',
  'インポート',
  '',
  '2026/08/01 10:00',
  '経理 花子',
  '2026/08/01 10:00',
  '経理 花子',
];

export const MF_JOURNAL: FinanceFile = {
  preset: 'mf_journal',
  name: 'MF仕訳帳_202607.csv',
  bytes: () =>
    utf8Bom(
      csvText([
        MF_HEADER,
        mfRow('1', '2026/07/01', '通信費', 'コールセンター東京株式会社', '課税仕入 10%', 1_100_000, 100_000, '未払金', 1_100_000, '7月分 架電対応'), // 2
        mfRow('2', '2026/07/31', '未払金', 'コールセンター東京株式会社', '対象外', 1_100_000, 0, '普通預金', 1_100_000, '7月分 支払'), // 3: the payable paid
        mfRow('3', '2026/07/02', '業務委託費', 'フォレンジック髙橋事務所', '課税仕入 10%', 2_200_000, 200_000, '普通預金', 2_200_000, '原因調査'), // 4
        mfRow('4', '2026/07/03', '旅費交通費', '日本交通', '課税仕入 10%', 33_000, 3_000, '普通預金', 33_440, 'タクシー代'), // 5
        mfRow('4', '2026/07/03', '支払手数料', '三菱UFJ銀行', '課税仕入 10%', 440, 40, '', '', '振込手数料'), // 6
        mfRow('4', '2026/07/03', '', '', '', '', '', '普通預金', 0, '（貸方のみ）'), // 7
        mfRow('5', '2026/07/04', '普通預金', '東京海上日動', '対象外', 500_000, 0, '雑収入', 500_000, '保険金 内払'), // 8: income
        mfRow('6', '2026/07/05', '通信費', '日本郵便株式会社', '課税仕入 10%', 0, 0, '普通預金', 0, '0円仕訳'), // 9
        mfRow('7', '2026/07/06', '通信費', '日本郵便株式会社', '課税仕入 10%', -8_800, -800, '普通預金', -8_800, '郵送料 返金'), // 10
        mfRow('8', '2026/13/01', '通信費', '日本郵便株式会社', '課税仕入 10%', 11_000, 1_000, '普通預金', 11_000, '日付の誤り'), // 11
        ['', '合計', '', '', '', '', '', '', 3_836_640, '', '', '', '', '', '', '', 3_836_640, '', '', '', '', '', '', '', '', '', ''], // 12
      ]),
    ),
  userValues: [
    { value: '業務委託費', target: 'investigation' },
    { value: '支払手数料', target: 'leave_out' },
  ],
  lines: [
    {
      row: 2,
      incurredOn: '2026-07-01',
      category: 'communications',
      amount: 1_100_000,
      vendor: 'コールセンター東京株式会社',
      taxCategory: 'taxable_10',
      taxAmount: 100_000,
    },
    {
      row: 4,
      incurredOn: '2026-07-02',
      category: 'investigation',
      amount: 2_200_000,
      vendor: 'フォレンジック髙橋事務所',
      taxCategory: 'taxable_10',
      taxAmount: 200_000,
    },
    { row: 5, incurredOn: '2026-07-03', category: 'overtime_travel', amount: 33_000, vendor: '日本交通', taxCategory: 'taxable_10', taxAmount: 3_000 },
  ],
  errorRow: 11,
  leftOut: { not_expense: 2, value_left_out: 1, credit_side: 1, zero_amount: 1, refund: 1, total: 1 },
};

// ---- 弥生会計 仕訳日記帳 (弥生インポート形式: 25 columns, no header, Shift_JIS; 2110/2100/2101 one entry's rows) ----
const yayoiRow = (flag: string, date: string, debit: string, tax: string, amount: CsvCell, taxAmount: CsvCell, credit: string, memo: string) => [
  flag,
  '',
  '',
  date,
  debit,
  '',
  '',
  tax,
  amount,
  taxAmount,
  credit,
  '',
  '',
  '対象外',
  amount,
  0,
  memo,
  '',
  '',
  0,
  '',
  '',
  0,
  0,
  'no',
];

export const YAYOI_JOURNAL: FinanceFile = {
  preset: 'yayoi_journal',
  name: '仕訳日記帳.txt',
  bytes: () =>
    sjisCsv([
      yayoiRow('2000', '2026/07/01', '通信費', '課対仕入内10%適格', 1_100_000, 100_000, '未払金', 'コールセンター東京 7月分'), // 1
      yayoiRow('2110', '2026/07/02', '旅費交通費', '課対仕入内10%', 33_000, 3_000, '現金', 'タクシー代'), // 2
      yayoiRow('2100', '', '旅費交通費', '課対仕入内10%', 22_000, 2_000, '現金', 'ホテル'), // 3: the entry's middle row
      yayoiRow('2101', '', '', '', 0, 0, '現金', '（貸方のみ）'), // 4: its last row, credit only
      yayoiRow('2000', 'R.08/07/03', '支払手数料', '課対仕入内10%', 2_200_000, 200_000, '普通預金', 'フォレンジック髙橋事務所 原因調査'), // 5
      yayoiRow('2000', '2026/07/31', '未払金', '対象外', 1_100_000, 0, '普通預金', 'コールセンター東京 支払'), // 6
      yayoiRow('2000', '2026/07/04', '普通預金', '対象外', 500_000, 0, '雑収入', '保険金 内払'), // 7: income
      yayoiRow('2000', '2026/07/05', '通信費', '課対仕入内10%', 0, 0, '普通預金', '0円'), // 8
      yayoiRow('2000', '2026/07/06', '普通預金', '対象外', 8_800, 0, '通信費', '郵送料 返金'), // 9: a refund, booked as the reverse entry
      yayoiRow('2000', '2026/02/30', '通信費', '課対仕入内10%', 11_000, 1_000, '普通預金', '日付の誤り'), // 10
    ]),
  userValues: [{ value: '支払手数料', target: 'investigation' }],
  lines: [
    { row: 1, incurredOn: '2026-07-01', category: 'communications', amount: 1_100_000, taxCategory: 'taxable_10', taxAmount: 100_000 },
    { row: 2, incurredOn: '2026-07-02', category: 'overtime_travel', amount: 33_000, taxCategory: 'taxable_10', taxAmount: 3_000 },
    { row: 3, incurredOn: '2026-07-02', category: 'overtime_travel', amount: 22_000, taxCategory: 'taxable_10', taxAmount: 2_000 },
    { row: 5, incurredOn: '2026-07-03', category: 'investigation', amount: 2_200_000, taxCategory: 'taxable_10', taxAmount: 200_000 },
  ],
  errorRow: 10,
  leftOut: { credit_side: 1, not_expense: 3, zero_amount: 1 },
};

// ---- a web-banking 入出金明細 (三菱UFJ's CSV columns) ----
export const BANK_HEADER = ['日付', '摘要', '摘要内容', '支払い金額', '預かり金額', '差引残高', 'メモ', '未資金化区分', '入払区分'];
const bankRow = (date: string, kind: string, text: string, out: CsvCell, inn: CsvCell, balance: CsvCell) => [
  date,
  kind,
  text,
  out,
  inn,
  balance,
  '',
  '',
  inn === '' ? '支払い' : '入金',
];

export function bankStatement(month: 7 | 8): CsvCell[][] {
  const m = String(month);
  return [
    BANK_HEADER,
    bankRow(`2026/${m}/1`, '振込', 'ｶ)ｺｰﾙｾﾝﾀｰﾄｳｷﾖｳ', '1,100,000', '', '8,900,000'), // 2
    bankRow(`2026/${m}/2`, '振込', 'ﾌｫﾚﾝｼﾞｯｸﾀｶﾊｼｼﾞﾑｼｮ', '2,200,000', '', '6,700,000'), // 3
    bankRow(`2026/${m}/3`, '振込入金', 'ﾄｳｷﾖｳｶｲｼﾞﾖｳﾆﾁﾄﾞｳ', '', '500,000', '7,200,000'), // 4: deposit
    bankRow(`2026/${m}/4`, '給与', `${m}ｶﾞﾂﾌﾞﾝ ｷﾕｳﾖ`, '3,000,000', '', '4,200,000'), // 5: salaries
    bankRow(`2026/${m}/5`, 'デビット', 'ﾆﾎﾝｺｳﾂｳ ﾀｸｼｰ', '33,000', '', '4,167,000'), // 6
    bankRow(`2026/${m}/6`, '手数料', 'ﾌﾘｺﾐﾃｽｳﾘﾖｳ', '440', '', '4,166,560'), // 7
    bankRow(`2026/${m}/7`, '振込', 'ﾆﾎﾝﾕｳﾋﾞﾝ(ｶ', '88,000', '', '4,078,560'), // 8
    bankRow(`2026/${m}/8`, '振込入金', 'ﾆﾎﾝﾕｳﾋﾞﾝ(ｶ ﾍﾝｷﾝ', '', '8,800', '4,087,360'), // 9: a refund comes back as a deposit
    bankRow(`2026/${m}/32`, '振込', 'ｶ)ｺｰﾙｾﾝﾀｰﾄｳｷﾖｳ', '55,000', '', '4,032,360'), // 10: no such date
  ];
}

export const BANK_STATEMENT: FinanceFile = {
  preset: 'bank_statement',
  name: '入出金明細_202607.csv',
  bytes: () => sjisCsv(bankStatement(7)),
  userValues: [
    { value: 'ﾌﾘｺﾐﾃｽｳﾘﾖｳ', target: 'leave_out' },
    { value: 'ﾆﾎﾝﾕｳﾋﾞﾝ(ｶ', target: 'communications' },
  ],
  lines: [
    { row: 2, incurredOn: '2026-07-01', category: 'communications', amount: 1_100_000 },
    { row: 3, incurredOn: '2026-07-02', category: 'investigation', amount: 2_200_000 },
    { row: 6, incurredOn: '2026-07-05', category: 'overtime_travel', amount: 33_000 },
    { row: 8, incurredOn: '2026-07-07', category: 'communications', amount: 88_000 },
  ],
  errorRow: 10,
  leftOut: { deposit: 2, transfer: 1, value_left_out: 1 },
};

// ---- a corporate card's ご利用明細 (三井住友カード's CSV: the card holder's line first, then the statement) ----
export const CARD_STATEMENT: FinanceFile = {
  preset: 'card_statement',
  name: 'ご利用明細_202607.csv',
  bytes: () =>
    sjisCsv([
      ['ヤマダ　タロウ　様', '4980-****-****-1234', '三井住友カード（法人）'],
      ['ご利用日', 'ご利用店名', 'ご利用金額', '支払区分', '今回回数', 'お支払い金額', '備考'],
      ['2026/07/01', 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ', '55,000', '１回払い', '', '55,000', 'お詫び品'], // 3
      ['2026/07/02', 'ﾆﾎﾝｺｳﾂｳ ﾀｸｼｰ', '8,800', '１回払い', '', '8,800', ''], // 4
      ['2026/07/03', 'ＪＲ東海　新幹線', '27,500', '１回払い', '', '27,500', '出張'], // 5
      ['2026/07/05', 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ', '-5,500', '１回払い', '', '-5,500', '返品'], // 6
      ['2026/07/06', 'ホテル東京', '22,000', '１回払い', '', '22,000', ''], // 7
      ['2026/07/99', 'ﾆﾎﾝｺｳﾂｳ ﾀｸｼｰ', '4,400', '１回払い', '', '4,400', ''], // 8: no such date
      ['', 'ご利用合計', '112,200', '', '', '112,200', ''], // 9
    ]),
  userValues: [{ value: 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ', target: 'condolence' }],
  lines: [
    { row: 3, incurredOn: '2026-07-01', category: 'condolence', amount: 55_000, vendor: 'ＡＭＡＺＯＮ．ＣＯ．ＪＰ' },
    { row: 4, incurredOn: '2026-07-02', category: 'overtime_travel', amount: 8_800, vendor: 'ﾆﾎﾝｺｳﾂｳ ﾀｸｼｰ' },
    { row: 5, incurredOn: '2026-07-03', category: 'overtime_travel', amount: 27_500, vendor: 'ＪＲ東海　新幹線' },
    { row: 7, incurredOn: '2026-07-06', category: 'overtime_travel', amount: 22_000, vendor: 'ホテル東京' },
  ],
  errorRow: 8,
  leftOut: { above_header: 1, refund: 1, total: 1 },
  nettedAmount: 49_500 + 8_800 + 27_500 + 22_000,
};

// ---- an expense system's export (マネーフォワード クラウド経費 / 楽楽精算 style; the columns are configurable there) ----
export const EXPENSE_CLAIMS: FinanceFile = {
  preset: 'expense_claims',
  name: '経費明細_2026年7月.csv',
  bytes: () =>
    utf8Bom(
      csvText([
        ['申請番号', '申請者', '申請日', '利用日', '経費科目', '支払先・内容', '金額(税込)', '税区分', '登録番号', 'ステータス', 'メモ'],
        [
          'E-001',
          '経理 花子',
          '2026/07/02',
          '2026/07/01',
          '旅費交通費',
          '日本交通 タクシー',
          '8,800',
          '課税仕入 10%',
          invoiceNumber('010401000001'),
          '承認済み',
          '',
        ], // 2
        ['E-002', '対応 太郎', '2026/07/03', '2026/07/02', '通信費', '日本郵便 お詫び状郵送', '88,000', '課税仕入 10%', '', '承認済み', ''], // 3
        ['E-003', '対応 太郎', '2026/07/03', '2026/07/02', '会議費', '喫茶店', '3,300', '課税仕入 10%', '', '差戻し', '対象外の支出'], // 4
        ['E-004', '対応 次郎', '2026/07/04', '2026/07/03', '宿泊費', 'ホテル東京', '22,000', '課税仕入 10%', '', '申請中', ''], // 5
        ['E-005', '経理 花子', '2026/07/05', '2026/07/04', '消耗品費', 'お詫び品 菓子折り', '5,400', '課税仕入 8%(軽)', '', '承認済み', ''], // 6
        ['E-006', '経理 花子', '2026/07/06', '2026/07/05', '旅費交通費', '日本交通 タクシー 返金', '-880', '課税仕入 10%', '', '承認済み', ''], // 7
        ['E-007', '対応 太郎', '2026/07/07', '2026/07/06', '通信費', '切手', 'ｱｲｳ', '課税仕入 10%', '', '承認済み', ''], // 8: not an amount
        ['E-008', '対応 太郎', '2026/07/07', '2026/07/06', '通信費', '切手（取消）', '0', '課税仕入 10%', '', '承認済み', ''], // 9
        ['', '', '', '', '', '合計', '127,520', '', '', '', ''], // 10
      ]),
    ),
  userValues: [{ value: '消耗品費', target: 'condolence' }],
  lines: [
    { row: 2, incurredOn: '2026-07-01', category: 'overtime_travel', amount: 8_800, vendor: '日本交通 タクシー', taxCategory: 'taxable_10' },
    { row: 3, incurredOn: '2026-07-02', category: 'communications', amount: 88_000, vendor: '日本郵便 お詫び状郵送', taxCategory: 'taxable_10' },
    { row: 6, incurredOn: '2026-07-04', category: 'condolence', amount: 5_400, vendor: 'お詫び品 菓子折り', taxCategory: 'taxable_8', taxAmount: 400 },
  ],
  errorRow: 8,
  leftOut: { rejected: 1, not_approved: 1, refund: 1, zero_amount: 1, total: 1 },
};

// ---- a hand-kept workbook: title rows, merged cells, 和暦, full-width digits, a two-row header, a 合計 row ----
export async function handKeptWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('7月');
  sheet.getCell('A1').value = '株式会社サンプル 情報システム部';
  sheet.mergeCells('A1:F1');
  sheet.getCell('A2').value = '情報漏えい対応費用一覧（令和8年7月分）';
  sheet.mergeCells('A2:F2');
  sheet.getRow(4).values = ['日付', '費目', '支払先', '金額', null, '備考'];
  sheet.mergeCells('D4:E4');
  sheet.getRow(5).values = [null, null, null, '税込', '税抜', null];
  const rows: (string | number | Date | null)[][] = [
    ['令和8年7月1日', '通信費', 'コールセンター東京', '１，１００，０００', '1,000,000', ''], // 6
    ['R8.7.2', '見舞金', '', '５５０，０００', null, 'お詫び品 500名分'], // 7
    [new Date(Date.UTC(2026, 6, 3)), '事故原因調査費用', 'フォレンジック髙橋事務所', 2_200_000, 2_000_000, ''], // 8
    ['2026年7月4日', 'コールセンター', '株式会社コール', '330,000', '300,000', '追加対応'], // 9
    ['令和8年7月5日', '通信費', '日本郵便', '−８，８００', '−８，０００', '郵送料 返金'], // 10
    ['令和8年2月30日', '通信費', '日本郵便', '11,000', '10,000', '日付の誤り'], // 11
    [null, '合計', null, { formula: 'SUM(D6:D11)', result: 4_182_200 } as never, null, null], // 12
  ];
  rows.forEach((values, i) => (sheet.getRow(6 + i).values = values));
  sheet.getColumn(1).numFmt = 'yyyy/mm/dd';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const HAND_KEPT: FinanceFile = {
  preset: 'hand_kept',
  name: '対応費用_令和8年7月.xlsx',
  bytes: handKeptWorkbook,
  userValues: [],
  lines: [
    {
      row: 6,
      incurredOn: '2026-07-01',
      category: 'communications',
      amount: 1_100_000,
      vendor: 'コールセンター東京',
      taxCategory: 'taxable_10',
      taxAmount: 100_000,
    },
    { row: 7, incurredOn: '2026-07-02', category: 'condolence', amount: 550_000, vendor: null },
    {
      row: 8,
      incurredOn: '2026-07-03',
      category: 'investigation',
      amount: 2_200_000,
      vendor: 'フォレンジック髙橋事務所',
      taxCategory: 'taxable_10',
      taxAmount: 200_000,
    },
    { row: 9, incurredOn: '2026-07-04', category: 'communications', amount: 330_000, vendor: '株式会社コール', taxCategory: 'taxable_10', taxAmount: 30_000 },
  ],
  errorRow: 11,
  leftOut: { above_header: 2, refund: 1, total: 1 },
};

export const FINANCE_FILES: FinanceFile[] = [FREEE_DEALS, MF_JOURNAL, YAYOI_JOURNAL, BANK_STATEMENT, CARD_STATEMENT, EXPENSE_CLAIMS, HAND_KEPT];
