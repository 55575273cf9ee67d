// A real, throwaway PostgreSQL for tests: this machine's PostgreSQL 15+ binaries, a cluster in a temporary
// directory, listening on loopback at a free port, stopped and removed afterwards. Leftovers of a killed run are
// stopped and removed by the next one. Used once per `pg` test run by test/support/pg-global-setup.ts.

import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const DIR_PREFIX = 'bct-pg-';
const MIN_MAJOR = 15;

export interface PostgresServer {
  port: number;
  /** The cluster's directory: data/, the log, the Unix socket and owner.json. */
  dir: string;
  /** A URL for one database on the server, as the superuser `postgres` (trust authentication on loopback). */
  url(database: string): string;
  stop(): void;
}

/**
 * The folder holding initdb, pg_ctl and postgres: the one on PATH (this machine links them into
 * /usr/local/bin), else the newest of Debian's /usr/lib/postgresql/N/bin (what `apt-get install postgresql` gives).
 */
export function findPostgresBin(): string {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'pg_ctl')) && existsSync(path.join(dir, 'initdb'))) candidates.push(dir);
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(path.join(debian, v, 'bin'));
  }
  for (const dir of candidates) {
    const postgres = path.join(dir, 'postgres');
    if (!existsSync(postgres)) continue;
    const version = execFileSync(postgres, ['--version'], { encoding: 'utf8' });
    const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(version)?.[1]);
    if (major >= MIN_MAJOR) return dir;
  }
  throw new Error(
    `No PostgreSQL ${MIN_MAJOR}+ found (initdb and pg_ctl on PATH or under /usr/lib/postgresql/N/bin): ` +
      'apt-get install -y --no-install-recommends postgresql',
  );
}

/**
 * initdb refuses to run as root, and the server must not either: as root every command runs as the
 * `postgres` user (which Debian's package creates), and the cluster's directory is given to that user.
 */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('Running as root, but there is no `postgres` user to run PostgreSQL as (apt-get install postgresql creates it)');
  const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return { uid: Number(id.stdout.trim()), gid: Number(gid.trim()) };
}

/** A program from util-linux, which root's PATH may lack (/usr/sbin). */
function systemProgram(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  return dirs.map((dir) => path.join(dir, name)).find((file) => path.isAbsolute(file) && existsSync(file)) ?? null;
}

const shellQuote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/** The command that runs a PostgreSQL program, as the `postgres` user when we are root. */
function asPostgres(program: string, args: string[]): [string, string[]] {
  if (!runAs()) return [program, args];
  // runuser needs no password or terminal; su, everywhere else, takes one shell command line.
  const runuser = systemProgram('runuser');
  if (runuser) return [runuser, ['-u', 'postgres', '--', program, ...args]];
  const su = systemProgram('su');
  if (su) return [su, ['-s', '/bin/sh', 'postgres', '-c', [program, ...args].map(shellQuote).join(' ')]];
  throw new Error('Running as root, and neither runuser nor su is there to run PostgreSQL as the `postgres` user');
}

function run(bin: string, tool: string, args: string[], cwd: string): { ok: boolean; output: string } {
  const [command, commandArgs] = asPostgres(path.join(bin, tool), args);
  const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/**
 * Where clusters are made: the temporary folder, unless we are root and the `postgres` user could not reach into
 * it (TMPDIR under /root, say); then /tmp, which every user may traverse.
 */
function clusterBase(): string {
  const base = tmpdir();
  if (process.getuid?.() === 0 && (statSync(base).mode & 0o001) === 0) return '/tmp';
  return base;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops and removes clusters whose test run is gone (killed before its teardown), so they hold no port, memory
 * or disk. A cluster whose owner still runs (another test run at the same time) is left alone.
 */
export function removeLeftoverClusters(bin: string = findPostgresBin()): string[] {
  const removed: string[] = [];
  const base = clusterBase();
  for (const name of readdirSync(base)) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(base, name);
    let owner = 0;
    try {
      owner = (JSON.parse(readFileSync(path.join(dir, 'owner.json'), 'utf8')) as { pid: number }).pid;
    } catch {
      // No owner file: a run killed between mkdtemp and writing it; the directory is ours to remove.
    }
    if (owner && alive(owner)) continue;
    if (existsSync(path.join(dir, 'data', 'postmaster.pid'))) run(bin, 'pg_ctl', ['stop', '-D', path.join(dir, 'data'), '-m', 'immediate', '-w'], dir);
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

export interface PostgresChoices {
  /**
   * fsync, synchronous_commit and full_page_writes left on (PostgreSQL's defaults), as a real deployment runs:
   * the benchmarks compare it with SQLite at `synchronous = FULL`. Off by default: tests throw their data away.
   */
  durable?: boolean;
}

/** Creates a cluster and starts it; throws with PostgreSQL's own output when it cannot. */
export async function startPostgres(choices: PostgresChoices = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  removeLeftoverClusters(bin);
  const dir = mkdtempSync(path.join(clusterBase(), DIR_PREFIX));
  writeFileSync(path.join(dir, 'owner.json'), JSON.stringify({ pid: process.pid }));
  const user = runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  try {
    // C collation: text sorts by bytes as in SQLite, so ORDER BY gives the same order on both.
    const init = run(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], dir);
    if (!init.ok) throw new Error(`initdb failed:\n${init.output}`);
    // A free port can be taken between probing and binding: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // Durability off: a test database is thrown away, and fsync costs seconds on a shared disk.
      const durability = choices.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
      const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}${durability}`;
      const start = run(bin, 'pg_ctl', ['start', '-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', options], dir);
      if (start.ok) {
        return {
          port,
          dir,
          url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
          stop: () => {
            run(bin, 'pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60'], dir);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      const log = existsSync(path.join(dir, 'server.log')) ? readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
      if (attempt >= 3 || !/could not bind|Address already in use/i.test(log)) throw new Error(`pg_ctl start failed:\n${start.output}\n${log}`);
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
