// The documents checklist (docs/rules.md §6) over HTTP: it follows the ledger, the files on its lines, the
// documents uploaded for the incident and the items marked not needed; the seal certificate and the
// registry extract are asked for only once the claim passes ¥10,000,000.
import type { InputOf } from '../support/api-types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../../shared/documents.ts';
import { CLAIM_PROFILE, COST, INCIDENT, POLICY, enterWorkedExample } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

const PDF = Buffer.from('%PDF-1.4\n% receipt\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image')]);

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>>;
let b: Awaited<ReturnType<typeof signUpCompany>>;
let policyId: string;

beforeAll(async () => {
  server = await startTestServer();
  a = await signUpCompany(server.url, 'DocA');
  b = await signUpCompany(server.url, 'DocB');
  policyId = (await a.client.ok('mutate', 'policy.create', { companyId: a.companyId, ...POLICY })).id;
});
afterAll(async () => await server.close());

/** What an upload answers: the stored file, or an error. */
interface UploadBody {
  id?: string;
  sha256?: string;
  name?: string;
  error?: { code: string; message: string };
}

async function upload(client: ApiClient, path: string, name: string, bytes: Buffer, type = 'application/pdf') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: client.cookie ? { cookie: client.cookie } : {}, body: form });
  return { status: response.status, body: (await response.json()) as UploadBody };
}

async function attach(client: ApiClient, costId: string, name: string, bytes = PDF, type = 'application/pdf') {
  const answer = await upload(client, `/api/costs/${costId}/attachments`, name, bytes, type);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: string; sha256: string; name: string };
}

async function attachDocument(client: ApiClient, incidentId: string, kind: string, name: string, bytes = PDF) {
  const answer = await upload(client, `/api/incidents/${incidentId}/documents/${kind}`, name, bytes);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: string };
}

/** An incident of ten persons' records: no report to the regulator is owed, so no PPC report is asked for. */
async function newIncident(title: string, over: Partial<InputOf<'incident.create'>> = {}) {
  return (await a.client.ok('mutate', 'incident.create', { policyId, ...INCIDENT, recordsAffected: 10, title, ...over })).id;
}

const missingKinds = (list: { items: { status: string; kind: string }[] }) => list.items.filter((i) => i.status === 'missing').map((i) => i.kind);

async function addLine(incidentId: string, line: Partial<InputOf<'cost.create'>>) {
  return (await a.client.ok('mutate', 'cost.create', { incidentId, ...COST, ...line })).id;
}

async function checklist(incidentId: string, client = a.client) {
  const answer = await client.ok('query', 'document.checklist', { incidentId });
  // The checklist lists every kind (shared/documents.ts), so each kind has its item.
  const byKind = Object.fromEntries(answer.items.map((i) => [i.kind, i])) as Record<DocumentKind, (typeof answer.items)[number]>;
  const statuses = Object.fromEntries(answer.items.map((i) => [i.kind, i.status]));
  return { ...answer, byKind, statuses };
}

async function member(role: 'responder' | 'finance') {
  const invite = await a.client.ok('mutate', 'company.invite', { companyId: a.companyId, role });
  const client = new ApiClient(server.url);
  await client.ok('mutate', 'auth.acceptInvite', {
    token: invite.token,
    email: `doc-${role}-${Date.now()}@example.jp`,
    password: 'a long password',
    name: `${role} 担当`,
  });
  return client;
}

describe('document.checklist as the ledger and its files change', () => {
  it('starts with only the claim form and the incident report missing, and the PPC report when one is owed', async () => {
    const incidentId = await newIncident('空の事故');
    const list = await checklist(incidentId);
    expect(list.items.map((i) => i.kind)).toEqual([...DOCUMENT_KINDS]);
    expect(missingKinds(list)).toEqual(['claim_form', 'incident_report']);
    expect(list.byKind.ppc_report).toMatchObject({ status: 'not_needed', automaticReason: 'no_regulator_report' });
    expect(list.byKind.outsourcing_contract).toMatchObject({ status: 'not_needed', automaticReason: 'no_contractor' });
    // 1,200 persons: the report is owed, so the checklist asks for it; a contractor's incident asks for the contract instead.
    expect(missingKinds(await checklist(await newIncident('1,200人', { recordsAffected: 1200 })))).toEqual(['claim_form', 'incident_report', 'ppc_report']);
    expect(missingKinds(await checklist(await newIncident('委託先', { personsAffected: 1200, dataRole: 'contractor' })))).toEqual([
      'claim_form',
      'incident_report',
      'outsourcing_contract',
    ]);
    expect(list.byKind.receipts).toEqual({
      kind: 'receipts',
      status: 'not_needed',
      incidentFiles: 0,
      lines: 0,
      linesWithoutFile: 0,
      waiverReason: null,
      automaticReason: 'no_claimed_lines',
      generated: false,
    });
    expect(list.byKind.quotes.automaticReason).toBe('no_estimates');
    expect(list.byKind.settlements.automaticReason).toBe('no_damages');
    expect(list.byKind.seal_certificate.automaticReason).toBe('below_threshold');
    expect(list.byKind.claim_form).toEqual({
      kind: 'claim_form',
      status: 'missing',
      incidentFiles: 0,
      lines: null,
      linesWithoutFile: null,
      waiverReason: null,
      automaticReason: null,
      generated: false,
    });
    expect(list.missing).toBe(2);
    expect(list.totalPayable).toBe(0);
  });

  it('follows lines, their files, incident documents and waivers', async () => {
    const incidentId = await newIncident('明細と書類');

    // A claimed line without a file: the receipts are missing.
    const invoiced = await addLine(incidentId, { category: 'investigation', stage: 'invoiced', amount: 1_500_000 });
    let list = await checklist(incidentId);
    expect(list.byKind.receipts).toMatchObject({ status: 'missing', lines: 1, linesWithoutFile: 1, automaticReason: null });
    // A cause investigation asks for its report.
    expect(missingKinds(list)).toEqual(['claim_form', 'incident_report', 'receipts', 'forensic_report']);
    expect(list.totalPayable).toBe(1_500_000);

    await attach(a.client, invoiced, '調査費用_請求書.pdf');
    list = await checklist(incidentId);
    expect(list.byKind.receipts).toMatchObject({ status: 'attached', lines: 1, linesWithoutFile: 0 });
    expect(missingKinds(list)).toEqual(['claim_form', 'incident_report', 'forensic_report']);

    // An estimate needs a quote; it does not count towards the claim.
    const estimate = await addLine(incidentId, { category: 'consulting', stage: 'estimate', amount: 800_000 });
    list = await checklist(incidentId);
    expect(list.byKind.quotes).toMatchObject({ status: 'missing', lines: 1, linesWithoutFile: 1 });
    expect(list.byKind.receipts).toMatchObject({ status: 'attached', lines: 1 });
    expect(list.totalPayable).toBe(1_500_000);
    await attach(a.client, estimate, 'quote.png', PNG, 'image/png');
    expect((await checklist(incidentId)).byKind.quotes).toMatchObject({ status: 'attached', lines: 1, linesWithoutFile: 0 });

    // A paid damages line needs both a receipt and its settlement agreement.
    const damages = await addLine(incidentId, {
      category: 'damages',
      stage: 'paid',
      amount: 2_000_000,
      vendor: '委託先',
      source: 'third_party',
      claimant: '委託先',
    });
    list = await checklist(incidentId);
    expect(list.byKind.receipts).toMatchObject({ status: 'missing', lines: 2, linesWithoutFile: 1 });
    expect(list.byKind.settlements).toMatchObject({ status: 'missing', lines: 1, linesWithoutFile: 1, automaticReason: null });
    // The claimant's demand letter backs the damages; consulting and the settlement need the insurer's consent letters.
    expect(missingKinds(list)).toEqual(['claim_form', 'incident_report', 'receipts', 'settlements', 'forensic_report', 'demand_letters', 'consent_letters']);
    const settlement = await attach(a.client, damages, '示談書.pdf', Buffer.concat([PDF, Buffer.from('settlement')]));
    list = await checklist(incidentId);
    expect(list.byKind.receipts).toMatchObject({ status: 'attached', lines: 2, linesWithoutFile: 0 });
    expect(list.byKind.settlements).toMatchObject({ status: 'attached', lines: 1, linesWithoutFile: 0 });

    // An incident document of a kind marks that kind attached, and no other.
    await attachDocument(a.client, incidentId, 'claim_form', '保険金請求書.pdf');
    list = await checklist(incidentId);
    expect(list.byKind.claim_form).toMatchObject({ status: 'attached', incidentFiles: 1 });
    expect(list.byKind.incident_report).toMatchObject({ status: 'missing', incidentFiles: 0 });
    expect(missingKinds(list)).toEqual(['incident_report', 'forensic_report', 'demand_letters', 'consent_letters']);

    // Finance (here the admin) marks the incident report not needed, then needed again.
    expect(await a.client.ok('mutate', 'document.markNotNeeded', { incidentId, kind: 'incident_report', reason: '保険会社へ口頭で報告済み' })).toEqual({
      ok: true,
    });
    list = await checklist(incidentId);
    expect(list.byKind.incident_report).toMatchObject({ status: 'not_needed', waiverReason: '保険会社へ口頭で報告済み', automaticReason: null });
    expect(list.missing).toBe(3);
    // Marking it again replaces the reason.
    await a.client.ok('mutate', 'document.markNotNeeded', { incidentId, kind: 'incident_report', reason: '  事故報告は代理店経由で提出  ' });
    expect((await checklist(incidentId)).byKind.incident_report.waiverReason).toBe('事故報告は代理店経由で提出');
    expect(await a.client.ok('mutate', 'document.markNeeded', { incidentId, kind: 'incident_report' })).toEqual({ ok: true });
    list = await checklist(incidentId);
    expect(list.byKind.incident_report).toMatchObject({ status: 'missing', waiverReason: null });
    expect(list.missing).toBe(4);
    // Marking needed what is not waived changes nothing.
    const before = await snapshot(server.db);
    expect(await a.client.ok('mutate', 'document.markNeeded', { incidentId, kind: 'quotes' })).toEqual({ ok: true });
    expect(await snapshot(server.db)).toBe(before);

    const audit = await a.client.ok('query', 'audit.list', { incidentId });
    const documentEntries = audit.filter((e) => e.entityType === 'document').map((e) => [e.action, e.entityId]);
    expect(documentEntries).toEqual([
      ['needed', 'incident_report'],
      ['not_needed', 'incident_report'],
      ['not_needed', 'incident_report'],
    ]);

    // Removing the settlement's file makes both the receipts and the settlements missing again.
    await a.client.ok('mutate', 'attachment.remove', { id: settlement.id });
    list = await checklist(incidentId);
    expect(list.byKind.receipts).toMatchObject({ status: 'missing', lines: 2, linesWithoutFile: 1 });
    expect(list.byKind.settlements).toMatchObject({ status: 'missing', lines: 1, linesWithoutFile: 1 });

    // Removing the damages line takes it out of the counts.
    await a.client.ok('mutate', 'cost.delete', { id: damages });
    list = await checklist(incidentId);
    expect(list.byKind.receipts).toMatchObject({ status: 'attached', lines: 1, linesWithoutFile: 0 });
    expect(list.byKind.settlements).toMatchObject({ status: 'not_needed', lines: 0, automaticReason: 'no_damages' });
    expect(list.totalPayable).toBe(1_500_000);

    // A waived kind that later gets its file shows as attached.
    await a.client.ok('mutate', 'document.markNotNeeded', { incidentId, kind: 'incident_report', reason: '後日提出' });
    await attachDocument(a.client, incidentId, 'incident_report', '事故内容報告書.pdf', Buffer.concat([PDF, Buffer.from('report')]));
    expect((await checklist(incidentId)).byKind.incident_report).toMatchObject({ status: 'attached', incidentFiles: 1 });
  });

  it('asks for the seal certificate and registry extract once the claim passes ¥10,000,000', async () => {
    const incidentId = await newIncident('閾値');
    await addLine(incidentId, { category: 'public_notice', stage: 'invoiced', amount: 10_000_000 });
    let list = await checklist(incidentId);
    expect(list.totalPayable).toBe(10_000_000);
    for (const kind of ['seal_certificate', 'registry_extract'] as const) {
      expect(list.byKind[kind]).toMatchObject({ status: 'not_needed', automaticReason: 'below_threshold', waiverReason: null });
    }

    // Estimates are not claimed: they do not bring the seal documents in.
    await addLine(incidentId, { category: 'investigation', stage: 'estimate', amount: 5_000_000 });
    list = await checklist(incidentId);
    expect(list.totalPayable).toBe(10_000_000);
    expect(list.statuses.seal_certificate).toBe('not_needed');

    // One more yen claimed: both are missing.
    const oneYen = await addLine(incidentId, { category: 'communications', stage: 'paid', amount: 1 });
    list = await checklist(incidentId);
    expect(list.totalPayable).toBe(10_000_001);
    for (const kind of ['seal_certificate', 'registry_extract'] as const) {
      expect(list.byKind[kind]).toMatchObject({ status: 'missing', automaticReason: null, waiverReason: null, lines: null });
    }
    const missingAbove = list.missing;

    await attachDocument(a.client, incidentId, 'seal_certificate', '印鑑証明書.pdf');
    await a.client.ok('mutate', 'document.markNotNeeded', { incidentId, kind: 'registry_extract', reason: '登記事項は保険会社が確認済み' });
    list = await checklist(incidentId);
    expect(list.byKind.seal_certificate).toMatchObject({ status: 'attached', incidentFiles: 1 });
    expect(list.byKind.registry_extract).toMatchObject({ status: 'not_needed', waiverReason: '登記事項は保険会社が確認済み', automaticReason: null });
    expect(list.missing).toBe(missingAbove - 2);

    // Back at ¥10,000,000 the registry extract is not needed on its own again once the waiver is lifted.
    await a.client.ok('mutate', 'cost.delete', { id: oneYen });
    await a.client.ok('mutate', 'document.markNeeded', { incidentId, kind: 'registry_extract' });
    list = await checklist(incidentId);
    expect(list.totalPayable).toBe(10_000_000);
    expect(list.byKind.registry_extract).toMatchObject({ status: 'not_needed', automaticReason: 'below_threshold', waiverReason: null });
    expect(list.byKind.seal_certificate.status).toBe('attached');
  });

  it('weighs the seal documents on the amount claimed, not on what the limits let the policy pay', async () => {
    const { id: smallPolicy } = await a.client.ok('mutate', 'policy.create', {
      companyId: a.companyId,
      ...POLICY,
      policyNumber: 'IT-SMALL',
      expenseLimit: 5_000_000,
    });
    const { id: incidentId } = await a.client.ok('mutate', 'incident.create', {
      policyId: smallPolicy,
      ...INCIDENT,
      recordsAffected: 10,
      title: '上限の小さい契約',
    });
    await addLine(incidentId, { category: 'public_notice', stage: 'invoiced', amount: 12_000_000 });
    const list = await checklist(incidentId);
    expect(list.totalPayable).toBe(5_000_000);
    expect(list.amountClaimed).toBe(12_000_000);
    expect(list.statuses.seal_certificate).toBe('missing');
    expect(list.statuses.registry_extract).toBe('missing');
  });

  it('counts the incident report and the claim form as attached once the package can write them', async () => {
    const incidentId = await newIncident('自動作成');
    expect(missingKinds(await checklist(incidentId))).toEqual(['claim_form', 'incident_report']);
    await a.client.ok('mutate', 'incidentReport.update', { incidentId, cause: '設定の誤り' });
    await a.client.ok('mutate', 'company.updateProfile', { companyId: a.companyId, ...CLAIM_PROFILE, brokerCode: null });
    const list = await checklist(incidentId);
    expect(missingKinds(list)).toEqual([]);
    expect(list.byKind.claim_form).toMatchObject({ status: 'attached', generated: true, incidentFiles: 0 });
    expect(list.byKind.incident_report).toMatchObject({ status: 'attached', generated: true });
    // A profile missing the account again: the claim form cannot be written complete.
    await a.client.ok('mutate', 'company.updateProfile', { companyId: a.companyId, bankAccountNumber: null });
    expect(missingKinds(await checklist(incidentId))).toEqual(['claim_form']);
  });

  it('asks for the seal documents on worked example 2 (¥53,000,000)', async () => {
    const { incidentId } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2);
    const list = await checklist(incidentId);
    expect(list.totalPayable).toBe(53_000_000);
    // B is A's contractor: the outsourcing contract, not a PPC report; A's demands back the damages.
    expect(list.statuses).toEqual({
      claim_form: 'missing',
      incident_report: 'missing',
      receipts: 'missing',
      quotes: 'not_needed',
      settlements: 'missing',
      forensic_report: 'not_needed',
      notice_letters: 'missing',
      condolence_list: 'missing',
      ppc_report: 'not_needed',
      outsourcing_contract: 'missing',
      demand_letters: 'missing',
      payroll_records: 'not_needed',
      consent_letters: 'missing',
      seal_certificate: 'missing',
      registry_extract: 'missing',
    });
    expect(list.byKind.receipts).toMatchObject({ lines: 5, linesWithoutFile: 5 });
    expect(list.byKind.settlements).toMatchObject({ lines: 2, linesWithoutFile: 2 });
    expect(list.missing).toBe(11);
  });
});

describe('refusals', () => {
  it('answers BAD_REQUEST naming the field for an empty reason or an unknown kind, and changes nothing', async () => {
    const incidentId = await newIncident('不正な入力');
    const before = await snapshot(server.db);
    for (const [input, field] of [
      [{ incidentId, kind: 'claim_form', reason: '' }, 'reason'],
      [{ incidentId, kind: 'claim_form', reason: '   ' }, 'reason'],
      [{ incidentId, kind: 'claim_form' }, 'reason'],
      [{ incidentId, kind: 'claim_form', reason: 'x'.repeat(501) }, 'reason'],
      [{ incidentId, kind: 'insurance_card', reason: '不要' }, 'kind'],
    ] as const) {
      const answer = await a.client.mutateRaw('document.markNotNeeded', input);
      expect(answer.error?.code, JSON.stringify(input)).toBe('BAD_REQUEST');
      expect(answer.status).toBe(400);
      expect(answer.error?.fieldErrors?.[field], JSON.stringify(answer.error)).toBeTruthy();
      expect(answer.error?.message).toContain(field);
    }
    const unknownKind = await a.client.mutateRaw('document.markNeeded', { incidentId, kind: 'insurance_card' });
    expect(unknownKind.error?.code).toBe('BAD_REQUEST');
    expect(unknownKind.error?.fieldErrors?.kind).toBeTruthy();
    const upload = await (async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'x.pdf');
      return fetch(`${server.url}/api/incidents/${incidentId}/documents/insurance_card`, { method: 'POST', headers: { cookie: a.client.cookie! }, body: form });
    })();
    expect(upload.status).toBe(400);
    expect(((await upload.json()) as { error: { message: string } }).error.message).toContain('kind');
    expect(await snapshot(server.db)).toBe(before);
  });

  it('lets a responder read the checklist and upload documents, but not mark items', async () => {
    const incidentId = await newIncident('担当者');
    const responder = await member('responder');
    expect((await checklist(incidentId, responder)).missing).toBe(2);

    const before = await snapshot(server.db);
    for (const [name, input] of [
      ['document.markNotNeeded', { incidentId, kind: 'incident_report', reason: '不要' }],
      ['document.markNeeded', { incidentId, kind: 'incident_report' }],
    ] as const) {
      const answer = await responder.mutate(name, input);
      expect(answer.error?.code, name).toBe('FORBIDDEN');
      expect(answer.status).toBe(403);
    }
    expect(await snapshot(server.db)).toBe(before);

    await attachDocument(responder, incidentId, 'incident_report', '報告書.pdf');
    expect((await checklist(incidentId)).byKind.incident_report.status).toBe('attached');

    // Finance may mark items.
    const finance = await member('finance');
    expect((await finance.mutate('document.markNotNeeded', { incidentId, kind: 'claim_form', reason: '代理店が作成' })).error).toBeUndefined();
    expect((await checklist(incidentId)).byKind.claim_form).toMatchObject({ status: 'not_needed', waiverReason: '代理店が作成' });
  });

  it("answers NOT_FOUND to another company's admin, and 401 without a session, changing nothing", async () => {
    const incidentId = await newIncident('他社');
    await a.client.ok('mutate', 'document.markNotNeeded', { incidentId, kind: 'claim_form', reason: '代理店が作成' });
    const calls = [
      ['query', 'document.checklist', { incidentId }],
      ['mutate', 'document.markNotNeeded', { incidentId, kind: 'incident_report', reason: '不要' }],
      ['mutate', 'document.markNeeded', { incidentId, kind: 'claim_form' }],
    ] as const;
    const before = await snapshot(server.db);
    for (const [kind, name, input] of calls) {
      const foreign = kind === 'query' ? await b.client.query(name, input) : await b.client.mutate(name, input);
      expect(foreign.error?.code, name).toBe('NOT_FOUND');
      expect(foreign.status).toBe(404);
      expect(JSON.stringify(foreign)).not.toContain('代理店');
      const anonymous = new ApiClient(server.url);
      const noSession = kind === 'query' ? await anonymous.query(name, input) : await anonymous.mutate(name, input);
      expect(noSession.error?.code, name).toBe('UNAUTHORIZED');
    }
    const foreignUpload = await upload(b.client, `/api/incidents/${incidentId}/documents/claim_form`, 'x.pdf', PDF);
    expect(foreignUpload.status).toBe(404);
    expect(foreignUpload.body.error?.code).toBe('NOT_FOUND');
    const anonymousUpload = await upload(new ApiClient(server.url), `/api/incidents/${incidentId}/documents/claim_form`, 'x.pdf', PDF);
    expect(anonymousUpload.status).toBe(401);
    expect(await snapshot(server.db)).toBe(before);
    expect((await checklist(incidentId)).byKind.claim_form.waiverReason).toBe('代理店が作成');
  });
});
