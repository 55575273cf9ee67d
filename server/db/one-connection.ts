// Handles on one PostgreSQL connection made outside `transact`: a package's snapshot, a session-lock holder's.
// node-postgres queues a query sent on a connection while another runs (deprecated, refused from pg 9), so
// reads that would otherwise go in parallel (mapReads in ./transaction.ts) go one at a time on such a handle.
import type { Db } from './types.ts';

const ONE_CONNECTION = Symbol('oneConnection');

/** Marks `db`, a handle on one connection, and returns it. */
export function onOneConnection(db: Db): Db {
  return Object.defineProperty(db, ONE_CONNECTION, { value: true });
}

export const markedOnOneConnection = (db: Db): boolean => (db as unknown as Record<symbol, unknown>)[ONE_CONNECTION] === true;
