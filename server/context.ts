// The tRPC context: the database and the signed-in user. `createContextInner` is what tests build
// directly; `createHttpContext` reads the session cookie of a real request.

import { firstRow } from './db/rows.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Role } from '../shared/categories.ts';
import { DEVICE_COOKIE } from './auth/device-cookie.ts';
import { DEFAULT_SESSION_POLICY, isLiveSession, liveSessionBounds, SESSION_COOKIE, touchLiveSession, type SessionPolicy } from './auth/session.ts';
import type { Db } from './db/client.ts';
import { preparedRead } from './db/prepared.ts';
import { brokerGrants, companies, memberships, sessions, users } from './db/schema.ts';
import { clearedSessionCookie, deviceCookie, readCookie, sessionCookie } from './http/cookies.ts';
import { clientAddress } from './http/client-address.ts';
import { handleFor, markRecentWrite } from './http/read-your-writes.ts';
import type { Storage } from './storage.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { IDEMPOTENCY_HEADER, type IdempotentRequest } from './idempotency.ts';

export interface Membership {
  companyId: string;
  companyName: string;
  companyKind: 'policyholder' | 'broker';
  role: Role;
}

/** A client company that one of the user's broker companies has been granted. */
export interface BrokerClient {
  companyId: string;
  companyName: string;
  brokerCompanyId: string;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  memberships: Membership[];
  /** Read per request, so a revoked grant stops working on the broker's next request. */
  brokerClients: BrokerClient[];
}

/** How a procedure sets or clears the session cookie; tests pass a recorder. */
export interface SessionCookieJar {
  set(token: string, expiresAt: Date): void;
  clear(): void;
  current: string | null;
  /** The device cookie's value as sent (server/auth/device-cookie.ts), and how to set a new one. */
  device?: string | null;
  setDevice?(value: string): void;
}

export interface ContextOptions {
  db: Db;
  storage: Storage;
  user: SessionUser | null;
  cookies?: SessionCookieJar;
  /** Shown on the sign-in page while demo mode is on. */
  demoCredentials?: { email: string; password: string; broker: { email: string; password: string } | null } | null;
  /** The caller's address, for limiting sign-in attempts. */
  clientAddress?: string;
  loginThrottle?: LoginThrottle;
  /** The request's `Idempotency-Key` header, and how many calls its (batched) request carries. */
  idempotencyKey?: string | null;
  callCount?: number;
  /** Sets a response header (the replay marker, Retry-After); tests pass nothing. */
  setHeader?: (name: string, value: string) => void;
  /** The app's public address (APP_URL), for the links it hands out (the calendar feed's URL). */
  appUrl?: string;
  /** How long a session lasts (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS); tests leave it out. */
  sessionPolicy?: SessionPolicy;
}

export function createContextInner(opts: ContextOptions) {
  return {
    db: opts.db,
    storage: opts.storage,
    user: opts.user,
    cookies: opts.cookies ?? { set() {}, clear() {}, current: null },
    demoCredentials: opts.demoCredentials ?? null,
    clientAddress: opts.clientAddress ?? 'unknown',
    loginThrottle: opts.loginThrottle ?? new LoginThrottle(),
    idempotencyKey: opts.idempotencyKey ?? null,
    callCount: opts.callCount ?? 1,
    setHeader: opts.setHeader ?? (() => {}),
    appUrl: opts.appUrl ?? 'http://localhost',
    sessionPolicy: opts.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    /** Set by the idempotency middleware for a mutation sent with a key (server/idempotency.ts). */
    idempotency: null as IdempotentRequest | null,
  };
}
export type Context = Awaited<ReturnType<typeof createContextInner>>;

// A disabled account (a demo account while demo mode is off) has no live session, whatever its cookie.
const userById = preparedRead((db) =>
  db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.id, sql.placeholder('userId')), isNull(users.disabledAt)))
    .prepare(),
);
/** What a request knows of each company the user belongs to (Membership), as columns. */
const MEMBERSHIP_COLUMNS = { companyId: memberships.companyId, role: memberships.role, companyName: companies.name, companyKind: companies.kind };

const membershipsOf = preparedRead((db) =>
  db
    .select(MEMBERSHIP_COLUMNS)
    .from(memberships)
    .innerJoin(companies, eq(companies.id, memberships.companyId))
    .where(eq(memberships.userId, sql.placeholder('userId')))
    .orderBy(memberships.companyId)
    .prepare(),
);

/**
 * A request's session, its user and the user's companies in ONE query (one row per membership; one row of nulls
 * after the user's own columns when there is none): every signed-in request runs it. As three queries it was
 * three of the ~7.7 statements a `cost.create` sent to PostgreSQL (docs/benchmarks.md).
 */
const sessionUserRows = preparedRead((db) =>
  db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      lastSeenAt: sessions.lastSeenAt,
      ...MEMBERSHIP_COLUMNS,
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.userId), isNull(users.disabledAt)))
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(companies, eq(companies.id, memberships.companyId))
    .where(isLiveSession())
    .orderBy(memberships.companyId)
    .prepare(),
);

/** The client companies of the user's broker companies (none for a policyholder: no query). */
async function brokerClientsOf(db: Db, rows: readonly Membership[]): Promise<BrokerClient[]> {
  const brokerIds = rows.filter((m) => m.companyKind === 'broker').map((m) => m.companyId);
  if (brokerIds.length === 0) return [];
  return await db
    .select({ companyId: brokerGrants.clientCompanyId, companyName: companies.name, brokerCompanyId: brokerGrants.brokerCompanyId })
    .from(brokerGrants)
    .innerJoin(companies, eq(companies.id, brokerGrants.clientCompanyId))
    .where(inArray(brokerGrants.brokerCompanyId, brokerIds));
}

export async function loadSessionUser(db: Db, userId: string): Promise<SessionUser | null> {
  const user = await firstRow(userById(db).execute({ userId }));
  if (!user) return null;
  const rows = await membershipsOf(db).execute({ userId });
  return { ...user, memberships: rows, brokerClients: await brokerClientsOf(db, rows) };
}

/** Who made each request, for the request log (server/http/request-log.ts); never the session token. */
export const requestUserIds = new WeakMap<IncomingMessage, string>();

/** The signed-in user of a request, from its session cookie; null without a live session (its idle clock restarts). */
export async function requestUser(db: Db, req: IncomingMessage, policy: SessionPolicy, now = new Date()): Promise<SessionUser | null> {
  const token = readCookie(req, SESSION_COOKIE);
  if (!token) return null;
  const bounds = liveSessionBounds(token, policy, now);
  const rows = await sessionUserRows(db).execute(bounds);
  const first = rows[0];
  if (!first) return null;
  requestUserIds.set(req, first.id);
  await touchLiveSession(db, bounds, first.lastSeenAt ?? '', now);
  const joined: Membership[] = [];
  for (const row of rows) {
    if (row.companyId === null || row.role === null || row.companyName === null || row.companyKind === null) continue;
    joined.push({ companyId: row.companyId, role: row.role, companyName: row.companyName, companyKind: row.companyKind });
  }
  return { id: first.id, email: first.email, name: first.name, memberships: joined, brokerClients: await brokerClientsOf(db, joined) };
}

export interface HttpContextOptions {
  db: Db;
  storage: Storage;
  demoCredentials: () => ContextOptions['demoCredentials'];
  loginThrottle: LoginThrottle;
  /** APP_URL; without it (tests), the address the request was sent to. */
  appUrl?: string;
  sessionPolicy: SessionPolicy;
  trustedProxies: BlockList | null;
}

/** `http://` and the request's Host, when it is a plain host[:port]; the fallback when APP_URL is not given. */
export function requestOrigin(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `http://${host}` : 'http://localhost';
}

export function createHttpContextFactory({ db, storage, demoCredentials, loginThrottle, appUrl, sessionPolicy, trustedProxies }: HttpContextOptions) {
  return async ({ req, res, info }: { req: IncomingMessage; res: ServerResponse; info: { calls: unknown[] } }) => {
    const token = readCookie(req, SESSION_COOKIE);
    const cookies: SessionCookieJar = {
      current: token,
      set: (newToken, expiresAt) => res.appendHeader('Set-Cookie', sessionCookie(req, newToken, expiresAt)),
      clear: () => res.appendHeader('Set-Cookie', clearedSessionCookie()),
      device: readCookie(req, DEVICE_COOKIE),
      setDevice: (value) => res.appendHeader('Set-Cookie', deviceCookie(req, value)),
    };
    const key = req.headers[IDEMPOTENCY_HEADER];
    // tRPC sends queries as GET and mutations as POST: a mutation reads on the primary, and so do the
    // queries of a browser that has just written; other queries may read a replica (http/read-your-writes.ts).
    const handle = handleFor(req, db);
    markRecentWrite(req, res, db);
    return createContextInner({
      db: handle,
      storage,
      user: await requestUser(handle, req, sessionPolicy),
      cookies,
      demoCredentials: demoCredentials(),
      clientAddress: clientAddress(req, trustedProxies),
      loginThrottle,
      idempotencyKey: typeof key === 'string' ? key : null,
      callCount: info.calls.length,
      setHeader: (name, value) => {
        if (!res.headersSent) res.setHeader(name, value);
      },
      appUrl: appUrl ?? requestOrigin(req),
      sessionPolicy,
    });
  };
}
