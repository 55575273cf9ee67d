// The iCalendar writer (RFC 5545): lines end in CRLF and fold at 75 octets without cutting a Japanese
// character in two, TEXT values are escaped, and a folded calendar reads back as it was written (ical.js).
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, icsTimestamp, writeCalendar } from '../../server/calendar/ics.ts';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('escapeText', () => {
  it('escapes backslash, semicolon and comma, and writes newlines as \\n', () => {
    expect(escapeText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d');
    expect(escapeText('一行目\n二行目\r\n三行目')).toBe('一行目\\n二行目\\n三行目');
    // Colons and Japanese punctuation need nothing.
    expect(escapeText('期限：2026年12月10日、確報。')).toBe('期限：2026年12月10日、確報。');
  });
});

describe('foldLine', () => {
  it('leaves a line of 75 octets alone and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('keeps every physical line within 75 octets, the leading space included', () => {
    const folded = foldLine(`DESCRIPTION:${'y'.repeat(300)}`);
    const lines = folded.split('\r\n');
    expect(lines.length).toBe(5);
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
  });

  it('never cuts a Japanese character (3 octets) or an emoji (4) in two', () => {
    const summary = `SUMMARY:【期限超過】個人情報保護委員会への確報（顧客データベースからの個人情報漏えい事案）🔥${'漏'.repeat(40)}`;
    const lines = foldLine(summary).split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      // A cut inside a character would leave U+FFFD after decoding the line's bytes on their own.
      expect(Buffer.from(line, 'utf8').toString('utf8')).not.toContain('\uFFFD');
    }
    // 'SUMMARY:' is 8 octets, then 3 each: 22 characters make 74 octets, a 23rd would make 77.
    expect(lines[0]).toBe(`SUMMARY:${[...summary.slice(8)].slice(0, 22).join('')}`);
    // Unfolding (remove CRLF and the one space) gives the line back.
    expect(lines.join('\r\n').replace(/\r\n /g, '')).toBe(summary);
  });
});

describe('writeCalendar', () => {
  const calendar = writeCalendar(
    {
      prodId: '-//test//JA',
      name: '期限, テスト; 一覧',
      timeZone: 'Asia/Tokyo',
      events: [
        {
          uid: 'inc-1-regulator_final@example.jp',
          date: '2026-12-31',
          summary: '【期限超過】個人情報保護委員会への確報（顧客DB漏えい, 第2報; 再発防止）',
          description: `根拠：知った日から30日以内。\n${'説明'.repeat(60)}\nhttps://app.example.jp/incidents/inc-1`,
          url: 'https://app.example.jp/incidents/inc-1?a=1,2;3',
          alarmDaysBefore: 1,
        },
      ],
    },
    new Date('2026-12-05T07:21:55.123Z'),
  );

  it('ends every line with CRLF and keeps each within 75 octets', () => {
    expect(calendar.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(calendar.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of calendar.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it('writes the header, an all-day event ending the next day (across a year end) and a display alarm a day before', () => {
    const unfolded = calendar.replace(/\r\n /g, '');
    expect(unfolded).toContain('\r\nVERSION:2.0\r\n');
    expect(unfolded).toContain('\r\nPRODID:-//test//JA\r\n');
    expect(unfolded).toContain('\r\nX-WR-CALNAME:期限\\, テスト\\; 一覧\r\n');
    expect(unfolded).toContain('\r\nX-WR-TIMEZONE:Asia/Tokyo\r\n');
    expect(unfolded).toContain('\r\nDTSTAMP:20261205T072155Z\r\n');
    expect(unfolded).toContain('\r\nDTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n');
    expect(unfolded).toContain('\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n');
    expect(unfolded).toContain('\r\nTRIGGER:-P1D\r\n');
    // A URI is not TEXT: its commas and semicolons stay as they are.
    expect(unfolded).toContain('\r\nURL:https://app.example.jp/incidents/inc-1?a=1,2;3\r\n');
  });

  it('reads back with ical.js as written: the summary, description, dates and alarm', () => {
    const component = new ICAL.Component(ICAL.parse(calendar) as unknown[]);
    // ical.js does not know X-WR-CALNAME's type and keeps it raw; its escaping is checked above.
    expect(component.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Tokyo');
    const vevent = component.getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('inc-1-regulator_final@example.jp');
    expect(event.summary).toBe('【期限超過】個人情報保護委員会への確報（顧客DB漏えい, 第2報; 再発防止）');
    expect(event.description).toBe(`根拠：知った日から30日以内。\n${'説明'.repeat(60)}\nhttps://app.example.jp/incidents/inc-1`);
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2026-12-31');
    expect(event.endDate.toString()).toBe('2027-01-01');
    const alarm = vevent.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-P1D');
  });
});

describe('icsTimestamp', () => {
  it('writes UTC without separators or milliseconds', () => {
    expect(icsTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
  });
});
