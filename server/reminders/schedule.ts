// When the reminder job runs: once at start-up, then every 15 minutes, never two runs at once, and never
// throwing out of the timer (a failure is logged; the next run tries again).

import type { Db } from '../db/client.ts';
import { onlyOneInstance, SKIPPED } from '../db/pg-advisory.ts';
import type { MailConfig } from '../env.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { runReminders, type ReminderRunResult } from './run-reminders.ts';

/** Often enough that a deadline turning due-soon at midnight is mailed before the working day starts. */
export const REMINDER_INTERVAL_MS = 15 * 60_000;

export interface ReminderLog {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface ReminderSchedule {
  /** The run made at start-up. */
  firstRun: Promise<ReminderRunResult | null>;
  /** Runs now unless a run is under way here or on another instance (then answers null). */
  runNow(): Promise<ReminderRunResult | null>;
  stop(): void;
}

export function startReminderRuns(options: {
  db: Db;
  mail: MailConfig | null;
  appUrl: string;
  log: ReminderLog;
  /** Tests pass a mailer of their own making or a fixed day. */
  mailer?: () => Mailer;
  today?: () => string;
  intervalMs?: number;
}): ReminderSchedule | null {
  const { db, mail, appUrl, log } = options;
  if (!mail) {
    log.info('Deadline reminders by e-mail are off: set SMTP_HOST and MAIL_FROM to send them');
    return null;
  }
  let running: Promise<ReminderRunResult | null> | null = null;
  const runOnce = async (): Promise<ReminderRunResult | null> => {
    let mailer: Mailer | null = null;
    try {
      mailer = (options.mailer ?? (() => createMailer(mail)))();
      const sender = mailer;
      // Instances sharing a PostgreSQL database each schedule runs; one at a time sends, the others skip.
      const result = await onlyOneInstance(db, 'deadline-reminders', () =>
        runReminders({
          db,
          mailer: sender,
          appUrl,
          today: options.today?.(),
          onError: (error, to, dedupeKey) => log.error('deadline reminder not sent; the next run tries again', { to, dedupeKey, error: String(error) }),
        }),
      );
      if (result === SKIPPED) return null;
      if (result.due > 0) log.info('deadline reminders', { ...result });
      return result;
    } catch (error) {
      log.error('deadline reminder run failed', { error: error instanceof Error ? error.stack : String(error) });
      return null;
    } finally {
      mailer?.close();
    }
  };
  const runNow = () => {
    if (running) return Promise.resolve(null);
    running = runOnce().finally(() => {
      running = null;
    });
    return running;
  };
  log.info(`Deadline reminders by e-mail are on: via ${mail.host}:${mail.port}, every ${REMINDER_INTERVAL_MS / 60_000} minutes`);
  const firstRun = runNow();
  const timer = setInterval(() => void runNow(), options.intervalMs ?? REMINDER_INTERVAL_MS);
  timer.unref();
  return { firstRun, runNow, stop: () => clearInterval(timer) };
}
