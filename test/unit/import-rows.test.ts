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
