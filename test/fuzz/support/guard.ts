// Sends one fuzz request over real HTTP and checks what every answer must satisfy: never a 5xx, no stack
// trace, SQL or server path in the body, and, when the request was refused, every table as it was.
import http from 'node:http';
import { expect } from 'vitest';
import { snapshotSqlite, type TestServer } from '../../support/server.ts';

export interface Sent {
  method: 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE';
  /** Sent byte for byte (no URL normalisation: `..` and `%2e%2e` reach the server as written). */
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  cookie?: string | null;
  /** Who sends it, for the failure message. */
  actor?: string;
  /** What is being fuzzed (a procedure, a route), for the statistics. */
  label?: string;
}

export interface Answer {
  status: number;
  text: string;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
  /** An HTTP error, or a tRPC error inside a 2xx batch answer. */
  refused: boolean;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function rawRequest(baseUrl: string, sent: Sent): Promise<Omit<Answer, 'refused'>> {
  const { hostname, port } = new URL(baseUrl);
  const headers: Record<string, string | number> = { ...sent.headers };
  if (sent.cookie) headers.cookie = sent.cookie;
  if (sent.body !== undefined) headers['content-length'] = Buffer.byteLength(sent.body);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: sent.path, method: sent.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, text: body.toString('utf8'), body, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(sent.body);
  });
}

/**
 * What an answer must never show. A pattern the request itself contains is not checked, because error
 * messages may quote the input (JSON.parse's message quotes the bad text).
 */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\n\s+at |\bat [\w$.<>]+ \(|\(?(?:file:\/\/|node:internal)[^\s)]*:\d+:\d+/],
  ['a source file and line', /\.[cm]?[tj]s:\d*/],
  ['SQL', /SQLITE|\bSELECT\b|\bINSERT\b|\bDELETE FROM\b|\bUPDATE\s+\S+\s+SET\b|sqlite_master|no such (?:table|column)|constraint failed/],
  ['a server path', /\/work\/|\/tmp\/|\/home\/|\/usr\/|\/etc\/|node_modules|bct-test-|[A-Z]:\\\\/],
];

export function leaksIn(answer: string, request: string): string[] {
  return LEAKS.filter(([, pattern]) => pattern.test(answer) && !pattern.test(request)).map(([name]) => name);
}

/** The tables whose rows differ between two snapshots (for the failure message). */
function changedTables(before: string, after: string): string[] {
  try {
    const rows = (s: string) => new Map((JSON.parse(s) as [string, unknown][]).map(([name, r]) => [name, JSON.stringify(r)]));
    const [b, a] = [rows(before), rows(after)];
    return [...new Set([...b.keys(), ...a.keys()])].filter((name) => b.get(name) !== a.get(name));
  } catch {
    return ['(the snapshot differs)'];
  }
}

function isRefused(status: number, text: string): boolean {
  if (status >= 400) return true;
  try {
    const body = JSON.parse(text) as unknown;
    const isError = (r: unknown) => typeof r === 'object' && r !== null && 'error' in r && Boolean(r.error);
    return Array.isArray(body) ? body.some(isError) : isError(body);
  } catch {
    return false;
  }
}

const clip = (text: string | Buffer | undefined, n = 600) => {
  const s = text === undefined ? '' : String(text);
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
};

/**
 * One per test file: counts the requests and keeps a snapshot of the database as the last answer left it.
 *
 * Snapshotting every table around every request would dominate the run time, so SQLite's own count of
 * row changes on the server's connection (total_changes(), which also counts writes later rolled back)
 * decides when one is needed: a refused request that changed no row cannot have changed a table, and
 * one that did is checked against the full snapshot. The server writes through this one connection only
 * (its other connections are read-only), so the shortcut is exact.
 */
export class RequestGuard {
  requests = 0;
  snapshots = 0;
  snapshotSize = 0;
  readonly timing = { request: 0, snapshot: 0 };
  /** label → HTTP status → count: shows whether the fuzzing gets past validation (FUZZ_STATS=1 prints it). */
  readonly statuses = new Map<string, Map<number, number>>();
  private state = '';
  /** total_changes() when `state` was taken. */
  private stateAt = -1;
  private readonly totalChanges;

  constructor(readonly server: TestServer) {
    const statement = server.db.$client.prepare('SELECT total_changes() AS n');
    this.totalChanges = () => (statement.get() as { n: number }).n;
  }

  private snap(): void {
    const started = performance.now();
    this.state = snapshotSqlite(this.server.db);
    this.stateAt = this.totalChanges();
    this.snapshots += 1;
    this.snapshotSize = this.state.length;
    this.timing.snapshot += performance.now() - started;
  }

  async send(sent: Sent): Promise<Answer> {
    if (this.totalChanges() !== this.stateAt) this.snap(); // the last request succeeded and wrote
    const before = this.state;
    const started = performance.now();
    const raw = await rawRequest(this.server.url, sent);
    this.timing.request += performance.now() - started;
    this.requests += 1;
    const byStatus = this.statuses.get(sent.label ?? sent.path) ?? new Map<number, number>();
    byStatus.set(raw.status, (byStatus.get(raw.status) ?? 0) + 1);
    this.statuses.set(sent.label ?? sent.path, byStatus);

    const refused = isRefused(raw.status, raw.text);
    const what = `${sent.actor ?? 'anonymous'}: ${sent.method} ${clip(sent.path, 300)}\n  body: ${clip(sent.body)}\n  → ${raw.status} ${clip(raw.text)}`;
    expect(raw.status, `a 5xx answer\n${what}`).toBeLessThan(500);
    // The built client's scripts are the app's own published code, not text the server composed: their
    // words may look like a leak (English such as 「at most (」 reads as a stack frame, pdf.js's default
    // HOME=/home/web_user as a server path), and which script a seed picks changes with every build. That
    // a script served is the built client's own is the file routes' test to check (servedFromInside).
    const script = raw.status === 200 && /^text\/javascript\b/.test(String(raw.headers['content-type'] ?? ''));
    if (!script) expect(leaksIn(raw.text, `${sent.path}\n${sent.body?.toString() ?? ''}`), `the answer leaks internals\n${what}`).toEqual([]);
    if (refused && this.totalChanges() !== this.stateAt) {
      this.snap();
      if (this.state !== before) {
        const tables = changedTables(before, this.state);
        const sessionsOnly = tables.length === 1 && tables[0] === 'sessions';
        expect.fail(
          `a refused request changed the database (tables: ${tables.join(', ')})` +
            (sessionsOnly ? ' — only session bookkeeping: snapshotSqlite() in test/support/server.ts should leave it out (for the lead to decide)' : '') +
            `\n${what}`,
        );
      }
    }
    return { ...raw, refused };
  }
}

/** The tables' sizes, then one line per label (`cost.create  200×7 400×51 404×12`), then the guard's costs. */
export function statusReport(guard: RequestGuard): string {
  const tables = (JSON.parse(snapshotSqlite(guard.server.db)) as [string, unknown[]][]).map(
    ([name, rows]) => `${name.padEnd(28)} ${rows.length} rows, ${JSON.stringify(rows).length} chars`,
  );
  const statuses = [...guard.statuses].map(
    ([label, counts]) =>
      `${label.padEnd(28)} ${[...counts]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ')}`,
  );
  const costs = `${guard.requests} requests, ${guard.snapshots} snapshots (the last ${guard.snapshotSize} characters); ${Math.round(guard.timing.request)} ms in requests, ${Math.round(guard.timing.snapshot)} ms in snapshots`;
  return [...tables, '', ...statuses, costs].join('\n');
}
