// Renders claim-form.pdf (保険金請求書): addressed to the insurer, dated, the claimant's address, name, 法人番号
// and representative beside a seal box, the policy, the claim reference, the amount claimed in yen, the bank
// account to pay into and the broker's code. A profile field not recorded is a blank to fill in by hand.

import type { Column, Content } from 'pdfmake/interfaces';
import { INCIDENT_KIND_LABELS, type Locale } from '../../shared/categories.ts';
import { BANK_ACCOUNT_TYPE_LABELS } from '../../shared/incident-facts.ts';
import { contactText } from '../../shared/incident-report.ts';
import { formatYen } from '../../shared/money.ts';
import type { ClaimDocumentsData } from './claim-documents-data.ts';
import { dateLine, fieldTable, formDate, formDocument, heading, japanDate, sealBox } from './form-parts.ts';
import { MUTED, renderPdf } from './pdf-base.ts';

const LABELS = {
  title: { ja: '保険金請求書', en: 'Insurance claim form' },
  addressee: { ja: '{insurer} 御中', en: 'To: {insurer}' },
  claimedOn: { ja: '請求日', en: 'Date of claim' },
  intro: {
    ja: '下記の事故について、保険契約に基づき保険金を請求します。',
    en: 'Under the policy below, we claim the insurance payment for the incident below.',
  },
  claimantHeading: { ja: '請求者（記名被保険者）', en: 'Claimant (the insured)' },
  address: { ja: '所在地', en: 'Address' },
  name: { ja: '名称', en: 'Name' },
  corporateNumber: { ja: '法人番号', en: 'Corporate number' },
  representative: { ja: '代表者', en: 'Representative' },
  claimHeading: { ja: '請求の内容', en: 'The claim' },
  policyNumber: { ja: '証券番号', en: 'Policy number' },
  policyPeriod: { ja: '保険期間', en: 'Policy period' },
  claimReference: { ja: '事故受付番号', en: 'Insurer’s claim reference' },
  incidentTitle: { ja: '事故の名称', en: 'Incident' },
  kind: { ja: '事故の種類', en: 'Kind' },
  occurredOn: { ja: '事故発生日', en: 'Occurred on' },
  amountClaimed: { ja: '請求金額', en: 'Amount claimed' },
  amountNote: {
    ja: '請求金額は、補償の対象となる費用区分の請求・支払済の明細の合計で、支払限度額・免責金額を適用する前の額です。内訳とお支払い見込額は同封の claim-summary.pdf・ledger.xlsx にあります。',
    en: 'The amount claimed is the total of the covered categories’ invoiced and paid lines, before the policy’s limits and deductible. The enclosed claim-summary.pdf and ledger.xlsx give the breakdown and the payable.',
  },
  bankHeading: { ja: '保険金の振込先', en: 'Bank account for the payment' },
  bankName: { ja: '金融機関名', en: 'Bank' },
  bankBranch: { ja: '支店名', en: 'Branch' },
  bankAccountType: { ja: '預金種目', en: 'Account type' },
  bankAccountNumber: { ja: '口座番号', en: 'Account number' },
  bankAccountHolder: { ja: '口座名義（カナ）', en: 'Account holder (katakana)' },
  brokerHeading: { ja: '取扱代理店', en: 'Broker' },
  brokerCode: { ja: '代理店コード', en: 'Broker code' },
  contact: { ja: '連絡先（担当者・電話）', en: 'Contact (person, phone)' },
  periodTo: { ja: '〜', en: ' – ' },
} satisfies Record<string, Record<Locale, string>>;

type Key = keyof typeof LABELS;

export function claimFormContent(data: ClaimDocumentsData): Content[] {
  const { locale, company, policy, incident } = data;
  const label = (key: Key) => LABELS[key][locale];
  // The claimant's facts, with the seal box beside them: a seal away from the name it vouches for is no use.
  const claimant: Column = {
    width: '*',
    stack: [
      fieldTable(
        [
          [label('address'), company.address],
          [label('name'), company.name],
          [label('corporateNumber'), company.corporateNumber],
          [label('representative'), company.representative],
          [label('contact'), contactText(data.report)],
        ],
        110,
      ),
    ],
  };
  return [
    { text: label('title'), style: 'title' },
    dateLine(label('claimedOn'), japanDate(data.createdAt), locale),
    { text: label('addressee').replace('{insurer}', policy.insurer), style: 'addressee' },
    { text: label('intro'), margin: [0, 0, 0, 4] },
    { stack: [heading(label('claimantHeading')), { columns: [claimant, sealBox(locale)], columnGap: 16 }], unbreakable: true },
    heading(label('claimHeading')),
    fieldTable(
      [
        [label('policyNumber'), policy.policyNumber],
        [label('policyPeriod'), `${formDate(policy.periodStart, locale)}${label('periodTo')}${formDate(policy.periodEnd, locale)}`],
        [label('claimReference'), incident.insurerClaimReference],
        [label('incidentTitle'), incident.title],
        [label('kind'), INCIDENT_KIND_LABELS[incident.kind][locale]],
        [label('occurredOn'), formDate(incident.occurredOn, locale)],
      ],
      110,
    ),
    {
      table: {
        widths: [110, '*'],
        body: [
          [
            { text: label('amountClaimed'), bold: true, fillColor: '#f2f2f2' },
            { text: formatYen(data.amountClaimed), bold: true, fontSize: 13 },
          ],
        ],
      },
      layout: {
        hLineWidth: () => 1,
        vLineWidth: () => 1,
        hLineColor: () => '#444444',
        vLineColor: () => '#444444',
        paddingLeft: () => 5,
        paddingRight: () => 5,
        paddingTop: () => 4,
        paddingBottom: () => 4,
      },
      margin: [0, 4, 0, 2],
    },
    { text: label('amountNote'), color: MUTED, fontSize: 8 },
    {
      stack: [
        heading(label('bankHeading')),
        fieldTable(
          [
            [label('bankName'), company.bankName],
            [label('bankBranch'), company.bankBranch],
            [label('bankAccountType'), company.bankAccountType ? BANK_ACCOUNT_TYPE_LABELS[company.bankAccountType][locale] : null],
            [label('bankAccountNumber'), company.bankAccountNumber],
            [label('bankAccountHolder'), company.bankAccountHolder],
          ],
          110,
        ),
      ],
      unbreakable: true,
    },
    {
      stack: [heading(label('brokerHeading')), fieldTable([[label('brokerCode'), company.brokerCode]], 110)],
      unbreakable: true,
    },
  ];
}

export async function renderClaimFormPdf(data: ClaimDocumentsData): Promise<Buffer> {
  const frame = {
    locale: data.locale,
    title: LABELS.title[data.locale],
    policyNumber: data.policy.policyNumber,
    claimReference: data.incident.insurerClaimReference,
    createdAt: data.createdAt,
  };
  return await renderPdf(formDocument(frame, claimFormContent(data)));
}
