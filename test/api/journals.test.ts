// The journal files over real HTTP: an incident's claimed lines and its settled payment as freee, Money Forward
// and 弥生 read them (encoding, columns, headers, balanced entries, the claimed gross), the company's account
// mapping (journal.settings / journal.updateSettings, audited, refused whole when wrong), and who may have them.
import type { InputOf } from '../support/api-types.ts';
import iconv from 'iconv-lite';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_JOURNAL_SETTINGS, type JournalSettings } from '../../shared/journal-settings.ts';
import { corporateNumberCheckDigit, withholdingFor } from '../../shared/tax.ts';
import { auditLog, journalSettings } from '../../server/db/schema.ts';
import { parseCsv } from '../../server/import/parse-csv.ts';
import { FREEE_HEADER } from '../../server/journals/freee.ts';
import { MONEYFORWARD_HEADER } from '../../server/journals/moneyforward.ts';
import { YAYOI_COLUMNS } from '../../server/journals/yayoi.ts';
import { INCIDENT, POLICY, type CostFields } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer, type WireBody } from '../support/server.ts';
import { at } from '../support/at.ts';

const QUALIFIED = `T${corporateNumberCheckDigit('876543210987')}876543210987`;
const PASSWORD = 'correct horse battery';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signUpCompany>>;
let incidentId: string;
/** The gross of every line the claim counts (what the files must debit to expense accounts). */
let claimedGross = 0;

async function member(role: 'responder' | 'finance') {
  const { token } = await owner.client.ok('mutate', 'company.invite', { companyId: owner.companyId, role });
  const client = new ApiClient(server.url);
  await client.ok('mutate', 'auth.acceptInvite', { token, email: `${role}-${Date.now()}@example.jp`, password: PASSWORD, name: role });
  return client;
}

async function line(fields: CostFields<'incurredOn'>, stages: [stage: InputOf<'cost.setStage'>['stage'], on: string][] = []) {
  const { id } = await owner.client.ok('mutate', 'cost.create', { incidentId, incurredOn: '2026-06-01', ...fields });
  for (const [stage, on] of stages) await owner.client.ok('mutate', 'cost.setStage', { id, stage, on });
  return id;
}

let broker: { client: ApiClient; email: string; companyId: string };
beforeAll(async () => {
  server = await startTestServer();
  owner = await signUpCompany(server.url, 'Journal');
  const policy = await owner.client.ok('mutate', 'policy.create', { companyId: owner.companyId, ...POLICY });
  incidentId = (await owner.client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT, title: '顧客DB漏えい' })).id;

  const claimed: number[] = [];
  const add = async (amount: number, fields: CostFields<'incurredOn' | 'amount'>, stages: [stage: InputOf<'cost.setStage'>['stage'], on: string][]) => {
    await line({ amount, ...fields }, stages);
    claimed.push(amount);
  };
  await add(1_100_000, { category: 'investigation', stage: 'estimate', vendor: 'フォレンジック社', invoiceNumber: QUALIFIED }, [['invoiced', '2026-06-10']]);
  await add(550_000, { category: 'public_notice', stage: 'estimate', vendor: '新聞社' }, [
    ['invoiced', '2026-06-05'],
    ['paid', '2026-07-31'],
  ]);
  await add(300_000, { category: 'condolence', stage: 'estimate', taxCategory: 'exempt', description: 'QUOカード' }, [['paid', '2026-06-20']]);
  await add(110_000, { category: 'consulting', stage: 'estimate', vendor: '鈴木 一郎', invoiceNumber: QUALIFIED, withholdingTax: withholdingFor(100_000) }, [
    ['invoiced', '2026-06-30'],
    ['paid', '2026-07-10'],
  ]);
  await add(
    1_100_000,
    { category: 'litigation', stage: 'estimate', vendor: '山田法律事務所', invoiceNumber: QUALIFIED, withholdingTax: withholdingFor(1_000_000) },
    [['paid', '2026-07-15']],
  );
  await add(2_200_000, { category: 'investigation', stage: 'estimate', vendor: '佐藤 花子', withholdingTax: withholdingFor(2_000_000) }, [
    ['invoiced', '2026-10-05'],
    ['paid', '2026-10-30'],
  ]);
  await add(3_000_000, { category: 'damages', stage: 'demanded', claimant: '顧客300名' }, [['agreed', '2026-08-01']]);
  await add(1_800_000, { category: 'investigation', stage: 'estimate', source: 'third_party', claimant: 'A社' }, [['invoiced', '2026-08-20']]);
  // Not owed yet: an estimate and a demand are never booked.
  await line({ category: 'restoration', stage: 'estimate', amount: 999_999 });
  await line({ category: 'damages', stage: 'demanded', amount: 8_000_000, claimant: 'B社' });
  claimedGross = claimed.reduce((a, b) => a + b, 0);

  // The claim goes to the insurer through the broker and is settled: the payment is booked too.
  const brokerClient = new ApiClient(server.url);
  const brokerEmail = `broker-${Date.now()}@example.jp`;
  const signedUp = await brokerClient.ok('mutate', 'auth.signup', {
    email: brokerEmail,
    password: PASSWORD,
    name: '代理店',
    companyName: '代理店社',
    kind: 'broker',
  });
  broker = { client: brokerClient, email: brokerEmail, companyId: signedUp.companyId };
  await owner.client.ok('mutate', 'company.grantBroker', { companyId: owner.companyId, brokerEmail: broker.email });
  const { packageId } = await owner.client.ok('mutate', 'claim.export', { incidentId });
  await owner.client.ok('mutate', 'claim.submit', { incidentId, packageId, brokerCompanyId: broker.companyId });
  await broker.client.ok('mutate', 'claim.setStatus', { incidentId, status: 'accepted' });
  await broker.client.ok('mutate', 'claim.setStatus', { incidentId, status: 'sent_to_insurer' });
  await owner.client.ok('mutate', 'claim.settle', { incidentId, paidAmount: 9_000_000, settledOn: '2026-12-01' });
});
afterAll(async () => await server.close());

async function download(path: string, cookie: string | null = owner.client.cookie) {
  const response = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}
const journalPath = (format: string, query = '') => `/api/incidents/${incidentId}/journals/${format}.csv${query}`;
const yen = (cell: string | undefined) => (cell ? Number(cell) : 0);

/** Groups rows into entries by a column (取引No, 伝票No). */
function groupBy(rows: string[][], column: number): string[][][] {
  const groups = new Map<string, string[][]>();
  for (const row of rows) groups.set(at(row, column), [...(groups.get(at(row, column)) ?? []), row]);
  return [...groups.values()];
}

describe('the journal files', () => {
  it('弥生: Shift_JIS, no header, 25 columns, balanced slips, the claimed gross and the settlement', async () => {
    const { response, bytes } = await download(journalPath('yayoi'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('仕訳_弥生_顧客DB漏えい.csv')}`);
    // Shift_JIS: the Japanese text is not UTF-8, and decodes as CP932.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const rows = parseCsv(iconv.decode(bytes, 'cp932'));
    const col = (name: (typeof YAYOI_COLUMNS)[number]) => YAYOI_COLUMNS.indexOf(name);
    expect(rows.every((r) => r.length === 25)).toBe(true);
    expect(at(rows, 0)[col('識別フラグ')]).toMatch(/^2\d{3}$/);
    for (const slip of groupBy(rows, col('伝票No'))) {
      expect(slip.reduce((s, r) => s + yen(r[col('借方金額')]), 0)).toBe(slip.reduce((s, r) => s + yen(r[col('貸方金額')]), 0));
    }
    const counters = ['未払金', '普通預金', '預り金', ''];
    expect(rows.filter((r) => !counters.includes(at(r, col('借方勘定科目')))).reduce((s, r) => s + yen(r[col('借方金額')]), 0)).toBe(claimedGross);
    expect(rows.at(-1)!.slice(3, 16)).toEqual(['2026/12/01', '普通預金', '', '', '対象外', '9000000', '0', '受取保険金', '', '', '対象外', '9000000', '0']);
    // The lawyer paid the day of the invoice: one compound slip, the withheld tax to 預り金.
    const lawyer = groupBy(rows, col('伝票No')).find((slip) => at(slip, 0)[col('借方勘定科目')] === '支払報酬' && at(slip, 0)[col('借方金額')] === '1100000')!;
    expect(lawyer.map((r) => [r[col('識別フラグ')], r[col('貸方勘定科目')], r[col('貸方金額')]])).toEqual([
      ['2110', '預り金', '102100'],
      ['2101', '普通預金', '997900'],
    ]);
  });

  it('マネーフォワード: Shift_JIS with the 27 headers, one 取引No per balanced entry', async () => {
    const { response, bytes } = await download(journalPath('moneyforward'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    const [header, ...rows] = parseCsv(iconv.decode(bytes, 'cp932'));
    expect(header).toEqual([...MONEYFORWARD_HEADER]);
    expect(rows.every((r) => r.length === 27)).toBe(true);
    const col = (name: (typeof MONEYFORWARD_HEADER)[number]) => MONEYFORWARD_HEADER.indexOf(name);
    for (const entry of groupBy(rows, col('取引No'))) {
      expect(entry.reduce((s, r) => s + yen(r[col('借方金額(円)')]), 0)).toBe(entry.reduce((s, r) => s + yen(r[col('貸方金額(円)')]), 0));
    }
    const forensics = rows.find((r) => r[col('借方勘定科目')] === '支払手数料' && r[col('借方金額(円)')] === '1100000')!;
    expect([
      forensics[col('取引日')],
      forensics[col('借方税区分')],
      forensics[col('借方インボイス')],
      forensics[col('借方税額')],
      forensics[col('貸方勘定科目')],
    ]).toEqual(['2026/06/10', '課税仕入 10%', '適格', '100000', '未払金']);
  });

  it('freee: UTF-8 with a BOM, its header, one deal per claimed line and one for the payment', async () => {
    const { response, bytes } = await download(journalPath('freee'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header).toEqual([...FREEE_HEADER]);
    expect(rows.every((r) => r.length === 21)).toBe(true);
    const col = (name: (typeof FREEE_HEADER)[number]) => FREEE_HEADER.indexOf(name);
    const deals = rows.filter((r) => r[col('収支区分')] !== '');
    expect(deals.filter((r) => r[col('収支区分')] === '支出')).toHaveLength(8);
    expect(deals.filter((r) => r[col('収支区分')] === '支出').reduce((s, r) => s + yen(r[col('金額')]), 0)).toBe(claimedGross);
    expect(deals.filter((r) => r[col('収支区分')] === '収入').map((r) => [r[col('勘定科目')], r[col('金額')], r[col('決済日')], r[col('決済金額')]])).toEqual([
      ['受取保険金', '9000000', '2026/12/01', '9000000'],
    ]);
  });

  it('cuts the files to a period, both days included', async () => {
    const { bytes } = await download(journalPath('moneyforward', '?from=2026-07-01&to=2026-07-31'));
    const [, ...rows] = parseCsv(iconv.decode(bytes, 'cp932'));
    const dates = new Set(rows.map((r) => r[1]));
    expect([...dates].sort()).toEqual(['2026/07/10', '2026/07/15', '2026/07/31']);
    expect((await download(journalPath('yayoi', '?from=2026-13-01'))).response.status).toBe(400);
    const reversed = await download(journalPath('freee', '?from=2026-08-01&to=2026-07-01'));
    expect(reversed.response.status).toBe(400);
    expect((JSON.parse(reversed.bytes.toString('utf8')) as WireBody).error?.message).toContain('to:');
  });

  it('answers an unknown package with 404', async () => {
    expect((await download(journalPath('kanjobugyo'))).response.status).toBe(404);
  });
});

describe('the account mapping', () => {
  it('starts from the defaults, saves the company’s own into the files, and records the change', async () => {
    const read = await owner.client.ok('query', 'journal.settings', { companyId: owner.companyId });
    expect(read).toEqual({ settings: DEFAULT_JOURNAL_SETTINGS, defaults: DEFAULT_JOURNAL_SETTINGS, savedAt: null });
    const mine = {
      ...DEFAULT_JOURNAL_SETTINGS,
      accounts: { ...DEFAULT_JOURNAL_SETTINGS.accounts, investigation: '調査費' },
      bank: 'みずほ普通',
      taxAccounting: 'inclusive',
    } satisfies JournalSettings;
    const { savedAt } = await owner.client.ok('mutate', 'journal.updateSettings', { companyId: owner.companyId, settings: mine });
    expect(await owner.client.ok('query', 'journal.settings', { companyId: owner.companyId })).toMatchObject({ settings: mine, savedAt });

    const rows = parseCsv(iconv.decode((await download(journalPath('yayoi'))).bytes, 'cp932'));
    const forensics = rows.find((r) => r[4] === '調査費' && r[8] === '1100000')!;
    expect(forensics[7]).toBe('課対仕入込10%適格');
    expect(rows.at(-1)![4]).toBe('みずほ普通');

    const entry = (
      await server.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.companyId, owner.companyId), eq(auditLog.entityType, 'company'), eq(auditLog.action, 'update')))
    ).at(-1)!;
    expect(JSON.parse(entry.before!)).toEqual({
      'journal.accounts.investigation': '支払手数料',
      'journal.bank': '普通預金',
      'journal.taxAccounting': 'exclusive',
    });
    expect(JSON.parse(entry.after!)).toEqual({
      'journal.accounts.investigation': '調査費',
      'journal.bank': 'みずほ普通',
      'journal.taxAccounting': 'inclusive',
    });
  });

  it('reads a mapping stored by another version field by field: what still passes is kept', async () => {
    const other = await signUpCompany(server.url, 'Older');
    const stored = { accounts: { investigation: '調査費', lunch: '会議費' }, bank: '', payable: '未払費用', retired: true };
    await server.db
      .insert(journalSettings)
      .values({ companyId: other.companyId, settings: JSON.stringify(stored), updatedBy: other.userId, updatedAt: '2026-01-01T00:00:00.000Z' });
    const { settings } = await other.client.ok('query', 'journal.settings', { companyId: other.companyId });
    expect(settings).toEqual({ ...DEFAULT_JOURNAL_SETTINGS, accounts: { ...DEFAULT_JOURNAL_SETTINGS.accounts, investigation: '調査費' }, payable: '未払費用' });
  });

  it('refuses a wrong mapping whole, naming the field, and changes nothing', async () => {
    const before = await snapshot(server.db);
    const cases: [unknown, string][] = [
      [{ ...DEFAULT_JOURNAL_SETTINGS, withholding: '' }, 'settings.withholding'],
      [{ ...DEFAULT_JOURNAL_SETTINGS, accounts: { ...DEFAULT_JOURNAL_SETTINGS.accounts, condolence: '見舞金🙏' } }, 'settings.accounts.condolence'],
      [{ ...DEFAULT_JOURNAL_SETTINGS, insuranceIncome: '受取保険金受取保険金受取保険' }, 'settings.insuranceIncome'],
      [{ ...DEFAULT_JOURNAL_SETTINGS, accounts: { ...DEFAULT_JOURNAL_SETTINGS.accounts, lunch: '会議費' } }, 'settings.accounts'],
    ];
    for (const [settings, field] of cases) {
      const answer = await owner.client.mutateRaw('journal.updateSettings', { companyId: owner.companyId, settings });
      expect(answer.status, field).toBe(400);
      expect(answer.error?.code).toBe('BAD_REQUEST');
      expect(answer.error?.message).toContain(`${field}:`);
    }
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe('who may have them', () => {
  it('refuses a responder (403), a broker (403), another company (404) and no session (401), changing nothing', async () => {
    const responder = await member('responder');
    const stranger = await signUpCompany(server.url, 'Stranger');
    const before = await snapshot(server.db);
    expect((await download(journalPath('yayoi'), responder.cookie)).response.status).toBe(403);
    expect((await download(journalPath('yayoi'), broker.client.cookie)).response.status).toBe(403);
    expect((await download(journalPath('yayoi'), stranger.client.cookie)).response.status).toBe(404);
    expect((await download(journalPath('yayoi'), null)).response.status).toBe(401);
    // An unknown format says nothing to someone who may not see the incident.
    expect((await download(journalPath('kanjobugyo'), stranger.client.cookie)).response.status).toBe(404);
    expect((await download(`/api/incidents/00000000-0000-0000-0000-000000000000/journals/yayoi.csv`)).response.status).toBe(404);

    const settings = { companyId: owner.companyId };
    const update = { companyId: owner.companyId, settings: DEFAULT_JOURNAL_SETTINGS };
    expect((await responder.query('journal.settings', settings)).error?.code).toBe('FORBIDDEN');
    expect((await responder.mutate('journal.updateSettings', update)).error?.code).toBe('FORBIDDEN');
    expect((await broker.client.query('journal.settings', settings)).error?.code).toBe('FORBIDDEN');
    expect((await stranger.client.query('journal.settings', settings)).error?.code).toBe('NOT_FOUND');
    expect((await stranger.client.mutate('journal.updateSettings', update)).error?.code).toBe('NOT_FOUND');
    expect((await new ApiClient(server.url).query('journal.settings', settings)).error?.code).toBe('UNAUTHORIZED');
    expect(await snapshot(server.db)).toBe(before);
  });

  it('lets finance download', async () => {
    const finance = await member('finance');
    expect((await download(journalPath('freee'), finance.cookie)).response.status).toBe(200);
  });
});
