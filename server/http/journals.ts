// GET /api/incidents/<id>/journals/<format>.csv[?from=YYYY-MM-DD&to=YYYY-MM-DD]: the incident's journal entries
// for freee, Money Forward or 弥生 (server/journals/). Finance and admin of the company; anyone else 404 (a
// broker 403, as for the other finance files), no session 401.

import type http from 'node:http';
import { JOURNAL_FORMATS, type JournalFormat } from '../../shared/journal-settings.ts';
import { dateSchema } from '../../shared/schemas.ts';
import { requireIncident } from '../access.ts';
import type { SessionUser } from '../context.ts';
import type { Db } from '../db/client.ts';
import { safeFileName } from '../files/file-name.ts';
import { journalFile } from '../journals/journal-file.ts';
import { contentDisposition, sendAccessError, sendError } from './responses.ts';

/** `from` and `to` (both optional, both days included), or the message naming the one that is wrong. */
function periodOf(url: URL): { from: string | null; to: string | null } | string {
  const period = { from: url.searchParams.get('from') || null, to: url.searchParams.get('to') || null };
  for (const key of ['from', 'to'] as const) {
    const value = period[key];
    if (value !== null && !dateSchema.safeParse(value).success) return `${key}: must be a calendar date YYYY-MM-DD`;
  }
  if (period.from !== null && period.to !== null && period.from > period.to) return 'to: must not be before from';
  return period;
}

export async function downloadJournal(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  user: SessionUser | null,
  db: Db,
  incidentId: string,
  format: string,
  url: URL,
) {
  if (!user) return sendError(res, 401, 'UNAUTHORIZED', 'Sign in first');
  let incident;
  try {
    incident = await requireIncident({ db, user }, incidentId, 'finance');
  } catch (error) {
    return sendAccessError(res, error);
  }
  if (!(JOURNAL_FORMATS as readonly string[]).includes(format)) {
    return sendError(res, 404, 'NOT_FOUND', `No such journal format: use ${JOURNAL_FORMATS.join(', ')}`);
  }
  const period = periodOf(url);
  if (typeof period === 'string') return sendError(res, 400, 'BAD_REQUEST', period);
  const file = await journalFile(db, incident, format as JournalFormat, period);
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': file.bytes.length,
    'content-disposition': contentDisposition('attachment', safeFileName(file.fileName)),
    'cache-control': 'private, no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : file.bytes);
}
