// Issue 17's pure rules: where a file's header is, what its columns are called, which rows are totals, how
// tax categories and the packages' date forms read, what a value suggests, and which layout a file is.
import { describe, expect, it } from 'vitest';
import { compileCategoryValues, suggestTarget } from '../../shared/import-category-values.ts';
import { compileFilterRules } from '../../shared/import-filters.ts';
import { columnsFor, isTotalsRow, suggestHeader } from '../../shared/import-layout.ts';
import { suggestImport } from '../../shared/import-presets.ts';
import { parseDateCell, parseSignedYenCell, parseTaxCategoryCell, suggestMapping } from '../../shared/import-values.ts';

describe('the header row', () => {
  it('skips titles, a company name and blank lines', () => {
    const rows = [['株式会社サンプル'], ['対応費用一覧（令和8年7月）'], [''], ['日付', '費目', '支払先', '金額'], ['2026/07/01', '通信費', 'A社', '1,000']];
    expect(suggestHeader(rows)).toEqual({ row: 3, depth: 1 });
  });
  it('skips a card holder’s line', () => {
    const rows = [
      ['ヤマダ　タロウ　様', '4980-****-****-1234', '三井住友カード'],
      ['ご利用日', 'ご利用店名', 'ご利用金額'],
      ['2026/07/01', 'ＡＭＡＺＯＮ', '5,000'],
    ];
    expect(suggestHeader(rows)).toEqual({ row: 1, depth: 1 });
  });
  it('finds none in a file that starts with data, so its first row is read, not dropped', () => {
    expect(
      suggestHeader([
        ['2000', '', '', '2026/07/01', '通信費', '', '', '課対仕入内10%', '11000'],
        ['2000', '', '', '2026/07/02', '通信費', '', '', '', '5000'],
      ]),
    ).toEqual({ row: null, depth: 1 });
  });
  it('sees a header in two rows and names its columns together', () => {
    const rows = [
      ['日付', '内容', '金額', '', '備考'],
      ['', '', '税込', '税抜', ''],
      ['2026/07/01', 'A', '1,100', '1,000', ''],
    ];
    const header = suggestHeader(rows);
    expect(header).toEqual({ row: 0, depth: 2 });
    expect(columnsFor(rows, header)).toEqual(['日付', '内容', '金額／税込', '金額／税抜', '備考']);
    expect(suggestMapping(columnsFor(rows, header))).toMatchObject({ amount: 2, netAmount: 3 });
  });
});

describe('totals rows', () => {
  it.each([['合計'], ['小計'], ['7月合計'], ['【総合計】'], ['通信費 小計'], ['計'], ['Total'], ['ご利用合計']])('%s is a totals row', (word) => {
    expect(isTotalsRow(['', word, '', '1,000'])).toBe(true);
  });
  it.each([['システム設計'], ['設計費'], ['合計3件の振込について説明する長い摘要の文です']])('%s is not', (word) => {
    expect(isTotalsRow(['2026/07/01', word, '1,000'])).toBe(false);
  });
});

describe('the values Japanese books write', () => {
  it.each([
    ['課税仕入 10%', 'taxable_10'],
    ['課対仕入10%', 'taxable_10'],
    ['課対仕入内10%', 'taxable_10'],
    ['課対仕入内10%適格', 'taxable_10'],
    ['軽減8%', 'taxable_8'],
    ['課税仕入8%(軽)', 'taxable_8'],
    ['課対仕入8%（軽）', 'taxable_8'],
    ['非課税仕入', 'exempt'],
    ['非課仕入', 'exempt'],
    ['対象外', 'out_of_scope'],
    ['不課税', 'non_taxable'],
    ['', null],
  ])('税区分 %s reads as %s', (text, category) => {
    expect(parseTaxCategoryCell(text)).toEqual({ ok: true, value: category });
  });
  it('refuses a tax category it cannot read', () => {
    expect(parseTaxCategoryCell('輸出').ok).toBe(false);
  });
  it.each([
    ['R.08/06/03', '2026-06-03'],
    ['R08/06/03', '2026-06-03'],
    ['20260603', '2026-06-03'],
    ['2026/06/03(水)', '2026-06-03'],
    ['令和8年6月3日（水）', '2026-06-03'],
  ])('reads the date %s', (text, date) => expect(parseDateCell(text)).toEqual({ ok: true, value: date }));
  it.each([
    ['-3,000', -3000],
    ['△3,000', -3000],
    ['▲3,000', -3000],
    ['(3,000)', -3000],
    ['¥-3,000', -3000],
    ['3,000', 3000],
    ['-', null],
  ])('reads the amount %s', (text, value) => {
    expect(parseSignedYenCell(text)).toEqual({ ok: true, value });
  });
  it('knows the headers of bank, card, journal and expense files, and never takes a tax, deposit or credit column for the cost', () => {
    expect(suggestMapping(['日付', '摘要', '摘要内容', '支払い金額', '預かり金額', '差引残高', 'メモ', '未資金化区分', '入払区分'])).toEqual({
      incurredOn: 0,
      description: 1,
      vendor: 2,
      amount: 3,
    });
    expect(suggestMapping(['取引日', '借方勘定科目', '借方金額(円)', '貸方勘定科目', '貸方金額(円)', '借方税区分'])).toEqual({
      incurredOn: 0,
      category: 1,
      amount: 2,
      taxCategory: 5,
    });
    expect(suggestMapping(['利用日', 'お引出し', 'お預入れ', '残高'])).toEqual({ incurredOn: 0, amount: 1 });
    expect(suggestMapping(['収支区分', '税区分', '区分', '金額'])).toEqual({ taxCategory: 1, category: 2, amount: 3 });
  });
});

describe('values and rules', () => {
  it('suggests a category from a value’s own words, leave-out for accounts that are not costs, nothing when it cannot tell', () => {
    expect(suggestTarget('ｶ)ｺｰﾙｾﾝﾀｰﾄｳｷﾖｳ')).toBe('communications');
    expect(suggestTarget('お詫び状郵送')).toBe('communications');
    expect(suggestTarget('タクシー代')).toBe('overtime_travel');
    expect(suggestTarget('旅費交通費')).toBe('overtime_travel');
    expect(suggestTarget('普通預金')).toBe('leave_out');
    expect(suggestTarget('未払金')).toBe('leave_out');
    expect(suggestTarget('支払手数料')).toBeNull();
    expect(suggestTarget('業務委託費')).toBeNull();
  });
  it('looks values up exactly (width and case aside) and keywords by the longest first', () => {
    const resolve = compileCategoryValues([
      { value: 'ＡＭＡＺＯＮ', match: 'exact', target: 'condolence' },
      { value: '郵送', match: 'contains', target: 'communications' },
      { value: '郵送料返金', match: 'contains', target: 'leave_out' },
    ]);
    expect(resolve('amazon')).toBe('condolence');
    expect(resolve('切手')).toBeUndefined();
    expect(resolve('お詫び状郵送')).toBe('communications');
    expect(resolve('郵送料返金分')).toBe('leave_out');
  });
  it('applies the first rule a row meets', () => {
    const rule = compileFilterRules([
      { column: 0, op: 'equals', values: ['収入'], reason: 'income' },
      { column: 1, op: 'filled', values: [], reason: 'deposit' },
      { column: 2, op: 'blank', values: [], reason: 'credit_side' },
      { column: 3, op: 'contains', values: ['給与'], reason: 'transfer' },
    ]);
    expect(rule(['収入', '', 'x', ''])).toBe(0);
    expect(rule(['支出', '500', 'x', ''])).toBe(1);
    expect(rule(['支出', '0', 'x', ''])).toBe(-1);
    expect(rule(['支出', '', '', ''])).toBe(2);
    expect(rule(['支出', '', 'x', '7月分給与'])).toBe(3);
  });
});

describe('presets', () => {
  it('tells the layouts apart from their first rows', () => {
    expect(suggestImport([['収支区分', '管理番号', '発生日', '決済期日', '取引先コード', '取引先', '勘定科目', '税区分', '金額']]).preset).toBe('freee_deals');
    expect(suggestImport([['取引No', '取引日', '借方勘定科目', '借方補助科目', '借方金額(円)']]).preset).toBe('mf_journal');
    expect(suggestImport([['日付', '摘要', '摘要内容', '支払い金額', '預かり金額', '差引残高']]).preset).toBe('bank_statement');
    expect(
      suggestImport([
        ['名義 様', '****-1234'],
        ['ご利用日', 'ご利用店名', 'ご利用金額'],
        ['2026/07/01', 'A', '1,000'],
      ]).preset,
    ).toBe('card_statement');
    expect(suggestImport([['申請番号', '申請者', '利用日', '経費科目', '金額', 'ステータス']]).preset).toBe('expense_claims');
    const yayoi = Array.from({ length: 3 }, () => [
      '2000',
      '',
      '',
      '2026/07/01',
      '通信費',
      '',
      '',
      '課対仕入内10%',
      '1100',
      '100',
      '未払金',
      '',
      '',
      '対象外',
      '1100',
      '0',
      '摘要',
      '',
      '',
      '0',
      '',
      '',
      '0',
      '0',
      'no',
    ]);
    expect(suggestImport(yayoi)).toMatchObject({ preset: 'yayoi_journal', header: { row: null }, mapping: { incurredOn: 3, category: 4, amount: 8 } });
    expect(
      suggestImport([
        ['日付', '費目', '金額'],
        ['2026/07/01', '通信費', '1,000'],
      ]).preset,
    ).toBeNull();
  });
});
