// Renders the claim summary PDF (保険金請求 集計表) that goes to the insurer with a claim package.

import type { Column, Content, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { categoryLabel, INCIDENT_KIND_LABELS, STAGE_LABELS, type Locale } from '../../shared/categories.ts';
import { CLAIM_STATUS_LABELS } from '../../shared/claim-status.ts';
import { formatDate, formatJapaneseEra } from '../../shared/dates.ts';
import { checklistDetail, DOCUMENT_LABELS, documentStatusLabel, type ChecklistItem } from '../../shared/documents.ts';
import { formatYen, sumYen } from '../../shared/money.ts';
import { packageName } from '../../shared/package-name.ts';
import { isTaxable, TAX_CATEGORY_LABELS, type TaxCategory } from '../../shared/tax.ts';
import type { ClaimPdfData, PdfLine, PdfLineList } from './claim-pdf-data.ts';
import { LINE_EXCLUSION_LABELS } from '../../shared/line-treatment.ts';
import { claimReferenceText, FONT_FAMILY, LIGHT_LINES, MUTED, renderPdf, SHADE, WRITING_LINES } from './pdf-base.ts';

const LABELS = {
  title: { ja: '保険金請求 集計表（情報漏えい対応費用）', en: 'Claim summary (data breach response costs)' },
  packageId: { ja: '請求パッケージ', en: 'Package' },
  version: { ja: '版', en: 'Version' },
  createdAt: { ja: '作成日時', en: 'Created' },
  createdBy: { ja: '作成者', en: 'By' },
  jst: { ja: '（日本時間）', en: 'JST' },
  claimHeader: { ja: '請求の概要', en: 'Claim' },
  policyholder: { ja: '保険契約者', en: 'Policyholder' },
  insurer: { ja: '保険会社', en: 'Insurer' },
  policyNumber: { ja: '証券番号', en: 'Policy number' },
  claimReference: { ja: '事故受付番号', en: 'Insurer’s claim reference' },
  claimReferenceUnknown: { ja: '未登録', en: 'Not yet given' },
  policyPeriod: { ja: '保険期間', en: 'Policy period' },
  periodTo: { ja: ' 〜 ', en: ' – ' },
  liabilityLimit: { ja: '賠償責任 支払限度額', en: 'Liability limit' },
  expenseLimit: { ja: '情報漏えい対応費用 支払限度額', en: 'Expense limit (breach response costs)' },
  deductible: { ja: '免責金額', en: 'Deductible' },
  restorationRider: { ja: '復旧費用特約', en: 'Restoration rider' },
  claimStatus: { ja: '請求の状況', en: 'Claim status' },
  yes: { ja: 'あり', en: 'Yes' },
  no: { ja: 'なし', en: 'No' },
  incident: { ja: '事故の概要', en: 'Incident' },
  incidentTitle: { ja: '事故の名称', en: 'Title' },
  incidentKind: { ja: '事故の種類', en: 'Kind' },
  occurredOn: { ja: '発生日', en: 'Occurred on' },
  discoveredOn: { ja: '発見日', en: 'Discovered on' },
  recordsAffected: { ja: '漏えい件数', en: 'Records affected' },
  recordsUnit: { ja: '件', en: '' },
  description: { ja: '事故の内容', en: 'Description' },
  timeline: { ja: '経緯', en: 'Timeline' },
  date: { ja: '日付', en: 'Date' },
  event: { ja: '内容', en: 'Event' },
  byCategory: { ja: '費用区分別の集計', en: 'Totals per category' },
  category: { ja: '費用区分', en: 'Category' },
  claimed: { ja: '請求額', en: 'Claimed' },
  counted: { ja: '支払対象額', en: 'Counted by the policy' },
  estimated: { ja: '見積額', en: 'Estimates' },
  total: { ja: '合計', en: 'Total' },
  claimedLines: { ja: '請求明細数', en: 'Claimed lines' },
  linesUnit: { ja: '件', en: '' },
  claimedAmount: { ja: '請求額合計', en: 'Claimed amount' },
  expenseIncurred: { ja: '費用の発生額', en: 'Expenses incurred' },
  costsPayable: { ja: '費用保険金', en: 'Costs payable' },
  liabilityPayable: { ja: '賠償責任保険金', en: 'Liability payable' },
  totalPayable: { ja: 'お支払い見込額 合計', en: 'Total payable' },
  projectedTotal: { ja: '見積を含む支払見込額', en: 'Projected total payable (including estimates)' },
  asClaimed: { ja: '契約者の請求', en: 'As claimed' },
  brokerAdjusted: { ja: '代理店査定後', en: 'Broker-adjusted' },
  disallowedLines: { ja: '代理店が否認した明細', en: 'Lines disallowed by the broker' },
  approval: { ja: '経理の承認', en: 'Finance approval' },
  consentMissing: { ja: '保険会社の事前同意がない明細', en: 'Lines without the insurer’s prior consent' },
  calculation: { ja: '支払額の計算', en: 'Calculation' },
  warnings: { ja: '注意事項', en: 'Warnings' },
  none: { ja: 'なし', en: 'None' },
  checklist: { ja: '提出書類チェックリスト', en: 'Documents checklist' },
  document: { ja: '書類', en: 'Document' },
  status: { ja: '状況', en: 'Status' },
  detail: { ja: '詳細', en: 'Detail' },
  signature: { ja: '記名・押印欄', en: 'Signature and seal' },
  claimDate: { ja: '請求日　　　　　年　　　月　　　日', en: 'Date of claim:' },
  companyName: { ja: '会社名', en: 'Company' },
  representative: { ja: '代表者 役職・氏名', en: 'Representative (title and name)' },
  seal: { ja: '印', en: 'Seal' },
  liabilityLimitPerClaim: { ja: '賠償責任 1請求あたり限度額', en: 'Liability limit per claim' },
  defenceCosts: { ja: '争訟費用の払い方', en: 'Defence costs' },
  within_limit: { ja: '限度額内(損害賠償金と合算)', en: 'Within the limit (added to damages)' },
  pro_rata: { ja: '比例払(限度額の外枠)', en: 'Pro rata, on top of the limit' },
  restorationTerms: { ja: '復旧費用 縮小支払割合・限度額', en: 'Restoration ratio and sub-limit' },
  condolenceCap: { ja: '見舞金 1名あたり上限', en: 'Condolence cap per person' },
  responseWindow: { ja: '事故対応期間', en: 'Response period' },
  responseWindowValue: { ja: '発見日から{days}日({end} まで)', en: '{days} days from discovery (to {end})' },
  periodLimits: { ja: '保険期間の支払限度額の使用状況', en: 'The policy period’s limits' },
  limitName: { ja: '限度額', en: 'Limit' },
  periodExpense: { ja: '費用総支払限度額', en: 'Total expense limit' },
  periodLiability: { ja: '賠償責任支払限度額', en: 'Liability limit' },
  aggregate: { ja: '保険期間中の限度額', en: 'Aggregate' },
  usedElsewhere: { ja: '先の事故・既払', en: 'Earlier incidents and claims' },
  usedHere: { ja: 'この事故', en: 'This incident' },
  left: { ja: '残り', en: 'Left' },
  excludedLines: { ja: '支払対象外の明細', en: 'Lines not paid' },
  reason: { ja: '理由', en: 'Reason' },
  lines: { ja: '別紙 明細一覧', en: 'Appendix: the lines' },
  lineNo: { ja: 'No.', en: 'No.' },
  lineDate: { ja: '発生日', en: 'Date' },
  lineVendor: { ja: '支払先', en: 'Vendor' },
  lineInvoiceNumber: { ja: '登録番号', en: 'Registration no.' },
  lineDescription: { ja: '内容', en: 'Description' },
  lineStage: { ja: '段階', en: 'Stage' },
  lineTax: { ja: '税額', en: 'Tax' },
  lineTaxCategory: { ja: '税区分', en: 'category' },
  lineAmount: { ja: '金額', en: 'Amount' },
  lineGross: { ja: '税込', en: 'incl. tax' },
  lineReceipts: { ja: '領収書等', en: 'Receipts' },
  subtotal: { ja: '小計', en: 'Subtotal' },
  claimedPart: { ja: 'うち請求・支払済', en: 'of which claimed' },
  taxTreatment: { ja: '消費税の扱い', en: 'Consumption tax' },
  inclusive: { ja: '税込（消費税を含めた額で計算）', en: 'Tax included (amounts with consumption tax)' },
  exclusive: { ja: '税抜（消費税を除いた額で計算）', en: 'Net of tax (amounts without consumption tax)' },
  byTaxCategory: { ja: '税率別の内訳', en: 'Per tax rate' },
  taxCategory: { ja: '税区分', en: 'Tax category' },
  taxLines: { ja: '件数', en: 'Lines' },
  gross: { ja: '税込', en: 'Incl. tax' },
  tax: { ja: '税額', en: 'Tax' },
  net: { ja: '税抜', en: 'Net of tax' },
  withheld: { ja: '源泉徴収税額', en: 'Income tax withheld' },
} satisfies Record<string, Record<Locale, string>>;

type LabelKey = keyof typeof LABELS;

const DANGER = '#b00020';
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

function label(key: LabelKey, locale: Locale): string {
  return LABELS[key][locale];
}

/** `2026年6月1日（令和8年6月1日）` in Japanese, `1 Jun 2026` in English. */
function dateText(date: string, locale: Locale): string {
  return locale === 'ja' ? `${formatDate(date, 'ja')}（${formatJapaneseEra(date)}）` : formatDate(date, 'en');
}

/** The package's UTC timestamp as Japanese local time, where the claim is made. */
function createdAtText(iso: string, locale: Locale): string {
  const jst = new Date(Date.parse(iso) + JST_OFFSET_MS).toISOString();
  const time = jst.slice(11, 16);
  const date = formatDate(jst.slice(0, 10), locale);
  return locale === 'ja' ? `${date} ${time}${label('jst', locale)}` : `${date}, ${time} ${label('jst', locale)}`;
}

function countText(count: number, unit: LabelKey, locale: Locale): string {
  return `${count.toLocaleString('en-US')}${label(unit, locale)}`;
}

function heading(key: LabelKey, locale: Locale): Content {
  return { text: label(key, locale), style: 'heading', headlineLevel: 1 };
}

function headerCell(text: string, alignment: 'left' | 'right' = 'left'): TableCell {
  return { text, bold: true, fillColor: SHADE, alignment };
}

function moneyCell(amount: number, bold = false, fillColor?: string): TableCell {
  return { text: formatYen(amount), alignment: 'right', bold, fillColor };
}

/** A two-column table of label and value, for the claim header and the incident. */
function keyValueTable(rows: [string, string][], labelWidth: number): Content {
  return {
    table: {
      widths: [labelWidth, '*'],
      body: rows.map(([key, value]): TableCell[] => [{ text: key, fillColor: SHADE }, { text: value }]),
    },
    layout: LIGHT_LINES,
  };
}

/**
 * The title and, under it, what the package is, when and by whom, each label above its value in a cell of
 * its own: a label never breaks across lines (「作成 / 者」), and the package is named by incident and
 * version, not by its id (the id is in the footer, for matching with the manifest).
 */
function titleBlock(data: ClaimPdfData): Content {
  const { locale } = data;
  const cell = (key: LabelKey, value: string): TableCell => ({
    stack: [
      { text: label(key, locale), color: MUTED, fontSize: 7.5, noWrap: true },
      { text: value, fontSize: 9 },
    ],
  });
  return {
    stack: [
      { text: label('title', locale), style: 'title' },
      {
        table: {
          widths: ['*', 'auto', 'auto'],
          body: [
            [
              cell('packageId', data.package.name),
              cell('createdAt', createdAtText(data.package.createdAt, locale)),
              cell('createdBy', data.package.createdByName),
            ],
          ],
        },
        layout: { ...LIGHT_LINES, paddingLeft: () => 6, paddingRight: () => 6 },
        margin: [0, 8, 0, 0],
      },
    ],
  };
}

/** The terms beyond the limits, each only where it says something: a default the insurer knows is left out. */
function termRows(data: ClaimPdfData): [string, string][] {
  const { locale, terms, policy } = data;
  const rows: [string, string][] = [];
  if (terms.liabilityLimitPerClaim < policy.liabilityLimit) rows.push([label('liabilityLimitPerClaim', locale), formatYen(terms.liabilityLimitPerClaim)]);
  rows.push([label('defenceCosts', locale), label(terms.defenceCosts, locale)]);
  // Always said: the figures below (and the per-rate table) read differently under each treatment.
  rows.push([label('taxTreatment', locale), label(data.taxTreatment, locale)]);
  if (policy.restorationRider) rows.push([label('restorationTerms', locale), `${terms.restorationRatioPercent}% · ${formatYen(terms.restorationSublimit)}`]);
  if (terms.condolencePerPersonCap !== null) rows.push([label('condolenceCap', locale), formatYen(terms.condolencePerPersonCap)]);
  if (terms.responseWindowDays !== null && terms.responseWindowEnd !== null) {
    const text = label('responseWindowValue', locale)
      .replace('{days}', String(terms.responseWindowDays))
      .replace('{end}', dateText(terms.responseWindowEnd, locale));
    rows.push([label('responseWindow', locale), text]);
  }
  return rows;
}

/** Per limit: the aggregate, what earlier incidents and claims of the period used, this incident, what is left. */
function periodLimitsSection(data: ClaimPdfData): Content[] {
  const { locale, periodLimits } = data;
  const row = (key: LabelKey, r: ClaimPdfData['periodLimits']['expense']): TableCell[] => [
    { text: label(key, locale), fillColor: SHADE },
    moneyCell(r.aggregate),
    moneyCell(r.usedElsewhere),
    moneyCell(r.usedHere),
    moneyCell(r.left, true),
  ];
  const table: Content = {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: ['*', 75, 85, 75, 75],
      body: [
        [
          headerCell(label('limitName', locale)),
          headerCell(label('aggregate', locale), 'right'),
          headerCell(label('usedElsewhere', locale), 'right'),
          headerCell(label('usedHere', locale), 'right'),
          headerCell(label('left', locale), 'right'),
        ],
        row('periodExpense', periodLimits.expense),
        row('periodLiability', periodLimits.liability),
      ],
    },
    layout: LIGHT_LINES,
  };
  return [{ stack: [heading('periodLimits', locale), table], unbreakable: true }];
}

/** How many lines each rule leaves out of the claim; nothing when none is. */
function excludedSection(data: ClaimPdfData): Content[] {
  const { locale } = data;
  if (data.excluded.length === 0) return [];
  const body: TableCell[][] = [
    [headerCell(label('reason', locale)), headerCell(label('claimedLines', locale), 'right')],
    ...data.excluded.map(({ reason, lines }): TableCell[] => [
      { text: LINE_EXCLUSION_LABELS[reason][locale] },
      { text: countText(lines, 'linesUnit', locale), alignment: 'right' },
    ]),
  ];
  return [{ stack: [heading('excludedLines', locale), { table: { headerRows: 1, widths: ['*', 80], body }, layout: LIGHT_LINES }], unbreakable: true }];
}

function claimHeaderSection(data: ClaimPdfData): Content[] {
  const { locale, policy } = data;
  const rows: [string, string][] = [
    [label('policyholder', locale), data.policyholder.name],
    [label('insurer', locale), policy.insurer],
    [label('policyNumber', locale), policy.policyNumber],
    [label('claimReference', locale), data.claimReference ?? label('claimReferenceUnknown', locale)],
    [label('policyPeriod', locale), `${dateText(policy.periodStart, locale)}${label('periodTo', locale)}${dateText(policy.periodEnd, locale)}`],
    [label('liabilityLimit', locale), formatYen(policy.liabilityLimit)],
    [label('expenseLimit', locale), formatYen(policy.expenseLimit)],
    [label('deductible', locale), formatYen(policy.deductible)],
    [label('restorationRider', locale), label(policy.restorationRider ? 'yes' : 'no', locale)],
    ...termRows(data),
    [label('claimStatus', locale), CLAIM_STATUS_LABELS[data.claimStatus][locale]],
  ];
  return [heading('claimHeader', locale), keyValueTable(rows, 170)];
}

function incidentSection(data: ClaimPdfData): Content[] {
  const { locale, incident } = data;
  const records = incident.recordsAffected === null ? 'ー' : countText(incident.recordsAffected, 'recordsUnit', locale);
  const rows: [string, string][] = [
    [label('incidentTitle', locale), incident.title],
    [label('incidentKind', locale), INCIDENT_KIND_LABELS[incident.kind][locale]],
    [label('occurredOn', locale), dateText(incident.occurredOn, locale)],
    [label('discoveredOn', locale), dateText(incident.discoveredOn, locale)],
    [label('recordsAffected', locale), records],
    [label('description', locale), incident.description ?? 'ー'],
  ];
  return [heading('incident', locale), keyValueTable(rows, 170)];
}

function noneLine(locale: Locale): Content {
  return { text: label('none', locale), color: MUTED };
}

function timelineSection(data: ClaimPdfData): Content[] {
  const { locale, timeline } = data;
  if (timeline.length === 0) return [heading('timeline', locale), noneLine(locale)];
  const body: TableCell[][] = [
    [headerCell(label('date', locale)), headerCell(label('event', locale))],
    ...timeline.map((entry): TableCell[] => [{ text: dateText(entry.date, locale) }, { text: entry.label }]),
  ];
  return [heading('timeline', locale), { table: { headerRows: 1, dontBreakRows: true, widths: [170, '*'], body }, layout: LIGHT_LINES }];
}

function categoryTable(data: ClaimPdfData): Content {
  const { locale, byCategory } = data;
  const totalRow: TableCell[] = [
    { text: label('total', locale), bold: true, fillColor: SHADE },
    moneyCell(sumYen(byCategory.map((c) => c.incurred)), true, SHADE),
    moneyCell(sumYen(byCategory.map((c) => c.counted)), true, SHADE),
    moneyCell(sumYen(byCategory.map((c) => c.estimated)), true, SHADE),
  ];
  const body: TableCell[][] = [
    [
      headerCell(label('category', locale)),
      headerCell(label('claimed', locale), 'right'),
      headerCell(label('counted', locale), 'right'),
      headerCell(label('estimated', locale), 'right'),
    ],
    ...byCategory.map((c): TableCell[] => [{ text: categoryLabel(c.category, locale) }, moneyCell(c.incurred), moneyCell(c.counted), moneyCell(c.estimated)]),
    totalRow,
  ];
  return { table: { headerRows: 1, dontBreakRows: true, widths: ['*', 85, 105, 85], body }, layout: LIGHT_LINES };
}

/** `1件（¥10,000,000）` / `1 line (¥10,000,000)`: the lines the broker disallowed and what they claimed. */
function disallowedText(data: ClaimPdfData): string {
  const { locale, brokerAdjusted } = data;
  const lines = brokerAdjusted.disallowedLines;
  const amount = formatYen(brokerAdjusted.disallowedAmount);
  return locale === 'ja'
    ? `${countText(lines, 'linesUnit', locale)}（${amount}）`
    : `${lines.toLocaleString('en-US')} ${lines === 1 ? 'line' : 'lines'} (${amount})`;
}

function figuresTable(data: ClaimPdfData): Content {
  const { locale, totals, brokerAdjusted } = data;
  // Once the broker has disallowed a line, its figures stand in a column beside the client's.
  const adjusted = brokerAdjusted.disallowedLines > 0;
  const row = (key: LabelKey, value: string, bold = false, adjustedValue = ''): TableCell[] => [
    { text: label(key, locale), bold, fillColor: SHADE },
    { text: value, alignment: 'right', bold },
    ...(adjusted ? [{ text: adjustedValue, alignment: 'right', bold } as TableCell] : []),
  ];
  const body: TableCell[][] = [
    ...(adjusted
      ? [[{ text: '', fillColor: SHADE }, headerCell(label('asClaimed', locale), 'right'), headerCell(label('brokerAdjusted', locale), 'right')]]
      : []),
    row('claimedLines', countText(totals.claimedLines, 'linesUnit', locale)),
    row('claimedAmount', formatYen(totals.claimedAmount), false, formatYen(totals.claimedAmount - brokerAdjusted.disallowedAmount)),
    row('expenseIncurred', formatYen(totals.expenseIncurred)),
    row('costsPayable', formatYen(totals.costsPayable), false, formatYen(brokerAdjusted.costsPayable)),
    row('liabilityPayable', formatYen(totals.liabilityPayable), false, formatYen(brokerAdjusted.liabilityPayable)),
    row('totalPayable', formatYen(totals.totalPayable), true, formatYen(brokerAdjusted.totalPayable)),
    row('projectedTotal', formatYen(totals.projectedTotalPayable)),
    ...(adjusted ? [row('disallowedLines', '', false, disallowedText(data))] : []),
  ];
  return {
    table: { headerRows: adjusted ? 1 : 0, dontBreakRows: true, widths: adjusted ? [240, 100, 100] : [240, 100], body },
    layout: LIGHT_LINES,
    margin: [0, 8, 0, 0],
  };
}

/** `請求・支払済の明細 5件の額です。…`: what the per-rate table sums, and what withholding means for the claim. */
function taxNote(data: ClaimPdfData, lines: number, withheld: number): string {
  const { locale } = data;
  const unclaimed = data.byTaxCategory.unclaimedLines;
  if (locale === 'ja') {
    return [
      `請求・支払済の明細 ${count(lines)}件の額です${unclaimed > 0 ? `（見積・未確定の ${count(unclaimed)}件は含みません）` : ''}。`,
      ...(withheld > 0 ? ['源泉徴収税額は報酬から差し引いて納付する所得税で、請求額は差し引く前の税込の額です。'] : []),
    ].join('');
  }
  return [
    `Over the ${count(lines)} claimed ${lines === 1 ? 'line' : 'lines'}${unclaimed > 0 ? ` (the ${count(unclaimed)} ${unclaimed === 1 ? 'estimate or demand is' : 'estimates and demands are'} left out)` : ''}.`,
    ...(withheld > 0 ? [' Income tax withheld is deducted from a fee and paid to the tax office; the claim is the fee before it, tax included.'] : []),
  ].join('');
}

/**
 * 税率別の内訳: the claimed lines per tax category as a qualified invoice totals them (税込, 税額, 税抜), with
 * the income tax withheld. Its 税込 total is the 請求額合計 above.
 */
function taxCategorySection(data: ClaimPdfData): Content[] {
  const { locale } = data;
  const { rows } = data.byTaxCategory;
  const sum = (pick: (r: (typeof rows)[number]) => number) => sumYen(rows.map(pick));
  const lines = sum((r) => r.lines);
  const withheld = sum((r) => r.withheld);
  const body: TableCell[][] = [
    [
      headerCell(label('taxCategory', locale)),
      headerCell(label('taxLines', locale), 'right'),
      headerCell(label('gross', locale), 'right'),
      headerCell(label('tax', locale), 'right'),
      headerCell(label('net', locale), 'right'),
      headerCell(label('withheld', locale), 'right'),
    ],
    ...rows.map((r): TableCell[] => [
      { text: TAX_CATEGORY_LABELS[r.taxCategory][locale] },
      { text: count(r.lines), alignment: 'right' },
      moneyCell(r.gross),
      moneyCell(r.tax),
      moneyCell(r.net),
      moneyCell(r.withheld),
    ]),
    [
      { text: label('total', locale), bold: true, fillColor: SHADE },
      { text: count(lines), alignment: 'right', bold: true, fillColor: SHADE },
      moneyCell(
        sum((r) => r.gross),
        true,
        SHADE,
      ),
      moneyCell(
        sum((r) => r.tax),
        true,
        SHADE,
      ),
      moneyCell(
        sum((r) => r.net),
        true,
        SHADE,
      ),
      moneyCell(withheld, true, SHADE),
    ],
  ];
  const table: Content = { table: { headerRows: 1, dontBreakRows: true, widths: ['*', 30, 70, 62, 70, 96], body }, layout: LIGHT_LINES };
  const note: Content = { text: taxNote(data, lines, withheld), color: MUTED, fontSize: 7.5, margin: [0, 3, 0, 0] };
  return [{ stack: [heading('byTaxCategory', locale), table, note], unbreakable: true }];
}

function totalsSection(data: ClaimPdfData): Content[] {
  // At most one row per category, so each table fits a page; split, the figures are hard to check.
  return [
    { stack: [heading('byCategory', data.locale), categoryTable(data)], unbreakable: true },
    { stack: [figuresTable(data)], unbreakable: true },
    ...taxCategorySection(data),
  ];
}

function calculationSection(data: ClaimPdfData): Content[] {
  // A step is one sum: split across a page, with the footer and header between its halves, it is hard to check.
  const steps: Content[] = data.steps.map((step) => ({ stack: [{ text: step }], unbreakable: true, margin: [0, 0, 0, 3] }));
  return [heading('calculation', data.locale), ...(steps.length > 0 ? steps : [noneLine(data.locale)])];
}

/** `明細 6件中 3件が承認済み` / `3 of 6 lines approved`. */
function approvalText(data: ClaimPdfData): string {
  const { locale, approval } = data;
  const approved = approval.approvedLines.toLocaleString('en-US');
  const lines = approval.lines.toLocaleString('en-US');
  return locale === 'ja' ? `明細 ${lines}件中 ${approved}件が承認済み` : `${approved} of ${lines} lines approved`;
}

/** `No. 2, 5（計 2件）`; past the listed numbers, `No. 2, 5, … ほか 120件（計 122件）`. */
function consentMissingText(data: ClaimPdfData): string {
  const { locale, consentMissing } = data;
  const total = consentMissing.lines.toLocaleString('en-US');
  const more = consentMissing.lines - consentMissing.numbers.length;
  const listed = consentMissing.numbers.length > 0 ? `No. ${consentMissing.numbers.join(', ')}` : '';
  if (locale === 'ja') return `${listed}${more > 0 ? `${listed ? ', ' : ''}… ほか ${more.toLocaleString('en-US')}件` : ''}（計 ${total}件）`;
  return `${listed}${more > 0 ? `${listed ? ', ' : ''}… and ${more.toLocaleString('en-US')} more` : ''} (${total} ${consentMissing.lines === 1 ? 'line' : 'lines'})`;
}

function warningsSection(data: ClaimPdfData): Content[] {
  const { locale, warnings } = data;
  // pdfmake rewrites the items of a list in place, so it gets its own array, not the caller's.
  const items: Content[] = warnings.map((warning) => ({ text: warning }));
  const body: Content = items.length > 0 ? { ul: items, color: DANGER } : noneLine(locale);
  const missing = data.consentMissing.lines > 0;
  const unapproved = data.approval.approvedLines < data.approval.lines;
  const status: Content = {
    table: {
      widths: [170, '*'],
      body: [
        [
          { text: label('approval', locale), fillColor: SHADE },
          { text: approvalText(data), color: unapproved ? DANGER : undefined },
        ],
        [
          { text: label('consentMissing', locale), fillColor: SHADE },
          missing ? { text: consentMissingText(data), color: DANGER, bold: true } : { text: label('none', locale), color: MUTED },
        ],
      ],
    },
    layout: LIGHT_LINES,
    margin: [0, 6, 0, 0],
  };
  return [heading('warnings', locale), body, status];
}

function checklistRow(item: ChecklistItem, locale: Locale): TableCell[] {
  const missing = item.status === 'missing';
  return [
    { text: DOCUMENT_LABELS[item.kind][locale] },
    { text: documentStatusLabel(item.status, locale), bold: missing, color: missing ? DANGER : undefined },
    { text: checklistDetail(item, locale) },
  ];
}

function checklistSection(data: ClaimPdfData): Content[] {
  const { locale, checklist } = data;
  if (checklist.length === 0) return [heading('checklist', locale), noneLine(locale)];
  const body: TableCell[][] = [
    [headerCell(label('document', locale)), headerCell(label('status', locale)), headerCell(label('detail', locale))],
    ...checklist.map((item) => checklistRow(item, locale)),
  ];
  const table: Content = { table: { headerRows: 1, dontBreakRows: true, widths: [140, 60, '*'], body }, layout: LIGHT_LINES };
  // One row per document kind, so it fits a page and reads as one list.
  return [{ stack: [heading('checklist', locale), table], unbreakable: true }];
}

function signatureSection(data: ClaimPdfData): Content {
  const { locale } = data;
  const lines: Column = {
    width: '*',
    table: {
      widths: ['*'],
      body: [
        [{ text: label('claimDate', locale) }],
        [{ text: `${label('companyName', locale)}　${data.policyholder.name}` }],
        [{ text: label('representative', locale) }],
      ],
    },
    layout: WRITING_LINES,
  };
  const sealBox: Column = {
    width: 72,
    table: {
      widths: [62],
      heights: [62],
      body: [[{ text: label('seal', locale), alignment: 'center', verticalAlignment: 'middle', color: '#999999', fontSize: locale === 'ja' ? 14 : 9 }]],
    },
    layout: { ...LIGHT_LINES, hLineColor: () => '#888888', vLineColor: () => '#888888' },
  };
  // A seal box split from its name lines would be useless to the insurer, so the block stays on one page.
  return {
    unbreakable: true,
    stack: [heading('signature', locale), { columns: [lines, sealBox], columnGap: 24 }],
  };
}

/** Tighter cells for the appendix's many rows. */
const LINE_TABLE: CustomTableLayout = {
  ...LIGHT_LINES,
  paddingLeft: () => 2.5,
  paddingRight: () => 2.5,
  paddingTop: () => 1.5,
  paddingBottom: () => 1.5,
};

const count = (n: number) => n.toLocaleString('en-US');

/** The tax category as the appendix's narrow tax column names it, under the tax. */
const TAX_SHORT_LABELS: Record<TaxCategory, Record<Locale, string>> = {
  taxable_10: { ja: '10%', en: '10%' },
  taxable_8: { ja: '8%軽減', en: '8% reduced' },
  exempt: { ja: '非課税', en: 'Exempt' },
  non_taxable: { ja: '不課税', en: 'Not subject' },
  out_of_scope: { ja: '対象外', en: 'Out of scope' },
};

/** A second, smaller line in a cell: the registration number under the vendor, the tax category under the tax. */
const SMALL_LINE = { fontSize: 6.5, color: MUTED };

/** A heading over a cell of two lines: what the cell's first line is, and in small type what is under it. */
function twoLineHeader(main: string, small: string, alignment: 'left' | 'right' = 'left'): TableCell {
  return { text: [main, { text: `\n${small}`, fontSize: 6.5 }], bold: true, fillColor: SHADE, alignment };
}

function vendorCell(line: PdfLine): TableCell {
  if (line.invoiceNumber === null) return { text: line.vendor ?? '' };
  return { text: [line.vendor ? `${line.vendor}\n` : '', { text: line.invoiceNumber, ...SMALL_LINE }] };
}

function taxCell(line: PdfLine, locale: Locale): TableCell {
  const category = TAX_SHORT_LABELS[line.taxCategory][locale];
  // Only a taxed line has a tax to state; the others say why they have none.
  if (!isTaxable(line.taxCategory) && line.taxAmount === 0) return { text: category, ...SMALL_LINE, alignment: 'right' };
  return { text: [formatYen(line.taxAmount), { text: `\n${category}`, ...SMALL_LINE }], alignment: 'right' };
}

/** `うち請求・支払済 ¥18,000,000`, said only where some lines of the group are not (yet) claimed. */
function subtotalNote(lines: number, listed: number, amount: number, claimedAmount: number, truncated: boolean, locale: Locale): string {
  const parts = [
    ...(truncated ? [locale === 'ja' ? `掲載 ${count(listed)}件` : `${count(listed)} listed`] : []),
    ...(claimedAmount !== amount ? [`${label('claimedPart', locale)} ${formatYen(claimedAmount)}`] : []),
  ];
  const head = locale === 'ja' ? `${count(lines)}件` : `${count(lines)} ${lines === 1 ? 'line' : 'lines'}`;
  if (parts.length === 0) return head;
  return locale === 'ja' ? `${head}（${parts.join('、')}）` : `${head} (${parts.join(', ')})`;
}

function lineRow(line: PdfLine, categoryText: string, locale: Locale): TableCell[] {
  return [
    { text: String(line.number), alignment: 'right' },
    { text: formatDate(line.incurredOn, locale) },
    { text: categoryText },
    vendorCell(line),
    { text: line.description ?? '' },
    { text: STAGE_LABELS[line.stage][locale] },
    taxCell(line, locale),
    { text: formatYen(line.amount), alignment: 'right' },
    { text: line.receipts.join('\n'), fontSize: 6.5 },
  ];
}

function subtotalRow(text: string, taxAmount: number, amount: number, bold = false): TableCell[] {
  return [
    { text, colSpan: 6, fillColor: SHADE, bold },
    {},
    {},
    {},
    {},
    {},
    { text: formatYen(taxAmount), alignment: 'right', fillColor: SHADE, bold },
    { text: formatYen(amount), alignment: 'right', fillColor: SHADE, bold: true },
    { text: '', fillColor: SHADE },
  ];
}

/** What the appendix lists, and where the rest of the lines are when it lists only the first. */
function linesIntro(list: PdfLineList, locale: Locale): string {
  const { total, listed } = list;
  const tax =
    locale === 'ja'
      ? '税額は金額（税込）に含まれる消費税で、その下が税区分、支払先の下は適格請求書発行事業者の登録番号です。'
      : ' Tax is the consumption tax inside the amount, its category beneath; beneath a vendor, its qualified-invoice registration number.';
  if (listed === total) {
    return locale === 'ja'
      ? `明細 ${count(total)}件を費用区分ごとに発生日順で掲げます。No. は同梱の ledger.xlsx・ledger.csv の No. と同じで、領収書等は ZIP の receipts/ にあるファイル名です。${tax}`
      : `The ${count(total)} ${total === 1 ? 'line' : 'lines'} by category, in date order. No. is the No. of the enclosed ledger.xlsx and ledger.csv; receipts are the file names under receipts/ in the ZIP.${tax}`;
  }
  return locale === 'ja'
    ? `明細 ${count(total)}件のうち、No. 1〜${count(listed)} の ${count(listed)}件を費用区分ごとに発生日順で掲げます。No. ${count(listed + 1)}〜${count(total)} は同梱の ledger.xlsx・ledger.csv にあります（No. は同じ）。小計と合計は全 ${count(total)}件の額です。領収書等は ZIP の receipts/ にあるファイル名です。${tax}`
    : `Of the ${count(total)} lines, Nos. 1–${count(listed)} are listed here by category, in date order; Nos. ${count(listed + 1)}–${count(total)} are in the enclosed ledger.xlsx and ledger.csv (same No.). Subtotals and the total are over all ${count(total)} lines. Receipts are the file names under receipts/ in the ZIP.${tax}`;
}

/**
 * The appendix: every line (up to the bound, server/packages/pdf-lines.ts) with its date, category, vendor and
 * registration number, description, stage, tax and tax category, amount and receipts, and a subtotal per
 * category. One table, so its header row repeats on every page; a row is never split across pages.
 */
function linesSection(data: ClaimPdfData): Content[] {
  const { locale, lines: list } = data;
  const start: Content = { text: label('lines', locale), style: 'heading', pageBreak: 'before', margin: [0, 0, 0, 5] };
  if (list.total === 0) return [start, noneLine(locale)];
  const truncated = list.listed < list.total;
  const header: TableCell[] = [
    headerCell(label('lineNo', locale), 'right'),
    headerCell(label('lineDate', locale)),
    headerCell(label('category', locale)),
    twoLineHeader(label('lineVendor', locale), label('lineInvoiceNumber', locale)),
    headerCell(label('lineDescription', locale)),
    headerCell(label('lineStage', locale)),
    twoLineHeader(label('lineTax', locale), label('lineTaxCategory', locale), 'right'),
    twoLineHeader(label('lineAmount', locale), label('lineGross', locale), 'right'),
    headerCell(label('lineReceipts', locale)),
  ];
  const body: TableCell[][] = [header];
  for (const group of list.groups) {
    const categoryText = categoryLabel(group.category, locale);
    for (const line of group.rows) body.push(lineRow(line, categoryText, locale));
    const note = subtotalNote(group.lines, group.rows.length, group.amount, group.claimedAmount, truncated, locale);
    body.push(subtotalRow(`${label('subtotal', locale)}　${categoryText}　${note}`, group.taxAmount, group.amount));
  }
  const amount = sumYen(list.groups.map((g) => g.amount));
  const claimedAmount = sumYen(list.groups.map((g) => g.claimedAmount));
  const taxAmount = sumYen(list.groups.map((g) => g.taxAmount));
  body.push(
    subtotalRow(`${label('total', locale)}　${subtotalNote(list.total, list.listed, amount, claimedAmount, truncated, locale)}`, taxAmount, amount, true),
  );
  return [
    start,
    { text: linesIntro(list, locale), color: MUTED, margin: [0, 0, 0, 5] },
    {
      // Portrait A4 has 515 pt inside the margins. The date, the category's usual label, the tax and the amount
      // each fit on one line; the registration number (51 pt at 6.5 pt) sits under the vendor and the tax
      // category under the tax, so the two add one column, and the description keeps ~77 pt (it had 87).
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: locale === 'ja' ? [20, 57, 61, 60, '*', 34, 42, 52, 62] : [20, 44, 60, 60, '*', 38, 42, 52, 62],
        body,
      },
      layout: LINE_TABLE,
      fontSize: 7.5,
      lineHeight: 1.1,
    },
  ];
}

/** From page 2 on: which claim the page belongs to, however the pages are shuffled or copied. */
function pageHeader(data: ClaimPdfData) {
  const policyNumber = `${label('policyNumber', data.locale)} ${data.policy.policyNumber}`;
  // One line in the top margin: a long title is cut, the version always shows.
  const title = [...data.incident.title];
  const shortTitle = title.length > 60 ? `${title.slice(0, 59).join('')}…` : data.incident.title;
  const name = packageName(shortTitle, data.package.version, data.locale);
  return (currentPage: number): Content =>
    currentPage === 1
      ? { text: '' }
      : {
          columns: [
            { text: name, width: '*' },
            { text: policyNumber, width: 'auto', alignment: 'right', noWrap: true },
          ],
          columnGap: 12,
          margin: [40, 20, 40, 0],
          fontSize: 7.5,
          color: MUTED,
        };
}

/** On every page: the policy, the insurer's claim reference (事故受付番号), the page, the package. */
function footer(data: ClaimPdfData) {
  const policyNumber = `${label('policyNumber', data.locale)} ${data.policy.policyNumber}`;
  const reference = claimReferenceText(data.claimReference, data.locale);
  return (currentPage: number, pageCount: number): Content => ({
    columns: [
      // Two lines: the reference never wraps into the page number, however long the policy number.
      { stack: [policyNumber, reference], width: '*' },
      { text: `${currentPage} / ${pageCount}`, width: 60, alignment: 'center' },
      { text: data.package.id, width: '*', alignment: 'right' },
    ],
    margin: [40, 16, 40, 0],
    fontSize: 7.5,
    color: MUTED,
  });
}

function documentDefinition(data: ClaimPdfData): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [40, 44, 40, 50],
    language: data.locale === 'ja' ? 'ja-JP' : 'en',
    info: {
      title: label('title', data.locale),
      subject: data.incident.title,
      creator: 'Breach-cost tracker',
      producer: 'Breach-cost tracker',
      creationDate: new Date(data.package.createdAt),
    },
    header: pageHeader(data),
    footer: footer(data),
    // A heading left alone at the foot of a page moves to the next one, with the content it introduces.
    pageBreakBefore: (node, pages) => node.headlineLevel === 1 && pages.getFollowingNodesOnPage().length === 0,
    content: [
      titleBlock(data),
      ...claimHeaderSection(data),
      ...incidentSection(data),
      ...timelineSection(data),
      ...totalsSection(data),
      ...periodLimitsSection(data),
      ...calculationSection(data),
      ...excludedSection(data),
      ...warningsSection(data),
      ...checklistSection(data),
      signatureSection(data),
      ...linesSection(data),
    ],
    defaultStyle: { font: FONT_FAMILY, fontSize: 9, lineHeight: 1.2 },
    styles: {
      title: { fontSize: 16, bold: true, alignment: 'center' },
      heading: { fontSize: 12, bold: true, margin: [0, 14, 0, 5] },
    },
  };
}

export async function renderClaimSummaryPdf(data: ClaimPdfData): Promise<Buffer> {
  return await renderPdf(documentDefinition(data));
}
