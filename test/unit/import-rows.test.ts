// Reading spreadsheet rows into ledger lines (server/import/read-rows.ts): the fast path for plain rows
// must give exactly the line `cost.create`'s schema gives, and each row's problems stay on that row.
import { describe, expect, it } from 'vitest';
import { checkMapping, plainLumpSum, readRows, settingsWith } from '../../server/import/read-rows.ts';
import { costCreateInput } from '../../shared/schemas.ts';

const MAPPING = { incurredOn: 0, category: 1, amount: 2, vendor: 3, description: 4 };

describe('the plain-row fast path', () => {
  // [extra fields, whether the fast path takes the row]: it must take the plain ones and give exactly the
  // schema's line, and leave every other row (invalid, or another shape) to the schema.
  const candidates: [Record<string, unknown>, boolean][] = [
    [{ amount: 0 }, true],
    [{ amount: 1_234_567, vendor: 'コールセンター東京', description: '架電対応' }, true],
    [{ amount: 100_000_000_000 }, true],
    [{ amount: 100_000_000_001 }, false],
    [{ amount: 1.5 }, false],
    [{ amount: -1 }, false],
    [{ amount: 10, vendor: 'x'.repeat(200) }, true],
    [{ amount: 10, vendor: 'x'.repeat(201) }, false],
    [{ amount: 10, description: 'y'.repeat(2001) }, false],
    [{ amount: 10, incurredAbroad: true }, true],
    [{ amount: 6_000, quantity: 12, unitAmount: 500 }, false],
    [{ amount: 10, source: 'third_party', claimant: '取引先A社' }, false],
    [{ amount: undefined }, false],
  ];
  it.each(candidates)('agrees with costCreateInput on %j (fast path: %s)', (extra, takesIt) => {
    const candidate = {
      incidentId: 'incident',
      category: 'communications',
      stage: 'invoiced',
      incurredOn: '2026-07-01',
      source: 'insured',
      incurredAbroad: false,
      ...extra,
    } as never;
    const fast = plainLumpSum(candidate);
    expect(fast !== null).toBe(takesIt);
    if (fast === null) return; // the schema decides this row
    const schema = costCreateInput.safeParse(candidate);
    expect(schema.success).toBe(true);
    const { incidentId: _id, ...fromSchema } = schema.data!;
    expect(fast).toEqual(fromSchema);
  });
  it('leaves quantity × unit, third-party and long texts to the schema', () => {
    const base = { incidentId: 'i', category: 'condolence', stage: 'paid', incurredOn: '2026-07-01', source: 'insured', incurredAbroad: false } as const;
    expect(plainLumpSum({ ...base, quantity: 2, unitAmount: 500 })).toBeNull();
    expect(plainLumpSum({ ...base, amount: 1, source: 'third_party', claimant: 'A' })).toBeNull();
    expect(plainLumpSum({ ...base, amount: 1, vendor: 'x'.repeat(201) })).toBeNull();
  });
});

describe('the tax rate read from a tax amount without a tax category', () => {
  // 税込 and 消費税額 only: the rate is the one the tax is of the net amount, to the yen either way.
  const table = [
    ['日付', '費目', '税込金額', '消費税額'],
    ['2026/07/01', '通信費', '110,000', '10,000'], // net 100,000: exactly 10%
    ['2026/07/01', '通信費', '1,105', '100'], // net 1,005: 10% is 100.5, rounded down
    ['2026/07/01', '通信費', '1,117', '102'], // net 1,015: 10% is 101.5, rounded up
    ['2026/07/01', '通信費', '108,000', '8,000'], // net 100,000: exactly 8%
    ['2026/07/01', '通信費', '1,086', '80'], // net 1,006: 8% is 80.48
    // Net 1,010: 10% is 101, a yen off either rounding; 8% is 80.8. No rate: the category's own (見舞金: 不課税).
    ['2026/07/01', '見舞金', '1,110', '100'],
  ];
  const mapping = { incurredOn: 0, category: 1, amount: 2, taxAmount: 3 };
  const { outcomes } = readRows(table, settingsWith(table, { mapping, fixed: { stage: 'invoiced' } }), 'incident');

  it('reads 10% and 8% to the yen either way, and no rate a yen further off', () => {
    const read = outcomes.map((o) => (o.kind === 'line' ? [o.fields.amount, o.fields.taxAmount, o.fields.taxCategory] : o.kind));
    expect(read).toEqual([
      'skipped', // the header
      [110_000, 10_000, 'taxable_10'],
      [1_105, 100, 'taxable_10'],
      [1_117, 102, 'taxable_10'],
      [108_000, 8_000, 'taxable_8'],
      [1_086, 80, 'taxable_8'],
      [1_110, 100, 'non_taxable'],
    ]);
  });
});

describe('readRows', () => {
  const table = [
    ['日付', '費目', '金額', '支払先', '摘要'],
    ['2026/07/01', '通信費', '1,234', 'A社', ''],
    ['', '', '', '', ''],
    ['2026/02/30', '通信費', '-5', 'B社', ''],
    ['2026/07/02', '小計', '-', '', ''],
    ['2026/07/03', '見舞金', '', '', ''],
    ['2026/07/04', '通信費', '1,000', 'C'.repeat(201), ''],
  ];
  const { outcomes } = readRows(table, settingsWith(table, { mapping: MAPPING, fixed: { stage: 'invoiced' } }), 'incident');

  it('numbers rows as the spreadsheet does (header = row 1, listed as the header) and skips blank rows', () => {
    expect(outcomes.map((o) => [o.row, o.kind])).toEqual([
      [1, 'skipped'],
      [2, 'line'],
      [4, 'error'],
      [5, 'skipped'],
      [6, 'skipped'],
      [7, 'error'],
    ]);
  });
  it('keeps every problem of a row on that row, with the field (a refund with an impossible date is an error, not a refund)', () => {
    const bad = outcomes.find((o) => o.row === 4);
    expect(bad?.kind === 'error' && bad.problems.map((p) => [p.field, p.ja])).toEqual([['incurredOn', '存在しない日付です']]);
    const long = outcomes.find((o) => o.row === 7);
    expect(long?.kind === 'error' && long.problems).toEqual([{ field: 'vendor', en: expect.stringContaining('200'), code: 'tooLong', params: { max: 200 } }]);
  });
  it('refuses a mapping that cannot read lines, naming the field', () => {
    expect(() => checkMapping({ amount: 2 }, {}, 5)).toThrow(/mapping.incurredOn.*mapping.category.*mapping.stage/);
    expect(() => checkMapping({ ...MAPPING, vendor: 9 }, { stage: 'paid' }, 5)).toThrow('mapping.vendor: the file has only 5 columns');
    expect(() => checkMapping({ ...MAPPING, description: 0 }, { stage: 'paid' }, 5)).toThrow('mapping.description: column 1 is already mapped to incurredOn');
    expect(() => checkMapping(MAPPING, { stage: 'paid' }, 5)).not.toThrow();
  });
});
