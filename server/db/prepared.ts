// Drizzle prepared queries for the few queries every request runs (session, user, incident, audit head).
// Built once per database: drizzle then skips rebuilding the query (~0.1 ms each) on every call. Inside
// `db.transaction((tx) => …)` on SQLite the transaction shares its database's session, so one prepared query
// serves both; it is keyed on that session.
//
// With read replicas (server/db/postgres.ts), drizzle's replicas handle shares its primary's session object
// but sends reads to a replica. Keyed on the session alone, a read first prepared through that handle was
// bound to a replica and then answered the primary's callers too (a mutation's reads, a browser's reads just
// after its write: stale), or, prepared first on the primary, kept every read off the replicas. So a read
// through the replicas handle is prepared on one of the replicas, each keyed on its own session and picked at
// random per call as drizzle's own `select` does; a write is prepared on the primary.
import { sql, type Placeholder } from 'drizzle-orm';
import type { Db } from './types.ts';

type Handle = Db & { $primary?: Db; $replicas?: readonly Db[] };

function perSession<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<object, T>();
  return (db) => {
    const key = (db as unknown as { session: object }).session;
    let query = built.get(key);
    if (!query) {
      query = build(db);
      built.set(key, query);
    }
    return query;
  };
}

/** A prepared SELECT: on the replicas handle, on one of its replicas. */
export function preparedRead<T>(build: (db: Db) => T): (db: Db) => T {
  const on = perSession(build);
  return (db) => {
    const replicas = (db as Handle).$replicas;
    return on(replicas && replicas.length > 0 ? replicas[Math.floor(Math.random() * replicas.length)]! : db);
  };
}

/** A prepared INSERT, UPDATE or DELETE: on the replicas handle, on its primary. */
export function preparedWrite<T>(build: (db: Db) => T): (db: Db) => T {
  const on = perSession(build);
  return (db) => on((db as Handle).$primary ?? db);
}

/** The values of a prepared INSERT: `{ column: sql.placeholder(column) }` for each column, filled at `.execute()`. */
export function placeholdersFor<K extends string>(columns: readonly K[]): Record<K, Placeholder<K>> {
  return Object.fromEntries(columns.map((column) => [column, sql.placeholder(column)])) as Record<K, Placeholder<K>>;
}

/**
 * `true` when A and B are the same set of names. A prepared INSERT names its columns once; a field added to
 * what is written without its column there would go unwritten without an error, so its file asserts that the
 * two lists agree: `const check: SameNames<typeof COLUMNS[number], keyof Written> = true` fails to compile.
 */
export type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
