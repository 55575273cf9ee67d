// How fast the pages' queries answer on a ledger of 100,000 lines, over real HTTP.
// `npm run bench` prints one JSON document: p50/p95 in milliseconds for each query.
import { performance } from 'node:perf_hooks';
import { WORKED_EXAMPLE_2 } from '../shared/worked-examples.ts';
import { enterWorkedExample } from '../test/support/fixtures.ts';
import { signUpCompany, startTestServer } from '../test/support/server.ts';
import { fillLedger } from './support/fill-ledger.ts';

const LINES = Number(process.env.BENCH_LINES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(run: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), runs: RUNS };
}

const server = await startTestServer();
try {
  const { client, companyId, userId } = await signUpCompany(server.url, 'Bench');
  const { incidentId } = await enterWorkedExample(client, companyId, WORKED_EXAMPLE_2);

  // Fill the ledger directly: this measures reading, not writing.
  const fillStart = performance.now();
  fillLedger(server.db.$client, { incidentId, companyId, userId }, LINES);
  const fillMs = Math.round(performance.now() - fillStart);
  server.db.$client.pragma('optimize');
  // The fill blocked the event loop past the keep-alive timeout: let the server close idle sockets first.
  await new Promise((resolve) => setTimeout(resolve, 200));

  const summary = await client.ok('query', 'claim.summary', { incidentId });
  const figures = {
    lines: LINES + WORKED_EXAMPLE_2.lines.length,
    fillMs,
    claimSummary: await measure(() => client.ok('query', 'claim.summary', { incidentId })),
    costListFirstPage: await measure(() => client.ok('query', 'cost.list', { incidentId, limit: 100 })),
    costListFilteredPage: await measure(() => client.ok('query', 'cost.list', { incidentId, limit: 100, category: 'investigation', stage: 'paid' })),
    costListByAmount: await measure(() => client.ok('query', 'cost.list', { incidentId, limit: 100, sort: 'amount', order: 'desc' })),
    costTotals: await measure(() => client.ok('query', 'cost.totals', { incidentId })),
    documentChecklist: await measure(() => client.ok('query', 'document.checklist', { incidentId })),
    totalPayable: summary.totalPayable,
  };
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await server.close();
}
