// Upload names are shown to people and used in downloads, never as paths. A name that tries to be a
// path (`../../x.pdf`, `C:\x.pdf`) is refused rather than quietly cut down, so the uploader learns why.
// What a name shows is cleaned (server/files/visible-text.ts) and its extension is the file's real type,
// when stored and again whenever it is shown, downloaded or zipped (docs/decisions/016).

import type { FieldIssue } from '../../shared/error-codes.ts';
import { issue, issuesEnglish } from '../errors.ts';
import { EXTENSION_OF, EXTENSIONS_OF, type AcceptedMediaType } from './media-type.ts';
import { visibleText } from './visible-text.ts';

export const MAX_NAME_LENGTH = 200;

export type NameCheck = { ok: true; name: string } | { ok: false; message: string; issue: FieldIssue };

const refused = (found: FieldIssue): NameCheck => ({ ok: false, message: issuesEnglish([found]), issue: found });

export function checkUploadName(raw: string | undefined): NameCheck {
  const name = visibleText(raw ?? '');
  if (name === '') return refused(issue('file', 'fileNoName'));
  if (/[\\/]/.test(name) || name === '.' || name === '..') return refused(issue('file', 'fileNameHasPath'));
  if (name.length > MAX_NAME_LENGTH) return refused(issue('file', 'fileNameTooLong', { max: MAX_NAME_LENGTH }));
  return { ok: true, name };
}

/** A dot then 1–8 ASCII letters and digits, at least one a letter: `.bat`, `.mp4`; not `.01` of a date. */
const EXTENSION = /\.((?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,8})$/;

/** Windows drops trailing dots and spaces from a name; they would hide where the extension really is. */
const withoutTrailingDots = (name: string) => name.replace(/[. ]+$/, '');

function hasExtensionOf(name: string, mediaType: AcceptedMediaType): boolean {
  const extension = EXTENSION.exec(name)?.[0].toLowerCase();
  return extension !== undefined && EXTENSIONS_OF[mediaType].includes(extension);
}

/**
 * The name a file is stored, listed, downloaded and zipped under: its visible characters, ending in an
 * extension of the type its bytes were recognised as. A right extension is kept (`receipt.jpeg`,
 * `IMG_0001.HEIC`); a wrong one is replaced (`領収書.bat` → `領収書.pdf`), or, when the name before it
 * already ends rightly, dropped (`invoice.pdf.exe` → `invoice.pdf`); a name without one gains it.
 * Applying it twice changes nothing, so rows stored before it existed are cleaned the same way on output.
 */
export function nameForType(name: string, mediaType: string): string {
  // A name with nothing visible (a row stored before names were cleaned) still needs one.
  const visible = withoutTrailingDots(visibleText(name)) || 'file';
  if (!(mediaType in EXTENSION_OF)) return visible;
  const type = mediaType as AcceptedMediaType;
  if (hasExtensionOf(visible, type)) return visible;
  const match = EXTENSION.exec(visible);
  // `.bat` alone is a name, not an extension: the name is kept whole when nothing is left before it.
  const stem = (match && withoutTrailingDots(visible.slice(0, match.index))) || visible;
  if (stem !== visible && hasExtensionOf(stem, type)) return stem;
  return `${stem}${EXTENSION_OF[type]}`;
}

/** A name that is safe as a file name on Windows, macOS and Linux (ZIP entries, downloads). */
export function safeFileName(name: string): string {
  return visibleText(name)
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/^\.+/, '_');
}
