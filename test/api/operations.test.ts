// Operations: one JSON log line per request (duration, user, no secrets), /healthz and /readyz, and a
// graceful stop on SIGTERM (the request in flight finishes, new ones are turned away, the database is
// closed cleanly) — the last one on the real `server/main.ts` in a child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { createAppServer, type AppServer } from '../../server/http/server.ts';
import type { RequestLogEntry } from '../../server/http/request-log.ts';
import { openStorage } from '../../server/storage.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { ApiClient, signUpCompany } from '../support/server.ts';
import { at } from '../support/at.ts';

const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An in-process server whose log lines the test reads. */
async function serverWithLog() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-ops-'));
  const db = await openDatabase(dataDir);
  const storage = openStorage(dataDir);
  const lines: string[] = [];
  const server: AppServer = createAppServer({ db, storage, log: (line) => lines.push(line) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { url, server, dataDir, lines };
}

/** Log lines are written when the answer has gone out: wait until the count is reached. */
async function logLines(lines: string[], atLeast: number): Promise<RequestLogEntry[]> {
  for (let i = 0; i < 100 && lines.length < atLeast; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return lines.map((line) => JSON.parse(line) as RequestLogEntry);
}

describe('the request log', () => {
  it('writes one JSON line per request with path, status, duration and user, and no secrets', async () => {
    const { url, lines } = await serverWithLog();
    const { client, userId, companyId } = await signUpCompany(url);
    const { incidentId } = await setUpIncident(client, companyId);
    lines.length = 0;
    await client.ok('query', 'cost.list', { incidentId, q: '秘密の検索語' });
    await client.ok('mutate', 'cost.create', { incidentId, ...COST, vendor: '秘密の取引先' });
    await new ApiClient(url).mutate('auth.login', { email: 'someone@example.jp', password: 'hunter2-secret-password' });
    await fetch(`${url}/api/attachments/none`);

    const entries = await logLines(lines, 4);
    expect(entries.map((e) => [e.method, e.path, e.status, e.userId])).toEqual([
      ['GET', '/trpc/cost.list', 200, userId],
      ['POST', '/trpc/cost.create', 200, userId],
      ['POST', '/trpc/auth.login', 401, null],
      ['GET', '/api/attachments/none', 401, null],
    ]);
    for (const entry of entries) {
      expect(entry.durationMs).toBeGreaterThan(0);
      expect(entry.durationMs).toBeLessThan(5_000);
      expect(Date.parse(entry.time)).toBeGreaterThan(Date.now() - 60_000);
      expect(entry.level).toBe(entry.status >= 400 ? 'warn' : 'info');
      expect(entry.bytes).toBeGreaterThan(100);
    }
    const text = lines.join('\n');
    for (const secret of ['秘密', 'hunter2', client.cookie!.split('=')[1], 'bct_session', incidentId, '%E7%A7%98']) expect(text).not.toContain(secret);
  });
});

describe('/healthz and /readyz', () => {
  it('/readyz is 200 while the database and the file folders work, 503 when a folder is gone or the server is draining', async () => {
    const { url, server, dataDir } = await serverWithLog();
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ ready: true });

    renameSync(path.join(dataDir, 'files'), path.join(dataDir, 'files-moved'));
    const missing = await fetch(`${url}/readyz`);
    expect(missing.status).toBe(503);
    renameSync(path.join(dataDir, 'files-moved'), path.join(dataDir, 'files'));
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    server.stopAccepting();
    const draining = await fetch(`${url}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ ready: false, reason: 'shutting down' });
    const turnedAway = await fetch(`${url}/trpc/auth.demo`);
    expect(turnedAway.status).toBe(503);
    expect(turnedAway.headers.get('retry-after')).toBe('5');
  });
});

function startMain(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DEMO_SEED: 'off' },
    cwd: process.cwd(),
  });
  cleanups.push(() => void child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve({ child, url: at(match, 1), output: () => output });
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
}

describe('SIGTERM', () => {
  it('finishes the upload in flight, refuses new requests, closes the database and exits 0', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-stop-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { child, url, output } = await startMain(dataDir);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const { client, companyId } = await signUpCompany(url);
    const { incidentId } = await setUpIncident(client, companyId);

    // An import upload whose body is still arriving when SIGTERM comes.
    const boundary = 'stopboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="費用.csv"\r\nContent-Type: text/csv\r\n\r\n日付,費目,金額\r\n`;
    const tail = `2026/06/01,通信費,12000\r\n--${boundary}--\r\n`;
    const { hostname, port } = new URL(url);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          hostname,
          port,
          path: `/api/incidents/${incidentId}/imports`,
          method: 'POST',
          headers: {
            cookie: client.cookie!,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': Buffer.byteLength(head) + Buffer.byteLength(tail),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write(head);
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(tail), 500);
      }, 200);
    });

    const finished = await answer;
    expect(finished.status).toBe(201);
    expect(JSON.parse(finished.body)).toMatchObject({ rowCount: 1 });
    expect(await exited).toBe(0);
    // New connections find nothing listening.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    const events = output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; path?: string; status?: number });
    expect(events.map((e) => e.msg)).toContain('shutting down');
    expect(events.at(-1)?.msg).toBe('stopped');
    expect(events.some((e) => e.msg === 'request' && e.path === `/api/incidents/${incidentId}/imports` && e.status === 201)).toBe(true);
    // Closed cleanly: SQLite folded its write-ahead log back into the database file.
    expect(existsSync(path.join(dataDir, 'ledger.sqlite-wal'))).toBe(false);
    const db = await openDatabase(dataDir);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    db.$client.close();
  });
});
