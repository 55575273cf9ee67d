// The HTTP file routes beside tRPC under generated path parameters and upload names: `..`, `%2e%2e%2f`,
// encoded NULs, double encoding, other companies' ids. Never a 5xx, never internals in the answer, never
// a file from outside the data directory (or, for the web client's routes, outside dist/client), never a
// file written outside it, and a refused upload changes no table and leaves no temporary file.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS } from '../../shared/documents.ts';
import { pdf, tempFiles } from '../support/files.ts';
import { csvText, utf8 } from '../support/import-files.ts';
import { useFuzzWorld } from './support/fuzz-server.ts';
import { type Sent } from './support/guard.ts';
import { runs, seedOf } from './support/seeds.ts';
import { type World } from './support/world.ts';

const RUNS = 300;
const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));
/** In every upload name that tries to escape, so a file that got out can be found. */
const MARKER = `fuzz-escape-${process.pid}`;

const ctx = useFuzzWorld('file-routes.fuzz');

const TRAVERSAL = [
  '..',
  '../..',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%2E%2E%5C%2E%2E%5C',
  '..%5c..%5c',
  '%00',
  'x%00.pdf',
  '%2500',
  '....//....//etc/passwd',
  '%c0%ae%c0%ae%c0%af',
  '%252e%252e%252f',
  '..;',
  '.',
  '%2f',
  '//etc/passwd',
  '../../../../../../etc/passwd',
  '..%00',
  '%ff',
  '%',
  '%zz',
  '-',
  '--',
  '0',
  'a'.repeat(64),
  'a'.repeat(65),
  '..%2F..%2Fpackage.json',
  '..%2F..%2F..%2Fserver%2Fmain.ts',
  '..%2F..%2Fledger.sqlite',
  '..%2Fledger.sqlite',
  encodeURIComponent('領収書'),
];

/** What may follow a real id: a second segment, an encoded NUL or slash, an extension. */
const DECORATIONS = ['', '/..', '/../..', '%00', '%2f..%2f..', '%2F..%2F..%2Fledger.sqlite', '.pdf', '.zip', '%20', '/', '//', '.', '%2e'];

/** A path segment for a route whose own record (A's, then B's same kind) is `records`. */
const segment = (w: World, records: readonly string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...TRAVERSAL) },
    { weight: 3, arbitrary: fc.constantFrom(...records) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...records), fc.constantFrom(...DECORATIONS)).map(([id, tail]) => id + tail) },
    { weight: 1, arbitrary: fc.constantFrom(...w.ids) },
    { weight: 1, arbitrary: fc.constantFrom(...DOCUMENT_KINDS, '__proto__', 'constructor', 'toString', 'RECEIPTS') },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.constantFrom('..', '%2e%2e', '.', 'a', '%2f', '%5c', '%00', 'etc', 'passwd'), { minLength: 1, maxLength: 6 })
        .map((p) => p.join('/')),
    },
  );

const UPLOAD_NAMES = [
  '領収書.pdf',
  `../../${MARKER}.pdf`,
  `..\\..\\${MARKER}.pdf`,
  `/tmp/${MARKER}.pdf`,
  `C:\\${MARKER}.pdf`,
  `%2e%2e%2f${MARKER}.pdf`,
  `${MARKER}\u0000.pdf`,
  '.pdf',
  '',
  '..',
  'x'.repeat(201) + '.pdf',
  'a"b.pdf',
  'CON.pdf',
  '.htaccess',
  '🙂.pdf',
  `${MARKER}.pdf`,
];

/** One file in the multipart field `file`, written by hand so the name reaches the server as is. */
function multipart(name: string, bytes: Buffer, field: string) {
  const boundary = `fuzz${process.pid}boundary`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    'utf8',
  );
  return { body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

interface Route {
  label: string;
  method: Sent['method'];
  path: (seg: string) => string;
  /** The records its parameter names, A's then B's (the segment is mostly one of them). */
  records: (w: World) => string[];
  upload?: 'pdf' | 'csv';
}
const attachments = (w: World) => [w.a.attachmentId, w.b.attachmentId];
const incidents = (w: World) => [w.a.incidentId, w.b.incidentId];
const ROUTES: Route[] = [
  { label: 'GET attachment', method: 'GET', path: (seg) => `/api/attachments/${seg}`, records: attachments },
  { label: 'GET attachment inline', method: 'GET', path: (seg) => `/api/attachments/${seg}?inline=1`, records: attachments },
  { label: 'GET package', method: 'GET', path: (seg) => `/api/packages/${seg}.zip`, records: (w) => [w.a.packageId, w.b.packageId] },
  { label: 'POST cost attachment', method: 'POST', path: (seg) => `/api/costs/${seg}/attachments`, records: (w) => [w.a.costId, w.b.costId], upload: 'pdf' },
  { label: 'POST document', method: 'POST', path: (seg) => `/api/incidents/${seg}/documents/receipts`, records: incidents, upload: 'pdf' },
  {
    label: 'POST document kind',
    method: 'POST',
    path: (seg) => `/api/incidents/${ctx.world.a.incidentId}/documents/${seg}`,
    records: () => [...DOCUMENT_KINDS],
    upload: 'pdf',
  },
  { label: 'POST import', method: 'POST', path: (seg) => `/api/incidents/${seg}/imports`, records: incidents, upload: 'csv' },
  { label: 'GET /api/*', method: 'GET', path: (seg) => `/api/${seg}`, records: (w) => w.ids },
  // The calendar feed: its parameter is a secret, so every generated one must be a plain 404.
  { label: 'GET calendar feed', method: 'GET', path: (seg) => `/calendar/${seg}.ics`, records: (w) => w.ids },
  // The web client's routes serve dist/client; without a build they answer 503 by design, so only with one.
  ...(existsSync(path.join(CLIENT_DIR, 'index.html'))
    ? [
        { label: 'GET /*', method: 'GET' as const, path: (seg: string) => `/${seg}`, records: (w: World) => w.ids },
        {
          label: 'GET /assets/*',
          method: 'GET' as const,
          path: (seg: string) => `/assets/${seg}`,
          records: () => readdirSync(path.join(CLIENT_DIR, 'assets')),
        },
      ]
    : []),
];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
    : [];

/** A file served may only be one the data directory or the built client holds. */
function servedFromInside(body: Buffer): boolean {
  const hash = sha256(body);
  return [...filesUnder(ctx.world.server.dataDir), ...filesUnder(CLIENT_DIR)].some((file) => sha256(readFileSync(file)) === hash);
}

const actors = ['admin', 'admin', 'admin', 'other', 'broker', 'anonymous'] as const;
const cookieOf = (actor: (typeof actors)[number]) =>
  actor === 'anonymous' ? null : { admin: ctx.world.a.client, other: ctx.world.b.client, broker: ctx.world.broker.client }[actor].cookie;

describe('file routes under generated paths and names', () => {
  it('never 5xx, never a file from outside, a refused upload changes nothing', async () => {
    const plan = fc.record({
      target: fc.constantFrom(...ROUTES).chain((route) => segment(ctx.world, route.records(ctx.world)).map((seg) => ({ route, seg }))),
      actor: fc.constantFrom(...actors),
      method: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, fc.constantFrom<Sent['method']>('GET', 'HEAD', 'POST', 'PUT', 'DELETE')),
      name: fc.constantFrom(...UPLOAD_NAMES),
      field: fc.oneof({ weight: 5, arbitrary: fc.constant('file') }, fc.constantFrom('files', '', 'FILE')),
    });
    await fc.assert(
      fc.asyncProperty(plan, async ({ target: { route: target, seg }, actor, method, name, field }) => {
        const sent: Sent = { method: method ?? target.method, path: target.path(seg), cookie: cookieOf(actor), actor, label: target.label };
        if (sent.method === 'POST' || sent.method === 'PUT') {
          const bytes =
            target.upload === 'csv'
              ? utf8(
                  csvText([
                    ['日付', '費目', '金額'],
                    ['2026-06-11', '通信費', '8800'],
                  ]),
                )
              : pdf(seg);
          const { body, contentType } = multipart(name, bytes, field);
          sent.body = body;
          sent.headers = { 'content-type': contentType };
        }
        const answer = await ctx.guard.send(sent);
        if (answer.status >= 200 && answer.status < 300 && sent.method === 'GET') {
          expect(servedFromInside(answer.body), `served a file from outside: ${sent.method} ${sent.path}`).toBe(true);
        }
        expect(answer.text).not.toMatch(/root:x:0:0|"name": "breach-cost-tracker"|SQLite format 3/);
      }),
      { numRuns: runs(RUNS), seed: seedOf('file routes') },
    );
  });

  it('wrote nothing outside the data directory and left no temporary file', () => {
    const outside = [path.dirname(ctx.world.server.dataDir), process.cwd(), path.join(process.cwd(), 'data')].flatMap((dir) =>
      existsSync(dir) ? readdirSync(dir).filter((name) => name.includes(MARKER)) : [],
    );
    expect(outside).toEqual([]);
    expect(filesUnder(ctx.world.server.dataDir).filter((file) => file.includes(MARKER))).toEqual([]);
    expect(tempFiles(ctx.world.server.dataDir)).toEqual([]);
  });
});
