// Which database a handle is on, for the few places that differ (docs/decisions/038-async-data-layer.md).
import { is } from 'drizzle-orm';
import { PgDatabase } from 'drizzle-orm/pg-core';
import type { Db } from './types.ts';

/** drizzle's PostgreSQL database or transaction, or its withReplicas wrapper (a plain object with `$primary`). */
export function isPostgres(db: Db): boolean {
  return '$primary' in db || is(db as unknown, PgDatabase);
}
