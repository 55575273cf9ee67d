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
// Usage: node --import tsx bench/support/cost-create-server.ts app|raw
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/client.ts';
import { newId } from '../../server/ids.ts';
import { INCIDENT, POLICY } from '../../test/support/fixtures.ts';
import { signUpCompany, startTestServer } from '../../test/support/server.ts';
import { seedOwner } from './seed-owner.ts';

const mode = process.argv[2];

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

if (mode === 'app') {
  const server = await startTestServer();
  const { client, companyId, email } = await signUpCompany(server.url, 'Bench');
  const policy = await client.ok('mutate', 'policy.create', { companyId, ...POLICY });
  const incident = await client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT });
  process.stdout.write(`${JSON.stringify({ url: server.url, incidentId: incident.id, email, password: 'correct horse battery' })}\n`);
  stopWhenStdinEnds(async () => await server.close());
} else if (mode === 'raw') {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-bench-raw-'));
  const db = await openDatabase(dataDir);
  const sqlite = db.$client;
  const owner = seedOwner(sqlite);
  const insert = sqlite.prepare(
    `INSERT INTO costs (id, incident_id, company_id, category, stage, incurred_on, amount, quantity, unit_amount, vendor, description,
                        source, claimant, incurred_abroad, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const create = sqlite.transaction((id: string, line: RawLine) => {
    insert.run(
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
      line.incurredAbroad ? 1 : 0,
      owner.userId,
    );
  });
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/trpc/cost.create') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const line = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RawLine;
        const id = newId();
        create(id, line);
        const body = JSON.stringify({ result: { data: { id } } });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, incidentId: owner.incidentId })}\n`);
  stopWhenStdinEnds(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    sqlite.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
} else {
  console.error('usage: cost-create-server.ts app|raw');
  process.exit(2);
}
