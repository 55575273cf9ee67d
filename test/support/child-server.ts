// The real server (`node --import tsx server/main.ts`) as a child process on a DATA_DIR, for tests that
// must kill it as an operator's machine would (SIGKILL, no shutdown handler) and start it again there.
// Every child started here is remembered until it exits: `stopChildServers()` (afterAll) and, as a last
// resort, the test process's own exit kill whatever is still running, so no server outlives its test.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { at } from './at.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LISTENING = /listening on (http:\/\/\S+)/;
/** What is kept of each stream: the start-up lines and plenty more, not a long run's whole request log. */
const KEPT_OUTPUT = 1024 * 1024;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildServer {
  url: string;
  pid: number;
  dataDir: string;
  /** Sends the signal (SIGKILL unless told); `exited` settles once the process is gone. */
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<ChildExit>;
  /** What the process wrote so far (JSON log lines included), up to its first MiB. */
  stdout(): string;
  stderr(): string;
}

const running = new Set<ChildProcess>();

function killAllNow(): void {
  for (const child of running) child.kill('SIGKILL');
}
// A test process that exits without its afterAll (a crash, a timeout) still takes its servers with it.
process.on('exit', killAllNow);

/** Kills every child server still running and waits until each has exited. */
export async function stopChildServers(): Promise<void> {
  const exits = [...running].map(
    (child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()))),
  );
  killAllNow();
  await Promise.all(exits);
}

/**
 * Starts the server on `dataDir` (PORT=0, HOST=127.0.0.1, the demo seeded on an empty database unless
 * `env` says otherwise) and answers once it prints the address it listens on. Rejects with what the
 * process printed if it exits first or does not listen within `timeoutMs`.
 */
export function startChildServer(dataDir: string, options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    if (stdout.length < KEPT_OUTPUT) stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < KEPT_OUTPUT) stderr += chunk.toString('utf8');
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const printed = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;

  return new Promise<ChildServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not listen within ${options.timeoutMs ?? 30_000} ms\n${printed()}`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}, signal ${signal}) before it listened\n${printed()}`));
    });
    const watch = () => {
      // Lines only: the address may arrive split over two chunks.
      const match = stdout
        .split('\n')
        .slice(0, -1)
        .map((line) => LISTENING.exec(line))
        .find(Boolean);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', watch);
      resolve({
        url: at(match, 1),
        pid: child.pid!,
        dataDir,
        kill: (signal = 'SIGKILL') => {
          child.kill(signal);
        },
        exited,
        stdout: () => stdout,
        stderr: () => stderr,
      });
    };
    child.stdout.on('data', watch);
  });
}
