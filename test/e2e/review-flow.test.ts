// The claim's whole journey in real Chromium, for the three people it passes through (issue 4):
// the responder records the insurer notification and the deadline turns done; the demo's version 1 waits
// for the broker (the seed submitted it), and finance approves the lines, exports and submits version 2 in
// its place, confirming the pre-flight list each time; the broker queries one line and disallows another,
// and sees the adjusted figure; finance answers from the bell; the broker asks for changes, finance
// resubmits version 3, the broker accepts and sends it on, and finance records what the insurer paid.
// One browser, one context per person, so their session cookies never mix.
import { at, must } from '../support/at.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../server/demo.ts';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { launchChromium, POLL } from '../support/browser.ts';
import { ApiClient, startTestServer, type TestServer } from '../support/server.ts';

const CLIENT_COMPANY = 'B社 データ入力サービス株式会社';
const RESPONDER = { email: 'responder@example.jp', password: 'a long password', name: '対応 一郎' };
/** The line the broker queries, and the ¥10,000,000 damages line it disallows. */
const QUERIED = WORKED_EXAMPLE_2.lines.find((l) => l.category === 'litigation')!.description;
const DISALLOWED = WORKED_EXAMPLE_2.lines.find((l) => l.category === 'damages' && l.amount === 10_000_000)!.description;
const UNTOUCHED = WORKED_EXAMPLE_2.lines.find((l) => l.category === 'public_notice')!.description;
const QUESTION = '争訟費用の内訳(弁護士費用と訴訟費用)を示してください';
const REASON = '営業自粛による損失は本契約の対象外です';
const ANSWER = '弁護士費用 ¥7,000,000 と訴訟費用 ¥3,000,000 です。請求書を添付しました';
const CHANGES = '否認した明細を除いた版を再提出してください';

let server: TestServer;
let browser: Browser;
let incidentId: string;
let responder: Page;
let finance: Page;
let broker: Page;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  // The security team's responder joins the demo company through an invitation.
  const admin = new ApiClient(server.url);
  await admin.ok('mutate', 'auth.login', DEMO_CREDENTIALS);
  const { memberships } = await admin.ok('query', 'auth.me');
  const companyId = at(memberships, 0).companyId;
  incidentId = must(
    (await admin.ok('query', 'incident.list', { companyId })).find((i) => i.title === WORKED_EXAMPLE_2.incident.title),
    'the demo incident',
  ).id;
  const { token } = await admin.ok('mutate', 'company.invite', { companyId, role: 'responder' });
  await new ApiClient(server.url).ok('mutate', 'auth.acceptInvite', { token, ...RESPONDER });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// ---- helpers: each person in their own browser context, moving through the incident's tabs ----

type Who = 'finance' | 'broker' | { email: string; password: string };

/** A fresh context signed in through the sign-in page: the demo buttons, or typed credentials. */
async function signIn(who: Who): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP' });
  const page = await context.newPage();
  page.setDefaultTimeout(POLL.timeout);
  await page.goto(server.url);
  if (who === 'finance') await page.getByRole('button', { name: 'デモアカウントを入力', exact: true }).click();
  else if (who === 'broker') await page.getByRole('button', { name: '代理店のデモアカウントを入力', exact: true }).click();
  else {
    await page.getByLabel('メールアドレス').fill(who.email);
    await page.getByLabel('パスワード').fill(who.password);
  }
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByTestId('notification-bell').waitFor();
  return page;
}

/** The demo incident's 請求の進行 tab, loaded afresh (what the others did meanwhile shows). */
async function openClaim(page: Page) {
  await page.goto(`${server.url}/incidents/${incidentId}/claim`);
  await page.getByTestId('claim-status-card').waitFor();
  await page.getByTestId('deadlines-panel').waitFor();
}

/** One of the incident's tabs, clicked as a user would. */
async function tab(page: Page, name: '請求の進行' | '明細' | '請求パッケージ' | 'ダッシュボード') {
  await page.getByRole('link', { name, exact: true }).click();
  if (name === '明細') await expect.poll(() => page.getByTestId('ledger-row').count(), POLL).toBe(WORKED_EXAMPLE_2.lines.length);
  if (name === '請求の進行') await page.getByTestId('claim-status-card').waitFor();
}

const row = (page: Page, description: string) => page.getByTestId('ledger-row').filter({ hasText: description });
const claimStatus = (page: Page) => page.getByTestId('claim-status').textContent();

/** Opens a line's review conversation in the ledger and answers its panel. */
async function openReview(page: Page, description: string) {
  await row(page, description).getByTestId('open-review').click();
  const review = page.getByTestId('line-review');
  await review.waitFor();
  return review;
}

/** Exports a new package version on the 請求パッケージ tab: only once the pre-flight list is confirmed. */
async function exportPackage(page: Page, version: number) {
  await tab(page, '請求パッケージ');
  const button = page.getByTestId('export-package');
  await page.getByTestId('preflight').waitFor();
  expect(await button.isDisabled()).toBe(true);
  await page.getByLabel('上記を確認のうえ作成します').check();
  await button.click();
  await expect.poll(() => page.getByRole('status').textContent(), POLL).toBe(`第${version}版を作成しました。`);
}

/** Submits the version chosen on the 請求の進行 tab: the button waits for the version's pre-flight list to be confirmed. */
async function submitChosenVersion(page: Page, expectedItems: string[]) {
  const submit = page.getByTestId('submit-claim');
  const list = page.getByTestId('claim-status-card').getByTestId('preflight');
  await list.waitFor();
  expect(await list.getByTestId('preflight-item').evaluateAll((items) => items.map((li) => li.getAttribute('data-key')))).toEqual(expectedItems);
  expect(await submit.isDisabled()).toBe(true);
  await page.getByLabel('上記を確認のうえ提出します').check();
  await submit.click();
}

/**
 * What stays outstanding once finance has approved every line: consent, receipts and documents (the claim form
 * and the incident report are written into the package from the demo's profile and report).
 */
const AFTER_APPROVAL = [
  'consent_missing',
  'no_receipt',
  'document:settlements',
  'document:notice_letters',
  'document:condolence_list',
  'document:outsourcing_contract',
  'document:demand_letters',
  'document:consent_letters',
  'document:seal_certificate',
  'document:registry_extract',
];

/** Every request the page sends to one tRPC procedure from now on. */
function watchCalls(page: Page, procedure: string): string[] {
  const calls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.includes(procedure)) calls.push(request.url());
  });
  return calls;
}

describe('the claim through responder, finance and broker', { timeout: 60_000 }, () => {
  it('responder: records the insurer notification, the deadline turns done; no approving, no submitting', async () => {
    responder = await signIn(RESPONDER);
    await openClaim(responder);

    // A's claim against B was received on 12 June 2026 and the insurer not yet told of it: late on day 8.
    const notice = responder.getByTestId('deadline-third_party_claim_notice');
    await expect.poll(() => notice.getAttribute('data-state'), POLL).toBe('late');
    expect(await notice.textContent()).toContain('保険会社への損害賠償請求の通知（A社）');
    expect(await notice.textContent()).toContain('請求を受けた日 2026/06/12 から');
    expect(await notice.textContent()).toContain('期限超過');
    // The insurer notice of the incident itself is done, with the insurer's reference.
    expect(await responder.getByTestId('deadline-insurer_notice').textContent()).toContain('TM-26-004512');

    await responder.getByTestId('third-party-claims').getByRole('button', { name: '編集' }).click();
    await responder.getByTestId('tpc-insurerNotifiedOn').fill('2026-06-16');
    await responder.getByTestId('tpc-insurerReference').fill('TM-26-004512-1');
    await responder.getByTestId('save-tpc').click();
    await expect.poll(() => notice.getAttribute('data-state'), POLL).toBe('done');
    expect(await notice.textContent()).toContain('完了');
    expect(await notice.textContent()).toContain('TM-26-004512-1');
    await expect.poll(() => responder.getByTestId('timeline').textContent(), POLL).toContain('損害賠償請求を保険会社へ通知（A社）');

    // The demo's version 1 is with the broker; moving the claim is finance's: no submit button, a word on who does it.
    expect(await claimStatus(responder)).toBe('提出済');
    expect(await responder.getByTestId('submit-claim').count()).toBe(0);
    expect(await responder.getByTestId('claim-status-card').textContent()).toContain('提出と支払確定の記録は経理または管理者が行います。');

    // And approving lines is finance's too.
    await tab(responder, '明細');
    expect(await responder.getByTestId('ledger-table').locator('input[type="checkbox"]').count()).toBe(0);
    expect(await responder.getByTestId('approve-selected').count()).toBe(0);
    expect(await responder.getByTestId('toggle-approval').count()).toBe(0);
  });

  it('finance: approves every line, exports version 2 and submits it to the broker in place of the demo’s version 1', async () => {
    finance = await signIn('finance');
    await openClaim(finance);
    // The seed's version 1 was submitted before anything was approved: the version's own list says so.
    expect(await claimStatus(finance)).toBe('提出済');
    expect(await finance.getByTestId('claim-status-card').getByTestId('preflight-item').first().getAttribute('data-key')).toBe('unapproved');
    await tab(finance, '明細');
    const cells = finance.getByTestId('approval-cell');
    expect(await cells.allTextContents()).toEqual(Array(5).fill(expect.stringContaining('未承認')));

    await finance.getByLabel('このページの行をすべて選択').check();
    const approve = finance.getByTestId('approve-selected');
    await expect.poll(() => approve.textContent(), POLL).toBe('選択した 5 行を承認');
    await approve.click();
    await expect.poll(async () => (await cells.allTextContents()).filter((text) => text.includes('承認済')).length, POLL).toBe(5);
    expect(await approve.textContent()).toBe('選択した 0 行を承認');

    await exportPackage(finance, 2);
    await tab(finance, '請求の進行');
    expect(await finance.locator('#submit-version option:checked').textContent()).toContain('第2版');
    // The tab may first show the timeline as cached before the export: counted once it lists version 2.
    await expect.poll(() => finance.getByTestId('timeline').textContent(), POLL).toContain('請求パッケージ第2版を作成');
    const before = await finance.getByTestId('timeline').locator('li').count();
    await submitChosenVersion(finance, AFTER_APPROVAL);
    // Still 提出済, now with version 2: the timeline gains the submission.
    await expect.poll(() => finance.getByTestId('timeline').locator('li').count(), POLL).toBe(before + 1);
    expect(await claimStatus(finance)).toBe('提出済');
    const card = finance.getByTestId('claim-status-card');
    expect(await card.textContent()).toContain('さくら保険サービス株式会社');
    await expect.poll(() => card.textContent(), POLL).toMatch(/提出版\s*第2版/);
    expect(await finance.getByTestId('claimed-amount').textContent()).toBe('¥53,000,000');
  });

  it('broker: finds the submission waiting, queries one line, disallows another, sees the adjusted figure', async () => {
    broker = await signIn('broker');
    const client = broker.getByTestId('broker-client').filter({ hasText: CLIENT_COMPANY });
    const incident = client.getByTestId('broker-incident').filter({ hasText: WORKED_EXAMPLE_2.incident.title });
    await expect.poll(() => incident.getByTestId('broker-claim-status').textContent(), POLL).toBe('提出済');
    expect(await incident.textContent()).toContain('確認待ち');
    expect(await incident.textContent()).toContain('第2版を提出済');
    await incident.getByRole('link', { name: WORKED_EXAMPLE_2.incident.title }).click();
    await expect.poll(async () => await claimStatus(broker), POLL).toBe('提出済');

    await tab(broker, '明細');
    const decisions = watchCalls(broker, 'review.decide');

    // A query with its question: the claim's review starts.
    let review = await openReview(broker, QUERIED);
    await review.getByTestId('review-comment').fill(QUESTION);
    await review.getByTestId('review-query').click();
    await expect.poll(() => review.getByTestId('review-entry').allTextContents(), POLL).toEqual([expect.stringContaining(QUESTION)]);
    await expect.poll(() => row(broker, QUERIED).getByTestId('review-badge').textContent(), POLL).toBe('照会中');
    await expect.poll(() => broker.getByTestId('header-claim-status').textContent(), POLL).toBe('代理店確認中');

    // The ¥10,000,000 damages line is disallowed, with the reason.
    review = await openReview(broker, DISALLOWED);
    await review.getByTestId('review-comment').fill(REASON);
    await review.getByTestId('review-disallow').click();
    await expect.poll(() => row(broker, DISALLOWED).getByTestId('review-badge').textContent(), POLL).toBe('否認');
    expect(await review.getByTestId('review-entry').allTextContents()).toEqual([expect.stringContaining(REASON)]);
    expect(decisions).toHaveLength(2);

    // A query that asks nothing is refused on the spot, in Japanese, and nothing is sent.
    review = await openReview(broker, UNTOUCHED);
    await review.getByTestId('review-query').click();
    await expect.poll(() => review.getByRole('alert').textContent(), POLL).toBe('照会の内容または否認の理由を入力してください。');
    expect(await review.getByTestId('review-comment').getAttribute('aria-invalid')).toBe('true');
    expect(decisions).toHaveLength(2);
    expect(await row(broker, UNTOUCHED).getByTestId('review-badge').count()).toBe(0);
    expect(await review.getByTestId('review-entry').count()).toBe(0);

    // The dashboard shows the figure without the disallowed line beside the claimed one.
    await tab(broker, 'ダッシュボード');
    await expect.poll(() => broker.getByTestId('adjusted-payable').textContent(), POLL).toBe('¥43,000,000');
    expect(await broker.getByTestId('total-payable').textContent()).toBe('¥53,000,000');
  });

  it("finance: the bell brings the broker's query, opened on its line, and finance answers it", async () => {
    await finance.reload();
    await finance.getByTestId('claim-status-card').waitFor();
    expect(await claimStatus(finance)).toBe('代理店確認中');
    const unread = finance.getByTestId('unread-count');
    await expect.poll(async () => Number(await unread.textContent()), POLL).toBeGreaterThan(0);
    // The bell's accessible name says the count it shows (WCAG 2.5.3, label in name).
    const shown = (await unread.textContent())!.trim();
    expect(await finance.getByTestId('notification-bell').getAttribute('aria-label')).toMatch(new RegExp(`(^|\\D)${shown}(\\D|$)`));

    await finance.getByTestId('notification-bell').click();
    const notice = finance.getByTestId('notification-list').getByRole('link').filter({ hasText: '「照会中」' });
    await expect.poll(() => notice.count(), POLL).toBe(1);
    const before = Number(await unread.textContent());
    await notice.click();

    // The ledger, with the queried line's conversation open.
    const queriedId = await row(finance, QUERIED).getAttribute('data-cost-id');
    await expect.poll(() => new URL(finance.url()).search, POLL).toBe(`?line=${queriedId}`);
    const review = finance.getByTestId('line-review');
    await expect.poll(() => review.getByTestId('review-entry').allTextContents(), POLL).toEqual([expect.stringContaining(QUESTION)]);
    expect(await row(finance, QUERIED).getByTestId('open-review').getAttribute('aria-expanded')).toBe('true');
    await expect.poll(async () => Number((await unread.count()) ? await unread.textContent() : 0), POLL).toBe(before - 1);

    await review.getByTestId('review-comment').fill(ANSWER);
    await review.getByTestId('review-answer').click();
    await expect.poll(() => review.getByTestId('review-entry').count(), POLL).toBe(2);
    expect(await review.getByTestId('review-entry').nth(1).textContent()).toContain(ANSWER);

    // The broker, reloading, reads the answer under its question.
    await broker.goto(`${server.url}/incidents/${incidentId}/ledger`);
    await expect.poll(() => broker.getByTestId('ledger-row').count(), POLL).toBe(5);
    const thread = await openReview(broker, QUERIED);
    await expect
      .poll(() => thread.getByTestId('review-entry').allTextContents(), POLL)
      .toEqual([expect.stringContaining(QUESTION), expect.stringContaining(ANSWER)]);
    expect(await thread.getByTestId('review-entry').nth(1).textContent()).toContain('(契約者)');
  });

  it('broker asks for changes (a note is required), finance resubmits version 3, the broker accepts and sends it on', async () => {
    await openClaim(broker);
    expect(await claimStatus(broker)).toBe('代理店確認中');
    const changes = watchCalls(broker, 'claim.setStatus');
    await broker.getByTestId('request-changes').click();
    await expect.poll(() => broker.getByTestId('claim-status-card').textContent(), POLL).toContain('修正してほしい点を入力してください');
    expect(changes).toHaveLength(0);
    expect(await claimStatus(broker)).toBe('代理店確認中');
    await broker.getByLabel('メモ').fill(CHANGES);
    await broker.getByTestId('request-changes').click();
    await expect.poll(async () => await claimStatus(broker), POLL).toBe('修正依頼');
    expect(await broker.getByTestId('claim-status-card').textContent()).not.toContain('修正してほしい点を入力してください');

    await exportPackage(finance, 3);
    await tab(finance, '請求の進行');
    await expect.poll(async () => await claimStatus(finance), POLL).toBe('修正依頼');
    const resubmit = finance.getByTestId('submit-claim');
    expect(await resubmit.textContent()).toBe('修正版を再提出');
    expect(await finance.locator('#submit-version option:checked').textContent()).toContain('第3版');
    await submitChosenVersion(finance, AFTER_APPROVAL);
    await expect.poll(async () => await claimStatus(finance), POLL).toBe('提出済');
    expect(await finance.getByTestId('claim-status-card').textContent()).toContain('第3版');

    await openClaim(broker);
    expect(await claimStatus(broker)).toBe('提出済');
    await broker.getByTestId('accept-claim').click();
    await expect.poll(async () => await claimStatus(broker), POLL).toBe('代理店承認済');
    await broker.getByTestId('send-to-insurer').click();
    await expect.poll(async () => await claimStatus(broker), POLL).toBe('保険会社へ送付済');
    // Sending the claim on meets the three-year limit of what was paid and settled by then.
    await expect.poll(() => broker.getByTestId('deadline-claim_limit_expenses').getAttribute('data-state'), POLL).toBe('done');
    await expect.poll(() => broker.getByTestId('deadline-claim_limit_damages').getAttribute('data-state'), POLL).toBe('done');
  });

  it('finance records the settlement: paid beside claimed, and the timeline lists every move', async () => {
    await openClaim(finance);
    expect(await claimStatus(finance)).toBe('保険会社へ送付済');
    await finance.getByLabel('保険会社の支払額').fill('5000万');
    await finance.getByTestId('settle-claim').click();
    await expect.poll(async () => await claimStatus(finance), POLL).toBe('支払確定');

    const card = finance.getByTestId('claim-status-card');
    expect(await finance.getByTestId('settled-amount').textContent()).toBe('¥50,000,000');
    expect(await finance.getByTestId('claimed-amount').textContent()).toBe('¥53,000,000');
    expect(await card.innerText()).toMatch(/請求額（提出版）\s+¥53,000,000/);
    expect(await card.innerText()).toMatch(/支払額\s+¥50,000,000/);
    expect(await card.innerText()).toMatch(/差額\s+-¥3,000,000/);

    const moves = await finance.getByTestId('timeline').locator('li').allInnerTexts();
    const expected = [
      '保険会社へ通知',
      '請求パッケージ第1版を作成（デモ 太郎）',
      '提出済 第1版（デモ 太郎）',
      '請求パッケージ第2版を作成（デモ 太郎）',
      '提出済 第2版（デモ 太郎）',
      '代理店確認中（代理 花子）',
      `修正依頼（代理 花子） — ${CHANGES}`,
      '請求パッケージ第3版を作成（デモ 太郎）',
      '提出済 第3版（デモ 太郎）',
      '代理店承認済（代理 花子）',
      '保険会社へ送付済（代理 花子）',
      '支払確定（デモ 太郎） — ¥50,000,000',
      '保険金支払確定（¥50,000,000）',
    ];
    // Each move once, in this order.
    const at = expected.map((text) => moves.findIndex((line) => line.includes(text)));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(moves, null, 1),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);

    // The broker's home shows the claim settled.
    await broker.goto(server.url);
    const incident = broker.getByTestId('broker-incident').filter({ hasText: WORKED_EXAMPLE_2.incident.title });
    await expect.poll(() => incident.getByTestId('broker-claim-status').textContent(), POLL).toBe('支払確定');
    expect(await incident.textContent()).toContain('支払額 ¥50,000,000');
  });
});
