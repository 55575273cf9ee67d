// Which database a benchmark runs on: BENCH_ENGINE=sqlite (the default) or postgres. On PostgreSQL the script
// starts ONE throwaway cluster (test/support/postgres.ts, durable: fsync and synchronous_commit on, as SQLite
// runs at `synchronous = FULL`) and makes its databases there, each with byte-order collation as the app
// requires (LOCALE 'C' TEMPLATE template0). Figures and details are named `<figure>.<engine>`, so the two
// engines' documents merge side by side in `npm run bench` (bench/run-all.ts).
//
// When no PostgreSQL 15+ binaries are found, a postgres run prints a document with no figures and
// `skipped: { engine, reason }`, and exits 0: a machine without PostgreSQL skips that leg, it does not fail.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { findPostgresBin, startPostgres } from '../../test/support/postgres.ts';
import { progress, writeDocument, type MachineInfo } from './report.ts';

export const ENGINES = ['sqlite', 'postgres'] as const;
export type BenchEngine = (typeof ENGINES)[number];

export function benchEngine(): BenchEngine {
  const raw = process.env.BENCH_ENGINE ?? 'sqlite';
  if (!(ENGINES as readonly string[]).includes(raw)) throw new Error(`BENCH_ENGINE="${raw}": must be ${ENGINES.join(' or ')}`);
  return raw as BenchEngine;
}

/** `claimSummary` → `claimSummary.postgres`. */
export const onEngine = (name: string, engine: BenchEngine): string => `${name}.${engine}`;

/** Why PostgreSQL cannot run here (no 15+ binaries found), or null when it can. */
export function postgresUnavailable(): string | null {
  try {
    findPostgresBin();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The document of a leg that could not run: no figures, and why. */
export function printSkipped(ranAt: Date, machine: MachineInfo, engine: BenchEngine, reason: string): void {
  writeDocument({ machine, ranAt: ranAt.toISOString(), figures: {}, skipped: { engine, reason } });
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export interface BenchPostgres {
  /** The server's version, for the document. */
  version: string;
  /** A new, empty database in byte order (LOCALE 'C' TEMPLATE template0), or a copy of `template`. */
  createDatabase(prefix: string, template?: string): Promise<BenchDatabase>;
  stop(): void;
}

/**
 * The script's PostgreSQL on BENCH_ENGINE=postgres (null on SQLite). Where none can run, prints the skipped
 * leg's document and ends the script (exit 0).
 */
export async function postgresForScript(script: string, engine: BenchEngine, ranAt: Date, machine: MachineInfo): Promise<BenchPostgres | null> {
  if (engine !== 'postgres') return null;
  const reason = postgresUnavailable();
  if (reason) {
    progress(script, `postgres skipped: ${reason}`);
    printSkipped(ranAt, machine, engine, reason);
    process.exit(0);
  }
  return await startBenchPostgres();
}

/** One throwaway PostgreSQL for the script's run, durable (fsync on). */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const server = await startPostgres({ durable: true });
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client(server.url('postgres'));
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  try {
    const version = await admin(async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?');
    return {
      version,
      createDatabase: async (prefix, template) => {
        const name = `${prefix}_${randomBytes(4).toString('hex')}`;
        await admin(async (c) => await c.query(`CREATE DATABASE ${name} ${template ? `TEMPLATE ${template}` : `LOCALE 'C' TEMPLATE template0`}`));
        return {
          name,
          url: server.url(name),
          drop: async () => void (await admin(async (c) => await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
        };
      },
      stop: () => server.stop(),
    };
  } catch (error) {
    server.stop();
    throw error;
  }
}

/** `?` placeholders (as the SQLite statements write them) numbered for PostgreSQL: `$1, $2, …`. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Runs `work` on one pooled connection inside BEGIN … COMMIT (ROLLBACK when it throws). */
export async function inPgTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
