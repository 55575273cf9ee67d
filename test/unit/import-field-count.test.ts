// A CSV row wider than its header is an error on that row, never a silent shift (issue 15): an unquoted
// `¥48,400` under five headers once imported as ¥48 paid to "400". Empty cells at the end do not count.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/import/parse-csv.ts';
import { filledWidth, readRows, settingsWith, type RowOutcome } from '../../server/import/read-rows.ts';
import { YAYOI_COLUMNS } from '../../shared/import-presets.ts';
import { at, atLeast } from '../support/at.ts';

/** A line's fields, or an error's problems; false for any other outcome, which the assertion then shows. */
const fieldsOf = (o: RowOutcome) => o.kind === 'line' && o.fields;
const problemsOf = (o: RowOutcome) => o.kind === 'error' && o.problems;

const MAPPING = { incurredOn: 0, category: 1, amount: 2, vendor: 3, description: 4 };
const HEADER = '日付,費目,金額,支払先,摘要';

function readTable(table: string[][], format: 'csv' | 'xlsx' = 'csv') {
  return readRows(table, settingsWith(table, { mapping: MAPPING, fixed: { stage: 'invoiced' } }), 'incident', { format }).outcomes.filter(
    (o) => o.kind !== 'skipped' || o.reason !== 'header',
  );
}

function read(lines: string[], format: 'csv' | 'xlsx' = 'csv') {
  return readTable(parseCsv(lines.join('\r\n') + '\r\n'), format);
}

describe('a CSV row with more fields than its header', () => {
  it('is an error on that row, naming both counts, and the rows around it read normally', () => {
    const outcomes = read([HEADER, '2026/07/01,通信費,"¥12,000",A社,回線', '2026/07/02,通信費,¥48,400,B社,通話料', '2026/07/03,通信費,3000,C社,']);
    expect(outcomes.map((o) => [o.row, o.kind])).toEqual([
      [2, 'line'],
      [3, 'error'],
      [4, 'line'],
    ]);
    const shifted = at(outcomes, 1);
    expect(shifted.kind === 'error' && shifted.problems).toEqual([
      {
        field: null,
        ja: '列の数が見出しと違います（見出し 5 列、この行 6 列）。カンマを含む金額などは "¥48,400" のように引用符で囲んでください',
        en: 'has 6 fields where the header has 5: a value with a comma, such as the amount ¥48,400, must be in quotes ("¥48,400")',
      },
    ]);
    expect(fieldsOf(at(outcomes, 0))).toMatchObject({ amount: 12_000 });
    expect(fieldsOf(at(outcomes, 2))).toMatchObject({ amount: 3_000 });
  });

  it('does not count empty cells at the end, of the header or of a row', () => {
    const outcomes = read([`${HEADER},,`, '2026/07/01,通信費,1000,A社,回線,,,', '2026/07/02,通信費,2000,B社,,', '2026/07/03,通信費,3000']);
    expect(outcomes.map((o) => o.kind)).toEqual(['line', 'line', 'line']);
  });

  it('reads a shorter row as it is: its missing last cells are empty', () => {
    const [short] = atLeast(read([HEADER, '2026/07/01,通信費,1000']), 1);
    expect(short.kind === 'line' && short.fields).toMatchObject({ amount: 1000, incurredOn: '2026-07-01' });
  });

  it('counts a value beyond the last titled column, even under an empty header cell', () => {
    const outcomes = read([`${HEADER},`, '2026/07/01,通信費,1000,A社,回線,メモ']);
    expect(at(problemsOf(at(outcomes, 0)) || [], 0).en).toMatch(/^has 6 fields where the header has 5/);
  });

  it('leaves XLSX rows alone: their cells sit in their own columns, nothing can shift', () => {
    const outcomes = readTable(
      [
        ['日付', '費目', '金額', '支払先', '摘要'],
        ['2026/07/01', '通信費', '1000', 'A社', '回線', '社内メモ'],
      ],
      'xlsx',
    );
    expect(outcomes.map((o) => o.kind)).toEqual(['line']);
  });

  it('measures the width up to the last cell with anything in it', () => {
    expect(filledWidth(['a', 'b', '', ' '])).toBe(2);
    expect(filledWidth(['', 'b'])).toBe(2);
    expect(filledWidth(['', ''])).toBe(0);
  });
});

// Issue 17 lets the user choose the header (titles above it, two rows, none): the width a CSV row is held to
// is the chosen header's (docs/decisions/026-importing-real-finance-files.md).
describe('the width under a chosen header', () => {
  const csv = (lines: string[]) => parseCsv(lines.join('\r\n') + '\r\n');
  const settings = (table: string[][], extra: Partial<Parameters<typeof settingsWith>[1]>) =>
    settingsWith(table, { mapping: MAPPING, fixed: { stage: 'invoiced' }, ...extra });
  const dataOf = (outcomes: RowOutcome[]) => outcomes.filter((o) => o.kind !== 'skipped' || (o.reason !== 'header' && o.reason !== 'above_header'));
  const widthError = (o: RowOutcome | undefined) => (o?.kind === 'error' ? at(o.problems, 0).en : null);

  it('holds rows under titles to the chosen header row, not to the title above it', () => {
    const table = csv(['2026年7月 通信費一覧', '', HEADER, '2026/07/01,通信費,"¥12,000",A社,回線', '2026/07/02,通信費,¥48,400,B社,通話料']);
    const { outcomes } = readRows(table, settings(table, { header: { row: 2, depth: 1 } }), 'incident');
    expect(outcomes.map((o) => [o.row, o.kind])).toEqual([
      [1, 'skipped'],
      [3, 'skipped'],
      [4, 'line'],
      [5, 'error'],
    ]);
    expect(widthError(outcomes[3])).toMatch(/^has 6 fields where the header has 5:/);
  });

  it('holds a two-row header to the wider of its rows (金額 merged over 税込 and 税抜)', () => {
    const table = csv(['日付,費目,支払先,金額', ',,,税込,税抜', '2026/07/01,通信費,A社,1100,1000', '2026/07/02,通信費,B社,1100,1000,メモ']);
    const mapping = { incurredOn: 0, category: 1, vendor: 2, amount: 3, netAmount: 4 };
    const { outcomes } = readRows(table, settingsWith(table, { mapping, fixed: { stage: 'invoiced' }, header: { row: 0, depth: 2 } }), 'incident');
    const data = dataOf(outcomes);
    expect(data.map((o) => [o.row, o.kind])).toEqual([
      [3, 'line'],
      [4, 'error'],
    ]);
    expect(fieldsOf(at(data, 0))).toMatchObject({ amount: 1100, taxAmount: 100 });
    expect(widthError(data[1])).toMatch(/^has 6 fields where the header has 5:/);
  });

  it('holds a header-less 弥生 file to its documented 25 columns', () => {
    const row = (amount: string, memo: string) => [
      '2000',
      '',
      '',
      '2026/07/01',
      '通信費',
      '',
      '',
      '課対仕入内10%',
      amount,
      '100',
      '未払金',
      '',
      '',
      '対象外',
      '1100',
      '',
      memo,
      '',
      '',
      '0',
      '',
      '',
      '',
      '',
      'no',
    ];
    const good = row('1100', 'コールセンター');
    const shifted = [...row('1', '100'), 'x']; // an unquoted 1,100 in 借方金額: every cell after it one to the right
    const table = [good, shifted];
    const mapping = { incurredOn: 3, category: 4, amount: 8, description: 16 };
    const s = settingsWith(table, {
      mapping,
      fixed: { stage: 'invoiced' },
      header: { row: null, depth: 1 },
      categoryValues: [{ value: '通信費', match: 'exact', target: 'communications' }],
    });
    const { outcomes } = readRows(table, s, 'incident', { format: 'csv', positional: YAYOI_COLUMNS });
    expect(outcomes.map((o) => [o.row, o.kind])).toEqual([
      [1, 'line'],
      [2, 'error'],
    ]);
    expect(widthError(outcomes[1])).toMatch(/^has 26 fields where the header has 25:/);
  });

  it('holds a header-less file of no known layout to nothing: its rows are read as they are', () => {
    const table = csv(['2026/07/01,通信費,1000,A社,回線', '2026/07/02,通信費,2000,B社,通話料,社内メモ']);
    const { outcomes } = readRows(table, settings(table, { header: { row: null, depth: 1 } }), 'incident');
    expect(outcomes.map((o) => o.kind)).toEqual(['line', 'line']);
  });

  it('refuses a wider row before the rules: an amount shifted into 預かり金額 is not a deposit', () => {
    const table = csv(['日付,摘要,支払い金額,預かり金額,差引残高', '2026/07/01,コールセンター,"1,100",,98900', '2026/07/02,郵便局,1,100,,97800']);
    const mapping = { incurredOn: 0, category: 1, amount: 2 };
    const rules = [{ column: 3, op: 'filled' as const, values: [], reason: 'deposit' as const }];
    const s = settingsWith(table, { mapping, fixed: { stage: 'paid', category: 'communications' }, filters: { totals: true, zeroAmount: true, rules } });
    const { outcomes, ruleCounts } = readRows(table, s, 'incident');
    expect(dataOf(outcomes).map((o) => [o.row, o.kind])).toEqual([
      [2, 'line'],
      [3, 'error'],
    ]);
    expect(ruleCounts).toEqual([0]);
  });

  it('leaves a totals row out as a total, shifted or not', () => {
    const table = csv([HEADER, '2026/07/01,通信費,"¥12,000",A社,回線', '合計,,¥12,000,,']);
    const { outcomes } = readRows(table, settings(table, { filters: { totals: true, zeroAmount: false, rules: [] } }), 'incident');
    expect(dataOf(outcomes).map((o) => [o.row, o.kind, o.kind === 'skipped' ? o.reason : null])).toEqual([
      [2, 'line', null],
      [3, 'skipped', 'total'],
    ]);
  });

  it('never gives the 明細 rows of a refused entry the date and vendor of the entry before it', () => {
    const table = csv([
      '日付,勘定科目,金額,取引先',
      '2026/07/01,通信費,1000,A社',
      ',旅費交通費,2000,',
      '2026/07/02,通信費,¥48,400,B社',
      ',旅費交通費,3000,',
      '2026/07/03,通信費,4000,C社',
      ',旅費交通費,5000,',
    ]);
    const mapping = { incurredOn: 0, category: 1, amount: 2, vendor: 3 };
    const { outcomes } = readRows(table, settingsWith(table, { mapping, fixed: { stage: 'invoiced' }, continuation: true }), 'incident');
    const data = dataOf(outcomes);
    expect(data.map((o) => [o.row, o.kind])).toEqual([
      [2, 'line'],
      [3, 'line'],
      [4, 'error'],
      [5, 'error'],
      [6, 'line'],
      [7, 'line'],
    ]);
    expect(problemsOf(at(data, 3))).toEqual([
      {
        field: null,
        en: 'continues row 4, which has an error: correct that row first',
        ja: '4 行目の仕訳の続きの行ですが、その行にエラーがあります。先にその行を直してください',
      },
    ]);
    expect(fieldsOf(at(data, 1))).toMatchObject({ incurredOn: '2026-07-01', vendor: 'A社', amount: 2000 });
    expect(fieldsOf(at(data, 5))).toMatchObject({ incurredOn: '2026-07-03', vendor: 'C社', amount: 5000 });
  });
});
