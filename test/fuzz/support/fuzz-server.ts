// Each fuzz file's own server and world, built before its tests and closed after them, with the number
// of requests it sent (and, with FUZZ_STATS=1, the answers by status) printed at the end.
import { afterAll, beforeAll } from 'vitest';
import { startTestServer } from '../../support/server.ts';
import type { FuzzContext } from './fuzz.ts';
import { RequestGuard, statusReport } from './guard.ts';
import { buildWorld } from './world.ts';

/** The context is filled in by beforeAll: read its fields inside tests, not at module load. */
export function useFuzzWorld(label: string): FuzzContext {
  const ctx = {} as FuzzContext;
  beforeAll(async () => {
    const server = await startTestServer();
    ctx.world = await buildWorld(server);
    ctx.guard = new RequestGuard(server);
  });
  afterAll(async () => {
    console.log(`${label}: ${ctx.guard?.requests} requests`);
    if (process.env.FUZZ_STATS && ctx.guard) console.log(statusReport(ctx.guard));
    await ctx.world?.server.close();
  });
  return ctx;
}
