// Renders client-notice.pdf: a contractor's notice to its client (委託元への通知, 個人情報保護法第26条第1項ただし書),
// addressed to the client, with the items of the commission's report. Only in the package of an incident whose
// data the company handles as a contractor (incidents.data_role = 'contractor').

import type { Content } from 'pdfmake/interfaces';
import type { Locale } from '../../shared/categories.ts';
import { clientNotice } from '../../shared/incident-report.ts';
import type { ClaimDocumentsData } from './claim-documents-data.ts';
import { dateLine, fieldTable, formDocument, japanDate, reportItems, writingLine } from './form-parts.ts';
import { renderPdf } from './pdf-base.ts';

const LABELS = {
  fileTitle: { ja: '委託元への通知', en: 'Notice to the client' },
  notifiedOn: { ja: '通知日', en: 'Date' },
  honorific: { ja: '御中', en: '' },
  to: { ja: '', en: 'To:' },
  from: { ja: '通知者', en: 'From' },
  name: { ja: '名称', en: 'Name' },
  address: { ja: '所在地', en: 'Address' },
  representative: { ja: '代表者', en: 'Representative' },
  contact: { ja: '連絡先（担当者・電話）', en: 'Contact (person, phone)' },
} satisfies Record<string, Record<Locale, string>>;

type Key = keyof typeof LABELS;

/** `A社 御中`; a client not named yet is a line to write the name on. */
function addressee(data: ClaimDocumentsData, label: (key: Key) => string): Content {
  const { locale, report } = data;
  if (report.clientName) return { text: clientNotice(report, data.incident, locale).addressee, style: 'addressee' };
  return {
    columns: [
      ...(locale === 'en'
        ? [{ text: label('to'), width: 'auto' as const, margin: [0, 16, 6, 0] as [number, number, number, number], fontSize: 12, bold: true }]
        : []),
      { width: 220, stack: [writingLine()] },
      ...(locale === 'ja'
        ? [{ text: label('honorific'), width: 'auto' as const, margin: [6, 16, 0, 0] as [number, number, number, number], fontSize: 12, bold: true }]
        : []),
    ],
    margin: [0, 0, 0, 8],
  };
}

export function clientNoticeContent(data: ClaimDocumentsData): Content[] {
  const { locale, company, report } = data;
  const label = (key: Key) => LABELS[key][locale];
  const notice = clientNotice(report, data.incident, locale);
  return [
    dateLine(label('notifiedOn'), japanDate(data.createdAt), locale),
    addressee(data, label),
    {
      columns: [
        { width: '*', text: '' },
        {
          width: 320,
          stack: [
            { text: label('from'), bold: true, margin: [0, 0, 0, 2] },
            fieldTable(
              [
                [label('name'), company.name],
                [label('address'), company.address],
                [label('representative'), company.representative],
                [label('contact'), notice.contact],
              ],
              115,
            ),
          ],
        },
      ],
      margin: [0, 0, 0, 10],
    },
    { text: notice.title, style: 'title' },
    { text: notice.intro, margin: [0, 6, 0, 8] },
    ...reportItems(notice.items),
  ];
}

export async function renderClientNoticePdf(data: ClaimDocumentsData): Promise<Buffer> {
  const frame = {
    locale: data.locale,
    title: LABELS.fileTitle[data.locale],
    policyNumber: data.policy.policyNumber,
    claimReference: data.incident.insurerClaimReference,
    createdAt: data.createdAt,
  };
  return await renderPdf(formDocument(frame, clientNoticeContent(data)));
}
