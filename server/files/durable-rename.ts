// A rename that survives a power cut: the file's bytes are already flushed (streams opened with
// `flush: true`), but the new name lives in the directory, which must be flushed too. A killed process
// loses neither; a power cut right after the database commit could otherwise lose the name.

import { closeSync, fsyncSync, openSync, renameSync } from 'node:fs';
import path from 'node:path';

export function durableRename(from: string, to: string): void {
  renameSync(from, to);
  const dir = openSync(path.dirname(to), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
