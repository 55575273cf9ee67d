// Starts the app: validates the environment, opens and migrates the database, seeds the demo, listens;
// on SIGTERM or SIGINT, finishes the requests in flight, closes the database and exits.

import { purgeSignInFailures } from './auth/failure-store-db.ts';
import { purgeEndedSessions } from './auth/session.ts';
import { removePidFile, writePidFile } from './backup/server-lock.ts';
import { closeDatabase, openConfiguredDatabase } from './db/client.ts';
import { onlyOneInstance } from './db/pg-advisory.ts';
import { disableDemoAccounts, seedDemo } from './demo.ts';
import { readEnv, type Env } from './env.ts';
import { createAppServer } from './http/server.ts';
import { logEvent, stdoutSink, type LogSink } from './http/request-log.ts';
import { purgeExpiredKeys } from './idempotency.ts';
import { recoverInterruptedWork } from './recovery.ts';
import { startReminderRuns } from './reminders/schedule.ts';
import { openStorage } from './storage.ts';

/** How long in-flight requests get to finish after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

function loadEnv(): Env {
  try {
    return readEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const env = loadEnv();
const sessionPolicy = { idleMs: env.sessionIdleMinutes * 60_000, maxMs: env.sessionMaxHours * 3_600_000 };
const db = await openConfiguredDatabase(env);
const storage = openStorage(env.dataDir, env.s3);
// A bucket that is missing or refuses the keys fails the start, not the first upload.
try {
  await storage.objects.check();
} catch (error) {
  console.error(`Stored files: ${(error as Error).message}`);
  process.exit(1);
}
if (env.s3) console.log(`Stored files: ${storage.objects.location}${env.s3.endpoint ? ` at ${env.s3.endpoint}` : ''}`);
const recovered = await recoverInterruptedWork(db, storage);
if (recovered.packages + recovered.tempFiles > 0) {
  console.log(`Cleared what an interrupted run left: ${recovered.packages} unfinished package(s), ${recovered.tempFiles} temporary file(s)`);
}
// Ended sessions, day-old idempotency keys and forgotten sign-in failures are removed at start and every hour
// after, by one instance at a time when several share a PostgreSQL database.
const purge = () =>
  onlyOneInstance(db, 'hourly-purge', async () => {
    await purgeEndedSessions(db, sessionPolicy);
    await purgeSignInFailures(db);
    await purgeExpiredKeys(db);
  });
await purge();
setInterval(() => void purge(), 3_600_000).unref();
const demoCredentials = env.demoSeed ? await seedDemo(db, storage) : null;
// Demo mode off on a database seeded earlier: the published demo passwords must stop working.
if (!env.demoSeed && (await disableDemoAccounts(db)) > 0) console.log('Demo mode is off: the demo accounts are disabled (DEMO_SEED=on enables them again)');
const log: LogSink | undefined = env.requestLog ? stdoutSink : undefined;
const server = createAppServer({ db, storage, demoCredentials, log, appUrl: env.appUrl, sessionPolicy, trustedProxies: env.trustedProxies });
// Deadline reminders by e-mail: at start and every 15 minutes (server/reminders/schedule.ts).
startReminderRuns({
  db,
  mail: env.mail,
  appUrl: env.appUrl,
  log: {
    // The start-up line reads like the others; what a run did is a JSON event like the request log's.
    info: (message, fields) => (fields ? logEvent(stdoutSink, 'info', message, fields) : console.log(message)),
    error: (message, fields) => logEvent(stdoutSink, 'error', message, fields),
  },
});

server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${env.port} on ${env.host} is already in use: set PORT to another port.` : error.message);
  process.exit(1);
});

server.listen(env.port, env.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  const shownHost = env.host.includes(':') ? `[${env.host}]` : env.host;
  const lines = [`Breach-cost tracker listening on http://${shownHost}:${port}  (data: ${env.dataDir})`];
  if (demoCredentials) {
    lines.push(`Demo mode: sign in as ${demoCredentials.email} / ${demoCredentials.password}  (DEMO_SEED=off to disable)`);
    if (demoCredentials.broker) lines.push(`           the company's broker: ${demoCredentials.broker.email} / ${demoCredentials.broker.password}`);
  }
  console.log(lines.join('\n'));
  // Tells `npm run restore` that this DATA_DIR is in use (server/backup/server-lock.ts).
  writePidFile(env.dataDir);
});
process.on('exit', () => removePidFile(env.dataDir));

let stopping = false;
function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  const sink = log ?? stdoutSink;
  logEvent(sink, 'info', 'shutting down', { signal });
  // New requests get 503 and /readyz says not ready; requests already running finish.
  server.stopAccepting();
  server.close(() => {
    void closeDatabase(db);
    logEvent(sink, 'info', 'stopped', { signal });
    process.exit(0);
  });
  // Keep-alive connections that fall idle while draining are closed as soon as they do.
  setInterval(() => server.closeIdleConnections(), 100).unref();
  setTimeout(() => {
    logEvent(sink, 'warn', 'requests still running after the grace period; closing them', { graceMs: SHUTDOWN_GRACE_MS });
    server.closeAllConnections();
    void closeDatabase(db);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
