// Upload names are shown to people and used in downloads, never as paths. A name that tries to be a
// path (`../../x.pdf`, `C:\x.pdf`) is refused rather than quietly cut down, so the uploader learns why.

export const MAX_NAME_LENGTH = 200;

export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

export function checkUploadName(raw: string | undefined): NameCheck {
  const name = (raw ?? '').normalize('NFC').trim();
  if (name === '') return { ok: false, message: 'file: the file has no name' };
  if (/[\\/]/.test(name) || name === '.' || name === '..') {
    return { ok: false, message: 'file: the file name must not contain a path (/ or \\)' };
  }
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, message: 'file: the file name contains control characters' };
  if (name.length > MAX_NAME_LENGTH) return { ok: false, message: `file: the file name is longer than ${MAX_NAME_LENGTH} characters` };
  return { ok: true, name };
}

/** A name that is safe as a file name on Windows, macOS and Linux (ZIP entries, downloads). */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '_');
}
