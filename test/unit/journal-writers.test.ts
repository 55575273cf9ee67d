// The journal entries and the three packages' files on one fixed ledger: every tax category, withholding below,
// at and above ¥1,000,000, accruals and payments, a compound (multi-line) entry, a settled insurance payment.
// The files are read back the way the packages would read them: decoded, split into fields.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOURNAL_SETTINGS, type JournalSettings } from '../../shared/journal-settings.ts';
import { corporateNumberCheckDigit, taxContained, withholdingFor, type TaxCategory } from '../../shared/tax.ts';
import { parseCsv } from '../../server/import/parse-csv.ts';
import { cutToBytes, cp932Bytes, encodeCsv, fitsCp932 } from '../../server/journals/csv.ts';
import { buildJournal, sumOf, type InsurancePayment, type JournalLine } from '../../server/journals/entries.ts';
import { FREEE_HEADER, freeeRows } from '../../server/journals/freee.ts';
import { accountNameProblems } from '../../server/journals/journal-settings-store.ts';
import { MONEYFORWARD_HEADER, moneyForwardRows } from '../../server/journals/moneyforward.ts';
import { deductionOn, freeeTaxCode, moneyForwardTax, yayoiTaxCode } from '../../server/journals/tax-codes.ts';
import { YAYOI_COLUMNS, yayoiRows } from '../../server/journals/yayoi.ts';
import { at } from '../support/at.ts';

/** A registration number with its right check digit (shared/tax.ts). */
const QUALIFIED = `T${corporateNumberCheckDigit('234567890123')}234567890123`;
let seq = 0;
function line(fields: Partial<JournalLine> & { amount: number; taxCategory: TaxCategory }): JournalLine {
  seq += 1;
  return {
    id: `${String(seq).padStart(8, '0')}-0000-4000-8000-000000000000`,
    category: 'investigation',
    stage: 'invoiced',
    source: 'insured',
    quantity: null,
    incurredOn: '2026-06-01',
    invoicedOn: null,
    agreedOn: null,
    paidOn: null,
    taxAmount: taxContained(fields.amount, fields.taxCategory),
    invoiceNumber: null,
    withholdingTax: null,
    vendor: null,
    claimant: null,
    description: null,
    ...fields,
  };
}

const L = {
  forensics: line({
    amount: 1_100_000,
    taxCategory: 'taxable_10',
    invoiceNumber: QUALIFIED,
    invoicedOn: '2026-06-10',
    vendor: 'フォレンジック社',
    description: '原因調査',
  }),
  notice: line({
    category: 'public_notice',
    stage: 'paid',
    amount: 550_000,
    taxCategory: 'taxable_10',
    invoicedOn: '2026-06-05',
    paidOn: '2026-07-31',
    vendor: '新聞社',
    description: 'お詫び社告',
  }),
  quoCards: line({
    category: 'condolence',
    stage: 'paid',
    amount: 300_000,
    taxCategory: 'exempt',
    invoicedOn: '2026-06-20',
    paidOn: '2026-06-20',
    vendor: 'QUOカード',
    description: 'お詫びの金券',
  }),
  cash: line({
    category: 'condolence',
    stage: 'paid',
    amount: 500_000,
    taxCategory: 'non_taxable',
    invoicedOn: '2026-06-21',
    paidOn: '2026-06-21',
    description: '見舞金',
  }),
  abroad: line({ category: 'communications', amount: 220_000, taxCategory: 'out_of_scope', invoicedOn: '2026-06-12', vendor: 'Overseas Call Center' }),
  // Withholding below ¥1,000,000: a fee of ¥100,000 + ¥10,000 tax, ¥10,210 withheld; paid after the invoice.
  consultant: line({
    category: 'consulting',
    stage: 'paid',
    amount: 110_000,
    taxCategory: 'taxable_10',
    invoiceNumber: QUALIFIED,
    withholdingTax: withholdingFor(100_000),
    invoicedOn: '2026-06-30',
    paidOn: '2026-07-10',
    vendor: '鈴木 一郎',
    description: 'セキュリティ助言',
  }),
  // At ¥1,000,000: ¥102,100 withheld; paid the day it was invoiced (one compound entry).
  lawyer: line({
    category: 'litigation',
    stage: 'paid',
    amount: 1_100_000,
    taxCategory: 'taxable_10',
    invoiceNumber: QUALIFIED,
    withholdingTax: withholdingFor(1_000_000),
    invoicedOn: '2026-07-15',
    paidOn: '2026-07-15',
    vendor: '山田法律事務所',
  }),
  // Above: ¥2,000,000 → ¥102,100 + ¥204,200; no registration number, invoiced after the 80% period.
  expert: line({
    stage: 'paid',
    amount: 2_200_000,
    taxCategory: 'taxable_10',
    withholdingTax: withholdingFor(2_000_000),
    invoicedOn: '2026-10-05',
    paidOn: '2026-10-30',
    vendor: '佐藤 花子',
  }),
  meals: line({
    category: 'overtime_travel',
    stage: 'paid',
    amount: 10_800,
    taxCategory: 'taxable_8',
    invoiceNumber: QUALIFIED,
    invoicedOn: '2026-06-03',
    paidOn: '2026-06-03',
    description: '夜間対応の弁当',
  }),
  overtime: line({
    category: 'overtime_travel',
    stage: 'paid',
    amount: 30_000,
    quantity: 10,
    taxCategory: 'non_taxable',
    invoicedOn: '2026-06-30',
    paidOn: '2026-06-30',
    description: '超過勤務 10時間',
  }),
  damages: line({ category: 'damages', stage: 'agreed', amount: 3_000_000, taxCategory: 'non_taxable', agreedOn: '2026-08-01', claimant: '顧客300名' }),
  thirdParty: line({
    source: 'third_party',
    amount: 1_800_000,
    taxCategory: 'non_taxable',
    invoicedOn: '2026-08-20',
    claimant: 'A社',
    description: 'A社の調査費用の求償',
  }),
  restoration: line({
    category: 'restoration',
    amount: 2_000_000,
    taxCategory: 'taxable_10',
    invoiceNumber: QUALIFIED,
    invoicedOn: '2023-09-15',
    vendor: '復旧ベンダー',
  }),
  uncovered: line({
    category: 'uncovered',
    stage: 'paid',
    amount: 5_500,
    taxCategory: 'taxable_10',
    invoicedOn: '2026-06-02',
    paidOn: '2026-06-02',
    description: 'とても長い説明'.repeat(20),
  }),
  estimate: line({ stage: 'estimate', amount: 999_999, taxCategory: 'taxable_10' }),
  demanded: line({ category: 'damages', stage: 'demanded', amount: 8_000_000, taxCategory: 'non_taxable' }),
};
const LINES = Object.values(L);
const PAYMENT: InsurancePayment = { amount: 53_000_000, on: '2026-12-01', insurer: '東京海上日動火災保険株式会社', policyNumber: 'IT-TEST-1' };
const S = DEFAULT_JOURNAL_SETTINGS;
const CLAIMED = LINES.filter((l) => l !== L.estimate && l !== L.demanded);
const CLAIMED_GROSS = CLAIMED.reduce((sum, l) => sum + l.amount, 0);

const journal = buildJournal(LINES, PAYMENT, S);
const entriesOf = (l: JournalLine) => journal.entries.filter((e) => e.ref === l.id.replace(/-/g, '').slice(0, 8));

describe('the journal entries', () => {
  it('books every claimed line once, estimates and demands never', () => {
    expect(journal.bookings).toHaveLength(CLAIMED.length);
    const expenseDebits = journal.entries.filter((e) => e.kind === 'accrual' || e.kind === 'paid').flatMap((e) => e.debits);
    expect(sumOf(expenseDebits)).toBe(CLAIMED_GROSS);
    expect(entriesOf(L.estimate)).toEqual([]);
    expect(entriesOf(L.demanded)).toEqual([]);
  });

  it('balances every entry: debits equal credits', () => {
    for (const entry of journal.entries) expect(sumOf(entry.debits), `${entry.ref} ${entry.kind}`).toBe(sumOf(entry.credits));
  });

  it('accrues an invoiced line to 未払金 and pays it off on the payment day', () => {
    const [accrual, payment] = entriesOf(L.notice);
    expect(accrual).toMatchObject({
      kind: 'accrual',
      date: '2026-06-05',
      debits: [{ account: '広告宣伝費', amount: 550_000 }],
      credits: [{ account: '未払金', amount: 550_000 }],
    });
    expect(payment).toMatchObject({
      kind: 'payment',
      date: '2026-07-31',
      debits: [{ account: '未払金', amount: 550_000 }],
      credits: [{ account: '普通預金', amount: 550_000 }],
    });
    expect(entriesOf(L.forensics).map((e) => e.kind)).toEqual(['accrual']);
  });

  it('pays a line paid the day it was invoiced in one entry', () => {
    expect(entriesOf(L.quoCards)).toMatchObject([
      { kind: 'paid', date: '2026-06-20', debits: [{ account: '雑損失', amount: 300_000 }], credits: [{ account: '普通預金', amount: 300_000 }] },
    ]);
  });

  it('withholds the income tax to 預り金 on payment: below, at and above ¥1,000,000', () => {
    expect(entriesOf(L.consultant)[1]).toMatchObject({
      kind: 'payment',
      credits: [
        { account: '預り金', amount: 10_210 },
        { account: '普通預金', amount: 99_790 },
      ],
    });
    expect(entriesOf(L.lawyer)).toMatchObject([
      {
        kind: 'paid',
        debits: [{ account: '支払報酬', amount: 1_100_000 }],
        credits: [
          { account: '預り金', amount: 102_100 },
          { account: '普通預金', amount: 997_900 },
        ],
      },
    ]);
    expect(at(entriesOf(L.expert), 1).credits).toEqual([
      { account: '預り金', amount: 306_300, tax: null },
      { account: '普通預金', amount: 1_893_700, tax: null },
    ]);
    // A fee with tax withheld goes to 支払報酬, whatever its category.
    expect(at(at(entriesOf(L.expert), 0).debits, 0).account).toBe('支払報酬');
  });

  it('books wages, damages and a third party’s claim to their own accounts', () => {
    expect(at(at(entriesOf(L.overtime), 0).debits, 0).account).toBe('給料手当');
    expect(at(at(entriesOf(L.meals), 0).debits, 0).account).toBe('旅費交通費');
    expect(entriesOf(L.damages)).toMatchObject([{ kind: 'accrual', date: '2026-08-01', debits: [{ account: '損害賠償金' }], text: '顧客300名 損害賠償金' }]);
    expect(entriesOf(L.thirdParty)).toMatchObject([{ debits: [{ account: '損害賠償金', amount: 1_800_000 }], partner: 'A社' }]);
  });

  it('books the settled insurance payment: Dr 普通預金 / Cr 受取保険金', () => {
    expect(journal.insurance).toMatchObject({
      kind: 'insurance',
      date: '2026-12-01',
      debits: [{ account: '普通預金', amount: 53_000_000, tax: null }],
      credits: [{ account: '受取保険金', amount: 53_000_000, tax: null }],
    });
    expect(journal.entries.at(-1)).toBe(journal.insurance);
  });

  it('keeps the entries of a period only, both days included', () => {
    const june = buildJournal(LINES, PAYMENT, S, { from: '2026-06-01', to: '2026-06-30' });
    expect(june.entries.every((e) => e.date >= '2026-06-01' && e.date <= '2026-06-30')).toBe(true);
    expect(june.entries.some((e) => e.date === '2026-06-30')).toBe(true);
    expect(june.insurance).toBeNull();
    // The notice's accrual (June 5) is in June, its payment (July 31) is not.
    expect(june.entries.filter((e) => e.ref === at(entriesOf(L.notice), 0).ref).map((e) => e.kind)).toEqual(['accrual']);
  });

  it('follows the company’s mapping', () => {
    const mine: JournalSettings = { ...S, accounts: { ...S.accounts, investigation: '調査費' }, bank: 'みずほ銀行' };
    const booked = buildJournal([L.forensics, L.lawyer], null, mine);
    expect(at(at(booked.entries, 0).debits, 0).account).toBe('調査費');
    expect(at(booked.entries, 1).credits.map((c) => c.account)).toEqual(['預り金', 'みずほ銀行']);
  });
});

describe('the tax codes', () => {
  const taxed = (category: TaxCategory, qualified: boolean) => ({ category, taxAmount: 0, qualified });
  it('follows the invoice system’s transitional periods', () => {
    expect(deductionOn('2023-09-30', false)).toBe('before_invoices');
    expect(deductionOn('2023-10-01', true)).toBe('qualified');
    expect(deductionOn('2026-09-30', false)).toBe('transitional_80');
    expect(deductionOn('2026-10-01', false)).toBe('transitional_50');
    expect(deductionOn('2029-10-01', false)).toBe('none');
  });
  it.each([
    ['taxable_10', true, '2026-06-10', '課対仕入10%', '課税仕入 10%', '適格', '課対仕入内10%適格'],
    ['taxable_10', false, '2026-06-10', '課対仕入(控80)10%', '課税仕入 10%', '80%控除', '課対仕入内10%区分80%'],
    ['taxable_10', false, '2026-10-05', '課対仕入(控50)10%', '課税仕入 10%', '50%控除', '課対仕入内10%区分50%'],
    ['taxable_8', true, '2026-06-03', '課対仕入8%(軽)', '課税仕入 (軽)8%', '適格', '課対仕入内軽減8%適格'],
    ['taxable_8', false, '2026-06-03', '課対仕入(控80)8%(軽)', '課税仕入 (軽)8%', '80%控除', '課対仕入内軽減8%区分80%'],
    ['taxable_10', true, '2023-09-15', '課対仕入10%', '課税仕入 10%', '', '課対仕入内10%'],
    ['exempt', false, '2026-06-20', '非課仕入', '非課税仕入', '', '非課仕入'],
    ['non_taxable', false, '2026-06-21', '対象外', '対象外', '', '対象外'],
    ['out_of_scope', false, '2026-06-12', '対象外', '対象外', '', '対象外'],
  ] as const)('%s (qualified %s) on %s', (category, qualified, date, freee, mf, mfInvoice, yayoi) => {
    expect(freeeTaxCode(taxed(category, qualified), date)).toBe(freee);
    expect(moneyForwardTax(taxed(category, qualified), date)).toEqual({ code: mf, invoice: mfInvoice });
    expect(yayoiTaxCode(taxed(category, qualified), date, 'exclusive')).toBe(yayoi);
  });
  it('writes 弥生’s 込 for a company keeping its books tax-inclusive', () => {
    expect(yayoiTaxCode(taxed('taxable_10', true), '2026-06-10', 'inclusive')).toBe('課対仕入込10%適格');
  });
});

/** A file's bytes as a package reads them: the text, then its rows of fields. */
function readBack(bytes: Buffer, encoding: 'cp932' | 'utf-8-bom'): string[][] {
  if (encoding === 'utf-8-bom') {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parseCsv(bytes.subarray(3).toString('utf8'));
  }
  expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
  return parseCsv(iconv.decode(bytes, 'cp932'));
}
const yen = (cell: string) => (cell === '' ? 0 : Number(cell));

describe('弥生インポート形式', () => {
  const rows = readBack(encodeCsv(yayoiRows(journal, S), 'cp932'), 'cp932');
  const col = (name: (typeof YAYOI_COLUMNS)[number]) => YAYOI_COLUMNS.indexOf(name);

  it('has 25 columns on every row and no header', () => {
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toHaveLength(25);
    expect(at(rows, 0)[col('識別フラグ')]).toMatch(/^2\d{3}$/);
  });

  it('writes one-line entries as 2000 and a compound entry as 2110 … 2101, debits equal to credits', () => {
    const slips = new Map<string, string[][]>();
    for (const row of rows) slips.set(at(row, col('伝票No')), [...(slips.get(at(row, col('伝票No'))) ?? []), row]);
    expect(slips.size).toBe(journal.entries.length);
    for (const slip of slips.values()) {
      const flags = slip.map((r) => r[col('識別フラグ')]);
      expect(flags).toEqual(slip.length === 1 ? ['2000'] : ['2110', ...Array.from({ length: slip.length - 2 }, () => '2100'), '2101']);
      expect(slip.every((r) => r[col('タイプ')] === (slip.length === 1 ? '0' : '3'))).toBe(true);
      expect(slip.reduce((s, r) => s + yen(at(r, col('借方金額'))), 0)).toBe(slip.reduce((s, r) => s + yen(at(r, col('貸方金額'))), 0));
    }
    const lawyer = [...slips.values()].find((slip) => at(slip, 0)[col('借方勘定科目')] === '支払報酬' && slip.length === 2)!;
    expect(lawyer.map((r) => [r[col('借方勘定科目')], r[col('借方金額')], r[col('貸方勘定科目')], r[col('貸方金額')]])).toEqual([
      ['支払報酬', '1100000', '預り金', '102100'],
      ['', '0', '普通預金', '997900'],
    ]);
  });

  it('marks the lines between the first and the last of a longer compound entry 2100', () => {
    const posting = (account: string, amount: number) => ({ account, amount, tax: null });
    const entry = {
      ref: 'x',
      kind: 'payment' as const,
      date: '2026-07-01',
      text: '三行',
      partner: null,
      debits: [posting('未払金', 300)],
      credits: [posting('預り金', 30), posting('普通預金', 200), posting('現金', 70)],
    };
    const three = readBack(encodeCsv(yayoiRows({ bookings: [], entries: [entry], insurance: null }, S), 'cp932'), 'cp932');
    expect(three.map((r) => [r[col('識別フラグ')], r[col('借方勘定科目')], r[col('借方金額')], r[col('貸方勘定科目')], r[col('貸方金額')]])).toEqual([
      ['2110', '未払金', '300', '預り金', '30'],
      ['2100', '', '0', '普通預金', '200'],
      ['2101', '', '0', '現金', '70'],
    ]);
  });

  it('debits the claimed gross to expense accounts, with 税区分 and 税金額', () => {
    const expenseRows = rows.filter((r) => !['未払金', '普通預金', ''].includes(at(r, col('借方勘定科目'))));
    expect(expenseRows.reduce((s, r) => s + yen(at(r, col('借方金額'))), 0)).toBe(CLAIMED_GROSS);
    const forensics = rows.find((r) => r[col('借方金額')] === '1100000' && r[col('借方勘定科目')] === '支払手数料')!;
    expect([
      forensics[col('取引日付')],
      forensics[col('借方税区分')],
      forensics[col('借方税金額')],
      forensics[col('貸方勘定科目')],
      forensics[col('貸方税区分')],
    ]).toEqual(['2026/06/10', '課対仕入内10%適格', '100000', '未払金', '対象外']);
  });

  it('cuts 摘要 to 64 bytes of Shift_JIS, ends every row with 0,0,no', () => {
    const long = rows.find((r) => r[col('借方勘定科目')] === '雑費')!;
    expect(cp932Bytes(at(long, col('摘要')))).toBeLessThanOrEqual(64);
    expect(at(long, col('摘要')).startsWith('とても長い説明')).toBe(true);
    for (const row of rows) expect(row.slice(-3)).toEqual(['0', '0', 'no']);
  });
});

describe('マネーフォワード 仕訳帳', () => {
  const rows = readBack(encodeCsv(moneyForwardRows(journal), 'cp932'), 'cp932');
  const [header, ...data] = rows;
  const col = (name: (typeof MONEYFORWARD_HEADER)[number]) => MONEYFORWARD_HEADER.indexOf(name);

  it('has the sample format’s 27 headers and 27 fields on every row', () => {
    expect(header).toEqual([...MONEYFORWARD_HEADER]);
    expect(header).toHaveLength(27);
    for (const row of data) expect(row).toHaveLength(27);
  });

  it('groups a compound entry under one 取引No and date; every entry balances', () => {
    const byNumber = new Map<string, string[][]>();
    for (const row of data) byNumber.set(at(row, col('取引No')), [...(byNumber.get(at(row, col('取引No'))) ?? []), row]);
    expect(byNumber.size).toBe(journal.entries.length);
    for (const group of byNumber.values()) {
      expect(new Set(group.map((r) => r[col('取引日')])).size).toBe(1);
      expect(group.reduce((s, r) => s + yen(at(r, col('借方金額(円)'))), 0)).toBe(group.reduce((s, r) => s + yen(at(r, col('貸方金額(円)'))), 0));
    }
    expect([...byNumber.values()].some((g) => g.length === 2)).toBe(true);
  });

  it('writes the tax and the invoice mark in their columns', () => {
    const notice = data.find((r) => r[col('借方勘定科目')] === '広告宣伝費')!;
    expect([notice[col('取引日')], notice[col('借方税区分')], notice[col('借方インボイス')], notice[col('借方金額(円)')], notice[col('借方税額')]]).toEqual([
      '2026/06/05',
      '課税仕入 10%',
      '80%控除',
      '550000',
      '50000',
    ]);
    const settlement = data.at(-1)!;
    expect([settlement[col('借方勘定科目')], settlement[col('貸方勘定科目')], settlement[col('貸方税区分')], settlement[col('貸方金額(円)')]]).toEqual([
      '普通預金',
      '受取保険金',
      '対象外',
      '53000000',
    ]);
  });
});

describe('freee 取引インポート', () => {
  const rows = readBack(encodeCsv(freeeRows(journal, S), 'utf-8-bom'), 'utf-8-bom');
  const [header, ...data] = rows;
  const col = (name: (typeof FREEE_HEADER)[number]) => FREEE_HEADER.indexOf(name);

  it('has freee’s header and 21 fields on every row', () => {
    expect(header).toEqual([...FREEE_HEADER]);
    for (const row of data) expect(row).toHaveLength(21);
  });

  it('makes one deal per claimed line plus the insurance payment; expenses add up to the claimed gross', () => {
    const deals = data.filter((r) => r[col('収支区分')] !== '');
    expect(deals).toHaveLength(CLAIMED.length + 1);
    expect(deals.filter((r) => r[col('収支区分')] === '支出').reduce((s, r) => s + yen(at(r, col('金額'))), 0)).toBe(CLAIMED_GROSS);
    expect(deals.at(-1)!.slice(0, 11)).toEqual(['収入', 'settlement', '2026/12/01', '', '', '', '受取保険金', '対象外', '53000000', '内税', '0']);
  });

  it('settles a paid deal for what reached the vendor, with the withheld tax as a −明細 on 預り金', () => {
    const start = data.findIndex((r) => r[col('勘定科目')] === '支払報酬' && r[col('金額')] === '110000');
    const [fee, withheld] = [at(data, start), at(data, start + 1)];
    expect([fee[col('発生日')], fee[col('税区分')], fee[col('税額')], fee[col('決済日')], fee[col('決済口座')], fee[col('決済金額')]]).toEqual([
      '2026/06/30',
      '課対仕入10%',
      '10000',
      '2026/07/10',
      '普通預金',
      '99790',
    ]);
    expect([withheld[col('収支区分')], withheld[col('勘定科目')], withheld[col('税区分')], withheld[col('金額')]]).toEqual(['', '預り金', '対象外', '-10210']);
    // Each deal: its 明細 add up to what it settles.
    expect(yen(at(fee, col('金額'))) + yen(at(withheld, col('金額')))).toBe(yen(at(fee, col('決済金額'))));
  });

  it('leaves an invoiced line unsettled (freee keeps it as 未払金)', () => {
    const forensics = data.find((r) => r[col('金額')] === '1100000' && r[col('勘定科目')] === '支払手数料')!;
    expect(forensics.slice(col('決済日'))).toEqual(['', '', '']);
  });
});

describe('the encodings and the account names', () => {
  it('writes Shift_JIS as Windows does, with the characters Macs type mapped to CP932’s', () => {
    const bytes = encodeCsv([['課対仕入内10%適格', '①髙', '〜−']], 'cp932');
    expect(iconv.decode(bytes, 'cp932')).toBe('課対仕入内10%適格,①髙,～－\r\n');
  });

  it('cuts text at a character boundary', () => {
    expect(cutToBytes('あいうえお', 5)).toBe('あい');
    expect(cutToBytes('abcあ', 4)).toBe('abc');
  });

  it('refuses account names Shift_JIS cannot write or 弥生 would cut', () => {
    expect(fitsCp932('支払手数料')).toBe(true);
    expect(fitsCp932('絵文字😀')).toBe(false);
    expect(accountNameProblems(S)).toEqual({});
    const bad = { ...S, bank: '😀銀行', accounts: { ...S.accounts, consulting: 'コンサルティング費用の支払' } };
    expect(Object.keys(accountNameProblems(bad)).sort()).toEqual(['accounts.consulting', 'bank']);
  });
});
