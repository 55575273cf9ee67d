// A real server on an ephemeral port with a fresh DATA_DIR, and an HTTP client that keeps its cookie.
import { mkdtempSync, rmSync } from 'node:fs';
import type { BlockList } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { DEVICE_COOKIE } from '../../server/auth/device-cookie.ts';
import { SESSION_COOKIE } from '../../server/auth/session.ts';
import { databaseFailureStore } from '../../server/auth/failure-store-db.ts';
import { LoginThrottle } from '../../server/auth/login-throttle.ts';
import type { SessionPolicy } from '../../server/auth/session.ts';
import { closeDatabase, openDatabase, type Db } from '../../server/db/client.ts';
import { allRows } from '../../server/db/rows.ts';
import { isPostgres } from '../../server/db/transaction.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { createTestDatabase } from './pg-database.ts';
import { startRoundRobin } from './round-robin.ts';
import { seedDemo } from '../../server/demo.ts';
import type { S3Config } from '../../server/env.ts';
import { createAppServer } from '../../server/http/server.ts';
import { openStorage, type Storage } from '../../server/storage.ts';
import type { InputArgs, InputOf, MutationPath, OutputOf, QueryPath } from './api-types.ts';
import { at } from './at.ts';

export interface TestServer {
  url: string;
  db: Db;
  storage: Storage;
  dataDir: string;
  close(): Promise<void>;
}

interface ServerChoices {
  demo?: boolean;
  loginClock?: () => number;
  sessionPolicy?: SessionPolicy;
  s3?: S3Config;
  /** TRUSTED_PROXIES: the test's own requests come from 127.0.0.1, so trusting it makes their X-Forwarded-For count. */
  trustedProxies?: BlockList;
}

/**
 * `loginClock`: the sign-in throttle (counting in the database, as the app does) on a clock the test moves;
 * `sessionPolicy`: other timeouts than the defaults; `s3`: the stored files in a bucket (test/support/s3.ts)
 * instead of DATA_DIR.
 */
export async function startTestServer(options: ServerChoices = {}): Promise<TestServer> {
  if (onPostgres()) return startOnPostgres(options);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-test-'));
  const db = await openDatabase(dataDir);
  const storage = openStorage(dataDir, options.s3);
  const demoCredentials = options.demo ? await seedDemo(db, storage) : null;
  const loginThrottle = options.loginClock ? new LoginThrottle(undefined, options.loginClock, databaseFailureStore(db)) : undefined;
  const server = createAppServer({ db, storage, demoCredentials, loginThrottle, sessionPolicy: options.sessionPolicy, trustedProxies: options.trustedProxies });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    storage,
    dataDir,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.$client.close();
      storage.objects.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The `api-pg` project runs API test files with TEST_DATABASE=postgres (vitest.config.ts). */
export function onPostgres(): boolean {
  return process.env.TEST_DATABASE === 'postgres';
}

/**
 * On PostgreSQL: two app instances, each with its own pools, on one database of the test's own, behind a
 * round-robin balancer: consecutive requests of one client go to different instances. `db` is the first's.
 */
async function startOnPostgres(options: ServerChoices): Promise<TestServer> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-test-pg-'));
  const storage = openStorage(dataDir, options.s3);
  const dbs = [await openPostgres({ url: database.url, poolMax: 4 }), await openPostgres({ url: database.url, poolMax: 4 })];
  const demoCredentials = options.demo ? await seedDemo(at(dbs, 0), storage) : null;
  const servers = dbs.map((db) =>
    createAppServer({
      db,
      storage,
      demoCredentials,
      loginThrottle: options.loginClock ? new LoginThrottle(undefined, options.loginClock, databaseFailureStore(db)) : undefined,
      sessionPolicy: options.sessionPolicy,
      trustedProxies: options.trustedProxies,
    }),
  );
  const urls: string[] = [];
  for (const server of servers) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  const balancer = await startRoundRobin(urls);
  return {
    url: balancer.url,
    db: at(dbs, 0),
    storage,
    dataDir,
    close: async () => {
      await balancer.close();
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      for (const db of dbs) await closeDatabase(db);
      await database.drop();
      storage.objects.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Several app servers, each with its own connection to one database file: instances behind a balancer. */
export interface Instances {
  urls: string[];
  dbs: Db[];
  close(): Promise<void>;
}

/** On PostgreSQL (the `api-pg` project) the instances share a database of the test's own, each with its pool. */
export async function startInstancesOnOneDatabase(count: number): Promise<Instances> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-instances-'));
  const database = onPostgres() ? await createTestDatabase() : null;
  const started: { db: Db; server: ReturnType<typeof createAppServer> }[] = [];
  for (let i = 0; i < count; i++) {
    const db = database ? await openPostgres({ url: database.url, poolMax: 4 }) : await openDatabase(dataDir);
    started.push({ db, server: createAppServer({ db, storage: openStorage(dataDir) }) });
  }
  const urls: string[] = [];
  for (const { server } of started) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  return {
    urls,
    dbs: started.map(({ db }) => db),
    close: async () => {
      for (const { server, db } of started) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await closeDatabase(db);
      }
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One answer of the API. `data` is what the procedure answered; on an error it is undefined and `error` says why. */
export interface ApiAnswer<T> {
  status: number;
  data: T;
  error?: { message: string; code: string; fieldErrors?: Record<string, string>; current?: unknown };
  headers: Headers;
}

/** The body tRPC answers over HTTP: a result, or an error with our errorFormatter's data (server/trpc.ts). */
export interface WireBody {
  result?: { data?: unknown };
  error?: { message: string; data?: { code: string; httpStatus?: number; path?: string; fieldErrors?: Record<string, string>; current?: unknown } };
}

/**
 * Calls tRPC as any script would: plain JSON over HTTP, the session in a cookie. The device cookie a
 * sign-in sets (server/auth/device-cookie.ts) is kept apart and sent back too, as a browser does.
 * Procedure names and inputs are typed from AppRouter (./api-types.ts); `queryRaw`/`mutateRaw` send
 * any input, for the tests whose subject is input the schema refuses.
 */
export class ApiClient {
  /** The session cookie (`name=value`): copy it to another client to act as the same signed-in user. */
  cookie: string | null = null;
  deviceCookie: string | null = null;
  /** Any other cookie the server set (the recent-write mark with read replicas), by name. */
  readonly otherCookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  private async send(response: Response): Promise<ApiAnswer<unknown>> {
    for (const setCookie of response.headers.getSetCookie()) {
      const value = at(setCookie.split(';'), 0);
      const name = value.slice(0, value.indexOf('='));
      if (name === DEVICE_COOKIE) this.deviceCookie = value;
      else if (name === SESSION_COOKIE) this.cookie = value.endsWith('=') ? null : value;
      else this.otherCookies.set(name, value);
    }
    const body = (await response.json()) as WireBody;
    if (body.error) {
      const data = body.error.data;
      return {
        status: response.status,
        data: undefined,
        error: {
          message: body.error.message,
          code: data?.code ?? '',
          fieldErrors: data?.fieldErrors,
          ...(data?.current !== undefined ? { current: data.current } : {}),
        },
        headers: response.headers,
      };
    }
    return { status: response.status, data: body.result?.data, headers: response.headers };
  }

  private headers(): Record<string, string> {
    const cookies = [this.cookie, this.deviceCookie, ...this.otherCookies.values()].filter((c) => c !== null);
    return { ...this.extraHeaders, ...(cookies.length ? { cookie: cookies.join('; ') } : {}) };
  }

  async query<P extends QueryPath>(name: P, ...[input]: InputArgs<P>): Promise<ApiAnswer<OutputOf<P>>> {
    return (await this.queryRaw(name, input)) as ApiAnswer<OutputOf<P>>;
  }

  /** A mutation; `headers` (an Idempotency-Key) go after its input. */
  mutate<P extends MutationPath>(name: P, ...args: InputArgs<P>): Promise<ApiAnswer<OutputOf<P>>>;
  mutate<P extends MutationPath>(name: P, input: InputOf<P>, headers: Record<string, string>): Promise<ApiAnswer<OutputOf<P>>>;
  async mutate(name: MutationPath, input?: unknown, headers?: Record<string, string>): Promise<ApiAnswer<unknown>> {
    return await this.mutateRaw(name, input, headers);
  }

  /** A query with any input: the name is still checked, so a renamed procedure fails the typecheck. */
  async queryRaw(name: QueryPath, input?: unknown): Promise<ApiAnswer<unknown>> {
    const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return await this.send(await fetch(`${this.baseUrl}/trpc/${name}${search}`, { headers: this.headers() }));
  }

  /** A mutation with any input (see queryRaw). */
  async mutateRaw(name: MutationPath, input?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<unknown>> {
    return await this.send(
      await fetch(`${this.baseUrl}/trpc/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.headers(), ...headers },
        body: input === undefined ? undefined : JSON.stringify(input),
      }),
    );
  }

  /** The data of a call that must succeed (fails the test with the server's message otherwise). */
  ok<P extends QueryPath>(kind: 'query', name: P, ...args: InputArgs<P>): Promise<OutputOf<P>>;
  ok<P extends MutationPath>(kind: 'mutate', name: P, ...args: InputArgs<P>): Promise<OutputOf<P>>;
  async ok(kind: 'query' | 'mutate', name: QueryPath | MutationPath, input?: unknown): Promise<unknown> {
    const answer = kind === 'query' ? await this.queryRaw(name as QueryPath, input) : await this.mutateRaw(name as MutationPath, input);
    if (answer.error) throw new Error(`${name} failed: ${answer.error.code} ${answer.error.message}`);
    return answer.data;
  }
}

let counter = 0;
/** Signs up a fresh company and answers a client signed in as its admin. */
export async function signUpCompany(baseUrl: string, label = 'A') {
  counter += 1;
  const client = new ApiClient(baseUrl);
  const email = `admin-${label.toLowerCase()}-${counter}-${Date.now()}@example.jp`;
  const { userId, companyId } = await client.ok('mutate', 'auth.signup', {
    email,
    password: 'correct horse battery',
    name: `管理者 ${label}`,
    companyName: `${label}社`,
  });
  return { client, userId, companyId, email };
}

/**
 * Every row of every table, to show that a refused request changed nothing. A session's last-seen time
 * is left out: any signed-in request may refresh it (the idle timeout), refused or not.
 */
export async function snapshot(db: Db): Promise<string> {
  return isPostgres(db) ? snapshotPostgres(db) : snapshotSqlite(db);
}

/** The same, at once, on SQLite: for the fuzz guard, which snapshots between requests many times. */
export function snapshotSqlite(db: Db): string {
  const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
    name: string;
  }[];
  // A refused sign-in is meant to count (server/auth/failure-store-db.ts): that table is left out, and the
  // sign-in tests check what it holds.
  const kept = tables.filter(({ name }) => name !== 'sign_in_failures');
  const rows = (name: string) => {
    const all = db.$client.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Record<string, unknown>[];
    return name === 'sessions' ? all.map(({ last_seen_at: _lastSeen, ...rest }) => rest) : all;
  };
  return JSON.stringify(kept.map(({ name }) => [name, rows(name)]));
}

/** The same on PostgreSQL: rows in a fixed order (by their text), as the table has no rowid. */
async function snapshotPostgres(db: Db): Promise<string> {
  const tables = await allRows<{ name: string }>(
    db,
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const kept = tables.filter(({ name }) => name !== 'sign_in_failures');
  const dump: [string, unknown[]][] = [];
  for (const { name } of kept) {
    const all = await allRows<Record<string, unknown>>(db, sql`SELECT * FROM ${sql.identifier(name)} t ORDER BY t::text`);
    dump.push([name, name === 'sessions' ? all.map(({ last_seen_at: _lastSeen, ...rest }) => rest) : all]);
  }
  return JSON.stringify(dump);
}
