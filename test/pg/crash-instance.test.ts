// The crash test's guarantees with two app instances on one PostgreSQL database: one instance is killed with
// SIGKILL while eight clients log costs through both. Whatever was acknowledged is there with its values; a
// request the dead instance never answered, sent again with its Idempotency-Key to the other instance, lands
// once or not at all; no line appears that nobody sent; the audit chain verifies and the totals add up; the
// killed instance starts again on the same database and takes new writes.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChildServer, stopChildServers, type ChildServer } from '../support/child-server.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';
import { ApiClient, signUpCompany } from '../support/server.ts';

const WRITERS = 8;

let database: TestDatabase;
const dirs: string[] = [];
let env: Record<string, string>;
const startInstance = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bct-pg-crash-'));
  dirs.push(dir);
  return startChildServer(dir, { env, timeoutMs: 60_000 });
};

beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, DEMO_SEED: 'off', REQUEST_LOG: 'off' };
});
afterAll(async () => {
  await stopChildServers();
  await database?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Sent {
  input: typeof COST & { incidentId: string; amount: number; vendor: string };
  target: ChildServer;
}

it('loses nothing acknowledged when an instance is killed mid-write, and runs each retried key once', { timeout: 120_000 }, async () => {
  const [first, second] = await Promise.all([startInstance(), startInstance()]);
  const owner = await signUpCompany(first.url, 'Crash');
  const { incidentId } = await setUpIncident(owner.client, owner.companyId);
  const clientOn = (server: ChildServer) => Object.assign(new ApiClient(server.url), { cookie: owner.client.cookie });
  const before = await owner.client.ok('query', 'claim.summary', { incidentId });

  const sent = new Map<string, Sent>();
  const acknowledged = new Map<string, { id: string; amount: number }>();
  const unanswered = new Set<string>();
  let firstAlive = true;
  let stop = false;
  let sequence = 0;
  const writer = async (w: number) => {
    while (!stop) {
      const n = sequence++;
      const key = randomUUID();
      const target = firstAlive && (n + w) % 2 === 0 ? first : second;
      const input = { ...COST, incidentId, amount: 1_000 + n, vendor: `クラッシュ試験 ${n}` };
      sent.set(key, { input, target });
      try {
        const answer = await clientOn(target).mutate('cost.create', input, { 'Idempotency-Key': key });
        if (answer.status === 200) acknowledged.set(key, { id: answer.data.id, amount: input.amount });
        else unanswered.add(key);
      } catch {
        // The connection died with the instance: the client does not know whether it landed.
        unanswered.add(key);
      }
    }
  };
  const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  first.kill('SIGKILL');
  await first.exited;
  firstAlive = false;
  await new Promise((resolve) => setTimeout(resolve, 700));
  stop = true;
  await writing;
  expect(acknowledged.size).toBeGreaterThan(20);

  // The client's retry: the same request and key, to the instance still up. It replays the answer of a run that
  // committed, and runs one that did not: cost.create claims its key in the line's own transaction, so the dead
  // instance's unfinished runs left no claim behind to wait for.
  await Promise.all(
    [...unanswered].map(async (key) => {
      const answer = await clientOn(second).mutate('cost.create', sent.get(key)!.input, { 'Idempotency-Key': key });
      expect(answer.status, JSON.stringify(answer.error)).toBe(200);
      acknowledged.set(key, { id: answer.data.id, amount: sent.get(key)!.input.amount });
    }),
  );

  const { rows: lines } = await database.pool.query<{ id: string; amount: number; vendor: string }>(
    'SELECT id, amount, vendor FROM costs WHERE incident_id = $1 AND deleted_at IS NULL AND vendor LIKE $2',
    [incidentId, 'クラッシュ試験 %'],
  );
  const byId = new Map(lines.map((line) => [line.id, line]));
  for (const [key, { id, amount }] of acknowledged) expect(byId.get(id)?.amount, key).toBe(amount);
  // Every line is one somebody sent, once.
  const sentVendors = new Set([...sent.values()].map((s) => s.input.vendor));
  expect(lines.every((line) => sentVendors.has(line.vendor))).toBe(true);
  expect(new Set(lines.map((line) => line.vendor)).size).toBe(lines.length);
  expect(lines.length).toBe(acknowledged.size);

  const survivor = clientOn(second);
  expect(await survivor.ok('query', 'audit.verify', { companyId: owner.companyId })).toMatchObject({ ok: true });
  const after = await survivor.ok('query', 'claim.summary', { incidentId });
  expect(after.expenseIncurred - before.expenseIncurred).toBe(lines.reduce((sum, line) => sum + line.amount, 0));

  // The killed instance starts again on the same database and takes writes.
  const restarted = await startInstance();
  expect((await clientOn(restarted).mutate('cost.create', { ...COST, incidentId, vendor: '再起動後' })).status).toBe(200);
});
