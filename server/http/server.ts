// The HTTP server: tRPC at /trpc, health at /healthz, the web client everywhere else.

import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createHttpContextFactory, type ContextOptions } from '../context.ts';
import type { Db } from '../db/client.ts';
import { appRouter } from '../routers/_app.ts';
import { isForeignWrite } from './origin.ts';
import { createStaticHandler } from './static.ts';

const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export interface ServerOptions {
  db: Db;
  demoCredentials?: ContextOptions['demoCredentials'];
  clientDir?: string;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function createAppServer(options: ServerOptions): http.Server {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: 1_000_000,
    createContext: createHttpContextFactory(options.db, () => options.demoCredentials ?? null),
  });
  const serveStatic = createStaticHandler(options.clientDir ?? CLIENT_DIR);

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;

    if (isForeignWrite(req)) {
      sendJson(res, 403, { error: { message: 'Cross-site request refused', code: -32003, data: { code: 'FORBIDDEN', httpStatus: 403 } } });
      return;
    }
    if (pathname === '/healthz') {
      try {
        options.db.$client.prepare('SELECT 1').get();
        sendJson(res, 200, { ok: true });
      } catch {
        sendJson(res, 503, { ok: false });
      }
      return;
    }
    if (pathname.startsWith('/trpc/')) {
      trpc(req, res);
      return;
    }
    if (pathname.startsWith('/api/')) {
      sendJson(res, 404, { error: 'Not found' });
      return;
    }
    serveStatic(req, res, pathname);
  };

  return http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      // A request must never take the server down; the caller learns nothing of the cause.
      console.error(error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' });
      else res.destroy();
    }
  });
}
