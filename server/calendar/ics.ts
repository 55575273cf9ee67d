// A small iCalendar (RFC 5545) writer: all-day events with an alarm, the only thing the deadlines feed needs.
// Written here rather than taken from ical-generator: about sixty lines cover what we publish (TEXT
// escaping, folding at 75 octets without splitting a UTF-8 character, CRLF endings), and the rules are
// easy to test directly; a library would bring time-zone and recurrence code we never use.

import { addDays } from '../../shared/dates.ts';

export interface IcsEvent {
  /** Stable across fetches, so a calendar updates the event rather than adding a copy. */
  uid: string;
  /** The day it falls on (`YYYY-MM-DD`): an all-day event. */
  date: string;
  summary: string;
  description: string;
  url: string;
  /** Days before the day that the reminder goes off (none when absent). */
  alarmDaysBefore?: number;
}

export interface IcsCalendar {
  prodId: string;
  name: string;
  /** The zone clients show the calendar in; all-day dates have no zone of their own. */
  timeZone: string;
  events: readonly IcsEvent[];
}

/** TEXT values (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, newlines as `\n`. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

const MAX_OCTETS = 75;

/**
 * Folds a content line at 75 octets (§3.1): each further line starts with one space, which counts
 * toward its 75. Cuts fall between characters, never inside a multibyte UTF-8 sequence (a Japanese
 * character is 3 octets, an emoji 4).
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const compactDate = (date: string) => date.replace(/-/g, '');

/** A UTC timestamp as iCalendar writes it: 20261205T072155Z. */
export function icsTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function eventLines(event: IcsEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${compactDate(event.date)}`,
    // DTEND is exclusive: an all-day event on one day ends the next day.
    `DTEND;VALUE=DATE:${compactDate(addDays(event.date, 1))}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    // A URI, not TEXT: its commas and semicolons are left as they are.
    `URL:${event.url}`,
    // A deadline does not make anyone busy.
    'TRANSP:TRANSPARENT',
  ];
  if (event.alarmDaysBefore !== undefined) {
    lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(event.summary)}`, `TRIGGER:-P${event.alarmDaysBefore}D`, 'END:VALARM');
  }
  lines.push('END:VEVENT');
  return lines;
}

/** The whole calendar, CRLF after every line (the last one too), folded. */
export function writeCalendar(calendar: IcsCalendar, now: Date = new Date()): string {
  const stamp = icsTimestamp(now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    `X-WR-TIMEZONE:${calendar.timeZone}`,
    // Hints for how often to fetch again (Outlook and Apple read them; Google keeps its own pace).
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...calendar.events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
