// The name cleaner (server/files/visible-text.ts, file-name.ts): invisible characters out, the extension
// of what the file is, the same answer when applied again — so rows stored before the rule clean alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUploadName, nameForType, safeFileName } from '../../server/files/file-name.ts';
import { ACCEPTED_MEDIA_TYPES, EXTENSIONS_OF } from '../../server/files/media-type.ts';
import { visibleText } from '../../server/files/visible-text.ts';

/** What no shown name may hold: controls (C0, DEL, C1), format characters (bidi, zero-width, BOM…), lone surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/u;

describe('visibleText', () => {
  it.each([
    ['the right-to-left override that shows invoice‮fdp.hta as invoiceath.pdf', 'invoice\u202Efdp.hta', 'invoicefdp.hta'],
    ['every bidirectional embedding, override and isolate', 'a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j', 'abcdefghij'],
    ['zero-width characters and marks', 'a\u200Bb\u200Cc\u200Dd\u200Ee\u200Ff', 'abcdef'],
    ['the Arabic letter mark', 'a\u061Cb', 'ab'],
    ['a byte-order mark, a word joiner and a soft hyphen', '\uFEFFa\u2060b\u00ADc', 'abc'],
    ['C0 controls and DEL', 'a\u0000b\u0007c\u001Bd\u007Fe', 'abcde'],
    ['C1 controls', 'a\u0080b\u009Bc', 'abc'],
    ['a tag character (invisible, outside the BMP)', 'a\u{E0041}b', 'ab'],
    ['a lone surrogate', 'a\uD800b', 'ab'],
  ])('removes %s', (_label, text, visible) => {
    expect(visibleText(text)).toBe(visible);
  });

  it('turns line breaks and tabs into a space and trims', () => {
    expect(visibleText(' \t請求書\r\n2026\u2028年 ')).toBe('請求書 2026 年');
  });

  it('keeps Japanese, emoji and ordinary punctuation, in composed form', () => {
    expect(visibleText('ガス代の領収書 (6月分) 🙂.pdf'.normalize('NFD'))).toBe('ガス代の領収書 (6月分) 🙂.pdf'.normalize('NFC'));
  });

  it('leaves nothing invisible in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => !INVISIBLE.test(visibleText(text))),
      { numRuns: 2_000 },
    );
  });
});

describe('nameForType', () => {
  it.each([
    ['領収書.bat', 'application/pdf', '領収書.pdf'],
    ['poly.html', 'application/pdf', 'poly.pdf'],
    ['invoice\u202Efdp.hta', 'application/pdf', 'invoicefdp.pdf'],
    ['scan.pdf', 'image/png', 'scan.png'],
    ['receipt.jpeg', 'image/jpeg', 'receipt.jpeg'],
    ['receipt.JPG', 'image/jpeg', 'receipt.JPG'],
    ['IMG_0001.HEIC', 'image/heic', 'IMG_0001.HEIC'],
    ['振込明細', 'image/png', '振込明細.png'],
    ['invoice.pdf.exe', 'application/pdf', 'invoice.pdf'],
    ['見積書 2026.06.01', 'application/pdf', '見積書 2026.06.01.pdf'],
    ['Mr. Smith', 'application/pdf', 'Mr. Smith.pdf'],
    ['report.pdf. . ', 'application/pdf', 'report.pdf'],
    ['.bat', 'application/pdf', '.bat.pdf'],
    ['\u202E\u200B', 'application/pdf', 'file.pdf'],
  ])('names %j holding %s as %j', (name, mediaType, expected) => {
    expect(nameForType(name, mediaType)).toBe(expected);
  });

  it('always ends in an extension of the type, holds nothing invisible, and changes nothing when applied again', () => {
    const name = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc
        .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('.pdf', '.PDF', '.jpg', '.exe', '.bat', '.html', '.hta', '.', '. ', '\u202Efdp.exe', '.tar.gz'))
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(name, fc.constantFrom(...ACCEPTED_MEDIA_TYPES), (raw, mediaType) => {
        const cleaned = nameForType(raw, mediaType);
        expect(cleaned).not.toMatch(INVISIBLE);
        expect(EXTENSIONS_OF[mediaType].some((extension) => cleaned.toLowerCase().endsWith(extension))).toBe(true);
        expect(nameForType(cleaned, mediaType)).toBe(cleaned);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('checkUploadName and safeFileName', () => {
  it('cleans an upload name rather than refusing it, but still refuses a path or nothing visible', () => {
    expect(checkUploadName('invoice\u202Efdp.hta')).toEqual({ ok: true, name: 'invoicefdp.hta' });
    expect(checkUploadName('a\u0000b.pdf')).toEqual({ ok: true, name: 'ab.pdf' });
    expect(checkUploadName('\u202E\u200B')).toMatchObject({ ok: false, message: 'file: the file has no name' });
    expect(checkUploadName('..\u202E/x.pdf')).toMatchObject({ ok: false, message: expect.stringContaining('path') });
  });

  it('gives a name every system accepts, without invisible characters', () => {
    expect(safeFileName('保険金請求書類_漏えい\u202Eexe.fdp\u202C_第1版.zip')).toBe('保険金請求書類_漏えいexe.fdp_第1版.zip');
    expect(safeFileName('a:b*c?"d<e>f|g\\h/i')).toBe('a_b_c__d_e_f_g_h_i');
    expect(safeFileName('..\u200B.htaccess')).toBe('_htaccess');
  });
});
