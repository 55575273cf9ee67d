// The app on PostgreSQL, for the benchmarks, as server/main.ts opens it: openConfiguredDatabase with DATABASE_URL's
// settings (openPostgres, which migrates an empty database) and createAppServer on an ephemeral loopback port,
// stored files under a temporary DATA_DIR. One instance, no balancer: what a single server process does
// (test/support/server.ts's PostgreSQL variant needs vitest's database setup, and runs two instances).
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase, openConfiguredDatabase } from '../../server/db/client.ts';
import { createAppServer } from '../../server/http/server.ts';
import { openStorage } from '../../server/storage.ts';
import type { TestServer } from '../../test/support/server.ts';

/** The app's pool size when DATABASE_POOL_MAX is unset (server/db/postgres.ts). */
export const APP_POOL_MAX = 10;

export async function startAppOnPostgres(url: string, poolMax = APP_POOL_MAX): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-bench-app-pg-'));
  const db = await openConfiguredDatabase({ dataDir, postgres: { url, poolMax } });
  const storage = openStorage(dataDir);
  const server = createAppServer({ db, storage });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    storage,
    dataDir,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeDatabase(db);
      storage.objects.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
