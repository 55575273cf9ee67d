// The server side of bench/cost-create.ts, in its own process so the load generator does not share its
// event loop. Prints one JSON line on stdout ({ url, incidentId, email?, password? }) once it listens, and
// stops (closing the database and removing its DATA_DIR) when its stdin ends.
//
//   app: the real app (test/support/server.ts's startTestServer) with a company signed up and a policy
//        and incident created through the API; clients sign in with the email and password answered.
//   raw: a bare node:http server on a DATA_DIR opened by openDatabase (same schema, pragmas, triggers),
//        which reads the same JSON body and runs one prepared INSERT into costs in a transaction.
//        No session, no validation, no access check, no audit entry: the floor under cost.create.
//
// With DATABASE_URL set (an empty database in byte order, made by bench/cost-create.ts on BENCH_ENGINE=postgres),
// both run on PostgreSQL instead, each with a pool of 10 connections (the app's default, DATABASE_POOL_MAX):
//   app: server/db/client.ts's openConfiguredDatabase (openPostgres, which migrates the empty database) and
//        createAppServer, with stored files under a temporary DATA_DIR; the same sign-up, policy and incident.
//   raw: the database migrated the same way and closed, then a bare `pg` Pool: the same bare node:http
//        server, one INSERT into costs per request (a named statement, so prepared once per connection).
//
// Usage: node --import tsx bench/support/cost-create-server.ts app|raw
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closeDatabase, openConfiguredDatabase, openDatabase } from '../../server/db/client.ts';
import { installPgTypeParsers } from '../../server/db/pg-types.ts';
import { newId } from '../../server/ids.ts';
import { INCIDENT, POLICY } from '../../test/support/fixtures.ts';
import { signUpCompany, startTestServer } from '../../test/support/server.ts';
import { APP_POOL_MAX, startAppOnPostgres } from './app-on-postgres.ts';
import { numbered } from './engine.ts';
import { seedOwner, seedOwnerPg, type SeededOwner } from './seed-owner.ts';

const mode = process.argv[2];
const DATABASE_URL = process.env.DATABASE_URL;
/** The raw server's pool: the app's own default size. */
const POOL_MAX = APP_POOL_MAX;

/** A cost.create input as the raw server stores it, unchecked (the floor skips validation on purpose). */
interface RawLine {
  incidentId: string;
  category: string;
  stage: string;
  incurredOn: string;
  amount: number;
  quantity?: number | null;
  unitAmount?: number | null;
  vendor?: string | null;
  description?: string | null;
  source?: string;
  claimant?: string | null;
  incurredAbroad?: boolean;
}

function stopWhenStdinEnds(stop: () => Promise<void>) {
  process.stdin.resume();
  process.stdin.on('end', () => {
    void stop().then(() => process.exit(0));
  });
}

/** The floor's write on either engine: one INSERT of the line into costs. */
type InsertLine = (id: string, line: RawLine) => Promise<void> | void;

const RAW_INSERT = `INSERT INTO costs (id, incident_id, company_id, category, stage, incurred_on, amount, quantity, unit_amount, vendor, description,
                        source, claimant, incurred_abroad, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const rawValues = (owner: SeededOwner, id: string, line: RawLine, abroad: unknown) => [
  id,
  line.incidentId,
  owner.companyId,
  line.category,
  line.stage,
  line.incurredOn,
  line.amount,
  line.quantity ?? null,
  line.unitAmount ?? null,
  line.vendor ?? null,
  line.description ?? null,
  line.source ?? 'insured',
  line.claimant ?? null,
  abroad,
  owner.userId,
];

if (mode === 'app') {
  const server = DATABASE_URL ? await startAppOnPostgres(DATABASE_URL, POOL_MAX) : await startTestServer();
  const { client, companyId, email } = await signUpCompany(server.url, 'Bench');
  const policy = await client.ok('mutate', 'policy.create', { companyId, ...POLICY });
  const incident = await client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT });
  process.stdout.write(`${JSON.stringify({ url: server.url, incidentId: incident.id, email, password: 'correct horse battery' })}\n`);
  stopWhenStdinEnds(async () => await server.close());
} else if (mode === 'raw') {
  let owner: SeededOwner;
  let insertLine: InsertLine;
  let closeStore: () => Promise<void>;
  if (DATABASE_URL) {
    // The app's schema, migrated as the app migrates it; then nothing of the app but the driver.
    await closeDatabase(await openConfiguredDatabase({ dataDir: '', postgres: { url: DATABASE_URL } }));
    installPgTypeParsers();
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: POOL_MAX });
    owner = await seedOwnerPg(pool);
    const text = numbered(RAW_INSERT);
    insertLine = async (id, line) =>
      void (await pool.query({ name: 'bench-raw-insert', text, values: rawValues(owner, id, line, line.incurredAbroad === true) }));
    closeStore = async () => await pool.end();
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-bench-raw-'));
    const db = await openDatabase(dataDir);
    const sqlite = db.$client;
    const seeded = seedOwner(sqlite);
    owner = seeded;
    const insert = sqlite.prepare(RAW_INSERT);
    insertLine = sqlite.transaction((id: string, line: RawLine) => {
      insert.run(...rawValues(seeded, id, line, line.incurredAbroad ? 1 : 0));
    });
    closeStore = async () => {
      sqlite.close();
      await Promise.resolve(rmSync(dataDir, { recursive: true, force: true }));
    };
  }
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/trpc/cost.create') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = async () => {
        const line = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RawLine;
        const id = newId();
        await insertLine(id, line);
        const body = JSON.stringify({ result: { data: { id } } });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      };
      answer().catch((error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, incidentId: owner.incidentId })}\n`);
  stopWhenStdinEnds(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeStore();
  });
} else {
  console.error('usage: cost-create-server.ts app|raw');
  process.exit(2);
}
