// One round of the crash test: writers, maybe an import or an export, the kill, the restart, the checks.
import { performance } from 'node:perf_hooks';
import { INCIDENT } from '../support/fixtures.ts';
import { checkAfterRestart } from './after-restart.ts';
import { api, killServer, startServer, type CrashRun } from './crash-run.ts';
import { below, generator, SEED, type RoundPlan } from './round-plan.ts';
import { commitImport, exportReaches, newLine, PACED_WRITES_MS, sleep, startWriters, uploadAndPreview } from './workload.ts';
import { at, must } from '../support/at.ts';

/** Runs `plan` on `run`'s server, adds its line to the summary, and throws with every problem found. */
export async function runRound(run: CrashRun, plan: RoundPlan): Promise<void> {
  const { acked } = run;
  const began = performance.now();
  if (!run.server || run.killIssued) await startServer(run); // a failed earlier round may have left none running
  const admin = api(run, run.adminCookie);
  const random = generator(SEED ^ (plan.round * 0x9e3779b1));
  const writers = startWriters(run, plan.round, plan.clients, plan.kind === 'writes' ? 0 : PACED_WRITES_MS);
  const problems: string[] = [];
  let killedAfterMs = 0;
  let outcome = '';
  let importId: string | null = null;
  let importIncidentId: string | null = null;
  let exportedId: string | null = null;
  let reached = '';
  const before = new Set((await admin.ok('query', 'claim.packages', { incidentId: run.exportIncidentId })).map((p) => p.id));
  try {
    if (plan.kind === 'writes') {
      killedAfterMs = plan.killAt;
      await sleep(plan.killAt);
    } else if (plan.kind === 'import') {
      const incident = await admin.ok('mutate', 'incident.create', { policyId: run.policyId, ...INCIDENT, title: `取込 r${plan.round}` });
      acked.incidents.add(incident.id);
      importIncidentId = incident.id;
      importId = await uploadAndPreview(run, admin, incident.id, `crash-r${plan.round}`);
      const id = importId;
      killedAfterMs = Math.round(plan.killAt * run.calibration.commitMs);
      const committing = commitImport(admin, id).then(
        (answer) =>
          answer.error ? problems.push(`commit answered ${answer.error.code}: ${answer.error.message}`) : acked.imports.set(id, answer.data.lineCount),
        (error) => (run.killIssued ? null : problems.push(`commit failed before the kill: ${error}`)),
      );
      await sleep(killedAfterMs);
      await killServer(run);
      await committing;
    } else {
      await sleep(50 + below(random, 250));
      const sent = performance.now();
      let settled = false;
      const exporting = admin.mutate('claim.export', { incidentId: run.exportIncidentId }).then(
        (answer) =>
          answer.error
            ? problems.push(`export answered ${answer.error.code}: ${answer.error.message}`)
            : acked.packages.add((exportedId = answer.data.packageId)),
        (error) => (run.killIssued ? null : problems.push(`export failed before the kill: ${error}`)),
      );
      void exporting.finally(() => (settled = true));
      reached = await exportReaches(run, plan.phase!, plan.killAt, () => settled);
      killedAfterMs = Math.round(performance.now() - sent);
      await killServer(run);
      await exporting;
    }
  } finally {
    if (!run.killIssued) await killServer(run);
    await writers.done;
  }
  const restart = await startServer(run);
  const checkBegan = performance.now();
  problems.push(...writers.state.problems, ...(await checkAfterRestart(run, writers.state.inFlight)));

  // Still open for business: a new line is accepted and kept.
  const writer = api(run, at(run.writerCookies, 0));
  const newCost = newLine(random, `crash:r${plan.round}:w0:after`);
  const after = await writer.mutate('cost.create', { incidentId: at(run.writeIncidents, 0), ...newCost });
  if (after.error) problems.push(`a new cost after the restart was refused: ${after.error.code} ${after.error.message}`);
  else {
    acked.expected.set(after.data.id, { ...newCost, id: after.data.id, version: 1 });
    at(acked.owned, 0).push(after.data.id);
    const found = await writer.ok('query', 'cost.list', { incidentId: at(run.writeIncidents, 0), q: newCost.description, limit: 2 });
    if (found.items.length !== 1 || at(found.items, 0).id !== after.data.id || at(found.items, 0).amount !== newCost.amount)
      problems.push(`the new cost ${after.data.id} is not in the ledger as sent`);
  }

  const adminNow = api(run, run.adminCookie); // the restarted server listens on another port
  if (plan.kind === 'import') {
    const committed = (await adminNow.ok('query', 'costImport.list', { incidentId: must(importIncidentId, 'the import incident') })).length > 0;
    outcome = `; import ${acked.imports.has(importId!) ? 'acknowledged' : committed ? 'committed, answer lost' : 'rolled back'}`;
  } else if (plan.kind === 'export') {
    const now = (await adminNow.ok('query', 'claim.packages', { incidentId: run.exportIncidentId })).map((p) => p.id);
    outcome = `; killed when ${reached}; export ${now.some((id) => !before.has(id)) ? (exportedId ? 'acknowledged' : 'completed, answer lost') : 'cleared'}`;
  }
  const line =
    `round ${String(plan.round).padStart(2)} ${plan.kind.padEnd(7)} ${String(plan.clients).padStart(2)} clients, killed after ${killedAfterMs} ms:` +
    ` ${writers.state.creates} creates + ${writers.state.updates} updates acknowledged, ${writers.state.inFlight.length} in flight${outcome};` +
    ` restart ${Math.round(restart.startMs)} ms (${restart.recovered}), checks ${Math.round(performance.now() - checkBegan)} ms, round ${Math.round(performance.now() - began)} ms`;
  run.summary.push(line);
  if (problems.length > 0) {
    run.anyFailure = true;
    throw new Error(
      `CRASH_SEED=${SEED} round ${plan.round} (${plan.kind}, killed after ${killedAfterMs} ms):\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  … ${problems.length - 20} more` : ''}\n${line}`,
    );
  }
}
