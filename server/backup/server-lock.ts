// DATA_DIR/server.pid names the process serving DATA_DIR, so that a restore does not move the data away
// from under a running server (which would keep writing to the moved-aside database through its open file).

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PID_FILE = 'server.pid';

const pidFilePath = (dataDir: string) => path.join(dataDir, PID_FILE);

/** Records this process as DATA_DIR's server; replaces whatever an earlier (crashed) server left. */
export function writePidFile(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  // Written beside, then renamed: a reader never sees a half-written number.
  const temp = `${pidFilePath(dataDir)}.${process.pid}.tmp`;
  writeFileSync(temp, `${process.pid}\n`);
  renameSync(temp, pidFilePath(dataDir));
}

/** Removes the pid file if it names this process, so a second server stopping does not unmark the first. */
export function removePidFile(dataDir: string): void {
  if (readPid(dataDir) === process.pid) rmSync(pidFilePath(dataDir), { force: true });
}

/** The pid of the server running on DATA_DIR, or null when none is: no pid file, or its process is gone. */
export function runningServerPid(dataDir: string): number | null {
  const pid = readPid(dataDir);
  if (pid === null) return null;
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to another user, which is still a running server.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

function readPid(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(pidFilePath(dataDir), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}
