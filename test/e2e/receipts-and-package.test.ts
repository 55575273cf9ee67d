// Finance attaches a receipt to a ledger line, sees the documents checklist follow, exports the claim
// package and finds the new version listed — and the ZIP it downloads is the one listed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openDemoDashboard, POLL } from '../support/browser.ts';
import { chooseCategory, chooseStage } from '../support/cost-form.ts';
import { png } from '../support/files.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;

/** A small one-page PDF with a drawn box, as a scanner or an invoicing system would send. */
const RECEIPT = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
    '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 280] /Contents 4 0 R>> endobj',
    '4 0 obj <</Length 44>> stream',
    '0.2 0.4 0.8 rg 20 20 160 240 re f Q q Q q Q',
    'endstream endobj',
    'trailer <</Root 1 0 R>>',
    '%%EOF',
  ].join('\n'),
);

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchChromium();
  page = await openDemoDashboard(browser, server.url, { acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('receipts and the claim package in the browser', () => {
  it('attaches a receipt to a ledger line and shows it there', async () => {
    const card = page.getByTestId('documents-card');
    await expect.poll(() => card.getByTestId('missing-documents').textContent(), POLL).toContain('5 行に添付なし');

    await page.getByRole('link', { name: '明細', exact: true }).click();
    const firstRow = page.getByTestId('ledger-row').first();
    await firstRow.getByTestId('line-files-toggle').click();
    const panel = page.getByTestId('line-attachments');
    await panel.getByTestId('file-input').setInputFiles({ name: '領収書_調査費用.pdf', mimeType: 'application/pdf', buffer: RECEIPT });

    await expect.poll(() => panel.getByTestId('attachment').count(), POLL).toBe(1);
    expect(await panel.getByTestId('attachment').textContent()).toContain('領収書_調査費用.pdf');
    await expect.poll(() => firstRow.getByTestId('line-files-toggle').textContent(), POLL).toBe('1');
    // The preview is the PDF's first page, drawn by pdf.js: blue where the receipt has its box.
    const thumbnail = panel.getByTestId('pdf-thumbnail');
    await expect.poll(() => thumbnail.evaluate((c: HTMLCanvasElement) => c.width), POLL).toBeGreaterThan(0);
    const centre = () => thumbnail.evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(c.width / 2, c.height / 2, 1, 1).data));
    await expect.poll(centre, POLL).toEqual([51, 102, 204, 255]);
  });

  it('refuses a file that is not a receipt, with a message, and keeps nothing', async () => {
    const panel = page.getByTestId('line-attachments');
    await panel
      .getByTestId('file-input')
      .setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 a Windows program') });
    await expect.poll(() => panel.getByRole('alert').textContent(), POLL).toContain('PDF・JPEG・PNG・WebP・HEIC のファイルだけ添付できます');
    expect(await panel.getByTestId('attachment').count()).toBe(1);
  });

  it('shows one line fewer without a receipt on the documents page', async () => {
    await page.getByRole('link', { name: '書類', exact: true }).click();
    const receipts = page.getByTestId('document-receipts');
    await expect.poll(() => receipts.textContent(), POLL).toContain('明細 5 件中 1 件に添付あり');
    // Above ¥10,000,000 the seal certificate is required, and nothing is attached yet.
    expect(await page.getByTestId('document-seal_certificate').getByTestId('document-status').textContent()).toBe('未提出');
  });

  it('takes several documents dropped at once onto the checklist', async () => {
    // The claim form is written into the package from the demo's profile: already in.
    expect(await page.getByTestId('document-claim_form').getByTestId('document-status').textContent()).toBe('添付済み');
    expect(await page.getByTestId('document-claim_form').textContent()).toContain('請求パッケージに自動作成');
    // B is A's contractor: the outsourcing contract is asked for.
    const contract = page.getByTestId('document-outsourcing_contract');
    expect(await contract.getByTestId('document-status').textContent()).toBe('未提出');
    // Two files dragged from the desktop in one go, as the browser hands them to the page.
    const files = [
      { name: '業務委託契約書.pdf', type: 'application/pdf', bytes: [...RECEIPT] },
      { name: '業務委託契約書_別紙.pdf', type: 'application/pdf', bytes: [...RECEIPT, 0x0a] },
    ];
    const dataTransfer = await page.evaluateHandle((list) => {
      const transfer = new DataTransfer();
      for (const f of list) transfer.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      return transfer;
    }, files);
    await contract.getByTestId('file-drop').dispatchEvent('drop', { dataTransfer });

    await expect.poll(() => contract.getByTestId('attachment').count(), POLL).toBe(2);
    expect(await contract.getByTestId('document-status').textContent()).toBe('添付済み');
    expect(await contract.textContent()).toContain('業務委託契約書_別紙.pdf');
  });

  it('lists what is outstanding before the export, each item linked to where it is fixed', async () => {
    await page.getByRole('link', { name: '請求パッケージ', exact: true }).click();
    const preflight = page.getByTestId('preflight');
    await preflight.waitFor();
    const items = preflight.getByTestId('preflight-item');
    // The demo's lines are not approved, its condolence payment, settlements and defence costs have no consent,
    // one line has its receipt (attached above), the contract is in (dropped above) and the package writes the
    // claim form and the incident report.
    expect(await items.evaluateAll((list) => list.map((li) => li.getAttribute('data-key')))).toEqual([
      'unapproved',
      'consent_missing',
      'no_receipt',
      'document:settlements',
      'document:notice_letters',
      'document:condolence_list',
      'document:demand_letters',
      'document:consent_letters',
      'document:seal_certificate',
      'document:registry_extract',
    ]);
    expect(await items.allInnerTexts()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('経理が承認していない請求明細が 5件（¥66,000,000）あります。'),
        expect.stringContaining('領収書・請求書が添付されていない請求明細が 4件'),
        expect.stringContaining('提出書類「印鑑証明書」が未提出です。'),
      ]),
    );
    const incidentPath = new URL(page.url()).pathname.replace(/\/packages$/, '');
    expect(await items.nth(0).getByRole('link', { name: '確認する' }).getAttribute('href')).toBe(`${incidentPath}/ledger?attention=unapproved`);
    // The consent item's link opens the ledger showing those four lines, and the filter can be dropped.
    await items.nth(1).getByRole('link', { name: '確認する' }).click();
    await expect.poll(() => page.getByTestId('attention-filter').textContent(), POLL).toContain('要対応');
    await expect.poll(() => page.getByTestId('ledger-row').count(), POLL).toBe(4);
    expect((await page.getByTestId('ledger-row').allInnerTexts()).join('\n')).toContain('見舞金');
    await page.getByRole('button', { name: 'すべての明細を表示' }).click();
    await expect.poll(() => page.getByTestId('attention-filter').count(), POLL).toBe(0);
    await expect.poll(() => page.getByTestId('ledger-row').count(), POLL).toBe(5);
    await page.getByRole('link', { name: '請求パッケージ', exact: true }).click();
    await page.getByTestId('preflight').waitFor();
    // A document's link opens the documents page at that document.
    await preflight.locator('[data-key="document:seal_certificate"]').getByRole('link', { name: '確認する' }).click();
    const seal = page.getByTestId('document-seal_certificate');
    await seal.waitFor();
    expect(new URL(page.url()).hash).toBe('#document-seal_certificate');
    await expect
      .poll(
        () =>
          seal.evaluate((el) => {
            const r = el.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
          }),
        POLL,
      )
      .toBe(true);
  });

  it('exports only once the list is confirmed, and lists the new version beside the demo’s first', async () => {
    await page.getByRole('link', { name: '請求パッケージ', exact: true }).click();
    const exportButton = page.getByTestId('export-package');
    await page.getByTestId('preflight').waitFor();
    expect(await exportButton.isDisabled()).toBe(true);
    await page.getByLabel('上記を確認のうえ作成します').check();
    expect(await exportButton.isDisabled()).toBe(false);
    await exportButton.click();
    // Version 1 is the one the demo submitted to its broker; the receipts and documents since make a new one.
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toBe('第2版を作成しました。');
    const version = page.getByTestId('package-version');
    await expect.poll(() => version.count(), POLL).toBe(2);
    const row = await version.first().textContent();
    expect(row).toContain('第2版');
    expect(row).toContain('¥53,000,000');
    expect(row).toContain('デモ 太郎');

    // The download is the frozen file: its SHA-256 is the one the list shows.
    const shown = await version.first().locator('td.font-mono').getAttribute('title');
    const [download] = await Promise.all([page.waitForEvent('download'), version.first().getByRole('link').click()]);
    const bytes = readFileSync(await download.path());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);
    expect(download.suggestedFilename()).toMatch(/^保険金請求書類_.*_第2版\.zip$/);
  });

  it('answers version 2 again when nothing changed, and says no new version was made', async () => {
    await page.getByTestId('export-package').click();
    await expect
      .poll(() => page.getByRole('status').textContent(), POLL)
      .toBe('第2版の作成後、明細に変更がないため、第2版をそのまま使います（新しい版は作成していません）。');
    expect(await page.getByTestId('package-version').count()).toBe(2);
  });

  it('offers the receipt photo right after a cost is logged, and files it on that line', async () => {
    await page.getByRole('link', { name: 'ダッシュボード', exact: true }).click();
    const form = page.getByRole('form', { name: '費用を記録' });
    await chooseCategory(page, form, '通信');
    await chooseStage(form, '支払済');
    await form.getByLabel('金額').fill('12800');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥12,800 を記録しました。');
    // A phone offers its camera for this picker; here the photo is a file.
    await form.getByTestId('file-input').setInputFiles({ name: 'タクシー領収書.png', mimeType: 'image/png', buffer: png() });

    await page.getByRole('link', { name: '明細', exact: true }).click();
    const newest = page.getByTestId('ledger-row').first(); // today's line comes first (newest date)
    await expect.poll(() => newest.textContent(), POLL).toContain('¥12,800');
    await expect.poll(() => newest.getByTestId('line-files-toggle').textContent(), POLL).toBe('1');
  });
});
