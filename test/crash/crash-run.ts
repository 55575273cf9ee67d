// One crash-safety run: its DATA_DIR, the server killed and restarted there, who uses it, and what it acknowledged.
import { performance } from 'node:perf_hooks';
import { startChildServer, type ChildServer } from '../support/child-server.ts';
import { ApiClient } from '../support/server.ts';
import { nothingAcknowledged, type Acknowledged } from './acknowledged.ts';

const DEMO = { email: 'demo@example.jp', password: 'demo-password-2026' };

/** Measured once in beforeAll; the import and export rounds place their kills from it. */
export interface Calibration {
  commitMs: number;
  /** The preview reads and checks every row as the commit does before its transaction: roughly where it begins. */
  previewMs: number;
  exportMs: number;
  /** What the calibration export wrote: the ledger CSV's and the ZIP's sizes, for the export rounds' kill points. */
  csvBytes: number;
  zipBytes: number;
}

/** The state every round shares, passed explicitly to the workload, the checks and the round itself. */
export interface CrashRun {
  dataDir: string;
  server: ChildServer | null;
  killIssued: boolean;
  /** A finance-side user (the demo admin) for imports and exports, and one session per writing client. */
  adminCookie: string;
  writerCookies: string[];
  companyId: string;
  policyId: string;
  /** Writers alternate between the demo incident and one of their own; imports and exports have theirs. */
  writeIncidents: string[];
  exportIncidentId: string;
  calibration: Calibration;
  acked: Acknowledged;
  anyFailure: boolean;
  summary: string[];
}

/** An empty run; beforeAll fills in the DATA_DIR, the sessions and the incidents. */
export function newCrashRun(): CrashRun {
  return {
    dataDir: '',
    server: null,
    killIssued: false,
    adminCookie: '',
    writerCookies: [],
    companyId: '',
    policyId: '',
    writeIncidents: [],
    exportIncidentId: '',
    calibration: { commitMs: 0, previewMs: 0, exportMs: 0, csvBytes: 0, zipBytes: 0 },
    acked: nothingAcknowledged(),
    anyFailure: false,
    summary: [],
  };
}

export const api = (run: CrashRun, cookie: string): ApiClient => {
  const client = new ApiClient(run.server!.url);
  client.cookie = cookie;
  return client;
};

export async function startServer(run: CrashRun): Promise<{ startMs: number; recovered: string }> {
  const began = performance.now();
  run.killIssued = false;
  run.server = await startChildServer(run.dataDir, { timeoutMs: 60_000 });
  const startMs = performance.now() - began;
  const cleared = /Cleared what an interrupted run left: (\d+) unfinished package\(s\), (\d+) temporary file\(s\)/.exec(run.server.stdout());
  return { startMs, recovered: cleared ? `recovery cleared ${cleared[1]} package(s), ${cleared[2]} temp file(s)` : 'nothing to recover' };
}

export async function killServer(run: CrashRun): Promise<void> {
  run.killIssued = true;
  run.server!.kill('SIGKILL');
  const exit = await run.server!.exited;
  if (exit.signal !== 'SIGKILL') throw new Error(`the server ended on its own before the kill (code ${exit.code})\n${run.server!.stderr()}`);
}

export async function signIn(run: CrashRun): Promise<string> {
  const client = new ApiClient(run.server!.url);
  await client.ok('mutate', 'auth.login', DEMO);
  return client.cookie!;
}
