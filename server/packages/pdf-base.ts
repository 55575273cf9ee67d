// What every PDF of a claim package shares: the embedded Japanese font, loaded once per process, pdfmake kept
// from reading or fetching anything, and the line that names the insurer's claim reference (事故受付番号),
// which every page of every PDF carries so a page that strays is still filed under its claim.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Locale } from '../../shared/categories.ts';

export const FONT_FAMILY = 'NotoSansJP';

export const MUTED = '#666666';
export const RULE = '#b0b0b0';
export const SHADE = '#f2f2f2';

/** Thin grey rules around every cell: the tables of label and value. */
export const LIGHT_LINES: CustomTableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 5,
  paddingRight: () => 5,
  paddingTop: () => 2.5,
  paddingBottom: () => 2.5,
};

/** Only the rules under each line, so the lines read as blanks to write on. */
export const WRITING_LINES: CustomTableLayout = {
  hLineWidth: (i) => (i === 0 ? 0 : 0.5),
  vLineWidth: () => 0,
  hLineColor: () => '#888888',
  paddingLeft: () => 0,
  paddingRight: () => 0,
  paddingTop: () => 14,
  paddingBottom: () => 3,
};

// pdfmake's Node entry keeps its virtual file system on the singleton; the type package leaves it out.
interface VirtualFs {
  writeFileSync(name: string, content: Buffer): void;
}

let fontsReady = false;

/** Loads the two 5 MB font files once per process; pdfmake then embeds only the glyphs each PDF uses. */
export function ensureFonts(): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  const regular = require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');
  const bold = require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf');
  const vfs = (pdfmake as unknown as { virtualfs: VirtualFs }).virtualfs;
  vfs.writeFileSync('claim-pdf/NotoSansJP-Regular.ttf', readFileSync(regular));
  vfs.writeFileSync('claim-pdf/NotoSansJP-Bold.ttf', readFileSync(bold));
  // The font has no italic faces; mapping them to the upright ones keeps a stray `italics` from throwing.
  pdfmake.addFonts({
    [FONT_FAMILY]: {
      normal: 'claim-pdf/NotoSansJP-Regular.ttf',
      bold: 'claim-pdf/NotoSansJP-Bold.ttf',
      italics: 'claim-pdf/NotoSansJP-Regular.ttf',
      bolditalics: 'claim-pdf/NotoSansJP-Bold.ttf',
    },
  });
  // Everything the document needs is in memory; user-entered text must never make pdfmake fetch or read.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  fontsReady = true;
}

export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  ensureFonts();
  return pdfmake.createPdf(definition).getBuffer();
}

const CLAIM_REFERENCE = {
  label: { ja: '事故受付番号', en: 'Insurer’s claim reference' },
  unknown: { ja: '未登録', en: 'not yet given' },
};

/** `事故受付番号: 12-345678`, or `事故受付番号: 未登録` before the insurer has given one. */
export function claimReferenceText(reference: string | null, locale: Locale): string {
  return `${CLAIM_REFERENCE.label[locale]}: ${reference ?? CLAIM_REFERENCE.unknown[locale]}`;
}
