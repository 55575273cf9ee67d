// The copy's report as a person reads it: a line per table (rows on each side, time to copy), each company's
// audit chain, the stored files, and a last line saying whether everything matched.

import type { MigrationReport, Verification } from './migrate.ts';

export function reportLines(report: Verification & Partial<MigrationReport>): string[] {
  const lines: string[] = [];
  const copiedMs = new Map((report.copied ?? []).map((c) => [c.table, c.ms]));
  const width = Math.max(5, ...report.counts.map((c) => c.table.length));
  const row = (cells: string[]) =>
    `${cells[0]!.padEnd(width)}  ${cells
      .slice(1)
      .map((cell, i) => cell.padStart([10, 10, 8][i]!))
      .join('  ')}`.trimEnd();
  lines.push(row(['table', 'SQLite', 'PostgreSQL', report.copied ? 'ms' : '']));
  for (const c of report.counts) {
    const ms = copiedMs.get(c.table);
    const line = row([c.table, c.sqlite.toLocaleString('en'), c.postgres.toLocaleString('en'), ms === undefined ? '' : String(ms)]);
    lines.push(c.sqlite === c.postgres ? line : `${line}  MISMATCH`);
  }
  const total = (side: 'sqlite' | 'postgres') => report.counts.reduce((sum, c) => sum + c[side], 0).toLocaleString('en');
  const totalMs = report.copied ? String(report.copied.reduce((sum, c) => sum + c.ms, 0)) : '';
  lines.push(row(['total', total('sqlite'), total('postgres'), totalMs]), '');

  lines.push('Audit-log hash chains, recomputed from the PostgreSQL rows:');
  if (report.chains.length === 0) lines.push('  (no companies)');
  for (const chain of report.chains) {
    const who = `${chain.name} (${chain.companyId})`;
    if (chain.ok) {
      lines.push(`  OK      ${who}: ${chain.entries} entries, head ${chain.head}`);
      continue;
    }
    const source =
      chain.sqliteFirstBrokenId === null
        ? 'SQLite’s chain holds: the copy changed an entry'
        : chain.sqliteFirstBrokenId === chain.firstBrokenId
          ? 'SQLite’s chain breaks at the same entry: the source was changed outside the app, and the copy is faithful to it'
          : `SQLite’s chain breaks at entry ${chain.sqliteFirstBrokenId}`;
    lines.push(`  BROKEN  ${who}: entry ${chain.firstBrokenId} does not match its hash (entry ${chain.entries} of the chain); ${source}`);
  }
  lines.push('');

  if (report.filesCopied === null) lines.push('Stored files: S3_BUCKET is not set, so they stay in DATA_DIR (nothing copied).');
  else if (report.filesCopied)
    lines.push(`Stored files: ${report.filesCopied.files} put into ${report.files.location} (${report.filesCopied.bytes.toLocaleString('en')} bytes).`);
  const { files } = report;
  lines.push(
    files.problems.length === 0
      ? `Referenced files: all ${files.checked} in ${files.location} with the SHA-256 their rows record.`
      : `Referenced files: ${files.problems.length} of ${files.checked} not right in ${files.location}:`,
  );
  for (const p of files.problems) {
    const what = p.problem === 'missing' ? 'MISSING  ' : p.problem === 'different' ? 'DIFFERENT' : 'UNREADABLE';
    lines.push(`  ${what} ${p.key} (${p.owner})${p.detail ? `: ${p.detail}` : ''}`);
  }
  if (report.serverStartedDuring) {
    lines.push(`A server (process ${report.serverStartedDuring}) started on DATA_DIR during the copy: what it wrote to SQLite since is not in PostgreSQL.`);
  }
  lines.push('', report.ok ? 'Verified: every table, every audit chain and every referenced file matches.' : 'NOT VERIFIED: see the lines above.');
  return lines;
}
