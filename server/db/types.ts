// The database handle's types, apart from the code that opens it: modules that only need the types (the
// audit chain, the prepared queries, the start-up backfills) import them from here, so opening the database
// and the modules it runs at start-up never import each other.

import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The handle inside `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
