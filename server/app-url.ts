// The app's public address (APP_URL), for links that leave the app: in reminder e-mails and calendar events.

/** Where a member opens the incident: the dashboard route of the web client. */
export function incidentLink(appUrl: string, incidentId: string): string {
  return `${appUrl}/incidents/${encodeURIComponent(incidentId)}`;
}

/** The calendar feed's address; the secret is the only credential it needs. */
export function calendarFeedLink(appUrl: string, secret: string): string {
  return `${appUrl}/calendar/${secret}.ics`;
}

/** The host name, for the calendar events' UIDs (`…@host`, RFC 5545 §3.8.4.7). */
export function appHost(appUrl: string): string {
  return new URL(appUrl).hostname;
}
