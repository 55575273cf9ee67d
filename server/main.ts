// Starts the app: validates the environment, opens and migrates the database, seeds the demo, listens.

import { openDatabase } from './db/client.ts';
import { seedDemo } from './demo.ts';
import { readEnv, type Env } from './env.ts';
import { createAppServer } from './http/server.ts';
import { recoverInterruptedWork } from './recovery.ts';
import { openStorage } from './storage.ts';

function loadEnv(): Env {
  try {
    return readEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const env = loadEnv();
const db = openDatabase(env.dataDir);
const storage = openStorage(env.dataDir);
const recovered = recoverInterruptedWork(db, storage);
if (recovered.packages + recovered.tempFiles > 0) {
  console.log(`Cleared what an interrupted run left: ${recovered.packages} unfinished package(s), ${recovered.tempFiles} temporary file(s)`);
}
const demoCredentials = env.demoSeed ? await seedDemo(db, storage) : null;
const server = createAppServer({ db, storage, demoCredentials });

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
});

function shutdown() {
  server.close(() => {
    db.$client.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
