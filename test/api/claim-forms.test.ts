// The insurer's forms in a claim package, as a claims handler files them: worked example 2 (B社's leak of its
// client A社's data, handled as contractor) exported over HTTP with the company's profile and the incident
// report filled in, each PDF read back with poppler's pdftotext — the report's items in the commission's
// order, the claim form's address, 法人番号, amount claimed and bank account, 和暦 dates, the client notice —
// and the insurer's claim reference on every page of every PDF. A company with no profile gets blanks.
import type { DataRole } from '../../shared/incident-facts.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYen } from '../../shared/money.ts';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { enterWorkedExample, INCIDENT, setUpIncident, CLAIM_PROFILE } from '../support/fixtures.ts';
import { signUpCompany, startTestServer, type ApiClient, type TestServer } from '../support/server.ts';
import { entriesByPath, readZip } from '../support/zip.ts';

const CLAIM_REFERENCE = 'TM-26-004512';
const PROFILE = CLAIM_PROFILE;
const REPORT = {
  summary: '受託した入力業務の社員が入力用データを許可なく複製し、名簿業者へ販売した。',
  dataItems: '氏名、住所、電話番号、生年月日',
  cause: '委託データの持ち出しを検知する仕組みがなかった。',
  secondaryHarm: '名簿業者からの勧誘電話の申出が3件あった。',
  measuresForPersons: 'A社が本人へお詫び状と見舞金を送付した。',
  publication: 'A社が自社サイトで公表した。',
  recurrencePrevention: '外部媒体への書き出しを禁止し、操作ログを監視する。',
  other: '警視庁に被害を相談した。',
  clientName: 'A社',
  contactName: '情報セキュリティ室 佐藤',
  contactPhone: '03-1234-5678',
};

let server: TestServer;
let tmp: string;
let amountClaimed: number;
let ja: Map<string, Buffer>;
let en: Map<string, Buffer>;
let blank: Map<string, Buffer>;

const squash = (text: string) => text.replace(/\s+/g, '');

function pdfText(bytes: Buffer, name: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The pages of a PDF as text: pdftotext ends each with a form feed. */
const pagesOf = (bytes: Buffer, name: string) =>
  pdfText(bytes, name)
    .split('\f')
    .filter((page) => page.trim() !== '');

async function exportFiles(client: ApiClient, incidentId: string, locale: 'ja' | 'en') {
  const { packageId } = await client.ok('mutate', 'claim.export', { incidentId, locale });
  const response = await fetch(`${server.url}/api/packages/${packageId}.zip`, { headers: { cookie: client.cookie! } });
  expect(response.status).toBe(200);
  return entriesByPath(await readZip(Buffer.from(await response.arrayBuffer())));
}

/** The incident's facts as the breach team records them: the day of awareness, the data role and the insurer's reference. */
async function recordIncidentFacts(client: ApiClient, incidentId: string, facts: { awareOn: string; dataRole: DataRole; reference: string }) {
  const incident = await client.ok('query', 'incident.get', { id: incidentId });
  const { title, kind, occurredOn, discoveredOn, recordsAffected, status } = incident;
  await client.ok('mutate', 'incident.update', {
    id: incidentId,
    title,
    kind,
    occurredOn,
    discoveredOn,
    recordsAffected,
    status,
    awareOn: facts.awareOn,
    dataRole: facts.dataRole,
  });
  await client.ok('mutate', 'incident.updateTracking', {
    id: incidentId,
    sensitiveData: false,
    financialHarm: false,
    malicious: false,
    insurerNotifiedOn: null,
    regulatorFirstReportOn: null,
    regulatorFinalReportOn: null,
    insurerClaimReference: facts.reference,
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'claim-forms-test-'));
  server = await startTestServer();
  const b = await signUpCompany(server.url, 'FormsB');
  const { incidentId } = await enterWorkedExample(b.client, b.companyId, WORKED_EXAMPLE_2);
  await recordIncidentFacts(b.client, incidentId, { awareOn: '2026-05-30', dataRole: 'contractor', reference: CLAIM_REFERENCE });
  await b.client.ok('mutate', 'company.updateProfile', { companyId: b.companyId, ...PROFILE });
  await b.client.ok('mutate', 'incidentReport.update', { incidentId, ...REPORT });
  amountClaimed = (await b.client.ok('query', 'claim.summary', { incidentId })).amountClaimed;
  ja = await exportFiles(b.client, incidentId, 'ja');
  en = await exportFiles(b.client, incidentId, 'en');

  // Another company that has filled in nothing: its own data, no claim reference yet.
  const c = await signUpCompany(server.url, 'FormsC');
  const bare = await setUpIncident(c.client, c.companyId);
  blank = await exportFiles(c.client, bare.incidentId, 'ja');
}, 120_000);
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the forms in the package', () => {
  it('holds the incident report, the claim form and, for a contractor, the notice to the client', () => {
    for (const name of ['claim-summary.pdf', 'incident-report.pdf', 'claim-form.pdf', 'client-notice.pdf'])
      expect(ja.get(name)?.subarray(0, 5).toString('latin1'), name).toBe('%PDF-');
    expect([...blank.keys()].filter((name) => name.endsWith('.pdf')).sort()).toEqual(['claim-form.pdf', 'claim-summary.pdf', 'incident-report.pdf']);
  });

  it('prints the insurer’s claim reference on every page of every PDF, the claim summary’s too', () => {
    for (const [files, label] of [
      [ja, 'ja'],
      [en, 'en'],
    ] as const) {
      for (const name of [...files.keys()].filter((n) => n.endsWith('.pdf') && !n.includes('/'))) {
        const pages = pagesOf(files.get(name)!, `${label}-${name}`);
        expect(pages.length, name).toBeGreaterThan(0);
        pages.forEach((page, i) =>
          expect(squash(page), `${label} ${name} page ${i + 1}`).toContain(
            label === 'ja' ? `事故受付番号:${CLAIM_REFERENCE}` : `Insurer’sclaimreference:${CLAIM_REFERENCE}`,
          ),
        );
      }
    }
    // Several pages: the claim summary lists the lines in an appendix.
    expect(pagesOf(ja.get('claim-summary.pdf')!, 'pages.pdf').length).toBeGreaterThan(1);
  });

  it('says "未登録" on every page while the insurer has given no reference', () => {
    for (const name of ['claim-summary.pdf', 'incident-report.pdf', 'claim-form.pdf']) {
      for (const page of pagesOf(blank.get(name)!, `blank-${name}`)) expect(squash(page), name).toContain('事故受付番号:未登録');
    }
  });
});

describe('incident-report.pdf (事故状況報告書)', () => {
  let text: string;
  beforeAll(() => {
    text = squash(pdfText(ja.get('incident-report.pdf')!, 'report.pdf'));
  });

  it('names the policy, the insured, the claim reference and the incident with its dates in 和暦', () => {
    for (const expected of [
      '事故状況報告書',
      `${WORKED_EXAMPLE_2.policy.insurer}御中`,
      `証券番号${WORKED_EXAMPLE_2.policy.policyNumber}`,
      '記名被保険者FormsB社',
      `所在地${PROFILE.address}`,
      `事故受付番号${CLAIM_REFERENCE}`,
      '保険期間令和8年4月1日〜令和9年3月31日',
      '発生日令和8年5月20日',
      '発覚日令和8年6月1日',
      '事態を知った日令和8年5月30日',
      '漏えい等した記録の件数50,000件',
      '本人の数50,000人',
      '委託元A社',
    ])
      expect(text).toContain(squash(expected));
  });

  it('lists the report’s items in the order of the commission’s form, each with what was written', () => {
    const items: [string, string][] = [
      ['①概要', REPORT.summary],
      ['②漏えい等が発生し、又は発生したおそれがある個人データの項目', REPORT.dataItems],
      ['③漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数', '50,000人'],
      ['④原因', REPORT.cause],
      ['⑤二次被害又はそのおそれの有無及びその内容', REPORT.secondaryHarm],
      ['⑥本人への対応の実施状況', REPORT.measuresForPersons],
      ['⑦公表の実施状況', REPORT.publication],
      ['⑧再発防止のための措置', REPORT.recurrencePrevention],
      ['⑨その他参考となる事項', REPORT.other],
    ];
    let at = 0;
    for (const [heading, body] of items) {
      const found = text.indexOf(squash(heading), at);
      expect(found, heading).toBeGreaterThan(at);
      expect(text.indexOf(squash(body), found), heading).toBeGreaterThan(found);
      at = found;
    }
    expect(text).toContain(squash('連絡担当者情報セキュリティ室 佐藤'));
    expect(text).toContain(squash('電話番号03-1234-5678'));
  });

  it('is in English when the package is', () => {
    const english = squash(pdfText(en.get('incident-report.pdf')!, 'report-en.pdf'));
    for (const expected of ['Incident report', 'Occurred on20 May 2026', '① Summary', '③ Number of persons', '50,000 persons', '⑨ Other relevant matters'])
      expect(english).toContain(squash(expected));
  });
});

describe('claim-form.pdf (保険金請求書)', () => {
  let text: string;
  beforeAll(() => {
    text = squash(pdfText(ja.get('claim-form.pdf')!, 'form.pdf'));
  });

  it('is addressed to the insurer and dated in 和暦', () => {
    expect(text).toContain(squash(`保険金請求書`));
    expect(text).toContain(squash(`${WORKED_EXAMPLE_2.policy.insurer} 御中`));
    expect(text).toMatch(/請求日令和\d+年\d+月\d+日/);
    expect(text).toContain('事故発生日令和8年5月20日');
  });

  it('states the claimant’s address, name, 法人番号 and representative beside a seal box', () => {
    for (const expected of [`所在地${PROFILE.address}`, '名称FormsB社', `法人番号${PROFILE.corporateNumber}`, `代表者${PROFILE.representative}`, '印'])
      expect(text).toContain(squash(expected));
  });

  it('states the policy, the claim reference and the amount claimed in yen, as claim.summary says it', () => {
    expect(amountClaimed).toBeGreaterThan(0);
    expect(text).toContain(squash(`証券番号${WORKED_EXAMPLE_2.policy.policyNumber}`));
    expect(text).toContain(squash(`事故受付番号${CLAIM_REFERENCE}`));
    expect(text).toContain(squash(`請求金額${formatYen(amountClaimed)}`));
    expect(formatYen(amountClaimed)).toMatch(/^¥\d{1,3}(,\d{3})+$/);
  });

  it('states the bank account to pay into and the broker code', () => {
    for (const expected of [
      '金融機関名みずほ銀行',
      '支店名丸の内支店',
      '預金種目普通',
      '口座番号1234567',
      '口座名義（カナ）カ)ビーデータ',
      '代理店コードSK-00123',
    ])
      expect(text).toContain(squash(expected));
  });

  it('leaves a company’s unrecorded fields blank to fill in by hand, never "null"', () => {
    const bare = pdfText(blank.get('claim-form.pdf')!, 'form-blank.pdf');
    expect(bare).not.toMatch(/null|undefined|NaN/);
    const flat = squash(bare);
    // Each label is followed straight by the next: its value is an empty box (the seal box's 印 beside the first).
    expect(flat).toMatch(/所在地(印)?名称FormsC社法人番号代表者/);
    expect(flat).toContain('金融機関名支店名預金種目口座番号口座名義（カナ）');
    expect(flat).toContain('事故受付番号事故の名称');
    for (const name of ['incident-report.pdf', 'claim-summary.pdf']) expect(pdfText(blank.get(name)!, `blank-${name}`)).not.toMatch(/null|undefined|NaN/);
  });

  it('is in English when the package is', () => {
    const english = squash(pdfText(en.get('claim-form.pdf')!, 'form-en.pdf'));
    for (const expected of [
      'Insurance claim form',
      `Corporate number${PROFILE.corporateNumber}`,
      `Amount claimed${formatYen(amountClaimed)}`,
      'Account typeOrdinary',
      'Seal',
    ])
      expect(english).toContain(squash(expected));
  });
});

describe('client-notice.pdf (委託元への通知)', () => {
  it('is addressed to the client, cites Article 26(1) and carries the same items', () => {
    const text = squash(pdfText(ja.get('client-notice.pdf')!, 'notice.pdf'));
    expect(text).toContain('A社御中');
    expect(text).toContain(squash('委託を受けた個人データの漏えい等について、個人情報保護法第26条第1項ただし書に基づき通知します。'));
    expect(text).toContain('名称FormsB社');
    expect(text.indexOf('①概要')).toBeLessThan(text.indexOf('⑨その他参考となる事項'));
    expect(text).toContain(squash(REPORT.cause));
    expect(text).toContain('発生日：令和8年5月20日');
  });
});

// The test's incident fixture is the same everywhere: the blank company's is INCIDENT.
it('exports the bare company’s incident as it was entered', () => {
  expect(squash(pdfText(blank.get('incident-report.pdf')!, 'blank-title.pdf'))).toContain(squash(`事故の名称${INCIDENT.title}`));
});
