// One date format per language on every screen (decision 020): 2026/06/01 and 1 Jun 2026, moments in Japan
// time beside it; the insurer's documents keep 2026年6月1日 with the era.
import { describe, expect, it } from 'vitest';
import { formatDate as formatDocumentDate, formatScreenDate } from '../../shared/dates.ts';
import { formatTimestamp } from '../../client/src/lib/format.ts';
import { collectWarnings } from '../../shared/warnings.ts';
import { computePayable } from '../../shared/payable.ts';

describe('dates on screen', () => {
  it('writes a day as 2026/06/01 in Japanese and 1 Jun 2026 in English', () => {
    expect(formatScreenDate('2026-06-01', 'ja')).toBe('2026/06/01');
    expect(formatScreenDate('2026-12-31', 'ja')).toBe('2026/12/31');
    expect(formatScreenDate('2026-06-01', 'en')).toBe('1 Jun 2026');
    expect(formatScreenDate('2027-03-31', 'en')).toBe('31 Mar 2027');
  });

  it('writes a moment in Japan time with the same day format (23:30 UTC is the next morning in Tokyo)', () => {
    expect(formatTimestamp('2026-06-01T23:30:00.000Z', 'ja')).toBe('2026/06/02 08:30');
    expect(formatTimestamp('2026-06-01T23:30:00.000Z', 'en')).toBe('2 Jun 2026 08:30');
  });

  it('leaves the insurer’s documents their own form', () => {
    expect(formatDocumentDate('2026-06-01', 'ja')).toBe('2026年6月1日');
  });
});

describe('dates in the dashboard’s warnings', () => {
  it('are written as on screen, not as stored', () => {
    const result = computePayable({
      terms: { liabilityLimit: 100_000_000, expenseLimit: 30_000_000, deductible: 0, restorationRider: false, condolencePerPersonCap: null },
      lines: [],
    });
    const facts = {
      policy: {
        periodStart: '2026-04-01',
        periodEnd: '2027-03-31',
        expenseLimit: 30_000_000,
        liabilityLimit: 100_000_000,
        annualRevenue: null,
        itRevenue: null,
      },
      incident: { occurredOn: '2026-03-20', discoveredOn: '2027-04-02', priorKnowledgeJustification: null },
      claimed: result,
      projected: result,
      costsOutsidePeriod: 2,
      costsAbroad: 0,
    };
    const ja = collectWarnings(facts, 'ja').map((w) => w.message);
    expect(ja).toContain('事故の発見日が保険期間（2026/04/01〜2027/03/31）の外です。事故は発見された保険期間の契約で補償されます。');
    expect(ja).toContain('事故は保険始期（2026/04/01）より前に発生しています。発生を知らなかったことに合理性があることの説明を記入してください。');
    const en = collectWarnings(facts, 'en').map((w) => w.message);
    expect(en).toContain('2 cost line(s) are dated outside the policy period (1 Apr 2026 to 31 Mar 2027).');
  });
});
