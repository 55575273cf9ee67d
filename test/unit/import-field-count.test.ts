// A CSV row wider than its header is an error on that row, never a silent shift (issue 15): an unquoted
// `¥48,400` under five headers once imported as ¥48 paid to "400". Empty cells at the end do not count.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/import/parse-csv.ts';
import { filledWidth, readRows, settingsWith } from '../../server/import/read-rows.ts';

const MAPPING = { incurredOn: 0, category: 1, amount: 2, vendor: 3, description: 4 };
const HEADER = '日付,費目,金額,支払先,摘要';

function readTable(table: string[][], format: 'csv' | 'xlsx' = 'csv') {
  return readRows(table, settingsWith(table, { mapping: MAPPING, fixed: { stage: 'invoiced' } }), 'incident', { format }).outcomes.filter((o) => o.kind !== 'skipped' || o.reason !== 'header');
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
    const shifted = outcomes[1];
    expect(shifted.kind === 'error' && shifted.problems).toEqual([
      {
        field: null,
        ja: '列の数が見出しと違います（見出し 5 列、この行 6 列）。カンマを含む金額などは "¥48,400" のように引用符で囲んでください',
        en: 'has 6 fields where the header has 5: a value with a comma, such as the amount ¥48,400, must be in quotes ("¥48,400")',
      },
    ]);
    expect(outcomes[0].kind === 'line' && outcomes[0].fields.amount).toBe(12_000);
    expect(outcomes[2].kind === 'line' && outcomes[2].fields.amount).toBe(3_000);
  });

  it('does not count empty cells at the end, of the header or of a row', () => {
    const outcomes = read([`${HEADER},,`, '2026/07/01,通信費,1000,A社,回線,,,', '2026/07/02,通信費,2000,B社,,', '2026/07/03,通信費,3000']);
    expect(outcomes.map((o) => o.kind)).toEqual(['line', 'line', 'line']);
  });

  it('reads a shorter row as it is: its missing last cells are empty', () => {
    const [short] = read([HEADER, '2026/07/01,通信費,1000']);
    expect(short.kind === 'line' && short.fields).toMatchObject({ amount: 1000, incurredOn: '2026-07-01' });
  });

  it('counts a value beyond the last titled column, even under an empty header cell', () => {
    const outcomes = read([`${HEADER},`, '2026/07/01,通信費,1000,A社,回線,メモ']);
    expect(outcomes[0].kind === 'error' && outcomes[0].problems[0].en).toMatch(/^has 6 fields where the header has 5/);
  });

  it('leaves XLSX rows alone: their cells sit in their own columns, nothing can shift', () => {
    const outcomes = readTable([['日付', '費目', '金額', '支払先', '摘要'], ['2026/07/01', '通信費', '1000', 'A社', '回線', '社内メモ']], 'xlsx');
    expect(outcomes.map((o) => o.kind)).toEqual(['line']);
  });

  it('measures the width up to the last cell with anything in it', () => {
    expect(filledWidth(['a', 'b', '', ' '])).toBe(2);
    expect(filledWidth(['', 'b'])).toBe(2);
    expect(filledWidth(['', ''])).toBe(0);
  });
});
