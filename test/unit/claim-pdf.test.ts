// The claim summary PDF: renders worked example 2 in both languages and reads it back with poppler; and a
// ledger with every tax category, registration numbers and withholding (issue 16).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderClaimSummaryPdf } from '../../server/packages/claim-pdf.ts';
import type { ClaimPdfData, PdfLineList } from '../../server/packages/claim-pdf-data.ts';
import type { NumberedLine } from '../../server/packages/ledger-columns.ts';
import { PdfLineCollector } from '../../server/packages/pdf-lines.ts';
import { COST_CATEGORIES, type CostCategory, type CostStage, type Locale } from '../../shared/categories.ts';
import { documentChecklist } from '../../shared/documents.ts';
import { TAX_CATEGORY_LABELS, type TaxCategory } from '../../shared/tax.ts';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { at } from '../support/at.ts';

const FIGURES: Partial<Record<CostCategory, { incurred: number; counted: number; estimated: number }>> = {
  public_notice: { incurred: 18_000_000, counted: 18_000_000, estimated: 0 },
  investigation: { incurred: 0, counted: 0, estimated: 2_500_000 },
  condolence: { incurred: 25_000_000, counted: 25_000_000, estimated: 0 },
  damages: { incurred: 13_000_000, counted: 13_000_000, estimated: 0 },
  litigation: { incurred: 10_000_000, counted: 10_000_000, estimated: 0 },
};

const STEPS: Record<Locale, string[]> = {
  ja: [
    '① 費用の発生額: 社告・会見等費用 ¥18,000,000 + 見舞金・見舞品購入費用 ¥25,000,000 = ¥43,000,000',
    '② 費用保険金: ¥43,000,000 > 費用総支払限度額 ¥30,000,000 → ¥30,000,000',
    '③ 賠償責任: 損害賠償金 ¥13,000,000 + 争訟費用 ¥10,000,000 = ¥23,000,000、免責金額 ¥0 を差し引き ¥23,000,000 < 賠償責任支払限度額 ¥100,000,000 → ¥23,000,000',
    '④ 支払保険金の合計: ¥23,000,000 + ¥30,000,000 = ¥53,000,000',
  ],
  en: [
    '1. Expenses incurred: Public notices and press conferences ¥18,000,000 + Condolence payments and gifts ¥25,000,000 = ¥43,000,000',
    '2. Expenses payable: ¥43,000,000 > expense limit ¥30,000,000 → ¥30,000,000',
    '3. Liability: damages ¥13,000,000 + litigation ¥10,000,000 = ¥23,000,000, less the deductible ¥0 = ¥23,000,000 < liability limit ¥100,000,000 → ¥23,000,000',
    '4. Total payable: ¥23,000,000 + ¥30,000,000 = ¥53,000,000',
  ],
};

const WARNINGS: Record<Locale, string[]> = {
  ja: ['費用総支払限度額 ¥30,000,000 に達しています(請求・支払済 ¥43,000,000)。これを超える費用は支払われません。'],
  en: ['The expense limit of ¥30,000,000 is reached (invoiced and paid: ¥43,000,000). Costs beyond it are not paid.'],
};

/** A ledger line as the package reads it, numbered; only what the PDF shows differs between lines. */
function numbered(
  number: number,
  fields: {
    category: CostCategory;
    stage: CostStage;
    incurredOn: string;
    amount: number;
    vendor?: string;
    description?: string;
    files?: string[];
    taxCategory?: TaxCategory;
    taxAmount?: number;
    invoiceNumber?: string;
    withholdingTax?: number;
  },
): NumberedLine {
  return {
    id: `line-${number}`,
    vendor: null,
    description: null,
    quantity: null,
    unitAmount: null,
    source: 'insured',
    claimant: null,
    incurredAbroad: 0,
    createdByName: '佐藤 花子',
    invoicedOn: null,
    paidOn: null,
    approvedByName: null,
    approvedAt: null,
    consentOn: null,
    consentReference: null,
    consentGivenBy: null,
    reviewDecision: null,
    // Worked example 2's lines are a third party's claim: 不課税 (docs/rules.md §3).
    taxCategory: 'non_taxable',
    taxAmount: 0,
    invoiceNumber: null,
    withholdingTax: null,
    files: [],
    ...fields,
    number,
  };
}

/** Worked example 2's lines and its estimate, in date order as the package numbers them, through the real collector. */
const EXAMPLE_LINES: NumberedLine[] = [
  numbered(1, {
    category: 'public_notice',
    stage: 'invoiced',
    incurredOn: '2026-06-10',
    amount: 18_000_000,
    vendor: 'A社',
    description: '謝罪広告、原因調査等(A社からの求償)',
    files: ['receipts/0001-1_謝罪広告請求書.pdf'],
  }),
  numbered(2, {
    category: 'investigation',
    stage: 'estimate',
    incurredOn: '2026-06-12',
    amount: 2_500_000,
    vendor: 'セキュリティ調査株式会社',
    description: 'フォレンジック調査(見積)',
    taxCategory: 'taxable_10',
    taxAmount: 227_272,
  }),
  numbered(3, {
    category: 'condolence',
    stage: 'paid',
    incurredOn: '2026-06-20',
    amount: 25_000_000,
    description: '見舞金 500円 × 5万人(A社からの求償)',
    files: ['receipts/0003-1_振込明細.pdf', 'receipts/0003-2_見舞金一覧.pdf'],
  }),
  numbered(4, { category: 'damages', stage: 'paid', incurredOn: '2026-08-01', amount: 3_000_000, description: 'A社顧客300人への損害賠償金(1名1万円)' }),
  numbered(5, {
    category: 'litigation',
    stage: 'invoiced',
    incurredOn: '2026-08-01',
    amount: 10_000_000,
    vendor: '東京中央法律事務所',
    description: '争訟費用等(A社からの求償)',
  }),
  numbered(6, { category: 'damages', stage: 'agreed', incurredOn: '2026-08-15', amount: 10_000_000, description: 'A社の営業自粛による損失' }),
];

function linesOf(lines: NumberedLine[], limit?: number): PdfLineList {
  const collector = new PdfLineCollector(limit);
  for (const line of lines) collector.add(line);
  return collector.result();
}

function exampleData(locale: Locale): ClaimPdfData {
  return {
    locale,
    package: {
      id: 'pkg_01JDX8Q4N7W2',
      name: locale === 'ja' ? 'A社顧客データ 5万件の流出(入力受託業務) 第2版' : 'A社顧客データ 5万件の流出(入力受託業務), version 2',
      version: 2,
      createdAt: '2026-11-25T09:30:00.000Z',
      createdByName: '佐藤 花子',
    },
    policyholder: { name: '株式会社ビーデータサービス' },
    policy: {
      insurer: '東京海上日動火災保険株式会社',
      policyNumber: 'IT-2026-000202',
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      liabilityLimit: 100_000_000,
      expenseLimit: 30_000_000,
      deductible: 0,
      restorationRider: false,
    },
    incident: { ...WORKED_EXAMPLE_2.incident, recordsAffected: 50_000, description: WORKED_EXAMPLE_2.incident.description ?? null },
    claimReference: 'TM-26-004512',
    claimStatus: 'submitted',
    timeline: [
      { date: '2026-05-20', label: locale === 'ja' ? '事故発生' : 'Incident occurred' },
      { date: '2026-06-01', label: locale === 'ja' ? '事故発見' : 'Incident discovered' },
      { date: '2026-06-10', label: locale === 'ja' ? '最初の費用' : 'First cost' },
      { date: '2026-08-15', label: locale === 'ja' ? '最後の費用' : 'Last cost' },
    ],
    byCategory: COST_CATEGORIES.map((category) => ({ category, incurred: 0, counted: 0, estimated: 0, ...FIGURES[category] })),
    totals: {
      claimedLines: 5,
      claimedAmount: 66_000_000,
      expenseIncurred: 43_000_000,
      costsPayable: 30_000_000,
      liabilityPayable: 23_000_000,
      totalPayable: 53_000_000,
      projectedTotalPayable: 53_000_000,
    },
    steps: STEPS[locale],
    warnings: WARNINGS[locale],
    approval: { approvedLines: 4, lines: 6 },
    consentMissing: { lines: 1, numbers: [2] },
    // Nothing disallowed: the broker's figures are the client's.
    brokerAdjusted: { totalPayable: 53_000_000, costsPayable: 30_000_000, liabilityPayable: 23_000_000, disallowedLines: 0, disallowedAmount: 0 },
    checklist: documentChecklist({
      amountClaimed: 53_000_000,
      payeeIsInsured: true,
      conditions: {},
      claimedLines: 5,
      claimedLinesWithoutFile: 1,
      estimateLines: 1,
      estimateLinesWithoutFile: 0,
      damagesLines: 2,
      damagesLinesWithoutFile: 0,
      incidentFiles: { claim_form: 1, incident_report: 1 },
      waivers: {},
    }),
    terms: {
      liabilityLimitPerClaim: 50_000_000,
      defenceCosts: 'within_limit',
      restorationRatioPercent: 90,
      restorationSublimit: 3_000_000,
      condolencePerPersonCap: 500,
      responseWindowDays: 365,
      responseWindowEnd: '2027-05-31',
    },
    // A second incident of the period: an earlier one used ¥12,000,000 of the expense limit.
    periodLimits: {
      expense: { aggregate: 30_000_000, usedElsewhere: 12_000_000, usedHere: 18_000_000, left: 0 },
      liability: { aggregate: 100_000_000, usedElsewhere: 0, usedHere: 23_000_000, left: 77_000_000 },
    },
    excluded: [
      { reason: 'not_fixed', lines: 2 },
      { reason: 'after_response_window', lines: 3 },
    ],
    lines: linesOf(EXAMPLE_LINES),
    // The five claimed lines are a third party's claim; the estimate (taxed) is left out.
    byTaxCategory: { rows: [{ taxCategory: 'non_taxable', lines: 5, gross: 66_000_000, tax: 0, net: 66_000_000, withheld: 0 }], unclaimedLines: 1 },
    taxTreatment: 'inclusive',
  };
}

/** pdftotext breaks long lines where the PDF wraps them; comparing without whitespace ignores that. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

let dir: string;
const pdfs: Partial<Record<Locale, { path: string; buffer: Buffer; text: string }>> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claim-pdf-'));
  for (const locale of ['ja', 'en'] as const) {
    const buffer = await renderClaimSummaryPdf(exampleData(locale));
    const path = join(dir, `claim-${locale}.pdf`);
    writeFileSync(path, buffer);
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    pdfs[locale] = { path, buffer, text };
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('renderClaimSummaryPdf', () => {
  it('writes a PDF', () => {
    expect(pdfs.ja!.buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('shows the Japanese claim with its figures, steps, warnings and checklist', () => {
    const { text } = pdfs.ja!;
    const flat = squash(text);
    for (const expected of [
      '保険金請求 集計表（情報漏えい対応費用）',
      '株式会社ビーデータサービス',
      '事故原因調査費用',
      '社告・会見等費用',
      '見舞金・見舞品購入費用',
      'お支払い見込額 合計',
      '¥53,000,000',
      '¥2,500,000',
      '令和8年',
      '50,000件',
      '2026年11月25日 18:30',
      '印鑑証明書',
      '記名・押印欄',
      'IT-2026-000202',
      'pkg_01JDX8Q4N7W2',
      ...STEPS.ja,
      ...WARNINGS.ja,
    ]) {
      expect(flat).toContain(squash(expected));
    }
    expect(text).toMatch(/お支払い見込額 合計\s+¥53,000,000/);
  });

  it('puts the policy number, the insurer’s claim reference, page / pages and the package id in every footer', () => {
    const footers = [...squash(pdfs.ja!.text).matchAll(/証券番号IT-2026-000202(\d+)\/(\d+)pkg_01JDX8Q4N7W2事故受付番号:TM-26-004512/g)];
    const pageCount = footers.length;
    expect(pageCount).toBeGreaterThan(1);
    expect(footers.map((m) => [Number(m[1]), Number(m[2])])).toEqual(Array.from({ length: pageCount }, (_, i) => [i + 1, pageCount]));
  });

  it('prints the steps in the order given', () => {
    const flat = squash(pdfs.ja!.text);
    const positions = STEPS.ja.map((step) => flat.indexOf(squash(step)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('shows the English claim with English labels', () => {
    const { text } = pdfs.en!;
    const flat = squash(text);
    for (const expected of [
      'Claim summary (data breach response costs)',
      'Totals per category',
      'Cause investigation',
      'Public notices and press conferences',
      'Seal certificate',
      '1 Jun 2026',
      'version 2',
      ...STEPS.en,
      ...WARNINGS.en,
    ]) {
      expect(flat).toContain(squash(expected));
    }
    expect(text).toMatch(/Total payable\s+¥53,000,000/);
    expect(text).not.toContain('お支払い見込額');
  });

  it('shows the claim status, finance’s approval and the lines without consent; no broker column while nothing is disallowed', () => {
    const ja = squash(pdfs.ja!.text);
    for (const expected of ['請求の状況', '提出済', '経理の承認', '明細 6件中 4件が承認済み', '保険会社の事前同意がない明細', 'No. 2（計 1件）']) {
      expect(ja, expected).toContain(squash(expected));
    }
    expect(ja).not.toContain('代理店査定後');
    const en = squash(pdfs.en!.text);
    for (const expected of [
      'Claim status',
      'Submitted',
      'Finance approval',
      '4 of 6 lines approved',
      'Lines without the insurer’s prior consent',
      'No. 2 (1 line)',
    ]) {
      expect(en, expected).toContain(squash(expected));
    }
    expect(en).not.toContain('Broker-adjusted');
  });

  it('puts the broker-adjusted figures beside the client’s once a line is disallowed, and counts what it does not list', async () => {
    const adjusted = (locale: Locale): ClaimPdfData => ({
      ...exampleData(locale),
      claimStatus: 'under_review',
      approval: { approvedLines: 0, lines: 6 },
      consentMissing: { lines: 150, numbers: Array.from({ length: 30 }, (_, i) => i + 1) },
      brokerAdjusted: { totalPayable: 43_000_000, costsPayable: 30_000_000, liabilityPayable: 13_000_000, disallowedLines: 1, disallowedAmount: 10_000_000 },
    });
    const read = async (locale: Locale) => {
      const file = join(dir, `adjusted-${locale}.pdf`);
      writeFileSync(file, await renderClaimSummaryPdf(adjusted(locale)));
      return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    };
    const ja = await read('ja');
    expect(ja).toMatch(/契約者の請求\s+代理店査定後/);
    expect(ja).toMatch(/お支払い見込額 合計\s+¥53,000,000\s+¥43,000,000/);
    expect(ja).toMatch(/賠償責任保険金\s+¥23,000,000\s+¥13,000,000/);
    expect(ja).toMatch(/請求額合計\s+¥66,000,000\s+¥56,000,000/);
    for (const expected of [
      '代理店が否認した明細',
      '1件（¥10,000,000）',
      '代理店確認中',
      '明細 6件中 0件が承認済み',
      'No. 1, 2, 3',
      '29, 30, … ほか 120件（計 150件）',
    ]) {
      expect(squash(ja), expected).toContain(squash(expected));
    }
    const en = await read('en');
    expect(en).toMatch(/As claimed\s+Broker-adjusted/);
    expect(en).toMatch(/Total payable\s+¥53,000,000\s+¥43,000,000/);
    for (const expected of ['Lines disallowed by the broker', '1 line (¥10,000,000)', 'Under review', '… and 120 more (150 lines)']) {
      expect(squash(en), expected).toContain(squash(expected));
    }
  });

  it('shows the policy period’s limits, the terms that apply and the lines each rule leaves out', () => {
    const ja = pdfs.ja!.text;
    expect(ja).toMatch(/費用総支払限度額\s+¥30,000,000\s+¥12,000,000\s+¥18,000,000\s+¥0/);
    expect(ja).toMatch(/賠償責任支払限度額\s+¥100,000,000\s+¥0\s+¥23,000,000\s+¥77,000,000/);
    for (const expected of [
      '保険期間の支払限度額の使用状況',
      '先の事故・既払',
      '賠償責任 1請求あたり限度額',
      '¥50,000,000',
      '限度額内(損害賠償金と合算)',
      '見舞金 1名あたり上限',
      '事故対応期間',
      '発見日から365日',
      '支払対象外の明細',
      '示談・判決で未確定(見込額のみ)',
      '2件',
      '事故対応期間の後に発生',
      '3件',
    ]) {
      expect(squash(ja), expected).toContain(squash(expected));
    }
    const en = pdfs.en!.text;
    expect(en).toMatch(/Total expense limit\s+¥30,000,000\s+¥12,000,000\s+¥18,000,000\s+¥0/);
    for (const expected of [
      'The policy period’s limits',
      'Earlier incidents',
      'Liability limit per claim',
      'Within the limit (added to damages)',
      '365 days from discovery',
      'Lines not paid',
      'Incurred after the response window',
    ]) {
      expect(squash(en), expected).toContain(squash(expected));
    }
  });

  it('names the package by incident and version in a header whose labels stay whole', () => {
    const pages = pdfs.ja!.text.split('\f');
    const title = at(pages, 0).split('\n').slice(0, 8).join('\n');
    expect(title).toMatch(/請求パッケージ\s+作成日時\s+作成者/);
    expect(title).toContain('A社顧客データ 5万件の流出(入力受託業務) 第2版');
    expect(title).toContain('佐藤 花子');
    // The id is left to the footer, for matching with the manifest.
    expect(title).not.toContain('pkg_01JDX8Q4N7W2');
    const en = pdfs.en!.text.split('\n').slice(0, 8).join('\n');
    expect(en).toMatch(/Package\s+Created\s+By/);
    expect(en).toContain('A社顧客データ 5万件の流出(入力受託業務), version 2');
  });

  it('repeats a header with the incident, the version and the policy number on every page after the first', () => {
    const pages = pdfs.ja!.text.split('\f').filter((page) => page.trim() !== '');
    expect(pages.length).toBeGreaterThan(2);
    const header = /^\s*A社顧客データ 5万件の流出\(入力受託業務\) 第2版\s+証券番号 IT-2026-000202\s*$/m;
    expect(pages[0]).not.toMatch(header);
    for (const [i, page] of pages.slice(1).entries()) expect(page, `page ${i + 2}`).toMatch(header);
    const en = pdfs.en!.text.split('\f').filter((page) => page.trim() !== '');
    for (const page of en.slice(1)) expect(page).toMatch(/A社顧客データ 5万件の流出\(入力受託業務\), version 2\s+Policy number IT-2026-000202/);
  });

  it('lists every line with its date, category, vendor, description, stage, amount and receipts, and subtotals per category', () => {
    const appendix = pdfs.ja!.text.slice(pdfs.ja!.text.indexOf('別紙 明細一覧'));
    expect(appendix).toMatch(/No\.\s+発生日\s+費用区分\s+支払先\s+内容\s+段階\s+税額\s+金額\s+領収書等$/m);
    expect(appendix).toMatch(/^\s*登録番号\s+税区分\s+税込\s*$/m);
    const flat = squash(appendix);
    // Each line in one row, in the order of the columns (pdftotext keeps a row's first text line together).
    expect(appendix).toMatch(/1\s+2026年6月10日\s+社告・会見等費用\s+A社\s+謝罪広告、原因調査等\S*\s+請求\s+不課税\s+¥18,000,000\s+0001-1_謝罪広告/);
    expect(appendix).toMatch(/2\s+2026年6月12日\s+事故原因調査費用\s+セキュリティ調査\S*\s+フォレンジック調査\S*\s+見積\s+¥227,272\s+¥2,500,000/);
    expect(appendix).toMatch(/5\s+2026年8月1日\s+争訟費用\s+東京中央法律事務\S*\s+争訟費用等\S*\s+請求\s+不課税\s+¥10,000,000/);
    for (const receipt of ['0003-1_振込明細.pdf', '0003-2_見舞金一覧.pdf']) expect(flat).toContain(squash(receipt));
    // A subtotal after each category's lines; where some are estimates, what is claimed of it.
    expect(appendix).toMatch(/小計\s+社告・会見等費用\s+1件\s+¥0\s+¥18,000,000/);
    expect(appendix).toMatch(/小計\s+事故原因調査費用\s+1件（うち請求・支払済 ¥0）\s+¥227,272\s+¥2,500,000/);
    expect(appendix).toMatch(/小計\s+損害賠償金\s+2件\s+¥0\s+¥13,000,000/);
    expect(appendix).toMatch(/合計\s+6件（うち請求・支払済 ¥66,000,000）\s+¥227,272\s+¥68,500,000/);
    // Both damages lines (No. 4 and 6) before the damages subtotal, and none after it.
    expect(appendix.indexOf('損害賠償金(1名1万円)')).toBeLessThan(appendix.search(/小計\s+損害賠償金/));
    expect(appendix.indexOf('A社の営業自粛による損失')).toBeLessThan(appendix.search(/小計\s+損害賠償金/));
    const en = pdfs.en!.text.slice(pdfs.en!.text.indexOf('Appendix: the lines'));
    expect(en).toMatch(/No\.\s+Date\s+Category\s+Vendor\s+Description\s+Stage\s+Tax\s+Amount\s+Receipts$/m);
    expect(en).toMatch(/Subtotal\s+Cause investigation\s+1 line \(of which claimed ¥0\)\s+¥227,272\s+¥2,500,000/);
    expect(en).toMatch(/Total\s+6 lines \(of which claimed ¥66,000,000\)\s+¥227,272\s+¥68,500,000/);
  });

  it('repeats the column headings on every page of a long list, and lists up to its bound, saying where the rest are', async () => {
    const categories: CostCategory[] = ['public_notice', 'investigation', 'communications'];
    const many = Array.from({ length: 300 }, (_, i) =>
      numbered(i + 1, {
        category: at(categories, i % 3),
        stage: 'invoiced',
        incurredOn: '2026-07-01',
        amount: 10_000 + i,
        vendor: `取引先 ${i + 1}`,
        description: `対応 第${i + 1}回`,
      }),
    );
    const read = async (limit: number) => {
      const file = join(dir, `many-${limit}.pdf`);
      writeFileSync(file, await renderClaimSummaryPdf({ ...exampleData('ja'), lines: linesOf(many, limit) }));
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      return text
        .slice(text.indexOf('別紙 明細一覧'))
        .split('\f')
        .filter((page) => page.trim() !== '');
    };
    const all = await read(300);
    expect(all.length).toBeGreaterThan(3);
    for (const [i, page] of all.entries()) expect(page, `appendix page ${i + 1}`).toMatch(/No\.\s+発生日\s+費用区分\s+支払先\s+内容\s+段階\s+税額\s+金額/);
    const listed = (pages: string[]) => [...pages.join('\n').matchAll(/^\s*(\d+)\s+2026年7月1日/gm)].map((m) => Number(m[1]));
    expect(listed(all).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // Each category's subtotal is the sum of its lines: 100 lines of 10,000 + i.
    const subtotal = (offset: number) => 100 * 10_000 + Array.from({ length: 100 }, (_, k) => offset + 3 * k).reduce((a, b) => a + b, 0);
    expect(all.join('\n')).toMatch(new RegExp(`小計\\s+社告・会見等費用\\s+100件\\s+¥0\\s+¥${subtotal(0).toLocaleString('en-US')}`));

    const bounded = await read(40);
    expect(listed(bounded).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const text = squash(bounded.join('\n'));
    expect(text).toContain(
      squash('明細 300件のうち、No. 1〜40 の 40件を費用区分ごとに発生日順で掲げます。No. 41〜300 は同梱の ledger.xlsx・ledger.csv にあります'),
    );
    // The subtotals still cover every line: 100 per category, 14 of them listed (No. 1, 4, … 40).
    expect(bounded.join('\n')).toMatch(new RegExp(`小計\\s+社告・会見等費用\\s+100件（掲載 14件）\\s+¥0\\s+¥${subtotal(0).toLocaleString('en-US')}`));
    expect(bounded.join('\n')).toMatch(/合計\s+300件（掲載 40件）/);
  });

  it('puts the totals per tax rate of the claimed lines beside the totals, and says how the policy counts tax', () => {
    const ja = pdfs.ja!.text;
    expect(ja).toMatch(/消費税の扱い\s+税込（消費税を含めた額で計算）/);
    expect(ja).toMatch(/税区分\s+件数\s+税込\s+税額\s+税抜\s+源泉徴収税額/);
    expect(ja).toMatch(/不課税\s+5\s+¥66,000,000\s+¥0\s+¥66,000,000\s+¥0/);
    expect(squash(ja)).toContain(squash('請求・支払済の明細 5件の額です（見積・未確定の 1件は含みません）。'));
    // After the totals, before the period's limits.
    expect(ja.indexOf('税率別の内訳')).toBeGreaterThan(ja.indexOf('お支払い見込額 合計'));
    expect(ja.indexOf('税率別の内訳')).toBeLessThan(ja.indexOf('保険期間の支払限度額の使用状況'));
    const en = pdfs.en!.text;
    expect(en).toMatch(/Consumption tax\s+Tax included \(amounts with consumption tax\)/);
    expect(en).toMatch(/Per tax rate/);
    expect(en).toMatch(/Not subject\s+5\s+¥66,000,000\s+¥0\s+¥66,000,000\s+¥0/);
  });

  it('embeds the Noto Sans JP fonts', () => {
    const fonts = execFileSync('/usr/bin/pdffonts', [pdfs.ja!.path], { encoding: 'utf8' });
    const noto = fonts.split('\n').filter((line) => line.includes('NotoSansJP'));
    expect(noto.length).toBeGreaterThan(0);
    // Columns: name, type (two words), encoding, emb, sub, uni, object ID.
    for (const line of noto) expect(line).toMatch(/\sIdentity-H\s+yes\s+yes\s+yes\s/);
  });

  it('leaves its input as it was', async () => {
    const data = exampleData('ja');
    const before = structuredClone(data);
    await renderClaimSummaryPdf(data);
    expect(data).toEqual(before);
  });

  it('depends only on its input', async () => {
    const again = await renderClaimSummaryPdf(exampleData('ja'));
    expect(again.equals(pdfs.ja!.buffer)).toBe(true);
  });
});

/** A finance team's ledger: every tax category, registration numbers, a lawyer's fee with income tax withheld, an estimate. */
const TAXED_LINES: NumberedLine[] = [
  numbered(1, {
    category: 'investigation',
    stage: 'paid',
    incurredOn: '2026-06-10',
    amount: 1_100_000,
    vendor: 'フォレンジック社',
    description: '初動調査',
    taxCategory: 'taxable_10',
    taxAmount: 100_000,
    invoiceNumber: 'T7000012050002',
  }),
  numbered(2, {
    category: 'overtime_travel',
    stage: 'paid',
    incurredOn: '2026-06-11',
    amount: 10_800,
    vendor: '仕出し屋',
    description: '弁当(対応要員)',
    taxCategory: 'taxable_8',
    taxAmount: 800,
  }),
  numbered(3, {
    category: 'condolence',
    stage: 'paid',
    incurredOn: '2026-06-12',
    amount: 500_000,
    description: 'QUOカード 500円 × 1,000人',
    taxCategory: 'exempt',
  }),
  numbered(4, {
    category: 'consulting',
    stage: 'paid',
    incurredOn: '2026-06-15',
    amount: 1_650_000,
    vendor: '山田 太郎 弁護士',
    description: '法律相談',
    taxCategory: 'taxable_10',
    taxAmount: 150_000,
    invoiceNumber: 'T1010001000006',
    withholdingTax: 153_150,
  }),
  numbered(5, {
    category: 'investigation',
    stage: 'invoiced',
    incurredOn: '2026-06-20',
    amount: 300_000,
    vendor: 'Overseas Forensics Ltd',
    description: '海外拠点の調査',
    taxCategory: 'out_of_scope',
  }),
  numbered(6, { category: 'damages', stage: 'agreed', incurredOn: '2026-07-01', amount: 2_000_000, description: '顧客への賠償金' }),
  numbered(7, {
    category: 'public_notice',
    stage: 'estimate',
    incurredOn: '2026-07-05',
    amount: 550_000,
    vendor: '広告社',
    description: '謝罪広告(見積)',
    taxCategory: 'taxable_10',
    taxAmount: 50_000,
  }),
];

/** What cost.taxTotals answers as `claimed` for those lines (the estimate, No. 7, left out), worked out by hand. */
const TAXED_CLAIMED = [
  { taxCategory: 'taxable_10', lines: 2, gross: 2_750_000, tax: 250_000, net: 2_500_000, withheld: 153_150 },
  { taxCategory: 'taxable_8', lines: 1, gross: 10_800, tax: 800, net: 10_000, withheld: 0 },
  { taxCategory: 'exempt', lines: 1, gross: 500_000, tax: 0, net: 500_000, withheld: 0 },
  { taxCategory: 'non_taxable', lines: 1, gross: 2_000_000, tax: 0, net: 2_000_000, withheld: 0 },
  { taxCategory: 'out_of_scope', lines: 1, gross: 300_000, tax: 0, net: 300_000, withheld: 0 },
] as const;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('consumption tax in the claim PDF', () => {
  const texts: Partial<Record<string, { layout: string; raw: string }>> = {};
  beforeAll(async () => {
    for (const [name, locale, taxTreatment] of [
      ['ja', 'ja', 'inclusive'],
      ['en', 'en', 'inclusive'],
      ['ja-exclusive', 'ja', 'exclusive'],
    ] as const) {
      const file = join(dir, `taxed-${name}.pdf`);
      const data: ClaimPdfData = {
        ...exampleData(locale),
        lines: linesOf(TAXED_LINES),
        byTaxCategory: { rows: TAXED_CLAIMED.map((row) => ({ ...row })), unclaimedLines: 1 },
        taxTreatment,
      };
      writeFileSync(file, await renderClaimSummaryPdf(data));
      const read = (mode: string) => execFileSync('/usr/bin/pdftotext', [mode, file, '-'], { encoding: 'utf8' });
      texts[name] = { layout: read('-layout'), raw: read('-raw') };
    }
  });

  it('lists per tax rate the claimed lines’ 税込, 税額, 税抜 and the income tax withheld, with their total', () => {
    const ja = texts.ja!.layout;
    const row = (taxCategory: TaxCategory, figures: string) => new RegExp(`${escape(TAX_CATEGORY_LABELS[taxCategory].ja)}\\s+${figures}`);
    expect(ja).toMatch(row('taxable_10', '2\\s+¥2,750,000\\s+¥250,000\\s+¥2,500,000\\s+¥153,150'));
    expect(ja).toMatch(row('taxable_8', '1\\s+¥10,800\\s+¥800\\s+¥10,000\\s+¥0'));
    expect(ja).toMatch(row('exempt', '1\\s+¥500,000\\s+¥0\\s+¥500,000\\s+¥0'));
    expect(ja).toMatch(row('non_taxable', '1\\s+¥2,000,000\\s+¥0\\s+¥2,000,000\\s+¥0'));
    expect(ja).toMatch(row('out_of_scope', '1\\s+¥300,000\\s+¥0\\s+¥300,000\\s+¥0'));
    expect(ja).toMatch(/合計\s+6\s+¥5,560,800\s+¥250,800\s+¥5,310,000\s+¥153,150/);
    expect(squash(ja)).toContain(
      squash(
        '請求・支払済の明細 6件の額です（見積・未確定の 1件は含みません）。源泉徴収税額は報酬から差し引いて納付する所得税で、請求額は差し引く前の税込の額です。',
      ),
    );
    const en = texts.en!.layout;
    expect(en).toMatch(/Tax category\s+Lines\s+Incl\. tax\s+Tax\s+Net of tax\s+Income tax withheld/);
    expect(en).toMatch(/Taxable 10%\s+2\s+¥2,750,000\s+¥250,000\s+¥2,500,000\s+¥153,150/);
    expect(en).toMatch(/Taxable 8% \(reduced\)\s+1\s+¥10,800\s+¥800\s+¥10,000\s+¥0/);
    expect(en).toMatch(/Out of scope\s+1\s+¥300,000\s+¥0\s+¥300,000\s+¥0/);
    expect(en).toMatch(/Total\s+6\s+¥5,560,800\s+¥250,800\s+¥5,310,000\s+¥153,150/);
    expect(squash(en)).toContain(squash('Over the 6 claimed lines (the 1 estimate or demand is left out). Income tax withheld is deducted from a fee'));
  });

  it('says which tax treatment the policy has', () => {
    expect(texts.ja!.layout).toMatch(/消費税の扱い\s+税込（消費税を含めた額で計算）/);
    expect(texts['ja-exclusive']!.layout).toMatch(/消費税の扱い\s+税抜（消費税を除いた額で計算）/);
  });

  it('shows on each line of the appendix its tax with the category under it, and the registration number under the vendor', () => {
    const appendix = texts.ja!.layout.slice(texts.ja!.layout.indexOf('別紙 明細一覧'));
    expect(appendix).toMatch(/No\.\s+発生日\s+費用区分\s+支払先\s+内容\s+段階\s+税額\s+金額\s+領収書等$/m);
    expect(appendix).toMatch(/^\s*登録番号\s+税区分\s+税込\s*$/m);
    // A row's first text line, then its second: the registration number under the vendor, the rate under the tax.
    expect(appendix).toMatch(/1\s+2026年6月10日\s+事故原因調査費用\s+フォレンジック社\s+初動調査\s+支払済\s+¥100,000\s+¥1,100,000\n\s+T7000012050002\s+10%/);
    expect(appendix).toMatch(/4\s+2026年6月15日\s+コンサルティング\S*\s+山田 太郎 弁護\S*\s+法律相談\s+支払済\s+¥150,000\s+¥1,650,000/);
    // Cell by cell, in the order written: vendor and its number, …, the tax and its category, the amount.
    const raw = squash(texts.ja!.raw);
    expect(raw).toMatch(/山田太郎弁護士T1010001000006法律相談支払済¥150,00010%¥1,650,000/);
    expect(raw).toMatch(/仕出し屋弁当\(対応要員\)支払済¥8008%軽減¥10,800/);
    expect(raw).toMatch(/QUOカード500円×1,000人支払済非課税¥500,000/);
    expect(raw).toMatch(/海外拠点の調査請求対象外¥300,000/);
    expect(raw).toMatch(/顧客への賠償金示談成立・判決確定不課税¥2,000,000/);
    // The subtotals and the total carry the tax too, over every line (the estimate's included).
    expect(appendix).toMatch(/小計\s+事故原因調査費用\s+2件\s+¥100,000\s+¥1,400,000/);
    expect(appendix).toMatch(/合計\s+7件（うち請求・支払済 ¥5,560,800）\s+¥300,800\s+¥6,110,800/);
    const en = texts.en!.layout.slice(texts.en!.layout.indexOf('Appendix: the lines'));
    expect(en).toMatch(/No\.\s+Date\s+Category\s+Vendor\s+Description\s+Stage\s+Tax\s+Amount\s+Receipts$/m);
    expect(en).toMatch(/^\s*Registration no\.\s+category\s+incl\. tax\s*$/m);
    expect(squash(texts.en!.raw)).toMatch(/山田太郎弁護士T1010001000006法律相談Paid¥150,00010%¥1,650,000/);
    expect(squash(texts.en!.raw)).toMatch(/Exempt¥500,000/);
  });
});
