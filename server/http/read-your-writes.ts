// Which database handle a request reads with, when there are read replicas (DATABASE_REPLICA_URLS). A replica
// may be a moment behind the primary (README, "Deploying on several machines"), so:
//  - a write request (tRPC mutations, uploads) reads on the primary what it is about to change;
//  - a browser that has just written reads on the primary for a few seconds after, marked by a short cookie,
//    so the ledger it refreshes shows the line it has just added and the package it exported downloads;
//  - every other read may go to a replica.
// Without replicas every request has the one database, and no cookie is set.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/client.ts';
import { primaryOf } from '../db/postgres.ts';
import { readCookie } from './cookies.ts';

export const RECENT_WRITE_COOKIE = 'bct_recent_write';
/** Far longer than a replica's usual lag (milliseconds), short enough that reads soon spread again. */
export const RECENT_WRITE_SECONDS = 10;

const isRead = (req: IncomingMessage) => req.method === 'GET' || req.method === 'HEAD';

export function handleFor(req: IncomingMessage, db: Db): Db {
  const primary = primaryOf(db);
  if (primary === db) return db;
  return !isRead(req) || readCookie(req, RECENT_WRITE_COOKIE) !== null ? primary : db;
}

/** On a write request with replicas about: this browser reads on the primary for the next few seconds. */
export function markRecentWrite(req: IncomingMessage, res: ServerResponse, db: Db): void {
  if (isRead(req) || primaryOf(db) === db || res.headersSent) return;
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
  res.appendHeader('Set-Cookie', `${RECENT_WRITE_COOKIE}=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=${RECENT_WRITE_SECONDS}${secure}`);
}
