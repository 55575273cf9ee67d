// Figure `costCreateConcurrent.<engine>`: `cost.create` over HTTP from 16 concurrent clients, against a bare
// node:http server doing the same insert on the same engine, under the same load. Target: the app's
// throughput ≥ 0.5× the bare server's.
//
// BENCH_ENGINE=sqlite (default): the app on a fresh DATA_DIR; the bare server with better-sqlite3.
// BENCH_ENGINE=postgres: one throwaway PostgreSQL for the script (bench/support/engine.ts: durable, fsync
// and synchronous_commit on, as SQLite's `synchronous = FULL`), a new empty database in byte order for each
// server, handed to it as DATABASE_URL; the app migrates it and runs with its default pool (10); the bare
// server does one INSERT per request through a `pg` Pool of 10.
//
// Each server runs in its own process (bench/support/cost-create-server.ts), this one only generates the
// load: 16 clients, each with its own keep-alive connection, each sending its next request as soon as the
// last one answered, until BENCH_CREATE_REQUESTS requests are done (after 10 per client to warm up).
// On the app every client signs in first (its own session cookie) and POSTs /trpc/cost.create exactly as
// the ApiClient of test/support/server.ts does; the bare server gets the same bodies on the same path.
// The two servers are measured one after the other, BENCH_CREATE_ROUNDS times each (alternating, default 3:
// on this machine one round of the bare server alone ranged from 1,300 to 2,200 req/s, so one round decided
// `met` by chance);
// the figure is the round with the median throughput.
// Each round also reports the server process's CPU time per request (`serverCpuMsPerRequest`, from /proc on
// Linux, all its threads), which says what the ratio is made of: the bare server waits on one fsync per
// request and is not CPU-bound; the app, committing several requests per fsync, is (docs/benchmarks.md).
// On PostgreSQL it counts Node's part only; the database's own processes are not in it.
//
// Knobs: BENCH_ENGINE (sqlite), BENCH_CREATE_CLIENTS (16), BENCH_CREATE_REQUESTS (4000), BENCH_CREATE_ROUNDS (3).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchEngine, onEngine, postgresForScript, type BenchDatabase } from './support/engine.ts';
import { closeClients, newClient, runLoad, send, type LoadClient, type LoadResult } from './support/load.ts';
import { processCpuMs } from './support/process-cpu.ts';
import { distribution, machineInfo, printDocument, progress, round, type Figure } from './support/report.ts';
import { at } from '../test/support/at.ts';

const SCRIPT = 'create';
const machine = machineInfo();
const ranAt = new Date();
const ENGINE = benchEngine();
const CLIENTS = Number(process.env.BENCH_CREATE_CLIENTS ?? 16);
const REQUESTS = Number(process.env.BENCH_CREATE_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_CREATE_ROUNDS ?? 3);
const WARMUP_PER_CLIENT = 10;
const TARGET_RATIO = 0.5;
const SERVER = fileURLToPath(new URL('./support/cost-create-server.ts', import.meta.url));

interface Started {
  url: string;
  /** The server's process, whose CPU time is read around the measured load. */
  pid: number;
  incidentId: string;
  email?: string;
  password?: string;
  stop(): Promise<void>;
}

const pgServer = await postgresForScript(SCRIPT, ENGINE, ranAt, machine);

/** Starts a server process and waits for its one line of JSON; on PostgreSQL, on a database of its own. */
async function startServer(mode: 'app' | 'raw'): Promise<Started> {
  const database = pgServer ? await pgServer.createDatabase(`bench_create_${mode}`) : null;
  try {
    const started = await startServerOn(mode, database);
    return {
      ...started,
      stop: async () => {
        await started.stop();
        await database?.drop();
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}

function startServerOn(mode: 'app' | 'raw', database: BenchDatabase | null): Promise<Started> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DATABASE_POOL_MAX;
  delete env.DATABASE_REPLICA_URLS;
  if (database) env.DATABASE_URL = database.url;
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROFILE_DIR] : []), '--import', 'tsx', SERVER, mode],
    { stdio: ['pipe', 'pipe', 'inherit'], env },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${mode} server exited (${code}) before it listened`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline === -1) return;
      const info = JSON.parse(out.slice(0, newline)) as Omit<Started, 'stop' | 'pid'>;
      resolve({
        ...info,
        pid: child.pid ?? 0,
        stop: async () => {
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}

/** A cost line as someone logs it: what the cost form sends (the amount varies so no two lines are equal). */
const lineBody = (incidentId: string) => (i: number) =>
  JSON.stringify({
    incidentId,
    category: 'communications',
    stage: 'invoiced',
    incurredOn: '2026-07-03',
    amount: 12_345 + i,
    vendor: 'コールセンターA社',
    description: `架電対応 ${i + 1}件目`,
  });

const isCreated = (answer: { status: number; body: string }) => answer.status === 200 && answer.body.includes('"id"');

/** One measured run: its load and the server process's CPU time over it (null off Linux). */
interface Round extends LoadResult {
  serverCpuMs: number | null;
}

async function measure(mode: 'app' | 'raw'): Promise<Round> {
  const server = await startServer(mode);
  const clients: LoadClient[] = [];
  try {
    const url = new URL('/trpc/cost.create', server.url);
    for (let c = 0; c < CLIENTS; c++) {
      const client = newClient();
      if (mode === 'app') {
        // Each client its own session, on its own connection.
        const login = await send(client, new URL('/trpc/auth.login', server.url), 'POST', JSON.stringify({ email: server.email, password: server.password }));
        const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
        if (login.status !== 200 || !cookie) throw new Error(`sign-in failed: ${login.status} ${login.body}`);
        client.headers.cookie = cookie;
      }
      clients.push(client);
    }
    const body = lineBody(server.incidentId);
    const warm = await runLoad({ clients, url, requests: CLIENTS * WARMUP_PER_CLIENT, body: (i) => body(1_000_000 + i), ok: isCreated });
    if (warm.failures > 0) throw new Error(`${mode}: warm-up requests failed: ${warm.firstFailure}`);
    const cpuBefore = processCpuMs(server.pid);
    const result = await runLoad({ clients, url, requests: REQUESTS, body, ok: isCreated });
    const cpuAfter = processCpuMs(server.pid);
    progress(
      SCRIPT,
      `${mode}: ${REQUESTS} requests in ${Math.round(result.wallMs)} ms (${Math.round((REQUESTS / result.wallMs) * 1000)} req/s), ${result.failures} failed`,
    );
    if (result.failures > 0) throw new Error(`${mode}: ${result.failures} requests failed, first: ${result.firstFailure}`);
    return { ...result, serverCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
  } finally {
    closeClients(clients);
    await server.stop();
  }
}

const throughput = (r: LoadResult) => (r.requests / r.wallMs) * 1000;
/** The round with the median throughput (the one in the middle; the later of two). */
const medianRound = (results: Round[]) =>
  at(
    [...results].sort((a, b) => throughput(a) - throughput(b)),
    Math.floor(results.length / 2),
  );

progress(SCRIPT, `${CLIENTS} clients × ${REQUESTS} cost.create requests, ${ROUNDS} round(s) of bare server then app, on ${ENGINE}`);
const rawRounds: Round[] = [];
const appRounds: Round[] = [];
try {
  for (let r = 0; r < ROUNDS; r++) {
    rawRounds.push(await measure('raw'));
    appRounds.push(await measure('app'));
  }
} finally {
  pgServer?.stop();
}
const app = medianRound(appRounds);
const raw = medianRound(rawRounds);
const ratio = throughput(app) / throughput(raw);
/** The server process's CPU per request over each round, in ms (Node's only: PostgreSQL's is not counted). */
const cpuPerRequest = (rounds: Round[]) => {
  const perRequest = rounds.map((r) => (r.serverCpuMs === null ? null : round(r.serverCpuMs / r.requests, 3)));
  return perRequest.every((ms) => ms !== null) ? { serverCpuMsPerRequest: perRequest } : {};
};
const latency = (r: LoadResult) => {
  const d = distribution(r.latenciesMs);
  return { p50Ms: d.p50Ms, p95Ms: d.p95Ms, maxMs: d.maxMs };
};

const figure: Figure = {
  engine: ENGINE,
  unit: 'req/s',
  value: round(throughput(app), 1),
  ...latency(app),
  clients: CLIENTS,
  requests: REQUESTS,
  wallMs: Math.round(app.wallMs),
  ratioToBaseline: round(ratio, 3),
  ...(ROUNDS > 1 ? { roundsReqPerS: appRounds.map((r) => round(throughput(r), 1)) } : {}),
  ...cpuPerRequest(appRounds),
  baseline: {
    what: pgServer
      ? `bare node:http server + a pg Pool of 10 on PostgreSQL ${pgServer.version} (a database of its own, migrated by openPostgres(): same schema), durable cluster (fsync, synchronous_commit on): parse the same JSON body, one INSERT into costs (a named statement, prepared once per connection), committed on its own; no session, validation, access check or audit entry. Same ${CLIENTS}-client load, server in its own process in both cases; the app on a database of its own with its default pool of 10`
      : `bare node:http server + better-sqlite3 on an openDatabase() DATA_DIR (same schema, pragmas, triggers): parse the same JSON body, one prepared INSERT into costs in a transaction; no session, validation, access check or audit entry. Same ${CLIENTS}-client load, server in its own process in both cases`,
    value: round(throughput(raw), 1),
    unit: 'req/s',
    ...latency(raw),
    wallMs: Math.round(raw.wallMs),
    ...(ROUNDS > 1 ? { roundsReqPerS: rawRounds.map((r) => round(throughput(r), 1)) } : {}),
    ...cpuPerRequest(rawRounds),
  },
  target: `throughput ≥ ${TARGET_RATIO}× baseline`,
  met: ratio >= TARGET_RATIO,
};

printDocument(
  ranAt,
  machine,
  { [onEngine('costCreateConcurrent', ENGINE)]: figure },
  {
    [onEngine('costCreate', ENGINE)]: {
      engine: ENGINE,
      warmupRequestsPerClient: WARMUP_PER_CLIENT,
      rounds: ROUNDS,
      connection: 'one keep-alive connection per client (http.Agent maxSockets 1)',
      ...(pgServer
        ? { postgres: pgServer.version, durability: 'fsync, synchronous_commit, full_page_writes on: every commit is flushed', poolMax: 10 }
        : { synchronous: 'FULL (WAL): every commit is fsynced' }),
    },
  },
);
