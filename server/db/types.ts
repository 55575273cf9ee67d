// The database handle's types, apart from the code that opens it: modules that only need the types (the
// audit chain, the prepared queries, the start-up backfills) import them from here, so opening the database
// and the modules it runs at start-up never import each other.

import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * The handle inside `transact(db, async (tx) => …)` (server/db/transaction.ts): the same queries as `Db`, on the
 * transaction's connection. A separate name so a signature says a function expects to run inside one.
 */
export type Tx = Db;
