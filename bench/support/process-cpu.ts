// CPU time a process has used (user + system, all its threads), read from Linux's /proc/<pid>/stat. Beside
// a throughput it tells whether the server was busy computing or waiting (on an fsync, on the database).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** The clock ticks /proc counts in (`getconf CLK_TCK`; 100 on every Linux this runs on). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const answer = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    ticksPerSecond = Number.isInteger(answer) && answer > 0 ? answer : 100;
  }
  return ticksPerSecond;
}

/** Milliseconds of CPU the process has used so far, or null where /proc is not there (not Linux). */
export function processCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name in parentheses may hold spaces: the fields are counted from after its closing one.
  // There, utime and stime are the 12th and 13th (proc(5) numbers them 14 and 15 from the start).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / clockTicks() : null;
}
