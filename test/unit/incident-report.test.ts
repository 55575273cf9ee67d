// The incident report's texts (shared/incident-report.ts): the commission's items in the order of its form
// (個人情報保護法施行規則第8条第1項 ①〜⑨), the dates of ① in 和暦, ③ from the incident's persons, and the
// contractor's notice to its client; and the claim form profile's 法人番号, verified by its check digit.
import { describe, expect, it } from 'vitest';
import { companyProfileInput } from '../../shared/schemas.ts';
import { corporateNumberCheckDigit } from '../../shared/tax.ts';
import {
  clientNotice,
  clientNoticeText,
  EMPTY_REPORT,
  incidentReportUpdateInput,
  ppcReportItems,
  ppcReportText,
  type IncidentReportFacts,
  type IncidentReportTexts,
} from '../../shared/incident-report.ts';
import { at, atLeast } from '../support/at.ts';

const FACTS: IncidentReportFacts = {
  occurredOn: '2026-05-20',
  discoveredOn: '2026-06-01',
  awareOn: '2026-05-30',
  personsAffected: 50_000,
  recordsAffected: 50_000,
  dataRole: 'contractor',
};

const REPORT: IncidentReportTexts = {
  summary: '入力用データを社員が許可なく複製し、名簿業者へ販売した。',
  dataItems: '氏名、住所、電話番号',
  cause: '持ち出しを検知する仕組みがなかった。',
  secondaryHarm: 'なし',
  measuresForPersons: 'A社が本人へ通知した。',
  publication: 'A社が公表した。',
  recurrencePrevention: '操作ログの監視を始めた。',
  other: '警察へ相談済み。',
  clientName: 'A社',
  contactName: '佐藤',
  contactPhone: '03-1234-5678',
};

describe('the report to the Personal Information Protection Commission', () => {
  it('lists the nine items in the order of the commission’s form, with its wording', () => {
    const items = ppcReportItems(REPORT, FACTS, 'ja');
    expect(items.map((i) => [i.number, i.label])).toEqual([
      [1, '概要'],
      [2, '漏えい等が発生し、又は発生したおそれがある個人データの項目'],
      [3, '漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数'],
      [4, '原因'],
      [5, '二次被害又はそのおそれの有無及びその内容'],
      [6, '本人への対応の実施状況'],
      [7, '公表の実施状況'],
      [8, '再発防止のための措置'],
      [9, 'その他参考となる事項'],
    ]);
    expect(items.map((i) => i.text?.split('\n').at(-1))).toEqual([
      REPORT.summary,
      REPORT.dataItems,
      '50,000人',
      REPORT.cause,
      REPORT.secondaryHarm,
      REPORT.measuresForPersons,
      REPORT.publication,
      REPORT.recurrencePrevention,
      REPORT.other,
    ]);
  });

  it('opens ① with the dates it occurred, was discovered and became known, in 和暦', () => {
    const [summary] = atLeast(ppcReportItems(REPORT, FACTS, 'ja'), 1);
    expect(summary.text!.split('\n').slice(0, 3)).toEqual(['発生日：令和8年5月20日', '発覚日：令和8年6月1日', '知った日：令和8年5月30日']);
    // Before the day of awareness is recorded, it is the day of discovery (the regulator's clock starts there).
    const [fallback] = atLeast(ppcReportItems(REPORT, { ...FACTS, awareOn: null, occurredOn: '2019-04-30', discoveredOn: '2019-05-01' }, 'ja'), 1);
    expect(fallback.text!.split('\n').slice(0, 3)).toEqual(['発生日：平成31年4月30日', '発覚日：令和元年5月1日', '知った日：令和元年5月1日']);
  });

  it('counts ③ from the incident’s persons, naming the records when they differ, and says nothing when unknown', () => {
    expect(at(ppcReportItems(REPORT, { ...FACTS, recordsAffected: 62_000 }, 'ja'), 2).text).toBe('50,000人（漏えい等した記録 62,000件）');
    expect(at(ppcReportItems(REPORT, { ...FACTS, personsAffected: null }, 'ja'), 2).text).toBeNull();
    expect(at(ppcReportItems(REPORT, { ...FACTS, personsAffected: 1 }, 'en'), 2).text).toBe('1 person (50,000 records)');
  });

  it('writes the whole report as text in the same order, a gap said as such', () => {
    const text = ppcReportText({ ...EMPTY_REPORT, cause: '設定の誤り' }, FACTS, 'ja');
    const headings = [...text.matchAll(/^([①-⑨]) /gm)].map((m) => m[1]);
    expect(headings).toEqual(['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨']);
    expect(text).toContain('④ 原因\n設定の誤り');
    expect(text).toContain('② 漏えい等が発生し、又は発生したおそれがある個人データの項目\n（未記入）');
    expect(text).not.toMatch(/null|undefined/);
  });

  it('says the items in English with English dates', () => {
    const items = ppcReportItems(REPORT, FACTS, 'en');
    expect(items[0]).toMatchObject({ label: 'Summary' });
    expect(at(items, 0).text).toContain('Occurred on: 20 May 2026');
    expect(at(items, 8).label).toBe('Other relevant matters');
  });
});

describe('the contractor’s notice to its client (委託元への通知)', () => {
  it('is addressed to the client, cites the proviso of Article 26(1) and carries the same items', () => {
    const notice = clientNotice(REPORT, FACTS, 'ja');
    expect(notice.addressee).toBe('A社 御中');
    expect(notice.intro).toBe('委託を受けた個人データの漏えい等について、個人情報保護法第26条第1項ただし書に基づき通知します。');
    expect(notice.items).toEqual(ppcReportItems(REPORT, FACTS, 'ja'));
    expect(notice.contact).toBe('佐藤　03-1234-5678');
    const text = clientNoticeText(REPORT, FACTS, 'B社', 'ja');
    expect(text.startsWith('A社 御中\n\n通知者：B社')).toBe(true);
    expect(text.indexOf('① 概要')).toBeLessThan(text.indexOf('⑨ その他参考となる事項'));
    expect(text.endsWith('連絡先：佐藤　03-1234-5678')).toBe(true);
  });

  it('leaves a place for the client’s name while it is not written', () => {
    expect(clientNotice({ ...REPORT, clientName: null }, FACTS, 'ja').addressee).toBe('（委託元の名称を記入） 御中');
  });
});

describe('the report’s input', () => {
  it('takes each text optional, null or blank to clear, at most 4,000 characters', () => {
    expect(incidentReportUpdateInput.parse({ incidentId: 'i', summary: '  概要  ', cause: null, other: '   ' })).toEqual({
      incidentId: 'i',
      summary: '概要',
      cause: null,
      other: null,
    });
    const tooLong = incidentReportUpdateInput.safeParse({ incidentId: 'i', dataItems: 'あ'.repeat(4001) });
    expect(tooLong.success).toBe(false);
    expect(at(tooLong.error!.issues, 0).path).toEqual(['dataItems']);
    expect(incidentReportUpdateInput.safeParse({ incidentId: 'i', dataItems: 'あ'.repeat(4000) }).success).toBe(true);
  });
});

/** A 法人番号 made from 12 base digits with its check digit in front. */
const withCheckDigit = (base: string) => `${corporateNumberCheckDigit(base)}${base}`;
const profile = (corporateNumber: unknown) => companyProfileInput.safeParse({ companyId: 'c', corporateNumber });

describe('the 法人番号 on the claim form profile', () => {
  it('accepts a real number (国税庁: 7000012050002) and numbers with a computed check digit', () => {
    expect(profile('7000012050002')).toMatchObject({ success: true, data: { corporateNumber: '7000012050002' } });
    for (const base of ['000012050002', '010001008846', '123456789012', '999999999999']) expect(profile(withCheckDigit(base)).success, base).toBe(true);
  });

  it('reads full-width digits, spaces and hyphens as typed on a Japanese keyboard', () => {
    expect(profile('７０００ ０１２０-５０００２')).toMatchObject({ success: true, data: { corporateNumber: '7000012050002' } });
  });

  it('refuses a wrong check digit, 12 or 14 digits and letters, naming corporateNumber', () => {
    for (const wrong of ['8000012050002', '1000012050002', '700001205000', '70000120500021', 'T7000012050002', '700001205000X']) {
      const result = profile(wrong);
      expect(result.success, wrong).toBe(false);
      expect(
        result.error!.issues.map((i) => i.path.join('.')),
        wrong,
      ).toEqual(['corporateNumber']);
    }
    expect(at(profile('8000012050002').error!.issues, 0).message).toMatch(/check digit.*法人番号/);
    expect(at(profile('700001205000').error!.issues, 0).message).toBe('must be 13 digits (法人番号)');
  });

  it('clears with null or a blank, and leaves the number alone when absent', () => {
    expect(profile(null)).toMatchObject({ success: true, data: { corporateNumber: null } });
    expect(profile('  ')).toMatchObject({ success: true, data: { corporateNumber: null } });
    expect(companyProfileInput.parse({ companyId: 'c' })).toEqual({ companyId: 'c' });
  });

  it('takes the account number as up to 8 digits and the holder in katakana', () => {
    expect(companyProfileInput.parse({ companyId: 'c', bankAccountNumber: '０１２３４５６', bankAccountHolder: 'ｶ)ﾋﾞｰﾃﾞｰﾀ' })).toMatchObject({
      bankAccountNumber: '0123456',
      bankAccountHolder: 'カ)ビーデータ',
    });
    expect(at(companyProfileInput.safeParse({ companyId: 'c', bankAccountNumber: '123456789' }).error!.issues, 0).path).toEqual(['bankAccountNumber']);
    expect(at(companyProfileInput.safeParse({ companyId: 'c', bankAccountHolder: '山田太郎' }).error!.issues, 0).path).toEqual(['bankAccountHolder']);
  });
});
