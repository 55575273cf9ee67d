// Writes the insurer's forms into a package being built: incident-report.pdf and claim-form.pdf always,
// client-notice.pdf when the company handles the leaked data as a contractor. Answers the files written.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { notifiesClient } from '../../shared/incident-report.ts';
import type { ClaimDocumentsData } from './claim-documents-data.ts';
import { renderClaimFormPdf } from './claim-form-pdf.ts';
import { renderClientNoticePdf } from './client-notice-pdf.ts';
import { renderIncidentReportPdf } from './incident-report-pdf.ts';

export const INCIDENT_REPORT_FILE = 'incident-report.pdf';
export const CLAIM_FORM_FILE = 'claim-form.pdf';
export const CLIENT_NOTICE_FILE = 'client-notice.pdf';

export async function writeClaimDocuments(data: ClaimDocumentsData, dir: string): Promise<string[]> {
  const documents: [string, (d: ClaimDocumentsData) => Promise<Buffer>][] = [
    [INCIDENT_REPORT_FILE, renderIncidentReportPdf],
    [CLAIM_FORM_FILE, renderClaimFormPdf],
    ...(notifiesClient(data.incident) ? [[CLIENT_NOTICE_FILE, renderClientNoticePdf] as [string, (d: ClaimDocumentsData) => Promise<Buffer>]] : []),
  ];
  // One after another: each render holds its PDF in memory, and two cores serve other requests meanwhile.
  for (const [name, render] of documents) await writeFile(path.join(dir, name), await render(data));
  return documents.map(([name]) => name);
}
