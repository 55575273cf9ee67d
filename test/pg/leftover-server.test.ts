// A test run killed before its teardown leaves its PostgreSQL running: the next run stops and removes it,
// and leaves alone a cluster whose run is still going (this one's, or another run's at the same time).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { expect, it } from 'vitest';
import { removeLeftoverClusters } from '../support/postgres.ts';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

it('stops and removes the server of a run that was killed, and only that one', async () => {
  const script = `
    import { startPostgres } from './test/support/postgres.ts';
    const server = await startPostgres();
    console.log(JSON.stringify({ dir: server.dir, port: server.port }));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const started = await new Promise<{ dir: string; port: number }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { dir: string; port: number });
      });
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before starting PostgreSQL`)));
    });
    expect(await accepts(started.port)).toBe(true);

    // While its run is alive, its cluster is not a leftover.
    expect(removeLeftoverClusters()).not.toContain(started.dir);
    expect(existsSync(started.dir)).toBe(true);

    // Killed without a chance to stop PostgreSQL, as an interrupted CI job or a closed terminal would.
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await accepts(started.port)).toBe(true);

    expect(removeLeftoverClusters()).toContain(started.dir);
    expect(existsSync(started.dir)).toBe(false);
    expect(await accepts(started.port)).toBe(false);
  } finally {
    // A failed step must not leave the child (and its PostgreSQL) behind.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
