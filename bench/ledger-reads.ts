// Figures `claimSummary.<engine>` and `costListFilteredPage.<engine>`: how fast the dashboard's summary and one filtered
// page of the ledger answer on a ledger of 100,000 lines, over real HTTP. Target: p95 ≤ 20 ms each.
//
// Starts the real server on a fresh DATA_DIR, enters worked example 2 through the API, adds BENCH_LINES
// lines straight into the database (mixed categories, stages, per-person condolence lines), then times each
// query over HTTP on loopback from this process (10 warm-up calls, then BENCH_READS_RUNS, default 200).
// Each figure's baseline is the same data read with the bare driver's prepared statements on the same
// database in the same process, timed the same way, so the difference is HTTP + tRPC + drizzle + the
// computation. BENCH_ENGINE=sqlite (default): the app on a fresh DATA_DIR, baseline through better-sqlite3.
// BENCH_ENGINE=postgres: one throwaway PostgreSQL (bench/support/engine.ts), the app in this process on a
// new database in byte order (openPostgres migrates it; its default pool of 10), the lines written in
// multi-row INSERTs and the tables then VACUUM ANALYZEd (what autovacuum does after a bulk load, as SQLite
// gets `PRAGMA optimize`); baseline through one `pg` connection of its own, named (prepared) statements,
// the same SQL but for SQLite's INDEXED BY:
//   claimSummary:          the policy row, the incident's cost_rollups rows and the outside-period count
//                          (claim.summary's reads of the ledger's figures; not the first left-out lines it
//                          lists), no payable computation;
//   costListFilteredPage:  the SELECT cost.list runs (same columns, join and sub-queries, same filter,
//                          order and LIMIT 101), rows as plain objects.
// The other queries of the dashboard and the ledger are timed too and reported under details.
//
// Knobs: BENCH_ENGINE (sqlite), BENCH_LINES (100000), BENCH_READS_RUNS (or BENCH_RUNS; 200).
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { WORKED_EXAMPLE_2 } from '../shared/worked-examples.ts';
import { enterWorkedExample } from '../test/support/fixtures.ts';
import { signUpCompany, startTestServer, type TestServer } from '../test/support/server.ts';
import { startAppOnPostgres } from './support/app-on-postgres.ts';
import { benchEngine, numbered, onEngine, postgresForScript, type BenchDatabase } from './support/engine.ts';
import { fillLedger, fillLedgerPg, type LedgerOwner } from './support/fill-ledger.ts';
import { benchLines, distribution, machineInfo, printDocument, progress, round, runsFrom, type Distribution, type Figure } from './support/report.ts';

const SCRIPT = 'reads';
const machine = machineInfo();
const ranAt = new Date();
const ENGINE = benchEngine();
const LINES = benchLines();
const RUNS = runsFrom('BENCH_READS_RUNS', 200);
const WARMUP = 10;
const TARGET_P95_MS = 20;
const FILTER = { category: 'investigation', stage: 'paid' } as const;

async function measure(run: () => unknown): Promise<Distribution> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return distribution(times);
}

function figureOf(measured: Distribution, baseline: Distribution, what: string): Figure {
  const { runs, ...rest } = measured;
  return {
    engine: ENGINE,
    ...rest,
    runs,
    lines: LINES + WORKED_EXAMPLE_2.lines.length,
    baseline: { what, ...baseline },
    target: `p95 ≤ ${TARGET_P95_MS} ms`,
    met: measured.p95Ms <= TARGET_P95_MS,
  };
}

// The raw baselines' SQL, written once with `?` placeholders for both engines.
const POLICY_ROW = 'SELECT * FROM policies WHERE id = ?';
const ROLLUP_ROWS = `
    SELECT category, stage, NULLIF(unit_key, -1) AS unitAmount, amount,
           CASE WHEN unit_key = -1 THEN NULL ELSE quantity END AS quantity, line_count AS lineCount, abroad,
           disallowed_count AS disallowedCount, disallowed_amount AS disallowedAmount, disallowed_quantity AS disallowedQuantity,
           consent_missing AS consentMissing, unapproved
      FROM cost_rollups
     WHERE incident_id = ? AND line_count > 0`;
// As server/claims/ledger-groups.ts counts them: in the date-ordered index of each (category, stage) the rollups hold
// (SQLite is told the index, PostgreSQL chooses it), prepared once per number of pairs, as the server's statement
// cache does (server/db/client.ts).
const outsidePeriodSql = (pairs: number, indexedBy: string) => {
  const live = `FROM costs ${indexedBy}
                 WHERE incident_id = ? AND deleted_at IS NULL AND (category, stage) IN (VALUES ${Array.from({ length: pairs }, () => '(?, ?)').join(', ')})`;
  return `SELECT (SELECT COUNT(*) ${live} AND incurred_on < ?) + (SELECT COUNT(*) ${live} AND incurred_on > ?) AS outsidePeriod`;
};
const FILTERED_PAGE = `
    SELECT c.id, c.incident_id AS incidentId, c.category, c.stage, c.incurred_on AS incurredOn, c.amount, c.quantity, c.unit_amount AS unitAmount,
           c.vendor, c.description, c.source, c.claimant, c.incurred_abroad AS incurredAbroad, c.invoiced_on AS invoicedOn, c.paid_on AS paidOn,
           c.approved_at AS approvedAt, c.approved_by AS approvedBy, c.consent_on AS consentOn, c.consent_reference AS consentReference,
           c.consent_given_by AS consentGivenBy, c.review_decision AS reviewDecision, c.version, c.created_at AS createdAt,
           c.updated_at AS updatedAt, c.created_by AS createdBy, u.name AS createdByName,
           (SELECT COUNT(*) FROM attachments a WHERE a.cost_id = c.id AND a.deleted_at IS NULL) AS attachmentCount,
           (SELECT u2.name FROM users u2 WHERE u2.id = c.approved_by) AS approvedByName,
           (SELECT COUNT(*) FROM line_reviews r WHERE r.cost_id = c.id) AS reviewCount
      FROM costs c INNER JOIN users u ON u.id = c.created_by
     WHERE c.incident_id = ? AND c.deleted_at IS NULL AND c.category = ? AND c.stage = ?
     ORDER BY c.incurred_on DESC, c.id DESC
     LIMIT 101`;

/** The distinct (category, stage) pairs of the rollup rows, as the server counts them. */
const pairsOf = (rows: { category: string; stage: string }[]) => [...new Map(rows.map((r) => [`${r.category}|${r.stage}`, r])).values()];

interface RawReads {
  summary: () => unknown;
  filteredPage: () => { id: string }[] | Promise<{ id: string }[]>;
  close: () => Promise<void>;
}

function rawReadsSqlite(sqlite: Database.Database, incidentId: string, policyId: string): RawReads {
  const policyRow = sqlite.prepare(POLICY_ROW);
  const rollupRows = sqlite.prepare(ROLLUP_ROWS);
  const outsidePeriodStatements = new Map<number, ReturnType<typeof sqlite.prepare>>();
  const outsidePeriod = (pairs: number) => {
    let statement = outsidePeriodStatements.get(pairs);
    if (!statement) {
      statement = sqlite.prepare(outsidePeriodSql(pairs, 'INDEXED BY costs_incident_figures'));
      outsidePeriodStatements.set(pairs, statement);
    }
    return statement;
  };
  const filteredPage = sqlite.prepare(FILTERED_PAGE);
  return {
    summary: () => {
      const policy = policyRow.get(policyId) as { period_start: string; period_end: string };
      const rows = rollupRows.all(incidentId) as { category: string; stage: string }[];
      const pairs = pairsOf(rows);
      const values = pairs.flatMap((p) => [p.category, p.stage]);
      return [rows, outsidePeriod(pairs.length).get([incidentId, ...values, policy.period_start, incidentId, ...values, policy.period_end])];
    },
    filteredPage: () => filteredPage.all(incidentId, FILTER.category, FILTER.stage) as { id: string }[],
    close: async () => {},
  };
}

/** PostgreSQL folds unquoted aliases to lower case: quoted, the rows carry the same names as SQLite's. */
const quotedAliases = (sql: string) => sql.replace(/ AS ([A-Za-z]+)/g, ' AS "$1"');

async function rawReadsPostgres(url: string, incidentId: string, policyId: string): Promise<RawReads> {
  // One connection of its own (the reads are sequential); named statements are prepared once on it.
  const client = new pg.Client(url);
  await client.connect();
  const query = async <T extends object>(name: string, text: string, values: unknown[]) =>
    (await client.query<T>({ name, text: numbered(quotedAliases(text)), values })).rows;
  return {
    summary: async () => {
      const [policy] = await query<{ period_start: string; period_end: string }>('policy-row', POLICY_ROW, [policyId]);
      if (!policy) throw new Error('no policy');
      const rows = await query<{ category: string; stage: string }>('rollup-rows', ROLLUP_ROWS, [incidentId]);
      const pairs = pairsOf(rows);
      const values = pairs.flatMap((p) => [p.category, p.stage]);
      return [
        rows,
        await query(`outside-period-${pairs.length}`, outsidePeriodSql(pairs.length, ''), [
          incidentId,
          ...values,
          policy.period_start,
          incidentId,
          ...values,
          policy.period_end,
        ]),
      ];
    },
    filteredPage: async () => await query<{ id: string }>('filtered-page', FILTERED_PAGE, [incidentId, FILTER.category, FILTER.stage]),
    close: async () => await client.end(),
  };
}

const pgServer = await postgresForScript(SCRIPT, ENGINE, ranAt, machine);
let database: BenchDatabase | null = null;
let server: TestServer | null = null;
try {
  database = pgServer ? await pgServer.createDatabase('bench_reads') : null;
  server = database ? await startAppOnPostgres(database.url) : await startTestServer();
  const { client, companyId, userId } = await signUpCompany(server.url, 'Bench');
  const { incidentId, policyId } = await enterWorkedExample(client, companyId, WORKED_EXAMPLE_2);
  const owner: LedgerOwner = { incidentId, companyId, userId };

  // Fill the ledger directly: this measures reading, not writing.
  progress(SCRIPT, `filling ${LINES.toLocaleString('en-US')} lines on ${ENGINE}`);
  const fillStart = performance.now();
  let raw: RawReads;
  if (database) {
    const pool = server.db.$client as unknown as pg.Pool;
    await fillLedgerPg(pool, owner, LINES);
    await pool.query('VACUUM ANALYZE costs');
    await pool.query('VACUUM ANALYZE cost_rollups');
    raw = await rawReadsPostgres(database.url, incidentId, policyId);
  } else {
    const sqlite = server.db.$client;
    fillLedger(sqlite, owner, LINES);
    sqlite.pragma('optimize');
    raw = rawReadsSqlite(sqlite, incidentId, policyId);
  }
  const fillMs = Math.round(performance.now() - fillStart);
  // The fill blocked the event loop past the keep-alive timeout: let the server close idle sockets first.
  await new Promise((resolve) => setTimeout(resolve, 200));

  try {
    // Same answer both ways, or the baseline is not the same query.
    const apiPage = await client.ok('query', 'cost.list', { incidentId, limit: 100, ...FILTER });
    const rawPage = await raw.filteredPage();
    if (JSON.stringify(apiPage.items.map((i: { id: string }) => i.id)) !== JSON.stringify(rawPage.slice(0, 100).map((r) => r.id))) {
      throw new Error('the raw filtered page differs from cost.list');
    }

    progress(SCRIPT, `timing (${WARMUP} warm-up calls, then ${RUNS})`);
    const summary = await client.ok('query', 'claim.summary', { incidentId });
    const claimSummary = await measure(async () => await client.ok('query', 'claim.summary', { incidentId }));
    const claimSummaryRaw = await measure(raw.summary);
    const costListFilteredPage = await measure(async () => await client.ok('query', 'cost.list', { incidentId, limit: 100, ...FILTER }));
    const costListFilteredPageRaw = await measure(raw.filteredPage);
    progress(
      SCRIPT,
      `claim.summary p95 ${claimSummary.p95Ms} ms (raw ${claimSummaryRaw.p95Ms}); filtered page p95 ${costListFilteredPage.p95Ms} ms (raw ${costListFilteredPageRaw.p95Ms})`,
    );
    const others = {
      costListFirstPage: await measure(async () => await client.ok('query', 'cost.list', { incidentId, limit: 100 })),
      costListByAmount: await measure(async () => await client.ok('query', 'cost.list', { incidentId, limit: 100, sort: 'amount', order: 'desc' })),
      costTotals: await measure(async () => await client.ok('query', 'cost.totals', { incidentId })),
      documentChecklist: await measure(async () => await client.ok('query', 'document.checklist', { incidentId })),
      incidentDeadlines: await measure(async () => await client.ok('query', 'incident.deadlines', { id: incidentId })),
    };

    const driver = pgServer
      ? `the bare pg driver on PostgreSQL ${pgServer.version}, one connection of its own, named (prepared) statements,`
      : 'raw better-sqlite3';
    printDocument(
      ranAt,
      machine,
      {
        [onEngine('claimSummary', ENGINE)]: figureOf(
          claimSummary,
          claimSummaryRaw,
          `${driver} in this process: the policy row, SELECT … FROM cost_rollups WHERE incident_id = ?, and the outside-period COUNT (claim.summary's reads of the figures, not the left-out lines it lists), no payable computation`,
        ),
        [onEngine('costListFilteredPage', ENGINE)]: figureOf(
          costListFilteredPage,
          costListFilteredPageRaw,
          `${driver} in this process: cost.list's SELECT (same columns, join and sub-queries) filtered by category=${FILTER.category} and stage=${FILTER.stage}, ORDER BY incurred_on DESC, id DESC LIMIT 101`,
        ),
      },
      {
        [onEngine('ledgerReads', ENGINE)]: {
          engine: ENGINE,
          ...(pgServer ? { postgres: pgServer.version, appPool: 10, afterFill: 'VACUUM ANALYZE costs, cost_rollups' } : { afterFill: 'PRAGMA optimize' }),
          lines: LINES + WORKED_EXAMPLE_2.lines.length,
          fillMs,
          warmupCalls: WARMUP,
          filter: FILTER,
          filteredPageLines: apiPage.items.length,
          totalPayable: summary.totalPayable,
          overHttp: Object.fromEntries(Object.entries(others).map(([name, d]) => [name, { p50Ms: d.p50Ms, p95Ms: d.p95Ms, maxMs: d.maxMs }])),
          overheadP50Ms: {
            claimSummary: round(claimSummary.p50Ms - claimSummaryRaw.p50Ms),
            costListFilteredPage: round(costListFilteredPage.p50Ms - costListFilteredPageRaw.p50Ms),
          },
        },
      },
    );
  } finally {
    await raw.close();
  }
} finally {
  await server?.close();
  await database?.drop();
  pgServer?.stop();
}
