// The HTTP server: tRPC at /trpc, health at /healthz and /readyz, the web client everywhere else.

import { accessSync, constants } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { MAX_BATCH_CALLS } from '../../shared/api-limits.ts';
import { databaseFailureStore } from '../auth/failure-store-db.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../auth/session.ts';
import { createHttpContextFactory, requestOrigin, requestUser, type ContextOptions } from '../context.ts';
import type { BlockList } from 'node:net';
import type { Db } from '../db/client.ts';
import { allRows } from '../db/rows.ts';
import { sql } from 'drizzle-orm';
import { appRouter } from '../routers/_app.ts';
import type { Storage } from '../storage.ts';
import { downloadAttachment, downloadPackage } from './downloads.ts';
import { downloadJournal } from './journals.ts';
import { serveCalendarFeed } from './calendar.ts';
import { isForeignWrite } from './origin.ts';
import { handleFor, markRecentWrite } from './read-your-writes.ts';
import { sendError, sendJson } from './responses.ts';
import { createStaticHandler } from './static.ts';
import { uploadImport } from './imports.ts';
import { logEvent, logRequest, type LogSink } from './request-log.ts';
import { uploadCostAttachment, uploadIncidentDocument } from './uploads.ts';

// Two folders up is the repository's root both from server/<folder>/ and from the built dist/server/main.js.
const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export interface ServerOptions {
  db: Db;
  storage: Storage;
  demoCredentials?: ContextOptions['demoCredentials'];
  clientDir?: string;
  /** Where the request log goes (one JSON line each); tests leave it out. */
  log?: LogSink;
  loginThrottle?: LoginThrottle;
  /** APP_URL: the address links and the calendar feed's URL are built on; tests leave it out (the request's own). */
  appUrl?: string;
  /** How long a session lasts (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS); tests leave it out for the defaults. */
  sessionPolicy?: SessionPolicy;
  /** TRUSTED_PROXIES: the load balancers whose X-Forwarded-For names the client (server/http/client-address.ts). */
  trustedProxies?: BlockList | null;
}

/** How long an idle keep-alive connection is kept (see keepIdleConnections). */
export const KEEP_ALIVE_MS = 65_000;

/**
 * An idle keep-alive connection stays open longer than a load balancer keeps its own (nginx: 60 s), so the
 * server never closes one just as the balancer sends on it, which the balancer answers with a 502 for a POST.
 * Node's default of 5 s also races clients when a busy event loop runs its timers late. The tests' own
 * servers in front of or beside the app (a balancer, an S3 store) keep them the same way.
 */
export function keepIdleConnections(server: http.Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

/** The server, and the switch that makes /readyz answer 503 and new requests get 503 while it drains. */
export type AppServer = http.Server & { stopAccepting(): void };

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, params: [string, string], url: URL) => unknown;

/** A route's captured ids: every pattern has one or two required groups; a route with one never reads the second. */
function routeParams(match: RegExpExecArray): [string, string] {
  const [, first, second = ''] = match;
  if (first === undefined) throw new Error(`route pattern without a group matched ${match[0]}`);
  return [first, second];
}

/**
 * The file routes beside tRPC: uploads are multipart and downloads are files, which tRPC does not carry.
 * All under /api/ but the calendar feed, whose address is handed to calendar apps (docs/decisions/028).
 */
function fileRoutes({
  db: anyHandle,
  storage,
  appUrl,
  sessionPolicy = DEFAULT_SESSION_POLICY,
}: ServerOptions): { method: string; pattern: RegExp; handler: Handler }[] {
  const id = '([0-9A-Za-z-]{1,64})';
  // With replicas: uploads and the downloads that follow a write read on the primary (read-your-writes.ts).
  const dbOf = (req: http.IncomingMessage) => handleFor(req, anyHandle);
  // The signed-in user of a file request, by the same session rules as the API's.
  const userOf = async (req: http.IncomingMessage) => await requestUser(dbOf(req), req, sessionPolicy);
  return [
    {
      method: 'POST',
      pattern: new RegExp(`^/api/costs/${id}/attachments$`),
      handler: async (req, res, [costId]) => await uploadCostAttachment(req, res, await userOf(req), dbOf(req), storage, costId),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/incidents/${id}/documents/([a-z_]{1,40})$`),
      handler: async (req, res, [incidentId, kind]) => await uploadIncidentDocument(req, res, await userOf(req), dbOf(req), storage, incidentId, kind),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/incidents/${id}/imports$`),
      handler: async (req, res, [incidentId]) => await uploadImport(req, res, await userOf(req), dbOf(req), storage, incidentId),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/attachments/${id}$`),
      handler: async (req, res, [attachmentId], url) => await downloadAttachment(res, await userOf(req), dbOf(req), storage, attachmentId, url),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/packages/${id}\\.zip$`),
      handler: async (req, res, [packageId]) => await downloadPackage(res, await userOf(req), dbOf(req), storage, packageId),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/incidents/${id}/journals/([a-z]{1,20})\\.csv$`),
      handler: async (req, res, [incidentId, format], url) => await downloadJournal(req, res, await userOf(req), dbOf(req), incidentId, format, url),
    },
    {
      method: 'GET',
      pattern: /^\/calendar\/([^/]{1,100})\.ics$/,
      handler: async (req, res, [secret]) => await serveCalendarFeed(req, res, dbOf(req), secret, appUrl ?? requestOrigin(req)),
    },
  ];
}

/**
 * Ready for traffic: the database answers, the store answers (its folders can be written, or one HEAD of
 * the bucket), and the local folders where uploads arrive and packages are built can be written.
 */
async function isReady(options: ServerOptions): Promise<boolean> {
  try {
    await allRows(options.db, sql`SELECT 1`);
    await options.storage.objects.check();
    accessSync(options.storage.blobs.tempDir, constants.W_OK);
    accessSync(options.storage.packagesTempDir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function createAppServer(options: ServerOptions): AppServer {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: 1_000_000,
    // One request carrying a thousand calls would hold the server for all of them (issue 13).
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: createHttpContextFactory({
      db: options.db,
      storage: options.storage,
      demoCredentials: () => options.demoCredentials ?? null,
      // Counted in the database: every instance on it sees the same failures (server/auth/failure-store-db.ts).
      loginThrottle: options.loginThrottle ?? new LoginThrottle(undefined, undefined, databaseFailureStore(options.db)),
      appUrl: options.appUrl,
      sessionPolicy: options.sessionPolicy ?? DEFAULT_SESSION_POLICY,
      trustedProxies: options.trustedProxies ?? null,
    }),
  });
  let accepting = true;
  const serveStatic = createStaticHandler(options.clientDir ?? CLIENT_DIR);
  const routes = fileRoutes(options);

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname;
    // The calendar feed's secret is its credential: the log names the route, never the secret.
    if (options.log) logRequest(options.log, req, res, pathname.startsWith('/calendar/') ? '/calendar/[secret].ics' : pathname);

    if (pathname === '/readyz') {
      return (accepting ? isReady(options) : Promise.resolve(false)).then((ready) => {
        sendJson(res, ready ? 200 : 503, { ready, ...(accepting ? {} : { reason: 'shutting down' }) });
      });
    }
    if (!accepting) {
      // Draining before exit: in-flight requests finish; new ones are told to come back.
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', '5');
      sendError(res, 503, 'SERVICE_UNAVAILABLE', 'The server is restarting; try again in a few seconds');
      return;
    }
    if (isForeignWrite(req)) {
      sendError(res, 403, 'FORBIDDEN', 'Cross-site request refused');
      return;
    }
    if (pathname === '/healthz') {
      allRows(options.db, sql`SELECT 1`).then(
        () => sendJson(res, 200, { ok: true }),
        () => sendJson(res, 503, { ok: false }),
      );
      return;
    }
    if (pathname.startsWith('/trpc/')) {
      trpc(req, res);
      return;
    }
    if (pathname.startsWith('/api/') || pathname.startsWith('/calendar/')) {
      for (const route of routes) {
        const match = route.pattern.exec(pathname);
        if (!match) continue;
        if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) {
          sendError(res, 405, 'METHOD_NOT_SUPPORTED', `Use ${route.method}`);
          return;
        }
        markRecentWrite(req, res, options.db);
        return route.handler(req, res, routeParams(match), url);
      }
      sendError(res, 404, 'NOT_FOUND', 'Not found');
      return;
    }
    serveStatic(req, res, pathname);
  };

  // A request must never take the server down; the caller learns nothing of the cause.
  const fail = (res: http.ServerResponse, error: unknown) => {
    if (options.log) logEvent(options.log, 'error', 'request failed', { error: error instanceof Error ? error.stack : String(error) });
    else console.error(error);
    if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal error');
    else res.destroy();
  };
  const server = http.createServer((req, res) => {
    try {
      Promise.resolve(handle(req, res)).catch((error) => fail(res, error));
    } catch (error) {
      fail(res, error);
    }
  }) as AppServer;
  keepIdleConnections(server);
  server.stopAccepting = () => {
    accepting = false;
  };
  return server;
}
