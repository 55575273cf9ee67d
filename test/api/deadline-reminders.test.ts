// Deadline reminders by e-mail, end to end: a real SMTP server on loopback receives what the reminder job
// sends for an incident with a late and a due-soon deadline; only the duties' owners are written to, in
// Japanese with the English underneath and a link to the incident; a second run sends nothing; a refused
// mail is sent again by the next run; without SMTP_HOST nothing is sent at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailConfig } from '../../server/env.ts';
import { startReminderRuns, type ReminderLog } from '../../server/reminders/schedule.ts';
import { users } from '../../server/db/schema.ts';
import { eq } from 'drizzle-orm';
import { setUpIncident } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, startTestServer, type TestServer } from '../support/server.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';
import { at } from '../support/at.ts';
import { sqlRows } from '../support/sql.ts';

/**
 * The fixture incident was discovered on 2026-06-02 with 1,200 records (a report is owed). On 2026-06-07
 * the insurer's notice (day 7, 2026-06-08) is due soon and the regulator's first report (day 5,
 * 2026-06-06) is late; the final report and the persons' notice (2026-07-01) are not yet due soon.
 */
const TODAY = '2026-06-07';

let server: TestServer;
let smtp: TestSmtp;
let a: Awaited<ReturnType<typeof signUpCompany>>;
let incidentId: string;
const emails: Record<'responder' | 'finance' | 'retiredFinance' | 'bAdmin', string> = { responder: '', finance: '', retiredFinance: '', bAdmin: '' };

async function join(admin: ApiClient, companyId: string, role: 'responder' | 'finance', label: string) {
  const { token } = await admin.ok('mutate', 'company.invite', { companyId, role });
  const client = new ApiClient(server.url);
  const email = `${label}-${Date.now()}@example.jp`;
  const { userId } = await client.ok('mutate', 'auth.acceptInvite', { token, email, password: 'correct horse battery', name: label });
  return { email, userId: userId };
}

function logs(): ReminderLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m, f) => lines.push(`info ${m} ${f ? JSON.stringify(f) : ''}`),
    error: (m, f) => lines.push(`error ${m} ${f ? JSON.stringify(f) : ''}`),
  };
}

const mailConfig = (): MailConfig => ({
  host: smtp.host,
  port: smtp.port,
  secure: false,
  user: smtp.user,
  password: smtp.password,
  from: '期限のお知らせ <reminders@example.jp>',
});
const reminderRows = () => sqlRows(server.db, 'SELECT user_id, dedupe_key FROM deadline_reminders ORDER BY user_id, dedupe_key');

beforeAll(async () => {
  [server, smtp] = await Promise.all([startTestServer(), startSmtpServer()]);
  a = await signUpCompany(server.url, 'A');
  ({ incidentId } = await setUpIncident(a.client, a.companyId));
  emails.responder = (await join(a.client, a.companyId, 'responder', 'responder')).email;
  emails.finance = (await join(a.client, a.companyId, 'finance', 'finance')).email;
  // A finance member whose account is disabled (as the demo accounts are with DEMO_SEED off).
  const retired = await join(a.client, a.companyId, 'finance', 'retired');
  emails.retiredFinance = retired.email;
  await server.db.update(users).set({ disabledAt: '2026-06-01T00:00:00.000Z' }).where(eq(users.id, retired.userId));
  // Another company, no incident of its own: its admin is told nothing of A's.
  emails.bAdmin = (await signUpCompany(server.url, 'B')).email;
});
afterAll(async () => {
  await smtp.close();
  await server.close();
});

describe('without SMTP_HOST', () => {
  it('says once that reminders are off and sends nothing, though two deadlines are due', async () => {
    const log = logs();
    expect(startReminderRuns({ db: server.db, mail: null, appUrl: server.url, log, today: () => TODAY })).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(log.lines).toEqual(['info Deadline reminders by e-mail are off: set SMTP_HOST and MAIL_FROM to send them ']);
    expect(smtp.received).toEqual([]);
    expect(await reminderRows()).toEqual([]);
  });
});

describe('with an SMTP server', () => {
  it('writes to the owners of the late and the due-soon duty, and to nobody else', async () => {
    const log = logs();
    const schedule = startReminderRuns({ db: server.db, mail: mailConfig(), appUrl: server.url, log, today: () => TODAY })!;
    try {
      expect(await schedule.firstRun).toEqual({ due: 4, sent: 4, failed: 0 });
    } finally {
      schedule.stop();
    }
    const byRecipient = smtp.received.map((m) => `${m.to.join(',')} ${m.subject}`).sort();
    expect(byRecipient).toEqual(
      [
        // The insurer's notice is finance's and the admin's; the regulator's report is the responders' and the admin's.
        `${a.email} 【期限間近】保険会社への事故通知（顧客DB漏えい）— 2026-06-08`,
        `${a.email} 【期限超過】個人情報保護委員会への速報（顧客DB漏えい）— 2026-06-06`,
        `${emails.finance} 【期限間近】保険会社への事故通知（顧客DB漏えい）— 2026-06-08`,
        `${emails.responder} 【期限超過】個人情報保護委員会への速報（顧客DB漏えい）— 2026-06-06`,
      ].sort(),
    );
    const everyone = smtp.received.flatMap((m) => m.to);
    expect(everyone).not.toContain(emails.retiredFinance);
    expect(everyone).not.toContain(emails.bAdmin);
    expect(smtp.received.every((m) => m.parsed.from?.value[0]?.address === 'reminders@example.jp' && m.from === 'reminders@example.jp')).toBe(true);
  });

  it('says what is due, by when and where to record it: Japanese first, English underneath, with the link', () => {
    const late = smtp.received.find((m) => m.to[0] === emails.responder)!;
    const [ja, en] = late.text.split('― English ―');
    expect(ja).toContain('responder 様');
    expect(ja).toContain('次の期限を1日過ぎています。');
    expect(ja).toContain('事故：顧客DB漏えい');
    expect(ja).toContain('対応：個人情報保護委員会への速報');
    expect(ja).toContain('根拠：知った日から概ね3〜5日以内（5日目まで、土日祝日を含む）。');
    expect(ja).toContain('起算日：2026年6月2日');
    expect(ja).toContain('期日：2026年6月6日');
    expect(ja).toContain('状態：期限超過');
    expect(ja).toContain(`開く：${server.url}/incidents/${incidentId}`);
    expect(en).toContain('This deadline passed 1 day ago.');
    expect(en).toContain('Duty: First report to the PPC');
    expect(en).toContain(`Open: ${server.url}/incidents/${incidentId}`);

    const soon = smtp.received.find((m) => m.to[0] === emails.finance)!;
    expect(soon.text).toContain('次の期限まであと1日です。');
    expect(soon.text).toContain('状態：期限間近');
    expect(soon.text).toContain('A社の経理・管理者の方に');
  });

  it('sends nothing on the next run: each reminder was recorded once accepted', async () => {
    const before = smtp.received.length;
    const schedule = startReminderRuns({ db: server.db, mail: mailConfig(), appUrl: server.url, log: logs(), today: () => TODAY })!;
    try {
      expect(await schedule.firstRun).toEqual({ due: 0, sent: 0, failed: 0 });
      expect(await schedule.runNow()).toEqual({ due: 0, sent: 0, failed: 0 });
    } finally {
      schedule.stop();
    }
    expect(smtp.received.length).toBe(before);
    expect(await reminderRows()).toHaveLength(4);
  });

  it('sends a refused mail again on the next run, and only that one', async () => {
    // A day later the insurer's notice is late too: a new state, so its owners are told again.
    const nextDay = '2026-06-09';
    smtp.refuseOnce.add(emails.finance);
    const before = smtp.received.length;
    const log = logs();
    const schedule = startReminderRuns({ db: server.db, mail: mailConfig(), appUrl: server.url, log, today: () => nextDay })!;
    try {
      expect(await schedule.firstRun).toEqual({ due: 2, sent: 1, failed: 1 });
      expect(log.lines.some((l) => l.startsWith('error deadline reminder not sent; the next run tries again') && l.includes(emails.finance))).toBe(true);
      expect(smtp.received.slice(before).map((m) => m.to[0])).toEqual([a.email]);
      expect(await schedule.runNow()).toEqual({ due: 1, sent: 1, failed: 0 });
      expect(await schedule.runNow()).toEqual({ due: 0, sent: 0, failed: 0 });
    } finally {
      schedule.stop();
    }
    const resent = smtp.received.slice(before);
    expect(resent.map((m) => m.to[0])).toEqual([a.email, emails.finance]);
    expect(at(resent, 1).subject).toBe('【期限超過】保険会社への事故通知（顧客DB漏えい）— 2026-06-08');
    expect(smtp.refused).toBe(1);
  });

  it('logs the failures of a run the server refuses (a wrong password), throws nothing, and records nothing', async () => {
    const log = logs();
    const schedule = startReminderRuns({
      db: server.db,
      mail: { ...mailConfig(), password: 'wrong password' },
      appUrl: server.url,
      log,
      // A day on which the persons' notice and final report are due soon: mails would be sent.
      today: () => '2026-06-25',
    })!;
    try {
      const result = await schedule.firstRun;
      expect(result?.sent).toBe(0);
      expect(result?.failed).toBeGreaterThan(0);
    } finally {
      schedule.stop();
    }
    expect(log.lines.filter((l) => l.startsWith('error')).length).toBeGreaterThan(0);
    // Nothing recorded for what was not accepted: the next run with the right password sends it.
    const schedule2 = startReminderRuns({ db: server.db, mail: mailConfig(), appUrl: server.url, log: logs(), today: () => '2026-06-25' })!;
    try {
      expect((await schedule2.firstRun)?.sent).toBeGreaterThan(0);
    } finally {
      schedule2.stop();
    }
  });
});
