// Figure `loadMixed`: mixed traffic from 50 concurrent clients on loopback for LOAD_SECONDS (60): ledger
// reads (cost.list pages, cost.totals, incident.get), cost logging (cost.create) and claim summaries
// (claim.summary), against the real server (`server/main.ts` in its own process, as an operator runs it).
// Target: zero errors (any non-2xx answer, an answer without its data, or a network error); the throughput
// and the p95 are recorded. Baseline: the same clients on `GET /healthz` (HTTP, the session-less route and one
// database probe) for LOAD_BASELINE_SECONDS (10): the floor of this server on this machine under this load.
//
// Before the clock starts: LOAD_COMPANIES companies (5), each with a policy and two incidents whose ledgers
// get LOAD_LINES lines in all (5,000) through the import route, and LOAD_CLIENTS users (50) spread over
// the companies (an admin, then finance and responders invited by it), each signed in with its own session
// on its own keep-alive connection and bound to one incident of its company. Each client then loops over
// the weighted mix (MIX below), sending its next request as soon as the last one answered, until
// LOAD_SECONDS have passed or LOAD_MAX_REQUESTS (1,000,000) requests were sent in all; 5 requests per
// client first warm up and are not timed (their failures count). Exits 1 when any request failed (the
// document is printed first).
//
// Knobs: LOAD_SECONDS, LOAD_MAX_REQUESTS, LOAD_CLIENTS, LOAD_COMPANIES, LOAD_LINES, LOAD_BASELINE_SECONDS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startChildServer } from '../test/support/child-server.ts';
import { postFiles } from '../test/support/files.ts';
import { INCIDENT, POLICY } from '../test/support/fixtures.ts';
import { csvText, type CsvCell } from '../test/support/import-files.ts';
import { ApiClient } from '../test/support/server.ts';
import { closeClients, newClient, send, type Answer, type LoadClient } from './support/load.ts';
import { machineInfo, percentile, printDocument, progress, round, type Figure } from './support/report.ts';
import { at as itemAt, must } from '../test/support/at.ts';

const SCRIPT = 'load';
const machine = machineInfo();
const ranAt = new Date();

function knob(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}="${raw}": must be a number > 0`);
  return value;
}
const SECONDS = knob('LOAD_SECONDS', 60);
const MAX_REQUESTS = Math.floor(knob('LOAD_MAX_REQUESTS', 1_000_000));
const CLIENTS = Math.floor(knob('LOAD_CLIENTS', 50));
const COMPANIES = Math.floor(knob('LOAD_COMPANIES', 5));
const LINES = Math.floor(knob('LOAD_LINES', 5_000));
const BASELINE_SECONDS = knob('LOAD_BASELINE_SECONDS', Math.min(10, SECONDS));
const INCIDENTS_PER_COMPANY = 2;
const WARMUP_PER_CLIENT = 5;
const PASSWORD = 'correct horse battery';

/** What a request does, and how often a client picks it (weights add up to 100). */
const MIX = [
  { kind: 'cost.list', weight: 25 },
  { kind: 'cost.totals', weight: 15 },
  { kind: 'incident.get', weight: 10 },
  { kind: 'cost.create', weight: 30 },
  { kind: 'claim.summary', weight: 20 },
] as const;
type Kind = (typeof MIX)[number]['kind'];

// ---------------------------------------------------------------------------------------------------
// The people and their ledgers, set up through the API as users would.

interface Seat {
  cookie: string;
  incidentId: string;
}

const IMPORT_MAPPING = { incurredOn: 0, category: 1, amount: 2, vendor: 3, description: 4 };
const CATEGORIES = ['investigation', 'communications', 'public_notice', 'restoration', 'overtime_travel', 'damages'];

function ledgerFile(label: string, lines: number): Buffer {
  const rows: CsvCell[][] = [['日付', '費目', '金額', '取引先', '摘要']];
  for (let i = 0; i < lines; i++) {
    rows.push([
      `2026/07/${String(1 + (i % 28)).padStart(2, '0')}`,
      itemAt(CATEGORIES, i % CATEGORIES.length),
      1_000 + ((i * 7919) % 900_000),
      `取引先 ${i % 60}`,
      `${label} ${i + 1}`,
    ]);
  }
  return Buffer.from(csvText(rows), 'utf8');
}

async function setUp(url: string): Promise<Seat[]> {
  const seats: Seat[] = [];
  const linesPerIncident = Math.max(1, Math.floor(LINES / (COMPANIES * INCIDENTS_PER_COMPANY)));
  for (let c = 0; c < COMPANIES; c++) {
    const admin = new ApiClient(url);
    const { companyId } = await admin.ok('mutate', 'auth.signup', {
      email: `load-admin-${c}@example.jp`,
      password: PASSWORD,
      name: `管理者 ${c}`,
      companyName: `負荷試験${c}株式会社`,
    });
    const policy = await admin.ok('mutate', 'policy.create', { companyId, ...POLICY, policyNumber: `LOAD-${c}` });
    const incidents: string[] = [];
    for (let i = 0; i < INCIDENTS_PER_COMPANY; i++) {
      const { id } = await admin.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT, title: `負荷試験 ${c}-${i}` });
      const upload = await postFiles(`${url}/api/incidents/${id}/imports`, admin.cookie, [
        { bytes: ledgerFile(`${c}-${i}`, linesPerIncident), name: `ledger-${c}-${i}.csv` },
      ]);
      if (upload.status !== 201) throw new Error(`seeding ledger ${c}-${i}: upload answered ${upload.status} ${JSON.stringify(upload.body)}`);
      await admin.ok('mutate', 'costImport.commit', {
        importId: must(upload.body.importId, 'importId'),
        mapping: IMPORT_MAPPING,
        fixed: { stage: 'invoiced' },
      });
      incidents.push(id);
    }
    // This company's share of the clients: its admin first, then members it invites.
    const share = Math.floor(CLIENTS / COMPANIES) + (c < CLIENTS % COMPANIES ? 1 : 0);
    for (let m = 0; m < share; m++) {
      let cookie = admin.cookie!;
      if (m > 0) {
        const role = m % 3 === 0 ? 'finance' : 'responder';
        const { token } = await admin.ok('mutate', 'company.invite', { companyId, role });
        const member = new ApiClient(url);
        await member.ok('mutate', 'auth.acceptInvite', { token, email: `load-${c}-${m}@example.jp`, password: PASSWORD, name: `担当 ${c}-${m}` });
        cookie = member.cookie!;
      } else {
        // The admin's own seat gets a session of its own, as a second browser would.
        const again = new ApiClient(url);
        await again.ok('mutate', 'auth.login', { email: `load-admin-${c}@example.jp`, password: PASSWORD });
        cookie = again.cookie!;
      }
      seats.push({ cookie, incidentId: itemAt(incidents, m % incidents.length) });
    }
  }
  return seats;
}

// ---------------------------------------------------------------------------------------------------
// The load.

type Counted = Kind | 'healthz';
interface Tally {
  /** Every answered request's time, failed ones included; a network error has none. */
  latenciesMs: Map<Counted, number[]>;
  sentByKind: Map<Counted, number>;
  errors: Map<Counted, number>;
  firstErrors: string[];
  sent: number;
}

const newTally = (): Tally => ({ latenciesMs: new Map(), sentByKind: new Map(), errors: new Map(), firstErrors: [], sent: 0 });
const total = (counts: Iterable<number>) => [...counts].reduce((n, c) => n + c, 0);

function pick(random: number): Kind {
  let at = random * 100;
  for (const { kind, weight } of MIX) {
    if (at < weight) return kind;
    at -= weight;
  }
  return itemAt(MIX, MIX.length - 1).kind;
}

/** What one client knows between requests: its ledger cursor and how many lines it logged. */
interface ClientState {
  client: LoadClient;
  seat: Seat;
  index: number;
  cursor: string | null;
  logged: number;
}

const trpcQuery = (base: string, name: string, input: unknown) => new URL(`/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input))}`, base);

function request(base: string, state: ClientState, kind: Kind): { url: URL; method: 'GET' | 'POST'; body?: string } {
  const incidentId = state.seat.incidentId;
  switch (kind) {
    case 'cost.list':
      return { url: trpcQuery(base, kind, { incidentId, limit: 100, ...(state.cursor ? { cursor: state.cursor } : {}) }), method: 'GET' };
    case 'cost.totals':
      return { url: trpcQuery(base, kind, { incidentId }), method: 'GET' };
    case 'incident.get':
      return { url: trpcQuery(base, kind, { id: incidentId }), method: 'GET' };
    case 'claim.summary':
      return { url: trpcQuery(base, kind, { incidentId }), method: 'GET' };
    case 'cost.create':
      state.logged += 1;
      return {
        url: new URL('/trpc/cost.create', base),
        method: 'POST',
        body: JSON.stringify({
          incidentId,
          category: 'communications',
          stage: 'invoiced',
          incurredOn: '2026-07-03',
          amount: 10_000 + state.index * 1_000 + (state.logged % 1_000),
          vendor: 'コールセンターA社',
          description: `負荷試験 ${state.index}-${state.logged}`,
        }),
      };
  }
}

/** The fields of the answers this load reads: cost.create's id, cost.list's cursor. */
interface AnswerData {
  id?: unknown;
  nextCursor?: string | null;
}

/** The answer's data, or why the request failed (a tRPC error, a non-2xx, no data). */
function dataOf(answer: Answer): { data: AnswerData } | { error: string } {
  if (answer.status < 200 || answer.status >= 300) return { error: `${answer.status} ${answer.body.slice(0, 200)}` };
  try {
    const body = JSON.parse(answer.body) as { error?: unknown; result?: { data?: AnswerData } };
    if (body.error || body.result?.data === undefined) return { error: `${answer.status} ${answer.body.slice(0, 200)}` };
    return { data: body.result.data };
  } catch {
    return { error: `${answer.status} not JSON: ${answer.body.slice(0, 200)}` };
  }
}

function record(tally: Tally, kind: Counted, ms: number | null, error: string | null) {
  tally.sentByKind.set(kind, (tally.sentByKind.get(kind) ?? 0) + 1);
  if (ms !== null) {
    const list = tally.latenciesMs.get(kind) ?? [];
    list.push(ms);
    tally.latenciesMs.set(kind, list);
  }
  if (error !== null) {
    tally.errors.set(kind, (tally.errors.get(kind) ?? 0) + 1);
    if (tally.firstErrors.length < 5) tally.firstErrors.push(`${kind}: ${error}`);
  }
}

/** xorshift32 per client: the mix is the same from run to run. */
function generator(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

async function runMix(base: string, states: ClientState[], options: { until: number; maxRequests: number }, tally: Tally) {
  await Promise.all(
    states.map(async (state) => {
      const random = generator(0x9e3779b1 ^ ((state.index + 1) * 2654435761));
      while (performance.now() < options.until && tally.sent < options.maxRequests) {
        tally.sent++;
        const kind = pick(random());
        const { url, method, body } = request(base, state, kind);
        const began = performance.now();
        let answer: Answer;
        try {
          answer = await send(state.client, url, method, body);
        } catch (error) {
          record(tally, kind, null, `network: ${(error as Error).message}`);
          continue;
        }
        const ms = performance.now() - began;
        const result = dataOf(answer);
        if ('error' in result) {
          record(tally, kind, ms, result.error);
          continue;
        }
        if (kind === 'cost.list') state.cursor = result.data.nextCursor ?? null; // page on; from the top again at the end
        if (kind === 'cost.create' && typeof result.data.id !== 'string') {
          record(tally, kind, ms, `no id in ${answer.body.slice(0, 200)}`);
          continue;
        }
        record(tally, kind, ms, null);
      }
    }),
  );
}

async function runHealthz(base: string, states: ClientState[], until: number, tally: Tally) {
  const url = new URL('/healthz', base);
  await Promise.all(
    states.map(async (state) => {
      while (performance.now() < until && tally.sent < MAX_REQUESTS) {
        tally.sent++;
        const began = performance.now();
        try {
          const answer = await send(state.client, url, 'GET');
          record(tally, 'healthz', performance.now() - began, answer.status === 200 ? null : `${answer.status} ${answer.body.slice(0, 200)}`);
        } catch (error) {
          record(tally, 'healthz', null, `network: ${(error as Error).message}`);
        }
      }
    }),
  );
}

function latency(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
  };
}

// ---------------------------------------------------------------------------------------------------

const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-bench-load-'));
const server = await startChildServer(dataDir, { env: { DEMO_SEED: 'off' }, timeoutMs: 120_000 });
let states: ClientState[] = [];
let failed = false;
try {
  progress(SCRIPT, `server on ${server.url}; seeding ${COMPANIES} companies, ${COMPANIES * INCIDENTS_PER_COMPANY} incidents, ${LINES} lines, ${CLIENTS} users`);
  const setupBegan = performance.now();
  const seats = await setUp(server.url);
  states = seats.map((seat, index) => {
    const client = newClient({ cookie: seat.cookie });
    return { client, seat, index, cursor: null, logged: 0 };
  });
  const setupMs = performance.now() - setupBegan;

  // Warm-up: a few requests of the mix per client on its own connection, not counted.
  const warm = newTally();
  await runMix(server.url, states, { until: Number.POSITIVE_INFINITY, maxRequests: CLIENTS * WARMUP_PER_CLIENT }, warm);
  const warmErrors = total(warm.errors.values());
  if (warmErrors > 0) progress(SCRIPT, `warm-up: ${warmErrors} failed, first: ${warm.firstErrors[0]}`);

  progress(SCRIPT, `set up in ${Math.round(setupMs)} ms; ${CLIENTS} clients for ${SECONDS} s (at most ${MAX_REQUESTS} requests)`);
  const tally = newTally();
  const began = performance.now();
  await runMix(server.url, states, { until: began + SECONDS * 1000, maxRequests: MAX_REQUESTS }, tally);
  const wallMs = performance.now() - began;

  progress(SCRIPT, `baseline: the same clients on GET /healthz for ${BASELINE_SECONDS} s`);
  const baseTally = newTally();
  const baseBegan = performance.now();
  await runHealthz(server.url, states, baseBegan + BASELINE_SECONDS * 1000, baseTally);
  const baseWallMs = performance.now() - baseBegan;

  const errors = total(tally.errors.values());
  const requests = total(tally.sentByKind.values());
  const byKind = Object.fromEntries(
    MIX.map(({ kind, weight }) => {
      const times = tally.latenciesMs.get(kind) ?? [];
      const sent = tally.sentByKind.get(kind) ?? 0;
      return [kind, { weight, requests: sent, reqPerS: round((sent / wallMs) * 1000, 1), errors: tally.errors.get(kind) ?? 0, ...latency(times) }];
    }),
  );
  const allTimes = [...tally.latenciesMs.values()].flat();
  const baseTimes = baseTally.latenciesMs.get('healthz') ?? [];
  const baseRequests = baseTally.sentByKind.get('healthz') ?? 0;
  failed = errors + warmErrors > 0;

  const figure: Figure = {
    unit: 'req/s',
    value: round((requests / wallMs) * 1000, 1),
    ...latency(allTimes),
    errors,
    firstErrors: tally.firstErrors,
    warmupErrors: warmErrors,
    ...(warmErrors > 0 ? { firstWarmupErrors: warm.firstErrors } : {}),
    requests,
    durationS: round(wallMs / 1000, 2),
    clients: CLIENTS,
    byKind,
    baseline: {
      what: `GET /healthz (no session, one database probe) from the same ${CLIENTS} clients on the same connections and server, ${BASELINE_SECONDS} s right after the mix`,
      value: round((baseRequests / baseWallMs) * 1000, 1),
      unit: 'req/s',
      ...latency(baseTimes),
      errors: baseTally.errors.get('healthz') ?? 0,
      requests: baseRequests,
      durationS: round(baseWallMs / 1000, 2),
    },
    target: 'zero errors (throughput and p95 recorded, no bound)',
    met: errors === 0 && warmErrors === 0,
  };
  printDocument(
    ranAt,
    machine,
    { loadMixed: figure },
    {
      load: {
        mix: Object.fromEntries(MIX.map(({ kind, weight }) => [kind, `${weight}%`])),
        companies: COMPANIES,
        incidents: COMPANIES * INCIDENTS_PER_COMPANY,
        seededLines: Math.max(1, Math.floor(LINES / (COMPANIES * INCIDENTS_PER_COMPANY))) * COMPANIES * INCIDENTS_PER_COMPANY,
        setupMs: Math.round(setupMs),
        warmupRequestsPerClient: WARMUP_PER_CLIENT,
        maxRequests: MAX_REQUESTS,
        stoppedBy: requests >= MAX_REQUESTS ? 'LOAD_MAX_REQUESTS' : 'LOAD_SECONDS',
        server: 'node --import tsx server/main.ts in its own process (DEMO_SEED=off), synchronous = FULL (WAL)',
        connection: 'one keep-alive connection per client (http.Agent maxSockets 1), one session per client',
      },
    },
  );
} finally {
  closeClients(states.map((s) => s.client));
  server.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
