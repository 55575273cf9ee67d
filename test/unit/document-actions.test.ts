// The documents page's offer per checklist item (issue 15): 「不要」 never beside 「不要にする」.
import { describe, expect, it } from 'vitest';
import { documentAction } from '../../client/src/lib/document-actions.ts';
import { documentChecklist, type DocumentFacts } from '../../shared/documents.ts';

const FACTS: DocumentFacts = {
  amountClaimed: 53_000_000,
  payeeIsInsured: true,
  conditions: {},
  claimedLines: 5,
  claimedLinesWithoutFile: 5,
  estimateLines: 0,
  estimateLinesWithoutFile: 0,
  damagesLines: 2,
  damagesLinesWithoutFile: 2,
  incidentFiles: { claim_form: 1 },
  waivers: {},
};
const item = (facts: Partial<DocumentFacts>, kind: string) => documentChecklist({ ...FACTS, ...facts }).find((i) => i.kind === kind)!;

describe('documentAction', () => {
  it('offers 不要にする on a missing document only', () => {
    expect(item({}, 'seal_certificate')).toMatchObject({ status: 'missing' });
    expect(documentAction(item({}, 'seal_certificate'))).toBe('mark_not_needed');
    expect(documentAction(item({}, 'claim_form'))).toBeNull(); // attached
  });

  it('offers nothing on a document the rules already say is not needed: quotes without estimates', () => {
    const quotes = item({}, 'quotes');
    expect(quotes).toMatchObject({ status: 'not_needed', automaticReason: 'no_estimates', waiverReason: null });
    expect(documentAction(quotes)).toBeNull();
    expect(documentAction(item({ amountClaimed: 5_000_000 }, 'registry_extract'))).toBeNull();
  });

  it('offers 必要に戻す, not 不要にする, on a document marked not needed, also once a file came after all', () => {
    const waived = item({ estimateLines: 1, estimateLinesWithoutFile: 1, waivers: { quotes: '口頭で了承済み' } }, 'quotes');
    expect(waived).toMatchObject({ status: 'not_needed', waiverReason: '口頭で了承済み' });
    expect(documentAction(waived)).toBe('mark_needed');
    expect(documentAction(item({ incidentFiles: { quotes: 1 }, waivers: { quotes: '不要' } }, 'quotes'))).toBe('mark_needed');
  });
});
