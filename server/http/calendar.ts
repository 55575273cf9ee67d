// GET /calendar/<secret>.ics: a member's deadlines as an iCalendar feed, for Outlook, Google Calendar and
// Apple Calendar to subscribe to. No cookie: calendar apps fetch on their own, so the secret in the URL is
// the credential (hashed for the lookup, as session tokens are). An unknown or revoked secret answers 404.

import type http from 'node:http';
import { feedOwner } from '../calendar/feeds.ts';
import { deadlinesCalendar } from '../calendar/deadline-events.ts';
import { writeCalendar } from '../calendar/ics.ts';
import { openIncidentDeadlines } from '../claims/open-deadlines.ts';
import type { Db } from '../db/client.ts';
import { sendError } from './responses.ts';

export async function serveCalendarFeed(req: http.IncomingMessage, res: http.ServerResponse, db: Db, secret: string, appUrl: string) {
  const user = await feedOwner(db, secret);
  if (!user) return sendError(res, 404, 'NOT_FOUND', 'No such calendar: it was replaced or stopped');
  // As the in-app deadline notices: the open incidents of the member's policyholder companies.
  const companyIds = user.memberships.filter((m) => m.companyKind === 'policyholder').map((m) => m.companyId);
  const body = Buffer.from(writeCalendar(deadlinesCalendar(await openIncidentDeadlines(db, companyIds), appUrl)), 'utf8');
  res.writeHead(200, {
    'content-type': 'text/calendar; charset=utf-8',
    'content-length': body.length,
    'content-disposition': 'inline; filename="deadlines.ics"',
    // Fetched again by every calendar on its own schedule; never kept by a shared cache.
    'cache-control': 'private, no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
