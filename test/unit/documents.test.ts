// The documents checklist (docs/rules.md §6) as pure rules: which item is attached, not needed or missing,
// and the line of detail the documents page and the claim PDF print under it.

import { describe, expect, it } from 'vitest';
import {
  checklistDetail,
  DOCUMENT_KINDS,
  DOCUMENT_LABELS,
  documentChecklist,
  documentStatusLabel,
  SEAL_DOCUMENTS_THRESHOLD,
  type ChecklistItem,
  type DocumentFacts,
  type DocumentKind,
} from '../../shared/documents.ts';

/** An incident with nothing logged and nothing uploaded. */
const NOTHING: DocumentFacts = {
  amountClaimed: 0,
  payeeIsInsured: true,
  conditions: {},
  claimedLines: 0,
  claimedLinesWithoutFile: 0,
  estimateLines: 0,
  estimateLinesWithoutFile: 0,
  damagesLines: 0,
  damagesLinesWithoutFile: 0,
  incidentFiles: {},
  waivers: {},
};

const facts = (over: Partial<DocumentFacts>): DocumentFacts => ({ ...NOTHING, ...over });

function itemOf(items: ChecklistItem[], kind: DocumentKind): ChecklistItem {
  const item = items.find((i) => i.kind === kind);
  if (!item) throw new Error(`no ${kind} item`);
  return item;
}

const statuses = (items: ChecklistItem[]) => Object.fromEntries(items.map((i) => [i.kind, i.status]));

describe('documentChecklist', () => {
  it('lists every kind once, in the order of DOCUMENT_KINDS', () => {
    expect(documentChecklist(NOTHING).map((i) => i.kind)).toEqual([...DOCUMENT_KINDS]);
    expect(DOCUMENT_KINDS).toEqual([
      'claim_form',
      'incident_report',
      'receipts',
      'quotes',
      'settlements',
      'forensic_report',
      'notice_letters',
      'condolence_list',
      'ppc_report',
      'outsourcing_contract',
      'demand_letters',
      'payroll_records',
      'consent_letters',
      'seal_certificate',
      'registry_extract',
    ]);
  });

  it('with nothing logged asks only for the claim form and the incident report', () => {
    const items = documentChecklist(NOTHING);
    expect(items).toEqual([
      {
        kind: 'claim_form',
        status: 'missing',
        incidentFiles: 0,
        lines: null,
        linesWithoutFile: null,
        waiverReason: null,
        automaticReason: null,
        generated: false,
      },
      {
        kind: 'incident_report',
        status: 'missing',
        incidentFiles: 0,
        lines: null,
        linesWithoutFile: null,
        waiverReason: null,
        automaticReason: null,
        generated: false,
      },
      {
        kind: 'receipts',
        status: 'not_needed',
        incidentFiles: 0,
        lines: 0,
        linesWithoutFile: 0,
        waiverReason: null,
        automaticReason: 'no_claimed_lines',
        generated: false,
      },
      {
        kind: 'quotes',
        status: 'not_needed',
        incidentFiles: 0,
        lines: 0,
        linesWithoutFile: 0,
        waiverReason: null,
        automaticReason: 'no_estimates',
        generated: false,
      },
      {
        kind: 'settlements',
        status: 'not_needed',
        incidentFiles: 0,
        lines: 0,
        linesWithoutFile: 0,
        waiverReason: null,
        automaticReason: 'no_damages',
        generated: false,
      },
      ...(
        [
          ['forensic_report', 'no_investigation'],
          ['notice_letters', 'no_notices'],
          ['condolence_list', 'no_condolence'],
          ['ppc_report', 'no_regulator_report'],
          ['outsourcing_contract', 'no_contractor'],
          ['demand_letters', 'no_third_party_claims'],
          ['payroll_records', 'no_overtime'],
          ['consent_letters', 'no_consent'],
        ] as const
      ).map(([kind, automaticReason]) => ({
        kind,
        status: 'not_needed',
        incidentFiles: 0,
        lines: null,
        linesWithoutFile: null,
        waiverReason: null,
        automaticReason,
        generated: false,
      })),
      {
        kind: 'seal_certificate',
        status: 'not_needed',
        incidentFiles: 0,
        lines: null,
        linesWithoutFile: null,
        waiverReason: null,
        automaticReason: 'below_threshold',
        generated: false,
      },
      {
        kind: 'registry_extract',
        status: 'not_needed',
        incidentFiles: 0,
        lines: null,
        linesWithoutFile: null,
        waiverReason: null,
        automaticReason: 'below_threshold',
        generated: false,
      },
    ]);
  });

  it('needs a file on every claimed line for the receipts', () => {
    const one = itemOf(documentChecklist(facts({ claimedLines: 3, claimedLinesWithoutFile: 1 })), 'receipts');
    expect(one).toMatchObject({ status: 'missing', lines: 3, linesWithoutFile: 1, automaticReason: null });
    const all = itemOf(documentChecklist(facts({ claimedLines: 3, claimedLinesWithoutFile: 0 })), 'receipts');
    expect(all).toMatchObject({ status: 'attached', lines: 3, linesWithoutFile: 0 });
    const none = itemOf(documentChecklist(facts({ claimedLines: 3, claimedLinesWithoutFile: 3 })), 'receipts');
    expect(none).toMatchObject({ status: 'missing', lines: 3, linesWithoutFile: 3 });
  });

  it('needs a quote on every estimate line, and a settlement on every claimed damages line', () => {
    const items = documentChecklist(facts({ estimateLines: 2, estimateLinesWithoutFile: 1, damagesLines: 2, damagesLinesWithoutFile: 0, claimedLines: 2 }));
    expect(itemOf(items, 'quotes')).toMatchObject({ status: 'missing', lines: 2, linesWithoutFile: 1 });
    expect(itemOf(items, 'settlements')).toMatchObject({ status: 'attached', lines: 2, linesWithoutFile: 0 });
    // Estimates alone are not claimed: no receipts are asked for.
    const estimatesOnly = documentChecklist(facts({ estimateLines: 1, estimateLinesWithoutFile: 1 }));
    expect(itemOf(estimatesOnly, 'receipts')).toMatchObject({ status: 'not_needed', automaticReason: 'no_claimed_lines' });
    expect(itemOf(estimatesOnly, 'settlements')).toMatchObject({ status: 'not_needed', automaticReason: 'no_damages' });
  });

  it('counts a file for the incident as a whole as attached, even while lines lack theirs', () => {
    const items = documentChecklist(facts({ claimedLines: 4, claimedLinesWithoutFile: 4, incidentFiles: { receipts: 1, claim_form: 2 } }));
    expect(itemOf(items, 'receipts')).toMatchObject({ status: 'attached', incidentFiles: 1, lines: 4, linesWithoutFile: 4 });
    expect(itemOf(items, 'claim_form')).toMatchObject({ status: 'attached', incidentFiles: 2, lines: null });
    expect(itemOf(items, 'incident_report')).toMatchObject({ status: 'missing', incidentFiles: 0 });
    // A file for a kind nobody needs yet still shows as attached.
    expect(itemOf(documentChecklist(facts({ incidentFiles: { quotes: 1 } })), 'quotes')).toMatchObject({ status: 'attached', automaticReason: null });
  });

  it('asks for the seal certificate and registry extract only above ¥10,000,000', () => {
    expect(SEAL_DOCUMENTS_THRESHOLD).toBe(10_000_000);
    for (const [amountClaimed, expected] of [
      [0, 'not_needed'],
      [9_999_999, 'not_needed'],
      [10_000_000, 'not_needed'],
      [10_000_001, 'missing'],
      [53_000_000, 'missing'],
    ] as const) {
      const items = documentChecklist(facts({ amountClaimed }));
      for (const kind of ['seal_certificate', 'registry_extract'] as const) {
        const item = itemOf(items, kind);
        expect(item.status, `${kind} at ¥${amountClaimed}`).toBe(expected);
        expect(item.automaticReason).toBe(expected === 'not_needed' ? 'below_threshold' : null);
      }
    }
  });

  it('marks an item the user waived as not needed, with their reason and no automatic one', () => {
    const items = documentChecklist(
      facts({
        amountClaimed: 53_000_000,
        claimedLines: 2,
        claimedLinesWithoutFile: 2,
        waivers: { registry_extract: '法人登記は保険会社が確認済み', receipts: '請求書で代用' },
      }),
    );
    expect(itemOf(items, 'registry_extract')).toMatchObject({ status: 'not_needed', waiverReason: '法人登記は保険会社が確認済み', automaticReason: null });
    expect(itemOf(items, 'receipts')).toMatchObject({ status: 'not_needed', waiverReason: '請求書で代用', lines: 2, linesWithoutFile: 2 });
    expect(itemOf(items, 'seal_certificate')).toMatchObject({ status: 'missing', waiverReason: null });
    // A waiver below the threshold wins over the automatic reason.
    const below = itemOf(documentChecklist(facts({ waivers: { seal_certificate: '不要と確認' } })), 'seal_certificate');
    expect(below).toMatchObject({ status: 'not_needed', waiverReason: '不要と確認', automaticReason: null });
  });

  it('shows an item as attached once it has files, even if it was waived before', () => {
    const item = itemOf(documentChecklist(facts({ incidentFiles: { claim_form: 1 }, waivers: { claim_form: '後日提出' } })), 'claim_form');
    expect(item).toMatchObject({ status: 'attached', incidentFiles: 1, waiverReason: '後日提出', automaticReason: null });
    const lines = itemOf(documentChecklist(facts({ claimedLines: 1, waivers: { receipts: 'x' } })), 'receipts');
    expect(lines.status).toBe('attached');
  });

  it('treats the kinds independently', () => {
    const items = documentChecklist(
      facts({
        amountClaimed: 12_000_000,
        claimedLines: 5,
        claimedLinesWithoutFile: 0,
        estimateLines: 1,
        estimateLinesWithoutFile: 1,
        damagesLines: 2,
        damagesLinesWithoutFile: 0,
        incidentFiles: { claim_form: 1, seal_certificate: 1 },
        waivers: { incident_report: '保険会社に口頭で報告済み' },
      }),
    );
    expect(statuses(items)).toMatchObject({
      claim_form: 'attached',
      incident_report: 'not_needed',
      receipts: 'attached',
      quotes: 'missing',
      settlements: 'attached',
      seal_certificate: 'attached',
      registry_extract: 'missing',
    });
  });

  it('leaves its input as it was', () => {
    const input = facts({ claimedLines: 2, claimedLinesWithoutFile: 1, incidentFiles: { receipts: 1 }, waivers: { quotes: 'x' } });
    const before = structuredClone(input);
    documentChecklist(input);
    expect(input).toEqual(before);
  });
});

describe('documents tied to the incident’s facts (SPEC §6a)', () => {
  const conditional = [
    ['forensic_report', 'investigation'],
    ['notice_letters', 'notices'],
    ['condolence_list', 'condolence'],
    ['ppc_report', 'regulator_report'],
    ['outsourcing_contract', 'contractor'],
    ['demand_letters', 'third_party_claims'],
    ['payroll_records', 'overtime'],
    ['consent_letters', 'consent'],
  ] as const;

  it('asks for each one only when its fact holds, and says why it is not needed otherwise', () => {
    for (const [kind, condition] of conditional) {
      expect(itemOf(documentChecklist(facts({ conditions: { [condition]: true } })), kind), kind).toMatchObject({ status: 'missing', automaticReason: null });
      const without = itemOf(documentChecklist(NOTHING), kind);
      expect(without).toMatchObject({ status: 'not_needed', automaticReason: `no_${condition}` });
      expect(checklistDetail(without, 'ja')).not.toBe('');
      expect(checklistDetail(without, 'en')).not.toBe('');
    }
  });

  it('the payroll records with overtime lines, the mailing list with condolence lines, the contract with a contractor', () => {
    const items = documentChecklist(facts({ conditions: { overtime: true, condolence: true, contractor: true } }));
    expect(statuses(items)).toMatchObject({
      payroll_records: 'missing',
      condolence_list: 'missing',
      outsourcing_contract: 'missing',
      ppc_report: 'not_needed',
    });
  });

  it('asks for the seal documents above ¥5,000,000 claimed when the payee is not the insured', () => {
    expect(SEAL_DOCUMENTS_THRESHOLD).toBe(10_000_000);
    const other = (amountClaimed: number) => itemOf(documentChecklist(facts({ amountClaimed, payeeIsInsured: false })), 'seal_certificate').status;
    expect(other(5_000_000)).toBe('not_needed');
    expect(other(5_000_001)).toBe('missing');
    expect(itemOf(documentChecklist(facts({ amountClaimed: 5_000_001 })), 'seal_certificate').status).toBe('not_needed');
  });
});

describe('checklistDetail', () => {
  const items = (over: Partial<DocumentFacts>) => documentChecklist(facts(over));

  it('gives the automatic reasons in Japanese and English', () => {
    const nothing = documentChecklist(NOTHING);
    expect(checklistDetail(itemOf(nothing, 'receipts'), 'ja')).toBe('請求する明細がありません');
    expect(checklistDetail(itemOf(nothing, 'receipts'), 'en')).toBe('No claimed lines yet');
    expect(checklistDetail(itemOf(nothing, 'quotes'), 'ja')).toBe('見積段階の明細がありません');
    expect(checklistDetail(itemOf(nothing, 'quotes'), 'en')).toBe('No lines at the estimate stage');
    expect(checklistDetail(itemOf(nothing, 'settlements'), 'ja')).toBe('損害賠償金の明細がありません');
    expect(checklistDetail(itemOf(nothing, 'settlements'), 'en')).toBe('No damages lines');
    expect(checklistDetail(itemOf(nothing, 'seal_certificate'), 'ja')).toBe('請求額が1,000万円以下のため不要');
    expect(checklistDetail(itemOf(nothing, 'registry_extract'), 'en')).toBe('Not needed: the amount claimed is ¥10,000,000 or less');
  });

  it("gives the user's reason, as typed, for a waived item in either language", () => {
    const item = itemOf(items({ waivers: { incident_report: '保険会社に口頭で報告済み' }, claimedLines: 2, claimedLinesWithoutFile: 1 }), 'incident_report');
    expect(checklistDetail(item, 'ja')).toBe('保険会社に口頭で報告済み');
    expect(checklistDetail(item, 'en')).toBe('保険会社に口頭で報告済み');
    const receipts = itemOf(items({ waivers: { receipts: 'Invoices only' }, claimedLines: 2, claimedLinesWithoutFile: 1 }), 'receipts');
    expect(checklistDetail(receipts, 'ja')).toBe('Invoices only');
  });

  it('counts the lines that have a file', () => {
    const missing = itemOf(items({ claimedLines: 5, claimedLinesWithoutFile: 2 }), 'receipts');
    expect(checklistDetail(missing, 'ja')).toBe('明細 5 件中 3 件に添付あり');
    expect(checklistDetail(missing, 'en')).toBe('3 of 5 lines have a file');
    const none = itemOf(items({ estimateLines: 1, estimateLinesWithoutFile: 1 }), 'quotes');
    expect(checklistDetail(none, 'ja')).toBe('明細 1 件中 0 件に添付あり');
    expect(checklistDetail(none, 'en')).toBe('0 of 1 lines have a file');
    const all = itemOf(items({ damagesLines: 2, damagesLinesWithoutFile: 0, claimedLines: 2 }), 'settlements');
    expect(checklistDetail(all, 'ja')).toBe('明細 2 件中 2 件に添付あり');
  });

  it('adds the files for the incident as a whole', () => {
    const both = itemOf(items({ claimedLines: 4, claimedLinesWithoutFile: 1, incidentFiles: { receipts: 2 } }), 'receipts');
    expect(checklistDetail(both, 'ja')).toBe('明細 4 件中 3 件に添付あり、事故全体のファイル 2 件');
    expect(checklistDetail(both, 'en')).toBe('3 of 4 lines have a file; 2 file(s) for the incident');
    const form = itemOf(items({ incidentFiles: { claim_form: 1 } }), 'claim_form');
    expect(checklistDetail(form, 'ja')).toBe('事故全体のファイル 1 件');
    expect(checklistDetail(form, 'en')).toBe('1 file(s) for the incident');
    // Files for a kind with no lines: no "0 of 0".
    const quotes = itemOf(items({ incidentFiles: { quotes: 3 } }), 'quotes');
    expect(checklistDetail(quotes, 'en')).toBe('3 file(s) for the incident');
  });

  it('says nothing under a missing item that has neither lines nor files', () => {
    const nothing = documentChecklist(NOTHING);
    expect(checklistDetail(itemOf(nothing, 'claim_form'), 'ja')).toBe('');
    expect(checklistDetail(itemOf(nothing, 'incident_report'), 'en')).toBe('');
    expect(checklistDetail(itemOf(items({ amountClaimed: 20_000_000 }), 'seal_certificate'), 'ja')).toBe('');
  });
});

describe('labels', () => {
  it('names every status and kind in both languages', () => {
    expect(documentStatusLabel('attached', 'ja')).toBe('添付済み');
    expect(documentStatusLabel('not_needed', 'ja')).toBe('不要');
    expect(documentStatusLabel('missing', 'ja')).toBe('未提出');
    expect(documentStatusLabel('attached', 'en')).toBe('Attached');
    expect(documentStatusLabel('not_needed', 'en')).toBe('Not needed');
    expect(documentStatusLabel('missing', 'en')).toBe('Missing');
    for (const kind of DOCUMENT_KINDS) {
      expect(DOCUMENT_LABELS[kind].ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(DOCUMENT_LABELS[kind].en).toMatch(/^[A-Z][A-Za-z ]+$/);
    }
    expect(DOCUMENT_LABELS.seal_certificate.ja).toBe('印鑑証明書');
    expect(DOCUMENT_LABELS.registry_extract.ja).toBe('登記事項証明書');
  });
});

describe('documents the claim package writes itself', () => {
  it('counts the claim form and the incident report as attached once the package can write them', () => {
    const items = documentChecklist(facts({ generated: { claim_form: true, incident_report: true } }));
    expect(itemOf(items, 'claim_form')).toMatchObject({ status: 'attached', generated: true, incidentFiles: 0 });
    expect(checklistDetail(itemOf(items, 'incident_report'), 'ja')).toBe('請求パッケージに自動作成（押印して提出）');
    expect(itemOf(documentChecklist(facts({ generated: { claim_form: false } })), 'claim_form')).toMatchObject({ status: 'missing', generated: false });
  });
});
