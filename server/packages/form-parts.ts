// The pieces the insurer's forms in a claim package share (事故状況報告書, 保険金請求書, 委託元への通知): the
// page frame naming the claim reference on every page, tables of label and value whose missing values are
// blanks to fill in by hand, the report's items in the commission's order, and the seal box.

import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Locale } from '../../shared/categories.ts';
import { CIRCLED_NUMBERS, reportDate, type PpcItem } from '../../shared/incident-report.ts';
import { claimReferenceText, FONT_FAMILY, LIGHT_LINES, MUTED, SHADE, WRITING_LINES } from './pdf-base.ts';

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The day in Japan of a UTC timestamp: the date a form bears. */
export function japanDate(iso: string): string {
  return new Date(Date.parse(iso) + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Every date on a form: 令和8年6月1日 (平成 before 1 May 2019) in Japanese, 1 Jun 2026 in English. */
export const formDate = reportDate;

/** What a form needs to frame its pages. */
export interface FormFrame {
  locale: Locale;
  title: string;
  policyNumber: string;
  claimReference: string | null;
  createdAt: string;
}

const POLICY_NUMBER = { ja: '証券番号', en: 'Policy number' };

/**
 * The claim reference at the top right of every page, where the insurer's staff look for it, and again in
 * the footer with the policy number and the page: a page that strays from its file is still filed.
 */
function frame(f: FormFrame): Pick<TDocumentDefinitions, 'header' | 'footer'> {
  const reference = claimReferenceText(f.claimReference, f.locale);
  const policy = `${POLICY_NUMBER[f.locale]} ${f.policyNumber}`;
  return {
    header: (): Content => ({ text: reference, alignment: 'right', margin: [40, 18, 40, 0], fontSize: 8.5, bold: true }),
    footer: (currentPage: number, pageCount: number): Content => ({
      columns: [
        { text: `${f.title}　${policy}`, width: '*' },
        { text: `${currentPage} / ${pageCount}`, width: 50, alignment: 'center' },
        { text: reference, width: '*', alignment: 'right' },
      ],
      margin: [40, 16, 40, 0],
      fontSize: 7.5,
      color: MUTED,
    }),
  };
}

/** A whole form: A4, the frame, the font; `content` is what the form says. */
export function formDocument(f: FormFrame, content: Content[]): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [40, 44, 40, 50],
    language: f.locale === 'ja' ? 'ja-JP' : 'en',
    info: { title: f.title, creator: 'Breach-cost tracker', producer: 'Breach-cost tracker', creationDate: new Date(f.createdAt) },
    ...frame(f),
    // A heading left alone at the foot of a page moves to the next one, with the content it introduces.
    pageBreakBefore: (node, pages) => node.headlineLevel === 1 && pages.getFollowingNodesOnPage().length === 0,
    content,
    defaultStyle: { font: FONT_FAMILY, fontSize: 9.5, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 17, bold: true, alignment: 'center', margin: [0, 4, 0, 2] },
      subtitle: { fontSize: 9, alignment: 'center', color: MUTED, margin: [0, 0, 0, 6] },
      heading: { fontSize: 11, bold: true, margin: [0, 12, 0, 4] },
      addressee: { fontSize: 12, bold: true, margin: [0, 6, 0, 6] },
    },
  };
}

export function heading(text: string): Content {
  return { text, style: 'heading', headlineLevel: 1 };
}

/** `令和8年12月5日` at the right, under its label: the date the form was made. */
export function dateLine(label: string, date: string, locale: Locale): Content {
  return { text: `${label}　${formDate(date, locale)}`, alignment: 'right', margin: [0, 0, 0, 4] };
}

/** A value not known yet: a blank cell tall enough to write in. Never "null". */
const BLANK: TableCell = { text: ' ', margin: [0, 5, 0, 5] };

/** A table of label and value; a missing value is a blank to fill in by hand. */
export function fieldTable(rows: [string, string | null][], labelWidth = 150): Content {
  return {
    table: {
      widths: [labelWidth, '*'],
      dontBreakRows: true,
      body: rows.map(([key, value]): TableCell[] => [{ text: key, fillColor: SHADE }, value === null || value === '' ? BLANK : { text: value }]),
    },
    layout: LIGHT_LINES,
  };
}

/**
 * The report's items as the commission's form orders them (① 概要 … ⑨ その他参考となる事項): each its heading
 * over its text; an item not written yet is an empty box. A long text runs on to the next page under its
 * heading again (a table of one item, the heading its header row).
 */
export function reportItems(items: PpcItem[]): Content[] {
  return items.map((item) => ({
    table: {
      widths: ['*'],
      headerRows: 1,
      keepWithHeaderRows: 1,
      body: [
        [{ text: `${CIRCLED_NUMBERS[item.number - 1]} ${item.label}`, bold: true, fillColor: SHADE }],
        [item.text ? { text: item.text } : { text: ' ', margin: [0, 14, 0, 14] }],
      ],
    },
    layout: LIGHT_LINES,
    margin: [0, 0, 0, 4],
  }));
}

/** A line to write on, with a label before it (`御中` after an addressee not known yet). */
export function writingLine(text = ' '): Content {
  return { table: { widths: ['*'], body: [[{ text }]] }, layout: WRITING_LINES };
}

/** The seal box: 印 in a square, where the representative's seal goes. */
export function sealBox(locale: Locale): Content {
  return {
    width: 72,
    table: {
      widths: [62],
      heights: [62],
      body: [
        [{ text: locale === 'ja' ? '印' : 'Seal', alignment: 'center', verticalAlignment: 'middle', color: '#999999', fontSize: locale === 'ja' ? 14 : 9 }],
      ],
    },
    layout: { ...LIGHT_LINES, hLineColor: () => '#888888', vLineColor: () => '#888888' },
  } as Content;
}

export const count = (n: number) => n.toLocaleString('en-US');
