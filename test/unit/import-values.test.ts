// The cell parsers of the spreadsheet import: every spelling finance teams write a value in, and every
// refusal with its code, so the preview and the import agree on what a cell means.
import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, COST_CATEGORIES, STAGE_LABELS, COST_STAGES } from '../../shared/categories.ts';
import {
  IMPORT_FIELDS,
  IMPORT_FIELD_KEYS,
  missingMappings,
  normaliseHeader,
  parseCategoryCell,
  parseCountCell,
  parseDateCell,
  parseSourceCell,
  parseStageCell,
  parseYenCell,
  parseYesNoCell,
  suggestMapping,
  type CellResult,
} from '../../shared/import-values.ts';
import { MAX_LINE_AMOUNT } from '../../shared/money.ts';

const errorCode = (result: CellResult<unknown>) => (result.ok ? `ok: ${String(result.value)}` : result.error.code);

describe('parseYenCell', () => {
  it.each([
    ['1234', 1234],
    ['0', 0],
    ['1,234,567', 1_234_567],
    ['¥1,234', 1234],
    ['￥1,234', 1234],
    ['¥ 1,234', 1234],
    ['1234円', 1234],
    ['1,234 円', 1234],
    ['１２３４', 1234],
    ['１，２３４', 1234],
    ['￥１，２３４，５６７円', 1_234_567],
    ['  1234  ', 1234],
    ['\u30001234\u3000', 1234],
    ['\t1234\n', 1234],
    ['123万', 1_230_000],
    ['1.5万', 15_000],
    [String(MAX_LINE_AMOUNT), MAX_LINE_AMOUNT],
  ])('%j → %d', (text, value) => {
    expect(parseYenCell(text)).toEqual({ ok: true, value });
  });

  it.each(['', '   ', '\u3000', '-', '－', 'ー', '—', '―', ' - '])('%j means no amount', (text) => {
    expect(parseYenCell(text)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['-100', 'amount_negative'],
    ['－100', 'amount_negative'],
    ['−100', 'amount_negative'],
    ['△100', 'amount_negative'],
    ['▲100', 'amount_negative'],
    ['▲ 1,000', 'amount_negative'],
    ['(100)', 'amount_negative'],
    ['（100）', 'amount_negative'],
    ['¥-100', 'amount_negative'],
    ['1.5', 'amount_fraction'],
    ['１．５', 'amount_fraction'],
    ['100.25', 'amount_fraction'],
    [String(MAX_LINE_AMOUNT + 1), 'amount_too_large'],
    ['99999999999999999999999', 'amount_too_large'],
    ['1,23,4', 'amount_not_number'],
    ['12,34', 'amount_not_number'],
    ['1,2345', 'amount_not_number'],
    ['12 34', 'amount_not_number'],
    ['abc', 'amount_not_number'],
    ['1e6', 'amount_not_number'],
    ['¥', 'amount_not_number'],
    ['#N/A', 'amount_not_number'],
    ['#DIV/0!', 'amount_not_number'],
    ['約100万', 'amount_not_number'],
    ['1'.repeat(100), 'amount_not_number'],
  ])('%j is refused: %s', (text, code) => {
    expect(errorCode(parseYenCell(text))).toBe(code);
  });

  it('gives the refusal in Japanese and English', () => {
    expect(parseYenCell('1.5')).toEqual({
      ok: false,
      error: { code: 'amount_fraction', ja: '1円未満の端数は取り込めません', en: 'amount must be whole yen' },
    });
    expect(parseYenCell('x')).toEqual({
      ok: false,
      error: { code: 'amount_not_number', ja: '金額を数値として読めません', en: 'amount is not a number' },
    });
  });
});

describe('parseDateCell', () => {
  it.each([
    ['2026/06/01', '2026-06-01'],
    ['2026/6/1', '2026-06-01'],
    ['2026-06-01', '2026-06-01'],
    ['2026-6-1', '2026-06-01'],
    ['2026.6.1', '2026-06-01'],
    ['2026年6月1日', '2026-06-01'],
    ['2026年06月01日', '2026-06-01'],
    ['2026年 6月 1日', '2026-06-01'],
    ['２０２６／６／１', '2026-06-01'],
    ['２０２６年６月１日', '2026-06-01'],
    ['2026/6/1 0:00', '2026-06-01'],
    ['2026/06/01 13:45:10', '2026-06-01'],
    [' 2026/6/1\u3000', '2026-06-01'],
    ['令和8年6月1日', '2026-06-01'],
    ['令和８年６月１日', '2026-06-01'],
    ['㋿8年6月1日', '2026-06-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['令和8.6.1', '2026-06-01'],
    ['R8.6.1', '2026-06-01'],
    ['R8/6/1', '2026-06-01'],
    ['r8-6-1', '2026-06-01'],
    ['Ｒ８．６．１', '2026-06-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['H31.4.30', '2019-04-30'],
    ['2028/02/29', '2028-02-29'],
    ['令和10年2月29日', '2028-02-29'],
  ])('%j → %s', (text, value) => {
    expect(parseDateCell(text)).toEqual({ ok: true, value });
  });

  it.each(['', '  ', '\u3000'])('%j is no date', (text) => {
    expect(parseDateCell(text)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['2026/02/30', 'date_impossible'],
    ['2026/02/29', 'date_impossible'],
    ['2026-13-01', 'date_impossible'],
    ['2026/6/31', 'date_impossible'],
    ['2026年4月0日', 'date_impossible'],
    ['令和8年2月30日', 'date_impossible'],
    ['令和元年4月30日', 'date_outside_era'],
    ['令和元年4月1日', 'date_outside_era'],
    ['令和0年6月1日', 'date_outside_era'],
    ['平成31年5月1日', 'date_outside_era'],
    ['平成32年1月1日', 'date_outside_era'],
    ['平成元年1月7日', 'date_outside_era'],
    ['R1.4.30', 'date_outside_era'],
    ['26/6/1', 'date_unrecognised'],
    ['2026/6-1', 'date_unrecognised'],
    ['昭和64年1月7日', 'date_unrecognised'],
    ['6月1日', 'date_unrecognised'],
    ['46174', 'date_unrecognised'],
    ['tomorrow', 'date_unrecognised'],
  ])('%j is refused: %s', (text, code) => {
    expect(errorCode(parseDateCell(text))).toBe(code);
  });
});

describe('parseCategoryCell', () => {
  it.each(COST_CATEGORIES)('reads the key, and both labels of %s', (category) => {
    expect(parseCategoryCell(category)).toEqual({ ok: true, value: category });
    expect(parseCategoryCell(CATEGORY_LABELS[category].ja)).toEqual({ ok: true, value: category });
    expect(parseCategoryCell(CATEGORY_LABELS[category].en)).toEqual({ ok: true, value: category });
    expect(parseCategoryCell(CATEGORY_LABELS[category].en.toUpperCase())).toEqual({ ok: true, value: category });
  });

  it.each([
    ['見舞金', 'condolence'],
    ['お詫び品', 'condolence'],
    ['調査費用', 'investigation'],
    ['原因調査', 'investigation'],
    ['フォレンジック調査', 'investigation'],
    ['通信費', 'communications'],
    ['社告', 'public_notice'],
    ['会見', 'public_notice'],
    ['コンサルティング', 'consulting'],
    ['ｺﾝｻﾙﾃｨﾝｸﾞ', 'consulting'],
    ['超過勤務', 'overtime_travel'],
    ['残業代', 'overtime_travel'],
    ['交通費', 'overtime_travel'],
    ['宿泊費', 'overtime_travel'],
    ['復旧', 'restoration'],
    ['損害賠償', 'damages'],
    ['賠償金', 'damages'],
    ['争訟', 'litigation'],
    ['訴訟', 'litigation'],
    ['弁護士費用', 'litigation'],
    ['対象外', 'uncovered'],
    ['public notice', 'public_notice'],
    ['  Investigation  ', 'investigation'],
    ['\u3000通信費\u3000', 'communications'],
    ['cause   investigation', 'investigation'],
  ])('%j → %s', (text, value) => {
    expect(parseCategoryCell(text)).toEqual({ ok: true, value });
  });

  it('blank is no category; anything else is unknown', () => {
    expect(parseCategoryCell(' ')).toEqual({ ok: true, value: null });
    expect(parseCategoryCell('雑費')).toEqual({
      ok: false,
      error: { code: 'category_unknown', ja: '費目を判別できません', en: 'unknown category' },
    });
    expect(errorCode(parseCategoryCell('費用'))).toBe('category_unknown');
  });
});

describe('parseStageCell', () => {
  it.each(COST_STAGES)('reads the key and labels of %s', (stage) => {
    expect(parseStageCell(stage)).toEqual({ ok: true, value: stage });
    expect(parseStageCell(STAGE_LABELS[stage].ja)).toEqual({ ok: true, value: stage });
    expect(parseStageCell(STAGE_LABELS[stage].en.toLowerCase())).toEqual({ ok: true, value: stage });
  });

  it.each([
    ['見積', 'estimate'],
    ['見積り', 'estimate'],
    ['見積もり', 'estimate'],
    ['請求', 'invoiced'],
    ['請求済', 'invoiced'],
    ['支払', 'paid'],
    ['支払済', 'paid'],
    ['支払い済み', 'paid'],
    ['PAID', 'paid'],
  ])('%j → %s', (text, value) => {
    expect(parseStageCell(text)).toEqual({ ok: true, value });
  });

  it('blank is null; anything else is unknown', () => {
    expect(parseStageCell('')).toEqual({ ok: true, value: null });
    expect(errorCode(parseStageCell('未定'))).toBe('stage_unknown');
  });
});

describe('parseSourceCell', () => {
  it.each([
    ['insured', 'insured'],
    ['自社負担', 'insured'],
    ['自社', 'insured'],
    ['third_party', 'third_party'],
    ['第三者からの求償', 'third_party'],
    ['Third-party claim', 'third_party'],
    ['第三者', 'third_party'],
  ])('%j → %s', (text, value) => {
    expect(parseSourceCell(text)).toEqual({ ok: true, value });
  });

  it('blank is null; anything else is unknown', () => {
    expect(parseSourceCell('')).toEqual({ ok: true, value: null });
    expect(errorCode(parseSourceCell('保険会社'))).toBe('source_unknown');
  });
});

describe('parseCountCell', () => {
  it.each([
    ['1', 1],
    ['12', 12],
    ['1,200', 1200],
    ['１２００', 1200],
    ['１，２００', 1200],
    ['1200人', 1200],
    ['3名', 3],
    ['３ 名', 3],
    ['5件', 5],
    ['2.0', 2],
    ['1000000000', 1_000_000_000],
  ])('%j → %d', (text, value) => {
    expect(parseCountCell(text)).toEqual({ ok: true, value });
  });

  it('blank is null', () => {
    expect(parseCountCell('\u3000')).toEqual({ ok: true, value: null });
  });

  it.each([
    ['0', 'count_not_positive'],
    ['0人', 'count_not_positive'],
    ['-3', 'count_not_positive'],
    ['1.5', 'count_fraction'],
    ['1000000001', 'count_too_large'],
    ['99999999999999999999', 'count_too_large'],
    ['人', 'count_not_number'],
    ['1,20', 'count_not_number'],
    ['約100人', 'count_not_number'],
    ['abc', 'count_not_number'],
  ])('%j is refused: %s', (text, code) => {
    expect(errorCode(parseCountCell(text))).toBe(code);
  });
});

describe('parseYesNoCell', () => {
  it.each(['はい', '有', 'あり', '○', '◯', 'yes', 'YES', 'true', 'TRUE', '1', '１'])('%j is yes', (text) => {
    expect(parseYesNoCell(text)).toEqual({ ok: true, value: true });
  });
  it.each(['いいえ', '無', 'なし', '×', 'no', 'No', 'false', '0'])('%j is no', (text) => {
    expect(parseYesNoCell(text)).toEqual({ ok: true, value: false });
  });
  it('blank is null; anything else is refused', () => {
    expect(parseYesNoCell('')).toEqual({ ok: true, value: null });
    expect(errorCode(parseYesNoCell('たぶん'))).toBe('yes_no_unknown');
    expect(errorCode(parseYesNoCell('2'))).toBe('yes_no_unknown');
  });
});

describe('headers and mapping', () => {
  it('normaliseHeader trims, folds width and case', () => {
    expect(normaliseHeader('\u3000金額（税込）\u3000')).toBe('金額(税込)');
    expect(normaliseHeader(' Unit  Amount ')).toBe('unit amount');
    expect(normaliseHeader('ＤＡＴＥ')).toBe('date');
    expect(normaliseHeader('ｶﾃｺﾞﾘ')).toBe('カテゴリ');
  });

  it('lists every field once, with labels and what is required', () => {
    expect(IMPORT_FIELDS.map((f) => f.field)).toEqual([...IMPORT_FIELD_KEYS]);
    for (const f of IMPORT_FIELDS) expect(f.ja && f.en).toBeTruthy();
    const requirement = Object.fromEntries(IMPORT_FIELDS.map((f) => [f.field, f.requirement]));
    expect(requirement).toMatchObject({
      incurredOn: 'required',
      category: 'required',
      amount: 'amount',
      quantity: 'amount',
      unitAmount: 'amount',
      vendor: 'optional',
    });
  });

  it('missingMappings names what is still needed', () => {
    expect(missingMappings({})).toEqual(['incurredOn', 'category', 'amount']);
    expect(missingMappings({ incurredOn: 0, category: 1, amount: 2 })).toEqual([]);
    expect(missingMappings({ incurredOn: 0, category: 1, quantity: 2, unitAmount: 3 })).toEqual([]);
    expect(missingMappings({ incurredOn: 0, category: 1, quantity: 2 })).toEqual(['amount']);
  });

  it('suggests columns from a Japanese accounting header row', () => {
    const headers = ['No.', '計上日', '費目', '支払先', '摘要', '人数', '単価（円）', '金額（税込）', '状態', '備考', '海外'];
    expect(suggestMapping(headers)).toEqual({
      incurredOn: 1,
      category: 2,
      vendor: 3,
      description: 4,
      quantity: 5,
      unitAmount: 6,
      amount: 7,
      stage: 8,
      incurredAbroad: 10,
    });
  });

  it('suggests columns from an English header row, whole words only', () => {
    const headers = ['Date', 'Account', 'Category', 'Payee', 'Unit amount', 'Amount', 'Qty', 'Status', 'Claimant', 'Notes', 'Updated'];
    expect(suggestMapping(headers)).toEqual({
      incurredOn: 0,
      category: 2,
      vendor: 3,
      unitAmount: 4,
      amount: 5,
      quantity: 6,
      stage: 7,
      claimant: 8,
      description: 9,
    });
  });

  it('uses each column once and prefers the stronger match', () => {
    // 費用区分 is a category; 費用 (contained in it) must not take it for the amount.
    expect(suggestMapping(['日付', '費用区分', '費用'])).toEqual({ incurredOn: 0, category: 1, amount: 2 });
    expect(suggestMapping(['日付', '費用区分'])).toEqual({ incurredOn: 0, category: 1 });
    // Two date-like columns: the better name wins, the other is left alone.
    expect(suggestMapping(['支払日', '発生日'])).toEqual({ incurredOn: 1 });
    // Notes in brackets and required marks do not hide a header.
    expect(suggestMapping(['※日付', '金額[円]', '区分*'])).toEqual({ incurredOn: 0, amount: 1, category: 2 });
    expect(suggestMapping([])).toEqual({});
    expect(suggestMapping(['', ' ', 'foo'])).toEqual({});
  });
});
