// What the server shows an attacker: security headers on every kind of answer, errors without stack
// traces, SQL or paths, and no file outside what a route serves, whatever the path says.
// (Upload file names like `../../x.pdf` are refused in attachments.test.ts; sign-in limits and
// sessions have their own files.)
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { attachToLine, pdf, postFiles } from '../support/files.ts';
import { ApiClient, onPostgres, signUpCompany, startTestServer, type TestServer, type WireBody } from '../support/server.ts';
import { at } from '../support/at.ts';
import { sqlExec } from '../support/sql.ts';

let server: TestServer;
let client: ApiClient;
let incidentId: string;
let attachmentId: string;
let indexHtml: string;
beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url);
  client = company.client;
  const made = await setUpIncident(client, company.companyId);
  incidentId = made.incidentId;
  attachmentId = (await attachToLine(server.url, client.cookie, made.costId, pdf('receipt'), 'receipt.pdf')).id;
  indexHtml = await (await fetch(`${server.url}/`)).text();
});
afterAll(async () => await server.close());

/** Every new line refused by the database, with a message that names SQL (the answer must not pass it on). */
const BREAK_COSTS_SQLITE = [
  "CREATE TEMP TRIGGER break_costs BEFORE INSERT ON costs BEGIN SELECT RAISE(ABORT, 'constraint failed: SELECT secret FROM costs'); END",
];
const BREAK_COSTS_PG = [
  "CREATE OR REPLACE FUNCTION break_costs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'constraint failed: SELECT secret FROM costs'; END $$",
  'CREATE TRIGGER break_costs BEFORE INSERT ON costs FOR EACH ROW EXECUTE FUNCTION break_costs()',
];

/** A raw GET whose path is sent exactly as written (fetch would resolve `..` before sending). */
function rawGet(path: string, cookie?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers: cookie ? { cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const LEAKS = [
  /\bat \S+ \(/,
  /\.ts:\d+/,
  /node_modules/,
  /SQLITE/i,
  /\bSELECT\b|\bINSERT\b|\bUPDATE \w+ SET\b/,
  /\/work\/|\/tmp\//,
  /SqliteError|TypeError|ReferenceError/,
];
const expectNoLeak = (body: string) => {
  for (const leak of LEAKS) expect(body, `answer leaks ${leak}`).not.toMatch(leak);
};

describe('security headers', () => {
  const paths = () => ['/', '/assets/does-not-exist.js', '/trpc/auth.me', '/api/attachments/none', '/healthz', '/readyz', `/api/attachments/${attachmentId}`];
  it.each([0, 1, 2, 3, 4, 5, 6])('are on every kind of answer (%i)', async (i) => {
    const path = at(paths(), i);
    const answer = await rawGet(path, client.cookie!);
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('same-origin');
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('mark the session cookie HttpOnly and SameSite, and Secure behind HTTPS', async () => {
    const { email } = await signUpCompany(server.url);
    const plain = await new ApiClient(server.url).mutate('auth.login', { email, password: 'correct horse battery' });
    expect(plain.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const https = await new ApiClient(server.url, { 'x-forwarded-proto': 'https' }).mutate('auth.login', { email, password: 'correct horse battery' });
    expect(https.headers.get('set-cookie')).toMatch(/; Secure$/);
  });
});

describe('error answers', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: client.cookie!, ...headers }, body });

  it.each([
    ['malformed JSON', async () => await post('/trpc/cost.create', '{"incidentId": ')],
    ['a body over 1 MB', async () => await post('/trpc/cost.create', JSON.stringify({ incidentId, ...COST, description: 'あ'.repeat(400_000) }))],
    ['an unknown procedure', async () => await post('/trpc/cost.explode', '{}')],
    ['a query sent as a mutation', async () => await post('/trpc/cost.list', JSON.stringify({ incidentId }))],
    ['a mutation sent as GET', () => fetch(`${server.url}/trpc/cost.create?input=%7B%7D`, { headers: { cookie: client.cookie! } })],
    ['wrong types everywhere', async () => await post('/trpc/cost.create', JSON.stringify({ incidentId: 5, amount: 'lots', incurredOn: [], category: {} }))],
    [
      'a forged cursor',
      () =>
        fetch(`${server.url}/trpc/cost.list?input=${encodeURIComponent(JSON.stringify({ incidentId, cursor: 'eyJ4Ijoi' }))}`, {
          headers: { cookie: client.cookie! },
        }),
    ],
    ['an id of SQL', async () => await post('/trpc/cost.update', JSON.stringify({ id: "x' OR 1=1 --", ...COST }))],
    [
      'a multipart upload cut short',
      () =>
        fetch(`${server.url}/api/incidents/${incidentId}/imports`, {
          method: 'POST',
          headers: { cookie: client.cookie!, 'content-type': 'multipart/form-data; boundary=zz' },
          body: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc',
        }),
    ],
  ])('%s: a 4xx with a plain message, no stack trace, SQL or path', async (_label, send) => {
    const response = await send();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectNoLeak(await response.text());
  });

  it('an internal failure answers 500 "Internal error" and nothing more', async () => {
    await sqlExec(server.db, ...(onPostgres() ? BREAK_COSTS_PG : BREAK_COSTS_SQLITE));
    try {
      const response = await post('/trpc/cost.create', JSON.stringify({ incidentId, ...COST }));
      expect(response.status).toBe(500);
      const body = await response.text();
      expect((JSON.parse(body) as WireBody).error?.message).toBe('Internal error');
      expectNoLeak(body);
    } finally {
      await sqlExec(server.db, onPostgres() ? 'DROP TRIGGER break_costs ON costs' : 'DROP TRIGGER temp.break_costs');
    }
  });
});

describe('path traversal', () => {
  const secrets = () => [readFileSync('/etc/passwd', 'utf8').split('\n')[0], readFileSync('package.json', 'utf8').slice(0, 40)];

  it.each([
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/%2e%2e%5c%2e%2e%5cpackage.json',
    '/assets/..%252f..%252fpackage.json',
    '/index.html%00.js',
    '/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
    // Resolved to /ledger.sqlite before routing: the web client's page, not the database.
    '/api/attachments/../../ledger.sqlite',
  ])('the web client never serves a file outside its folder: %s', async (path) => {
    const answer = await rawGet(path);
    expect([200, 400, 404]).toContain(answer.status);
    if (answer.status === 200) expect(answer.body).toBe(indexHtml);
    for (const secret of secrets()) expect(answer.body).not.toContain(secret);
    expect(answer.body).not.toContain('SQLite format');
  });

  it.each([
    '/api/attachments/..%2F..%2Fledger.sqlite',
    '/api/packages/..%2f..%2fledger.sqlite.zip',
    '/api/packages/%2e%2e.zip',
    '/api/attachments/%00',
    '/api/costs/..%2F..%2F/attachments',
  ])('the file routes answer 404 for a path that is not an id, with a session: %s', async (path) => {
    const answer = await rawGet(path, client.cookie!);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('SQLite format');
    expectNoLeak(answer.body);
  });

  it('an upload named like a path is refused and nothing is written outside the data folder', async () => {
    const answer = await postFiles(`${server.url}/api/incidents/${incidentId}/imports`, client.cookie, [
      { bytes: Buffer.from('日付,金額\r\n2026/06/01,1000\r\n'), name: '../../../evil.csv' },
    ]);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(/file name/i);
  });
});
