// The tRPC context: the database and the signed-in user. `createContextInner` is what tests build
// directly; `createHttpContext` reads the session cookie of a real request.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Role } from '../shared/categories.ts';
import { findSessionUser, SESSION_COOKIE } from './auth/session.ts';
import type { Db } from './db/client.ts';
import { preparedPerDatabase } from './db/prepared.ts';
import { brokerGrants, companies, memberships, users } from './db/schema.ts';
import { clearedSessionCookie, readCookie, sessionCookie } from './http/cookies.ts';
import type { Storage } from './storage.ts';

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
}

export interface ContextOptions {
  db: Db;
  storage: Storage;
  user: SessionUser | null;
  cookies?: SessionCookieJar;
  /** Shown on the sign-in page while demo mode is on. */
  demoCredentials?: { email: string; password: string; broker: { email: string; password: string } | null } | null;
}

export function createContextInner(opts: ContextOptions) {
  return {
    db: opts.db,
    storage: opts.storage,
    user: opts.user,
    cookies: opts.cookies ?? { set() {}, clear() {}, current: null },
    demoCredentials: opts.demoCredentials ?? null,
  };
}
export type Context = ReturnType<typeof createContextInner>;

const userById = preparedPerDatabase((db) =>
  db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, sql.placeholder('userId'))).prepare(),
);
const membershipsOf = preparedPerDatabase((db) =>
  db
    .select({ companyId: memberships.companyId, role: memberships.role, companyName: companies.name, companyKind: companies.kind })
    .from(memberships)
    .innerJoin(companies, eq(companies.id, memberships.companyId))
    .where(eq(memberships.userId, sql.placeholder('userId')))
    .prepare(),
);

export function loadSessionUser(db: Db, userId: string): SessionUser | null {
  const user = userById(db).get({ userId });
  if (!user) return null;
  const rows = membershipsOf(db).all({ userId });
  const brokerIds = rows.filter((m) => m.companyKind === 'broker').map((m) => m.companyId);
  const brokerClients = brokerIds.length
    ? db
        .select({ companyId: brokerGrants.clientCompanyId, companyName: companies.name, brokerCompanyId: brokerGrants.brokerCompanyId })
        .from(brokerGrants)
        .innerJoin(companies, eq(companies.id, brokerGrants.clientCompanyId))
        .where(inArray(brokerGrants.brokerCompanyId, brokerIds))
        .all()
    : [];
  return { ...user, memberships: rows, brokerClients };
}

/** The signed-in user of a request, from its session cookie; null without a live session. */
export function requestUser(db: Db, req: IncomingMessage): SessionUser | null {
  const token = readCookie(req, SESSION_COOKIE);
  const userId = token ? findSessionUser(db, token) : null;
  return userId ? loadSessionUser(db, userId) : null;
}

export function createHttpContextFactory(db: Db, storage: Storage, demoCredentials: () => ContextOptions['demoCredentials']) {
  return ({ req, res }: { req: IncomingMessage; res: ServerResponse }) => {
    const token = readCookie(req, SESSION_COOKIE);
    const cookies: SessionCookieJar = {
      current: token,
      set: (newToken, expiresAt) => res.appendHeader('Set-Cookie', sessionCookie(req, newToken, expiresAt)),
      clear: () => res.appendHeader('Set-Cookie', clearedSessionCookie()),
    };
    return createContextInner({ db, storage, user: requestUser(db, req), cookies, demoCredentials: demoCredentials() });
  };
}
