// Crash safety: the real server is killed with SIGKILL while 8–16 clients log and edit costs, sometimes in
// the middle of a 20,000-line import's commit or of a claim package's build, then started again on the
// same DATA_DIR (start-up runs server/recovery.ts). After every restart, read through a connection of the
// test's own and through the API:
//  - `PRAGMA integrity_check` is ok and no foreign key dangles;
//  - every acknowledged write is there with the acknowledged values and version (an update in flight at
//    the kill may or may not have landed, but only whole); no line appears that nobody sent;
//  - no import is half-applied: a committed import has exactly its line count of lines and its one audit
//    entry, any other has none; an acknowledged commit is committed;
//  - no partial package is listed: no `building` row is left, every listed package downloads, matches its
//    SHA-256 and opens with every manifest hash right; no stray ZIP or temporary file is left on disk;
//  - every company's audit chain verifies; the rollups equal a recomputation from the lines;
//  - the server still accepts a new cost.
// 20 rounds (12 with cost writes only, 4 killed during an import's commit, 4 during an export: once as
// soon as its version is reserved, once while the ledger files are written, once after the PDF, once while
// the ZIP is written), in an order and with kill moments drawn from a seeded generator: CRASH_SEED=<n>
// replays a failing run's choices (the exact instant still depends on the machine's speed). A failure
// names the seed and the round; the summary of every round is printed at the end.
//
// One DATA_DIR for all rounds, on purpose: each restart must keep what every earlier round acknowledged
// (a crash must not damage what an earlier crash left), the audit chain grows across 20 crashes, and the
// restart after one round is the start of the next, which keeps the file near two minutes. The price is a
// ledger that grows to some tens of thousands of lines, which the checks read in well under a second.
//
// The pieces: round-plan.ts draws the rounds from the seed, workload.ts drives the writers, the import and
// the export, run-round.ts kills and restarts, after-restart.ts checks, crash-run.ts holds what they share.
import { at } from '../support/at.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stopChildServers } from '../support/child-server.ts';
import { INCIDENT } from '../support/fixtures.ts';
import { entriesByPath, readZip } from '../support/zip.ts';
import { api, newCrashRun, signIn, startServer } from './crash-run.ts';
import { killMoment, MAX_CLIENTS, roundPlans, SEED } from './round-plan.ts';
import { runRound } from './run-round.ts';
import { commitImport, IMPORT_LINES, PACED_WRITES_MS, startWriters, uploadAndPreview } from './workload.ts';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUND_TIMEOUT_MS = 120_000;
const PLANS = roundPlans(SEED);

describe(`crash safety: SIGKILL during writes, imports and exports (CRASH_SEED=${SEED})`, () => {
  const run = newCrashRun();
  const { acked, calibration } = run;

  beforeAll(async () => {
    run.dataDir = mkdtempSync(path.join(tmpdir(), 'bct-crash-'));
    await startServer(run);
    run.adminCookie = await signIn(run);
    const admin = api(run, run.adminCookie);
    const me = await admin.ok('query', 'auth.me');
    run.companyId = at(me.memberships, 0).companyId;
    const demoIncident = (await admin.ok('query', 'incident.list', { companyId: run.companyId })).find((i) => i.title === WORKED_EXAMPLE_2.incident.title);
    if (!demoIncident) throw new Error('the demo incident is missing');
    run.policyId = demoIncident.policyId;
    for (let w = 0; w < MAX_CLIENTS; w++) run.writerCookies.push(await signIn(run));
    const own = await admin.ok('mutate', 'incident.create', { policyId: run.policyId, ...INCIDENT, title: '記録用' });
    run.writeIncidents = [demoIncident.id, own.id];
    const exportIncident = await admin.ok('mutate', 'incident.create', { policyId: run.policyId, ...INCIDENT, title: '出力用' });
    run.exportIncidentId = exportIncident.id;
    acked.incidents.add(own.id).add(run.exportIncidentId);

    // Calibration on a fresh process and beside paced writers, as in a round: how long a 20,000-line commit
    // takes here (the import rounds' kill moments are fractions of it) and what the export of the resulting
    // ledger writes (the export rounds are killed when a fraction of it is written).
    const writers = startWriters(run, 0, MAX_CLIENTS, PACED_WRITES_MS);
    const importId = await uploadAndPreview(run, admin, run.exportIncidentId, 'crash-calibration', (ms) => (calibration.previewMs = ms));
    let began = performance.now();
    const committed = await commitImport(admin, importId);
    calibration.commitMs = performance.now() - began;
    expect(committed.error).toBeUndefined();
    acked.imports.set(importId, committed.data.lineCount);
    began = performance.now();
    const exported = await admin.ok('mutate', 'claim.export', { incidentId: run.exportIncidentId });
    calibration.exportMs = performance.now() - began;
    acked.packages.add(exported.packageId);
    const zip = Buffer.from(
      await (await fetch(`${run.server!.url}/api/packages/${exported.packageId}.zip`, { headers: { cookie: run.adminCookie } })).arrayBuffer(),
    );
    calibration.zipBytes = zip.length;
    calibration.csvBytes = entriesByPath(await readZip(zip)).get('ledger.csv')!.length;
    writers.state.stop = true;
    await writers.done;
    expect(writers.state.problems).toEqual([]);
    run.summary.push(
      `seed ${SEED}; calibration: preview of ${IMPORT_LINES} lines ${Math.round(calibration.previewMs)} ms, their commit ${Math.round(calibration.commitMs)} ms, export of them ${Math.round(calibration.exportMs)} ms (ledger.csv ${calibration.csvBytes} bytes, ZIP ${calibration.zipBytes} bytes)`,
    );
  }, 240_000);

  afterAll(async () => {
    await stopChildServers();
    console.log(`crash safety (CRASH_SEED=${SEED}):\n  ${run.summary.join('\n  ')}`);
    if (run.anyFailure) console.log(`DATA_DIR kept for inspection: ${run.dataDir}`);
    else if (run.dataDir) rmSync(run.dataDir, { recursive: true, force: true });
  });

  for (const plan of PLANS) {
    test(`round ${plan.round}: ${plan.kind}, ${plan.clients} clients, killed ${killMoment(plan)}`, async () => await runRound(run, plan), ROUND_TIMEOUT_MS);
  }

  test('after the last crash, a clean stop and `npm run audit:verify` find every chain intact', async () => {
    if (run.server) {
      run.server.kill('SIGTERM');
      await run.server.exited;
      run.server = null;
    }
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/verify-audit.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: run.dataDir },
      encoding: 'utf8',
    });
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    expect(verify.stdout).not.toMatch(/BROKEN/);
    expect(verify.stdout).toMatch(/^OK/m);
  }, 60_000);
});
