// The audit log in words (issue 15): a full run through the API writes every kind of entry the server can
// write — every entity type and every action of the schema's enums — and every key and value it wrote
// reads as words in Japanese and in English (client/src/lib/audit-words.ts), never as the raw key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../server/db/schema.ts';
import { AUDIT_ACTION_WORDS, AUDIT_ENTITY_WORDS, auditFieldText, auditValueText } from '../../client/src/lib/audit-words.ts';
import { LOCALES } from '../../shared/categories.ts';
import type { ImportReceipt } from '../../shared/import-schemas.ts';
import { attachToLine, pdf, postFiles } from '../support/files.ts';
import { ApiClient, startTestServer, type TestServer } from '../support/server.ts';
import { at, atLeast, must } from '../support/at.ts';
import { sqlRows } from '../support/sql.ts';

let server: TestServer;
interface Entry {
  entityType: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
let entries: Entry[];
/** An audit_log row as SQLite keeps it: before and after are JSON text. */
interface AuditRow {
  entityType: string;
  action: string;
  before: string | null;
  after: string | null;
}

const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  // The demo seed writes companies, the policy, incidents, lines, the broker's grant, an export and a submission.
  server = await startTestServer({ demo: true });
  const admin = new ApiClient(server.url);
  await admin.ok('mutate', 'auth.login', { email: 'demo@example.jp', password: 'demo-password-2026' });
  const broker = new ApiClient(server.url);
  await broker.ok('mutate', 'auth.login', { email: 'broker@example.jp', password: 'demo-password-2026' });
  const companyId = at((await admin.ok('query', 'auth.me')).memberships, 0).companyId;
  const policy = at(await admin.ok('query', 'policy.list', { companyId }), 0);
  const incidents = await admin.ok('query', 'incident.list', { companyId });
  const submitted = must(
    incidents.find((i) => i.claimStatus === 'submitted'),
    'the submitted incident',
  ).id;
  const other = must(
    incidents.find((i) => i.claimStatus === 'draft'),
    'the draft incident',
  ).id;

  // Members: invited, joined, role changed, removed.
  const { token } = await admin.ok('mutate', 'company.invite', { companyId, role: 'responder', email: 'words@example.jp' });
  const member = new ApiClient(server.url);
  const { userId } = await member.ok('mutate', 'auth.acceptInvite', { token, email: 'words@example.jp', password: PASSWORD, name: '言葉 試験' });
  await admin.ok('mutate', 'company.changeRole', { companyId, userId, role: 'finance' });
  await admin.ok('mutate', 'company.removeMember', { companyId, userId });

  // The policy's every term, then the incident's facts and tracking.
  await admin.ok('mutate', 'policy.update', {
    id: policy.id,
    insurer: policy.insurer,
    policyNumber: policy.policyNumber,
    periodStart: policy.periodStart,
    liabilityLimit: policy.liabilityLimit,
    expenseLimit: policy.expenseLimit,
    deductible: 100_000,
    restorationRider: true,
    condolencePerPersonCap: 1_000,
    annualRevenue: 900_000_000,
    itRevenue: 800_000_000,
    liabilityLimitPerClaim: 50_000_000,
    defenceCosts: 'pro_rata',
    restorationRatioPercent: 80,
    restorationSublimit: 2_000_000,
    responseWindowDays: 365,
    priorExpensePaid: 1_000,
    priorLiabilityPaid: 2_000,
  });
  const incident = await admin.ok('query', 'incident.get', { id: other });
  await admin.ok('mutate', 'incident.update', {
    id: other,
    title: `${incident.title}(更新)`,
    kind: 'unauthorized_access',
    occurredOn: incident.occurredOn,
    discoveredOn: incident.discoveredOn,
    recordsAffected: 130,
    personsAffected: 125,
    description: '更新した内容',
    priorKnowledgeJustification: '始期前の事故は知らなかった',
    status: 'closed',
  });
  await admin.ok('mutate', 'incident.updateTracking', {
    id: other,
    sensitiveData: true,
    financialHarm: true,
    malicious: true,
    insurerNotifiedOn: '2026-09-13',
    regulatorFirstReportOn: '2026-09-14',
    regulatorFinalReportOn: '2026-10-01',
  });
  // Issue 18's facts: awareness, encryption, the data's role, the notices and the insurer's reference; a third party's claim.
  await admin.ok('mutate', 'incident.update', {
    id: other,
    title: `${incident.title}(更新)`,
    kind: 'unauthorized_access',
    occurredOn: incident.occurredOn,
    discoveredOn: incident.discoveredOn,
    recordsAffected: 130,
    personsAffected: 125,
    description: '更新した内容',
    priorKnowledgeJustification: '始期前の事故は知らなかった',
    status: 'closed',
    awareOn: incident.discoveredOn,
    encrypted: true,
    dataRole: 'contractor',
  });
  await admin.ok('mutate', 'incident.updateTracking', {
    id: other,
    sensitiveData: true,
    financialHarm: true,
    malicious: true,
    insurerNotifiedOn: '2026-09-13',
    regulatorFirstReportOn: '2026-09-14',
    regulatorFinalReportOn: '2026-10-01',
    clientNotifiedOn: '2026-09-13',
    personsNotifiedOn: '2026-09-20',
    insurerClaimReference: 'AC-9',
  });
  const claim = await admin.ok('mutate', 'thirdPartyClaim.create', {
    incidentId: other,
    claimant: 'C社',
    receivedOn: '2026-09-25',
    amountDemanded: 500_000,
    note: '書面',
  });
  await admin.ok('mutate', 'thirdPartyClaim.update', {
    id: claim.id,
    claimant: 'C社',
    receivedOn: '2026-09-25',
    amountDemanded: 400_000,
    insurerNotifiedOn: '2026-09-26',
    insurerReference: 'TP-1',
  });
  await admin.ok('mutate', 'thirdPartyClaim.remove', { id: claim.id });

  // The claim form's profile and the incident report: every field written, then one changed.
  await admin.ok('mutate', 'company.updateProfile', {
    companyId,
    address: '東京都港区芝公園1-1',
    corporateNumber: '7000012050002',
    representative: '代表取締役 言葉 太郎',
    bankName: '三井住友銀行',
    bankBranch: '本店営業部',
    bankAccountType: 'current',
    bankAccountNumber: '7654321',
    bankAccountHolder: 'カ)コトバ',
    brokerCode: 'W-001',
  });
  await admin.ok('mutate', 'incidentReport.update', {
    incidentId: other,
    summary: '概要',
    dataItems: '氏名',
    cause: '原因',
    secondaryHarm: 'なし',
    measuresForPersons: '通知済',
    publication: '未公表',
    recurrencePrevention: '設定の点検',
    other: 'なし',
    clientName: 'C社',
    contactName: '言葉',
    contactPhone: '03-0000-0000',
  });
  await admin.ok('mutate', 'incidentReport.update', { incidentId: other, cause: '設定の誤り', other: null });

  // Lines: created with every field, corrected, moved, approved and not, consent, removed.
  const line = await admin.ok('mutate', 'cost.create', {
    incidentId: other,
    category: 'condolence',
    stage: 'estimate',
    incurredOn: '2026-09-20',
    quantity: 120,
    unitAmount: 500,
    vendor: '見舞品店',
    description: 'お詫びの品',
    source: 'third_party',
    claimant: 'C社',
    incurredAbroad: true,
  });
  const current = must(
    (await admin.ok('query', 'cost.list', { incidentId: other, limit: 100 })).items.find((l) => l.id === line.id),
    'the condolence line',
  );
  await admin.ok('mutate', 'cost.update', {
    id: line.id,
    category: 'condolence',
    stage: 'estimate',
    incurredOn: '2026-09-21',
    quantity: 120,
    unitAmount: 600,
    vendor: '見舞品店',
    description: 'お詫びの品',
    source: 'third_party',
    claimant: 'C社',
    incurredAbroad: true,
    expectedVersion: current.version,
  });
  await admin.ok('mutate', 'cost.setStage', { id: line.id, stage: 'invoiced', on: '2026-09-25' });
  await admin.ok('mutate', 'cost.setStage', { id: line.id, stage: 'paid', on: '2026-09-30' });
  await admin.ok('mutate', 'cost.approve', { ids: [line.id], approved: true });
  await admin.ok('mutate', 'cost.approve', { ids: [line.id], approved: false });
  await admin.ok('mutate', 'cost.recordConsent', { id: line.id, consentOn: '2026-09-19', reference: '損保第9号', givenBy: '損害サービス課' });
  const damages = await admin.ok('mutate', 'cost.create', {
    incidentId: other,
    category: 'damages',
    stage: 'demanded',
    incurredOn: '2026-10-01',
    amount: 300_000,
    source: 'third_party',
    claimant: 'C社',
  });
  await admin.ok('mutate', 'cost.setStage', { id: damages.id, stage: 'agreed', on: '2026-10-05' });
  const doomed = await admin.ok('mutate', 'cost.create', {
    incidentId: other,
    category: 'communications',
    stage: 'paid',
    incurredOn: '2026-09-22',
    amount: 10_000,
  });
  await admin.ok('mutate', 'cost.delete', { id: doomed.id });

  // Files and documents.
  const receipt = await attachToLine(server.url, admin.cookie, line.id, pdf('receipt'), '領収書.pdf');
  await admin.ok('mutate', 'attachment.remove', { id: receipt.id });
  await postFiles(`${server.url}/api/incidents/${other}/documents/claim_form`, admin.cookie, [{ bytes: pdf('form'), name: '請求書.pdf' }]);
  await admin.ok('mutate', 'document.markNotNeeded', { incidentId: other, kind: 'quotes', reason: '見積はありません' });
  await admin.ok('mutate', 'document.markNeeded', { incidentId: other, kind: 'quotes' });

  // A spreadsheet import.
  const upload = await postFiles(`${server.url}/api/incidents/${other}/imports`, admin.cookie, [
    { bytes: Buffer.from('日付,費目,摘要,金額\r\n2026/09/23,通信費,郵送,"12,000"\r\n2026/09/24,通信費,空行,\r\n', 'utf8'), name: '取込.csv' },
  ]);
  await admin.ok('mutate', 'costImport.commit', {
    importId: (upload.body as ImportReceipt).importId,
    mapping: { incurredOn: 0, category: 1, description: 2, amount: 3 },
    fixed: { stage: 'invoiced' },
  });

  // The broker's review and the claim's journey to its settlement.
  const lines = (await admin.ok('query', 'cost.list', { incidentId: submitted, limit: 100 })).items;
  await broker.ok('mutate', 'review.decide', { costId: at(lines, 0).id, decision: 'accept' });
  await broker.ok('mutate', 'review.decide', { costId: at(lines, 1).id, decision: 'query', comment: '内訳を教えてください' });
  await admin.ok('mutate', 'review.answer', { costId: at(lines, 1).id, comment: '別紙のとおりです' });
  await broker.ok('mutate', 'review.decide', { costId: at(lines, 2).id, decision: 'disallow', comment: '対象外です' });
  await broker.ok('mutate', 'claim.setStatus', { incidentId: submitted, status: 'accepted' });
  await broker.ok('mutate', 'claim.setStatus', { incidentId: submitted, status: 'sent_to_insurer' });
  await admin.ok('mutate', 'claim.settle', { incidentId: submitted, paidAmount: 50_000_000, settledOn: '2026-12-01', note: '振込済' });

  // The broker's access, revoked.
  const grant = at(await admin.ok('query', 'company.brokers', { companyId }), 0);
  await admin.ok('mutate', 'company.revokeBroker', { companyId, brokerCompanyId: grant.brokerCompanyId });

  const rows = await sqlRows<AuditRow>(server.db, 'SELECT entity_type AS "entityType", action, before, after FROM audit_log ORDER BY id');
  entries = rows.map((e) => ({
    ...e,
    before: e.before === null ? null : (JSON.parse(e.before) as Record<string, unknown>),
    after: e.after === null ? null : (JSON.parse(e.after) as Record<string, unknown>),
  }));
}, 60_000);
afterAll(async () => await server?.close());

describe('the audit log in words', () => {
  it('has words in Japanese and English for every kind of record and every action the schema allows', () => {
    for (const type of AUDIT_ENTITY_TYPES) for (const locale of LOCALES) expect(AUDIT_ENTITY_WORDS[type]?.[locale], `${type} ${locale}`).toMatch(/\S/);
    for (const action of AUDIT_ACTIONS) for (const locale of LOCALES) expect(AUDIT_ACTION_WORDS[action]?.[locale], `${action} ${locale}`).toMatch(/\S/);
    // Japanese words are Japanese: no table falls back to the English or the key.
    for (const type of AUDIT_ENTITY_TYPES)
      expect(must(AUDIT_ENTITY_WORDS[type], 'AUDIT_ENTITY_WORDS[type]').ja).not.toBe(must(AUDIT_ENTITY_WORDS[type], 'AUDIT_ENTITY_WORDS[type]').en);
    for (const action of AUDIT_ACTIONS)
      expect(must(AUDIT_ACTION_WORDS[action], 'AUDIT_ACTION_WORDS[action]').ja).not.toBe(must(AUDIT_ACTION_WORDS[action], 'AUDIT_ACTION_WORDS[action]').en);
  });

  it('ran every kind of entry: each entity type and each action was written', () => {
    expect([...new Set(entries.map((e) => e.entityType))].sort()).toEqual([...AUDIT_ENTITY_TYPES].sort());
    expect([...new Set(entries.map((e) => e.action))].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('names every field written, in both languages, never by its key', () => {
    const fields = new Set<string>();
    for (const entry of entries) {
      for (const values of [entry.before, entry.after]) for (const key of Object.keys(values ?? {})) fields.add(`${entry.entityType}.${key}`);
    }
    expect(fields.size).toBeGreaterThan(60);
    const unnamed = [...fields].filter((field) => {
      const [type, key] = atLeast(field.split('.'), 2);
      return LOCALES.some((locale) => auditFieldText(type, key, locale) === key);
    });
    expect(unnamed).toEqual([]);
    for (const field of fields) {
      const [type, key] = atLeast(field.split('.'), 2);
      expect(auditFieldText(type, key, 'ja'), field).not.toBe(auditFieldText(type, key, 'en'));
    }
  });

  it('says every value in words: no code, no language key, no object', () => {
    const raw: string[] = [];
    for (const entry of entries) {
      for (const values of [entry.before, entry.after]) {
        for (const [key, value] of Object.entries(values ?? {})) {
          for (const locale of LOCALES) {
            const text = auditValueText(entry.entityType, key, value, locale);
            // A code is a lower-case word with underscores, or a bare language code; an object would print as one.
            if (/^[a-z]+(_[a-z]+)+$|^(ja|en)$|\[object|^[a-z_]+:/.test(text)) raw.push(`${entry.entityType}.${key} (${locale}): ${text}`);
          }
        }
      }
    }
    expect(raw).toEqual([]);
    expect(auditValueText('package', 'locale', 'ja', 'ja')).toBe('日本語');
    expect(auditValueText('package', 'outstanding', ['unapproved', 'document:seal_certificate'], 'ja')).toBe('未承認の請求明細、未提出の書類（印鑑証明書）');
    expect(auditValueText('import', 'fileSha256', 'a'.repeat(64), 'en')).toBe(`${'a'.repeat(12)}…`);
    expect(auditValueText('company', 'kind', 'broker', 'ja')).toBe('保険代理店');
    expect(auditValueText('incident', 'kind', 'leak', 'en')).toBe('Data leakage');
    expect(auditValueText('cost', 'taxCategory', 'non_taxable', 'ja')).toBe('不課税');
    expect(auditValueText('cost', 'withholdingTax', 204_200, 'en')).toBe('¥204,200');
    expect(auditValueText('import', 'header', { row: 2, depth: 2 }, 'ja')).toBe('3〜4 行目（2行）');
    expect(auditValueText('import', 'header', { row: null, depth: 1 }, 'en')).toBe('None (columns by position)');
    expect(auditValueText('import', 'leftOut', { total: 1, no_amount: 2 }, 'ja')).toBe('合計・小計の行 1、金額なし 2');
    expect(auditValueText('import', 'preset', 'yayoi_journal', 'en')).toBe('Yayoi journal (no header)');
  });
});
