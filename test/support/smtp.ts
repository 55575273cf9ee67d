// A real SMTP server on loopback for the tests (smtp-server), keeping every message it accepted parsed
// (mailparser); it asks for a password as a relay would, and can refuse a recipient once.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO of the envelope: who the server was asked to deliver to. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  parsed: ParsedMail;
}

export interface TestSmtp {
  host: string;
  port: number;
  user: string;
  password: string;
  received: ReceivedMail[];
  /** Addresses refused once with 451 (a temporary failure), then accepted. */
  refuseOnce: Set<string>;
  /** How many recipients were refused. */
  refused: number;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtp> {
  const smtp: TestSmtp = {
    host: '127.0.0.1',
    user: 'reminders',
    password: 'relay-password',
    received: [],
    refuseOnce: new Set(),
    refused: 0,
    port: 0,
    close: async () => {},
  };
  const server = new SMTPServer({
    // Plain text on loopback: STARTTLS would need a certificate the client trusts.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === smtp.user && auth.password === smtp.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (smtp.refuseOnce.delete(address.address)) {
        smtp.refused += 1;
        const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          smtp.received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            parsed,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  smtp.port = (server.server.address() as AddressInfo).port;
  smtp.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return smtp;
}
