// Receipts on cost lines and documents on incidents: what is accepted (by content, up to 20 MiB), what is
// refused (and that a refusal keeps nothing: no row, no file, no temporary file), how files come back, who
// may see and remove them, and that another company's admin learns nothing.
import { must } from '../support/at.ts';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS } from '../../shared/documents.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import {
  blobPath,
  dispositionName,
  elf,
  heic,
  jpeg,
  pdf,
  pdfOfSize,
  png,
  post,
  postFiles,
  sha256,
  storedFiles,
  tempFiles,
  webp,
  windowsExe,
  type FilePart,
  type UploadAnswer,
} from '../support/files.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

const MiB = 1024 * 1024;
const MISSING_ID = '00000000-0000-0000-0000-000000000000';

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>> & Awaited<ReturnType<typeof setUpIncident>> & { otherCostId: string };
let b: Awaited<ReturnType<typeof signUpCompany>> & Awaited<ReturnType<typeof setUpIncident>>;

beforeAll(async () => {
  server = await startTestServer();
  const companyA = await signUpCompany(server.url, 'A');
  const setUp = await setUpIncident(companyA.client, companyA.companyId);
  const other = await companyA.client.ok('mutate', 'cost.create', { incidentId: setUp.incidentId, ...COST, vendor: '弁護士事務所' });
  a = { ...companyA, ...setUp, otherCostId: other.id };
  const companyB = await signUpCompany(server.url, 'B');
  b = { ...companyB, ...(await setUpIncident(companyB.client, companyB.companyId)) };
});
afterAll(async () => await server.close());

const costUrl = (costId: string) => `${server.url}/api/costs/${costId}/attachments`;
const documentUrl = (incidentId: string, kind: string) => `${server.url}/api/incidents/${incidentId}/documents/${kind}`;
const fileUrl = (id: string, query = '') => `${server.url}/api/attachments/${id}${query}`;

const upload = async (costId: string, bytes: Uint8Array, name: string, client: ApiClient = a.client, headers: Record<string, string> = {}) =>
  await postFiles(costUrl(costId), client.cookie, [{ bytes, name }], headers);

async function download(id: string, cookie: string | null, query = '') {
  const response = await fetch(fileUrl(id, query), { headers: cookie ? { cookie } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

/** An upload that must succeed; answers its 201 body. */
async function accepted(answer: Promise<UploadAnswer>) {
  const { status, body } = await answer;
  expect(body.error?.message, 'the upload was refused').toBeUndefined();
  expect(status).toBe(201);
  expect(tempFiles(server.dataDir)).toEqual([]);
  return body as { id: string; sha256: string; name: string; size: number; mediaType: string };
}

/** A request that must be refused with this status and code, and that leaves the database and the files as they were. */
async function refused(send: () => Promise<UploadAnswer>, status: number, code: string, message?: RegExp) {
  const before = await snapshot(server.db);
  const filesBefore = storedFiles(server.dataDir);
  const answer = await send();
  expect(answer.status).toBe(status);
  expect(answer.body).toMatchObject({ error: { message: expect.any(String), code: expect.anything(), data: { code, httpStatus: status } } });
  if (message) expect(answer.body.error?.message).toMatch(message);
  expect(await snapshot(server.db)).toBe(before);
  expect(storedFiles(server.dataDir)).toEqual(filesBefore);
  expect(tempFiles(server.dataDir)).toEqual([]);
  return answer;
}

const list = async (input: { incidentId: string; costId?: string }, client: ApiClient = a.client) => await client.ok('query', 'attachment.list', input);

async function attachmentCount(costId: string) {
  const { items } = await a.client.ok('query', 'cost.list', { incidentId: a.incidentId });
  return must(
    items.find((item) => item.id === costId),
    `line ${costId}`,
  ).attachmentCount;
}

let memberCounter = 0;
async function member(role: 'responder' | 'finance') {
  const invite = await a.client.ok('mutate', 'company.invite', { companyId: a.companyId, role });
  const client = new ApiClient(server.url);
  memberCounter += 1;
  await client.ok('mutate', 'auth.acceptInvite', {
    token: invite.token,
    email: `${role}-${memberCounter}-${Date.now()}@example.jp`,
    password: 'a long password',
    name: `${role} さん`,
  });
  return client;
}

const KINDS: [label: string, make: () => Buffer, name: string, mediaType: string, previewable: boolean][] = [
  ['PDF', pdf, 'invoice.pdf', 'application/pdf', true],
  ['JPEG', jpeg, 'receipt.jpg', 'image/jpeg', true],
  ['PNG', png, 'receipt.png', 'image/png', true],
  ['WebP', webp, 'receipt.webp', 'image/webp', true],
  ['HEIC', heic, 'IMG_0001.HEIC', 'image/heic', false],
];

describe('uploading a receipt to a cost line', () => {
  it.each(KINDS)('accepts a %s and gives back exactly its bytes', async (_label, make, name, mediaType, previewable) => {
    const bytes = make();
    const stored = await accepted(upload(a.costId, bytes, name));
    expect(stored).toEqual({ id: expect.any(String), sha256: sha256(bytes), name, size: bytes.length, mediaType });

    // Kept once, under files/<sha[0:2]>/<sha>, byte for byte.
    expect(readFileSync(blobPath(server.dataDir, stored.sha256)).equals(bytes)).toBe(true);

    const listed = (await list({ incidentId: a.incidentId, costId: a.costId })).find((row) => row.id === stored.id);
    expect(listed).toEqual({
      id: stored.id,
      costId: a.costId,
      documentKind: null,
      name,
      size: bytes.length,
      mediaType,
      sha256: sha256(bytes),
      createdAt: expect.any(String),
      uploadedBy: a.userId,
      uploadedByName: '管理者 A',
      previewable,
    });

    const file = await download(stored.id, a.client.cookie);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(mediaType);
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(sha256(file.bytes)).toBe(stored.sha256);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(dispositionName(file.headers.get('content-disposition'))).toBe(name);
  });

  it('decides what a file is from its bytes, not from its name or the type the browser claims', async () => {
    const bytes = png();
    const stored = await accepted(postFiles(costUrl(a.costId), a.client.cookie, [{ bytes, name: 'scan.pdf', type: 'application/pdf' }]));
    expect(stored.mediaType).toBe('image/png');
    // The name follows what the file is, so nobody opens a PNG expecting a PDF (docs/decisions/016).
    expect(stored.name).toBe('scan.png');
    expect((await download(stored.id, a.client.cookie)).headers.get('content-type')).toBe('image/png');
  });

  it('keeps a Japanese file name and gives it back in Content-Disposition (filename*=UTF-8)', async () => {
    const stored = await accepted(upload(a.costId, pdf(), '領収書.pdf'));
    expect(stored.name).toBe('領収書.pdf');
    expect((await list({ incidentId: a.incidentId })).find((row) => row.id === stored.id)?.name).toBe('領収書.pdf');

    const disposition = (await download(stored.id, a.client.cookie)).headers.get('content-disposition');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('領収書.pdf')}`);
    expect(dispositionName(disposition)).toBe('領収書.pdf');
    // The plain `filename` fallback is ASCII only.
    expect(disposition).toMatch(/filename="[\x20-\x7e]+"/);
  });

  it('stores a name sent in decomposed Unicode (macOS) in composed form', async () => {
    const stored = await accepted(upload(a.costId, pdf(), 'ガス代の領収書.pdf'.normalize('NFD')));
    expect(stored.name).toBe('ガス代の領収書.pdf'.normalize('NFC'));
  });

  it('answers the same attachment when the same file is uploaded twice to the same line, and adds nothing', async () => {
    const bytes = jpeg();
    const first = await accepted(upload(a.otherCostId, bytes, 'taxi.jpg'));
    const before = await snapshot(server.db);
    const filesBefore = storedFiles(server.dataDir);

    const second = await accepted(upload(a.otherCostId, bytes, 'taxi.jpg'));
    expect(second).toEqual(first);
    expect(await snapshot(server.db)).toBe(before);
    expect(storedFiles(server.dataDir)).toEqual(filesBefore);
    expect((await list({ incidentId: a.incidentId, costId: a.otherCostId })).filter((row) => row.sha256 === first.sha256)).toHaveLength(1);
  });

  it('keeps the bytes once when the same file is attached to another line, as a new attachment', async () => {
    const bytes = pdf('shared invoice');
    const onFirst = await accepted(upload(a.costId, bytes, 'shared.pdf'));
    const filesBefore = storedFiles(server.dataDir);

    const onOther = await accepted(upload(a.otherCostId, bytes, 'shared.pdf'));
    expect(onOther.id).not.toBe(onFirst.id);
    expect(onOther.sha256).toBe(onFirst.sha256);
    expect(storedFiles(server.dataDir)).toEqual(filesBefore);
    expect(storedFiles(server.dataDir).filter((file) => file.endsWith(onFirst.sha256))).toHaveLength(1);
    expect(existsSync(blobPath(server.dataDir, onFirst.sha256))).toBe(true);

    expect((await list({ incidentId: a.incidentId, costId: a.costId })).map((row) => row.id)).toContain(onFirst.id);
    expect((await list({ incidentId: a.incidentId, costId: a.otherCostId })).map((row) => row.id)).toContain(onOther.id);
    expect((await download(onOther.id, a.client.cookie)).bytes.equals(bytes)).toBe(true);
  });

  it('accepts a file of exactly 20 MiB', async () => {
    const bytes = pdfOfSize(20 * MiB);
    const stored = await accepted(upload(a.otherCostId, bytes, 'scan-20MB.pdf'));
    expect(stored.size).toBe(20 * MiB);
    expect(stored.sha256).toBe(sha256(bytes));
    const file = await download(stored.id, a.client.cookie);
    expect(sha256(file.bytes)).toBe(sha256(bytes));
  });

  it('refuses 20 MiB + 1 byte with 413 PAYLOAD_TOO_LARGE and keeps nothing', async () => {
    await refused(async () => await upload(a.otherCostId, pdfOfSize(20 * MiB + 1), 'scan-too-big.pdf'), 413, 'PAYLOAD_TOO_LARGE', /20 MB/);
  });

  it('counts the files of each line in cost.list', async () => {
    const line = await a.client.ok('mutate', 'cost.create', { incidentId: a.incidentId, ...COST, vendor: '印刷会社' });
    expect(await attachmentCount(line.id)).toBe(0);
    await accepted(upload(line.id, pdf(), 'a.pdf'));
    await accepted(upload(line.id, png(), 'b.png'));
    expect(await attachmentCount(line.id)).toBe(2);
  });

  it('records each upload in the audit log', async () => {
    const stored = await accepted(upload(a.costId, webp(), 'audit.webp'));
    const entries = await a.client.ok('query', 'audit.list', { incidentId: a.incidentId });
    const entry = entries.find((e) => e.entityType === 'attachment' && e.entityId === stored.id);
    expect(entry).toMatchObject({ action: 'create', actorName: '管理者 A', after: { costId: a.costId, name: 'audit.webp', sha256: stored.sha256 } });
  });
});

describe('refused uploads keep nothing', () => {
  it('refuses an empty file with 400', async () => {
    await refused(async () => await upload(a.costId, new Uint8Array(0), 'empty.pdf'), 400, 'BAD_REQUEST', /empty/);
  });

  it('refuses a Windows executable renamed invoice.pdf with 415', async () => {
    await refused(
      async () => await postFiles(costUrl(a.costId), a.client.cookie, [{ bytes: windowsExe(), name: 'invoice.pdf', type: 'application/pdf' }]),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /not a PDF, JPEG, PNG, WebP or HEIC/,
    );
  });

  it('refuses an ELF binary with 415', async () => {
    await refused(async () => await upload(a.costId, elf(), 'receipt.jpg'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a text file with 415', async () => {
    await refused(async () => await upload(a.costId, Buffer.from('合計 15,000円\n'), 'memo.txt'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it.each(['../../x.pdf', '..\\x.pdf', 'C:\\Users\\keiri\\x.pdf', 'receipts/x.pdf'])('refuses the file name %s with 400 naming the path', async (name) => {
    await refused(async () => await upload(a.costId, pdf(), name), 400, 'BAD_REQUEST', /path/);
  });

  it('refuses a file sent in another field with 400', async () => {
    await refused(
      async () => await postFiles(costUrl(a.costId), a.client.cookie, [{ bytes: pdf(), name: 'x.pdf', field: 'receipt' }]),
      400,
      'BAD_REQUEST',
      /field/,
    );
  });

  it('refuses two files in one request with 400', async () => {
    const parts: FilePart[] = [
      { bytes: pdf(), name: 'one.pdf' },
      { bytes: png(), name: 'two.png' },
    ];
    await refused(async () => await postFiles(costUrl(a.costId), a.client.cookie, parts), 400, 'BAD_REQUEST', /one file/);
  });

  it('refuses a form with no file in it with 400', async () => {
    const form = new FormData();
    form.append('note', 'no file here');
    await refused(async () => await post(costUrl(a.costId), a.client.cookie, form), 400, 'BAD_REQUEST', /file/);
  });

  it('refuses a body that is not multipart with 400', async () => {
    await refused(
      async () => await post(costUrl(a.costId), a.client.cookie, JSON.stringify({ file: 'x' }), { 'content-type': 'application/json' }),
      400,
      'BAD_REQUEST',
      /multipart/,
    );
    await refused(async () => await post(costUrl(a.costId), a.client.cookie, pdf(), { 'content-type': 'application/pdf' }), 400, 'BAD_REQUEST', /multipart/);
  });

  it('refuses an upload to a deleted line or to an id that does not exist with 404', async () => {
    const line = await a.client.ok('mutate', 'cost.create', { incidentId: a.incidentId, ...COST, vendor: '削除予定' });
    await a.client.ok('mutate', 'cost.delete', { id: line.id });
    await refused(async () => await upload(line.id, pdf(), 'late.pdf'), 404, 'NOT_FOUND');
    await refused(async () => await upload(MISSING_ID, pdf(), 'nowhere.pdf'), 404, 'NOT_FOUND');
  });
});

describe('documents for the incident as a whole', () => {
  it.each(DOCUMENT_KINDS)('accepts a %s document through the same checks', async (kind) => {
    const bytes = pdf(kind);
    const stored = await accepted(postFiles(documentUrl(a.incidentId, kind), a.client.cookie, [{ bytes, name: `${kind}.pdf` }]));
    expect(stored).toEqual({ id: expect.any(String), sha256: sha256(bytes), name: `${kind}.pdf`, size: bytes.length, mediaType: 'application/pdf' });
    const listed = (await list({ incidentId: a.incidentId })).find((row) => row.id === stored.id);
    expect(listed).toMatchObject({ costId: null, documentKind: kind });
    expect((await download(stored.id, a.client.cookie)).bytes.equals(bytes)).toBe(true);
  });

  it('refuses an unknown kind with 400', async () => {
    await refused(
      async () => await postFiles(documentUrl(a.incidentId, 'invoices'), a.client.cookie, [{ bytes: pdf(), name: 'x.pdf' }]),
      400,
      'BAD_REQUEST',
      /kind/,
    );
  });

  it('refuses an executable and a path in the name there too', async () => {
    await refused(
      async () => await postFiles(documentUrl(a.incidentId, 'claim_form'), a.client.cookie, [{ bytes: windowsExe(), name: 'claim.pdf' }]),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await refused(
      async () => await postFiles(documentUrl(a.incidentId, 'claim_form'), a.client.cookie, [{ bytes: pdf(), name: '../claim.pdf' }]),
      400,
      'BAD_REQUEST',
      /path/,
    );
  });

  it('answers the same document when it is uploaded twice under the same kind', async () => {
    const bytes = pdf('report twice');
    const first = await accepted(postFiles(documentUrl(a.incidentId, 'incident_report'), a.client.cookie, [{ bytes, name: 'report.pdf' }]));
    const before = await snapshot(server.db);
    const second = await accepted(postFiles(documentUrl(a.incidentId, 'incident_report'), a.client.cookie, [{ bytes, name: 'report.pdf' }]));
    expect(second).toEqual(first);
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe('previews', () => {
  it('shows a PDF inline with ?inline=1, in a frame of the app only', async () => {
    const stored = await accepted(upload(a.costId, pdf(), '見積書.pdf'));
    const file = await download(stored.id, a.client.cookie, '?inline=1');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(dispositionName(file.headers.get('content-disposition'))).toBe('見積書.pdf');
    expect(file.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
  });

  it.each(KINDS.filter(([label, , , , previewable]) => previewable && label !== 'PDF'))(
    'shows a %s inline with ?inline=1',
    async (_label, make, name, mediaType) => {
      const stored = await accepted(upload(a.costId, make(), name));
      const file = await download(stored.id, a.client.cookie, '?inline=1');
      expect(file.headers.get('content-type')).toBe(mediaType);
      expect(file.headers.get('content-disposition')).toMatch(/^inline;/);
      expect(file.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    },
  );

  it('still downloads a HEIC with ?inline=1 (browsers cannot show it)', async () => {
    const bytes = heic();
    const stored = await accepted(upload(a.costId, bytes, 'IMG_0002.HEIC'));
    const file = await download(stored.id, a.client.cookie, '?inline=1');
    expect(file.headers.get('content-type')).toBe('image/heic');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.bytes.equals(bytes)).toBe(true);
  });

  it('downloads (not inline) without ?inline=1', async () => {
    const stored = await accepted(upload(a.costId, pdf(), 'plain.pdf'));
    expect((await download(stored.id, a.client.cookie)).headers.get('content-disposition')).toMatch(/^attachment;/);
  });
});

describe('removing a file', () => {
  it('takes it off the list and the line, makes it undownloadable, and records the removal', async () => {
    const bytes = png();
    const stored = await accepted(upload(a.otherCostId, bytes, 'remove-me.png'));
    const twin = await accepted(upload(a.costId, bytes, 'twin.png'));
    const countBefore = await attachmentCount(a.otherCostId);

    expect(await a.client.ok('mutate', 'attachment.remove', { id: stored.id })).toEqual({ ok: true });

    expect((await list({ incidentId: a.incidentId })).map((row) => row.id)).not.toContain(stored.id);
    expect(await attachmentCount(a.otherCostId)).toBe(countBefore - 1);
    const gone = await download(stored.id, a.client.cookie);
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.bytes.toString())).toMatchObject({ error: { data: { code: 'NOT_FOUND', httpStatus: 404 } } });
    // The same bytes on another line stay.
    expect((await download(twin.id, a.client.cookie)).bytes.equals(bytes)).toBe(true);

    const entries = await a.client.ok('query', 'audit.list', { incidentId: a.incidentId });
    expect(entries.find((e) => e.entityType === 'attachment' && e.entityId === stored.id && e.action === 'delete')).toMatchObject({
      actorName: '管理者 A',
      before: { costId: a.otherCostId, name: 'remove-me.png', sha256: stored.sha256 },
    });
    // A second removal finds nothing.
    expect((await a.client.mutate('attachment.remove', { id: stored.id })).error?.code).toBe('NOT_FOUND');
  });

  it('lets a responder attach and remove their own file but not anyone else’s; finance removes any', async () => {
    const responder = await member('responder');
    const own = await accepted(upload(a.costId, jpeg(), 'responder.jpg', responder));
    expect((await list({ incidentId: a.incidentId }, responder)).find((row) => row.id === own.id)?.uploadedByName).toBe('responder さん');

    const admins = await accepted(upload(a.costId, pdf(), 'admin.pdf'));
    const before = await snapshot(server.db);
    const answer = await responder.mutate('attachment.remove', { id: admins.id });
    expect(answer.status).toBe(403);
    expect(answer.error?.code).toBe('FORBIDDEN');
    expect(await snapshot(server.db)).toBe(before);

    expect(await responder.ok('mutate', 'attachment.remove', { id: own.id })).toEqual({ ok: true });
    expect((await download(own.id, a.client.cookie)).status).toBe(404);

    const another = await accepted(upload(a.costId, jpeg(), 'responder-2.jpg', responder));
    const finance = await member('finance');
    expect(await finance.ok('mutate', 'attachment.remove', { id: another.id })).toEqual({ ok: true });
    expect((await list({ incidentId: a.incidentId })).map((row) => row.id)).not.toContain(another.id);
  });
});

describe('who may upload and download', () => {
  let mine: { id: string; sha256: string };
  beforeAll(async () => {
    mine = await accepted(upload(a.costId, pdf('A only'), '機密.pdf'));
  });

  it('answers 401 to an upload or a download without a session, and keeps nothing', async () => {
    await refused(async () => await postFiles(costUrl(a.costId), null, [{ bytes: pdf(), name: 'anon.pdf' }]), 401, 'UNAUTHORIZED');
    await refused(async () => await postFiles(documentUrl(a.incidentId, 'receipts'), null, [{ bytes: pdf(), name: 'anon.pdf' }]), 401, 'UNAUTHORIZED');
    const file = await download(mine.id, null);
    expect(file.status).toBe(401);
    expect(JSON.parse(file.bytes.toString())).toMatchObject({ error: { data: { code: 'UNAUTHORIZED', httpStatus: 401 } } });
  });

  it("answers 404 to another company's admin uploading to A's line or incident, and keeps nothing", async () => {
    await refused(async () => await upload(a.costId, pdf(), 'intruder.pdf', b.client), 404, 'NOT_FOUND');
    await refused(
      async () => await postFiles(documentUrl(a.incidentId, 'receipts'), b.client.cookie, [{ bytes: pdf(), name: 'intruder.pdf' }]),
      404,
      'NOT_FOUND',
    );
    // Even with a kind that does not exist: nothing says the incident does.
    await refused(
      async () => await postFiles(documentUrl(a.incidentId, 'invoices'), b.client.cookie, [{ bytes: pdf(), name: 'intruder.pdf' }]),
      404,
      'NOT_FOUND',
    );
  });

  it("answers 404 to another company's admin downloading A's file, exactly as for an id that does not exist", async () => {
    const foreign = await download(mine.id, b.client.cookie);
    const missing = await download(MISSING_ID, b.client.cookie);
    expect(foreign.status).toBe(404);
    expect(foreign.bytes.toString()).not.toContain('%PDF');
    expect(JSON.parse(foreign.bytes.toString())).toEqual(JSON.parse(missing.bytes.toString()));
    expect((await download(mine.id, b.client.cookie, '?inline=1')).status).toBe(404);
  });

  it("answers NOT_FOUND to another company's admin listing or removing A's files, and changes nothing", async () => {
    const before = await snapshot(server.db);
    const listed = await b.client.query('attachment.list', { incidentId: a.incidentId });
    expect(listed.status).toBe(404);
    expect(listed.error?.code).toBe('NOT_FOUND');
    const listedByCost = await b.client.query('attachment.list', { incidentId: a.incidentId, costId: a.costId });
    expect(listedByCost.error?.code).toBe('NOT_FOUND');
    // A's line asked for under B's own incident shows nothing of A's.
    expect(await list({ incidentId: b.incidentId, costId: a.costId }, b.client)).toEqual([]);
    const removed = await b.client.mutate('attachment.remove', { id: mine.id });
    expect(removed.status).toBe(404);
    expect(removed.error?.code).toBe('NOT_FOUND');
    expect(await snapshot(server.db)).toBe(before);
    expect((await download(mine.id, a.client.cookie)).status).toBe(200);
  });

  it('refuses a cross-site browser upload with 403 and keeps nothing', async () => {
    await refused(async () => await upload(a.costId, pdf(), 'csrf.pdf', a.client, { origin: 'http://evil.example' }), 403, 'FORBIDDEN');
    await refused(async () => await upload(a.costId, pdf(), 'csrf.pdf', a.client, { 'sec-fetch-site': 'cross-site' }), 403, 'FORBIDDEN');
    await refused(
      async () =>
        await postFiles(documentUrl(a.incidentId, 'receipts'), a.client.cookie, [{ bytes: pdf(), name: 'csrf.pdf' }], { origin: 'http://evil.example' }),
      403,
      'FORBIDDEN',
    );
  });

  it("accepts an upload from the app's own page", async () => {
    await accepted(upload(a.costId, pdf(), 'same-origin.pdf', a.client, { origin: server.url, 'sec-fetch-site': 'same-origin' }));
  });
});

describe('uploads that break off', () => {
  // Last in the file: when one of these fails it leaves a temporary file behind, which must not fail the others.
  const BOUNDARY = '----bct-test-boundary';
  const partHeader = (name: string) =>
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/pdf\r\n\r\n`);

  /** The temporary directory may be emptied just after the answer; give it up to a second. */
  async function tempAfterSettling(): Promise<string[]> {
    const end = Date.now() + 1000;
    while (tempFiles(server.dataDir).length > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
    return tempFiles(server.dataDir);
  }
  const clearTemp = () => {
    for (const name of tempFiles(server.dataDir)) rmSync(path.join(server.dataDir, 'files', 'tmp', name), { force: true });
  };

  it('refuses a multipart body that ends without its closing boundary with 400, and keeps nothing', async () => {
    try {
      const before = await snapshot(server.db);
      const filesBefore = storedFiles(server.dataDir);
      // The leftover depends on timing, so try a few times.
      for (let i = 0; i < 20; i++) {
        const body = Buffer.concat([partHeader('cut.pdf'), pdf()]);
        const answer = await post(costUrl(a.costId), a.client.cookie, body, { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ error: { data: { code: 'BAD_REQUEST', httpStatus: 400 } } });
      }
      expect(await tempAfterSettling()).toEqual([]);
      expect(await snapshot(server.db)).toBe(before);
      expect(storedFiles(server.dataDir)).toEqual(filesBefore);
    } finally {
      clearTemp();
    }
  });

  it('leaves no temporary file when the uploader goes away halfway (a phone losing its signal)', async () => {
    try {
      const before = await snapshot(server.db);
      const filesBefore = storedFiles(server.dataDir);
      const req = http.request({
        host: '127.0.0.1',
        port: new URL(server.url).port,
        method: 'POST',
        path: `/api/costs/${a.costId}/attachments`,
        headers: { cookie: a.client.cookie!, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': 5 * MiB },
      });
      req.on('error', () => {}); // the hang-up is ours
      req.write(Buffer.concat([partHeader('half.pdf'), pdfOfSize(MiB)]));
      const end = Date.now() + 2000;
      while (tempFiles(server.dataDir).length === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(tempFiles(server.dataDir), 'the server was receiving the file').toHaveLength(1);
      req.destroy();

      expect(await tempAfterSettling()).toEqual([]);
      expect(await snapshot(server.db)).toBe(before);
      expect(storedFiles(server.dataDir)).toEqual(filesBefore);
    } finally {
      clearTemp();
    }
  });
});
