// Sends mail through the SMTP server of SMTP_HOST with nodemailer (docs/decisions/028): one pooled
// connection per run, closed at its end; a send resolves only once the server accepted the message.

import nodemailer from 'nodemailer';
import type { MailConfig } from '../env.ts';
import type { ReminderMail } from './reminder-mail.ts';

export interface Mailer {
  send(mail: ReminderMail): Promise<void>;
  close(): void;
}

/** Long enough for a slow relay; short enough that a dead one does not hold a run for minutes. */
const TIMEOUT_MS = 30_000;

export function createMailer(config: MailConfig): Mailer {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    host: config.host,
    port: config.port,
    // On: TLS from the first byte (port 465). Off: STARTTLS whenever the server offers it (port 587).
    secure: config.secure,
    auth: config.user !== null ? { user: config.user, pass: config.password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    // Our messages are our own text: nothing in them may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail) {
      await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
