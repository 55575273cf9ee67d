// Renders incident-report.pdf (事故状況報告書) for the insurer: the policy and the claim reference, the incident
// with its dates in 和暦, the persons and records, the report's items in the commission's order, the contact.

import type { Content } from 'pdfmake/interfaces';
import { INCIDENT_KIND_LABELS, type Locale } from '../../shared/categories.ts';
import { DATA_ROLE_LABELS } from '../../shared/incident-facts.ts';
import { notifiesClient, ppcReportItems } from '../../shared/incident-report.ts';
import type { ClaimDocumentsData } from './claim-documents-data.ts';
import { count, dateLine, fieldTable, formDate, formDocument, heading, japanDate, reportItems } from './form-parts.ts';
import { renderPdf } from './pdf-base.ts';

const LABELS = {
  title: { ja: '事故状況報告書', en: 'Incident report' },
  subtitle: { ja: '（個人データの漏えい等）', en: '(personal data incident)' },
  addressee: { ja: '{insurer} 御中', en: 'To: {insurer}' },
  reportedOn: { ja: '報告日', en: 'Date' },
  policyHeading: { ja: '保険契約と事故の受付', en: 'Policy and claim' },
  policyNumber: { ja: '証券番号', en: 'Policy number' },
  policyPeriod: { ja: '保険期間', en: 'Policy period' },
  insured: { ja: '記名被保険者', en: 'Insured' },
  address: { ja: '所在地', en: 'Address' },
  claimReference: { ja: '事故受付番号', en: 'Insurer’s claim reference' },
  incidentHeading: { ja: '事故の内容', en: 'The incident' },
  incidentTitle: { ja: '事故の名称', en: 'Title' },
  kind: { ja: '事故の種類', en: 'Kind' },
  occurredOn: { ja: '発生日', en: 'Occurred on' },
  discoveredOn: { ja: '発覚日', en: 'Discovered on' },
  awareOn: { ja: '事態を知った日', en: 'Became aware on' },
  records: { ja: '漏えい等した記録の件数', en: 'Records affected' },
  persons: { ja: '本人の数', en: 'Persons affected' },
  dataRole: { ja: '個人データの区分', en: 'Whose data' },
  client: { ja: '委託元', en: 'Client' },
  itemsHeading: {
    ja: '報告事項（個人情報保護委員会への報告と同じ項目）',
    en: 'The report (the items of the report to the Personal Information Protection Commission)',
  },
  contactHeading: { ja: '連絡先', en: 'Contact' },
  contactName: { ja: '連絡担当者', en: 'Contact person' },
  contactPhone: { ja: '電話番号', en: 'Phone' },
  periodTo: { ja: '〜', en: ' – ' },
  recordsUnit: { ja: '件', en: ' records' },
  personsUnit: { ja: '人', en: ' persons' },
} satisfies Record<string, Record<Locale, string>>;

type Key = keyof typeof LABELS;

export function incidentReportContent(data: ClaimDocumentsData): Content[] {
  const { locale, incident, policy, company, report } = data;
  const label = (key: Key) => LABELS[key][locale];
  const amount = (n: number | null, unit: Key) => (n === null ? null : `${count(n)}${label(unit)}`);
  const contractor = notifiesClient(incident);
  return [
    { text: label('title'), style: 'title' },
    { text: label('subtitle'), style: 'subtitle' },
    dateLine(label('reportedOn'), japanDate(data.createdAt), locale),
    { text: label('addressee').replace('{insurer}', policy.insurer), style: 'addressee' },
    heading(label('policyHeading')),
    fieldTable([
      [label('policyNumber'), policy.policyNumber],
      [label('policyPeriod'), `${formDate(policy.periodStart, locale)}${label('periodTo')}${formDate(policy.periodEnd, locale)}`],
      [label('insured'), company.name],
      [label('address'), company.address],
      [label('claimReference'), incident.insurerClaimReference],
    ]),
    heading(label('incidentHeading')),
    fieldTable([
      [label('incidentTitle'), incident.title],
      [label('kind'), INCIDENT_KIND_LABELS[incident.kind][locale]],
      [label('occurredOn'), formDate(incident.occurredOn, locale)],
      [label('discoveredOn'), formDate(incident.discoveredOn, locale)],
      [label('awareOn'), formDate(incident.awareOn ?? incident.discoveredOn, locale)],
      [label('records'), amount(incident.recordsAffected, 'recordsUnit')],
      [label('persons'), amount(incident.personsAffected, 'personsUnit')],
      [label('dataRole'), DATA_ROLE_LABELS[incident.dataRole][locale]],
      ...(contractor ? [[label('client'), report.clientName] as [string, string | null]] : []),
    ]),
    heading(label('itemsHeading')),
    ...reportItems(ppcReportItems(report, incident, locale)),
    {
      stack: [
        heading(label('contactHeading')),
        fieldTable([
          [label('contactName'), report.contactName],
          [label('contactPhone'), report.contactPhone],
        ]),
      ],
      unbreakable: true,
    },
  ];
}

export async function renderIncidentReportPdf(data: ClaimDocumentsData): Promise<Buffer> {
  const frame = {
    locale: data.locale,
    title: LABELS.title[data.locale],
    policyNumber: data.policy.policyNumber,
    claimReference: data.incident.insurerClaimReference,
    createdAt: data.createdAt,
  };
  return await renderPdf(formDocument(frame, incidentReportContent(data)));
}
