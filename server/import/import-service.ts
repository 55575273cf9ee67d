// The import's steps as the app runs them: receive a file (kept in the content store, nothing in the
// ledger), preview it under a mapping (every row read and checked, nothing written), commit it (all
// lines in one transaction, one audit entry with the file's hash), or discard it.
import { rowsChanged } from '../db/rows.ts';
import { closeSync, openSync, readSync } from 'node:fs';
import { reasonEnglish } from '../../shared/error-codes.ts';
import { domainError, fieldError } from '../errors.ts';
import { and, desc, eq, ne } from 'drizzle-orm';
import { MoneyOverflowError, sumYen } from '../../shared/money.ts';
import { columnsFor, HEAD_ROWS, type ImportHeaderChoice } from '../../shared/import-layout.ts';
import { suggestImport } from '../../shared/import-presets.ts';
import {
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  type ImportFiltersInput,
  type ImportFixed,
  type ImportMappingInput,
  type ImportPreviewView,
  type ImportReceipt,
  type ImportSettings,
  type RefundMode,
} from '../../shared/import-schemas.ts';
import type { CategoryValueEntry } from '../../shared/import-category-values.ts';
import type { LeftOutReason } from '../../shared/import-filters.ts';
import { requireCompanyAccess, requireIncident, type AccessContext } from '../access.ts';
import { recordAudit, transactOnChains } from '../audit.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/transaction.ts';
import { rememberAnswer, type Answering } from '../idempotency.ts';
import { costImports, users } from '../db/schema.ts';
import type { ReceivedFile } from '../files/blob-store.ts';
import { newId, nowIso } from '../ids.ts';
import type { Storage } from '../storage.ts';
import { ImportFileError } from './import-file-error.ts';
import { insertImportedLines, prepareImport, withImportCache } from './import-lines.ts';
import { findRemembered, layoutKeyOf, rememberSettings } from './import-memory.ts';
import { countDataRows, isBlankRow } from './read-rows.ts';
import { suggestedValueEntries } from './value-suggestions.ts';
import type { Table } from './read-table.ts';
import { ReadingBusy, readTableApart } from './read-table-apart.ts';
import { firstRow } from '../db/rows.ts';

/** Who may import: finance and admin (a file writes many lines at once, as finance's bulk approval does). */
export const IMPORT_ROLE = 'finance' as const;

/** An import problem with the file as a whole, answered as 400 (or 415) with both languages. */
export class ImportRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly en: string,
    readonly ja: string,
  ) {
    super(en);
  }
}

// The last files read, by content hash: paging through a preview must not re-read a 10 MB file each time.
const recentTables = new Map<string, Table>();
function rememberTable(sha256: string, table: Table) {
  recentTables.delete(sha256);
  recentTables.set(sha256, table);
  while (recentTables.size > 2) recentTables.delete(recentTables.keys().next().value!);
}
async function tableOf(storage: Storage, sha256: string, fileName: string) {
  let table = recentTables.get(sha256);
  if (!table) {
    // The reading thread reads a file: the stored one on local disk, a temporary copy from a bucket.
    const file = await storage.blobs.asFile(sha256);
    try {
      // The file was read whole at upload, but it is read again as any file is: on the reading thread.
      table = await readTableApart(file.path, fileName, MAX_IMPORT_ROWS + 1);
    } catch (error) {
      if (error instanceof ReadingBusy) throw domainError('TOO_MANY_REQUESTS', 'importBusy');
      if (error instanceof ImportFileError) throw fieldError('file', 'importFile', { problem: error.code, en: error.en, ja: error.ja });
      throw error;
    } finally {
      file.done();
    }
    rememberTable(sha256, table);
  }
  return table;
}

/** A total in yen, or a clear refusal when the file's lines add up past what yen arithmetic holds. */
function totalOf(amounts: number[]): number {
  try {
    return sumYen(amounts);
  } catch (error) {
    if (!(error instanceof MoneyOverflowError)) throw error;
    throw fieldError('file', 'fileTotalTooLarge');
  }
}

const OLD_EXCEL = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Every reading thread is busy and the queue is full (server/import/read-table-apart.ts). */
const READING_BUSY = {
  en: reasonEnglish('importBusy'),
  ja: '他のファイルを読み込み中です。1分ほど待ってから、もう一度選んでください',
};

const refusedFile = (error: ImportFileError) => new ImportRefused(400, 'BAD_REQUEST', `file: ${error.en}`, error.ja);

function firstBytes(path: string, count: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(count);
    return bytes.subarray(0, readSync(fd, bytes, 0, count, 0));
  } finally {
    closeSync(fd);
  }
}

/** Reads an uploaded file as a table and checks its shape; throws ImportRefused with what is wrong. */
async function readUploadedTable(path: string, fileName: string) {
  if (firstBytes(path, 4).equals(OLD_EXCEL)) {
    throw new ImportRefused(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'file: an old Excel (.xls) file; save it as .xlsx or CSV and upload that',
      '古い Excel 形式（.xls）です。.xlsx または CSV で保存してから選んでください',
    );
  }
  let table;
  try {
    // One row past the limit is enough to refuse (too_many_rows): a huge file is not parsed to its end first.
    table = await readTableApart(path, fileName, MAX_IMPORT_ROWS + 1);
  } catch (error) {
    if (error instanceof ReadingBusy) throw new ImportRefused(429, 'TOO_MANY_REQUESTS', READING_BUSY.en, READING_BUSY.ja);
    if (error instanceof ImportFileError) throw refusedFile(error);
    throw error;
  }
  // Under the header the file most likely has: a 弥生 export of one entry has no header, and is one row of data.
  const dataRows = countDataRows(table.rows, suggestImport(table.rows).header);
  if (dataRows < 1)
    throw new ImportRefused(400, 'BAD_REQUEST', 'file: only a header row; there are no lines to import', '見出し行だけで、取り込む行がありません');
  // Reading stops one row past the limit, so the file's own count is not known: the message says "more than".
  if (dataRows > MAX_IMPORT_ROWS) throw refusedFile(new ImportFileError('too_many_rows'));
  const columns = Math.max(...table.rows.slice(0, 50).map((r) => r.length));
  if (columns > MAX_IMPORT_COLUMNS)
    throw new ImportRefused(400, 'BAD_REQUEST', `file: more than ${MAX_IMPORT_COLUMNS} columns`, `列が ${MAX_IMPORT_COLUMNS} を超えています`);
  return table;
}

async function committedEarlier(db: Db, incidentId: string, sha256: string, exceptId: string | null) {
  return (
    (await firstRow(
      db
        .select({
          id: costImports.id,
          committedAt: costImports.committedAt,
          lineCount: costImports.lineCount,
          fileName: costImports.fileName,
          byName: users.name,
        })
        .from(costImports)
        .innerJoin(users, eq(users.id, costImports.committedBy))
        .where(
          and(
            eq(costImports.incidentId, incidentId),
            eq(costImports.fileSha256, sha256),
            eq(costImports.status, 'committed'),
            exceptId ? ne(costImports.id, exceptId) : undefined,
          ),
        )
        .orderBy(desc(costImports.committedAt)),
    )) ?? null
  );
}

/** Step 1: keep the file, find its header, offer the remembered settings for its layout or the suggested ones. Writes no line. */
export async function receiveImport(ctx: AccessContext, storage: Storage, incidentId: string, file: ReceivedFile, fileName: string): Promise<ImportReceipt> {
  const incident = await requireIncident(ctx, incidentId, IMPORT_ROLE);
  const table = await readUploadedTable(file.tempPath, fileName);
  await storage.blobs.keep(file);
  rememberTable(file.sha256, table);

  const suggestion = suggestImport(table.rows);
  const remembered = await findRemembered(ctx.db, incident.companyId, table.rows, suggestion.header, suggestion.positional);
  const base: ImportSettings = remembered?.settings ?? {
    header: suggestion.header,
    mapping: suggestion.mapping,
    fixed: suggestion.stage === 'invoiced' ? {} : { stage: suggestion.stage },
    filters: suggestion.filters,
    categoryValues: [],
    continuation: suggestion.continuation,
    refunds: 'list',
  };
  // Values the table does not cover yet get the import's suggestions, shown as suggestions, not as remembered.
  const settings: ImportSettings = { ...base, categoryValues: [...base.categoryValues, ...suggestedValueEntries(table.rows, base)] };
  const positional = settings.header.row === null ? suggestion.positional : null;
  const columns = columnsFor(table.rows, settings.header, positional ?? undefined);
  const rowCount = countDataRows(table.rows, settings.header);
  const id = newId();
  await ctx.db.insert(costImports).values({
    id,
    companyId: incident.companyId,
    incidentId: incident.id,
    fileName,
    fileSha256: file.sha256,
    fileSize: file.size,
    format: table.format,
    encoding: table.encoding,
    layoutKey: layoutKeyOf(table.rows, settings.header, positional),
    rowCount,
    createdBy: ctx.user.id,
  });
  return {
    importId: id,
    fileName,
    fileSha256: file.sha256,
    format: table.format,
    encoding: table.encoding,
    columns,
    sample: table.rows
      .slice(settings.header.row === null ? 0 : settings.header.row + settings.header.depth)
      .filter((cells) => !isBlankRow(cells))
      .slice(0, 5),
    rowCount,
    mapping: settings.mapping,
    fixed: settings.fixed,
    mappingRemembered: remembered !== null,
    head: table.rows.slice(0, HEAD_ROWS),
    header: settings.header,
    preset: suggestion.preset,
    positional: suggestion.positional,
    filters: settings.filters,
    categoryValues: settings.categoryValues,
    continuation: settings.continuation,
    refunds: settings.refunds,
    remembered: remembered && {
      at: remembered.at,
      byName: remembered.byName,
      values: remembered.settings.categoryValues.map((entry) => entry.value),
      parts: {
        header: remembered.has.header,
        mapping: true,
        filters: remembered.has.filters,
        categoryValues: remembered.settings.categoryValues.length,
        fixed: Object.keys(remembered.settings.fixed).length > 0,
      },
    },
    alreadyImported: await committedEarlier(ctx.db, incident.id, file.sha256, null),
  };
}

async function requireImport(ctx: AccessContext, importId: string) {
  const found = await firstRow(ctx.db.select().from(costImports).where(eq(costImports.id, importId)));
  if (!found) throw domainError('NOT_FOUND', 'notFound', { what: 'Import' });
  requireCompanyAccess(ctx, found.companyId, IMPORT_ROLE, 'Import');
  if (found.status === 'discarded') throw domainError('NOT_FOUND', 'importDiscarded');
  return found;
}

interface Reading {
  importId: string;
  mapping: ImportMappingInput;
  fixed: ImportFixed;
  header?: ImportHeaderChoice;
  filters: ImportFiltersInput;
  categoryValues: CategoryValueEntry[];
  continuation: boolean;
  refunds: RefundMode;
}

async function read(ctx: AccessContext, storage: Storage, input: Reading) {
  const found = await requireImport(ctx, input.importId);
  const table = await tableOf(storage, found.fileSha256, found.fileName);
  const suggestion = suggestImport(table.rows);
  const settings: ImportSettings = {
    header: input.header ?? suggestion.header,
    mapping: input.mapping,
    fixed: input.fixed,
    filters: input.filters,
    categoryValues: input.categoryValues,
    continuation: input.continuation,
    refunds: input.refunds,
  };
  // A CSV's rows are held to the header's width; with no header, to the recognised layout's documented columns.
  const file = { format: table.format, positional: suggestion.positional };
  return { found, table, suggestion, settings, prepared: await prepareImport(ctx.db, found.incidentId, table.rows, settings, file) };
}

/** How many rows were left out for each reason (the header row itself aside). */
function leftOutCounts(outcomes: { kind: string; reason?: LeftOutReason }[]): Partial<Record<LeftOutReason, number>> {
  const counts: Partial<Record<LeftOutReason, number>> = {};
  for (const outcome of outcomes) {
    if (outcome.kind !== 'skipped' || outcome.reason === undefined || outcome.reason === 'header') continue;
    counts[outcome.reason] = (counts[outcome.reason] ?? 0) + 1;
  }
  return counts;
}

/** The most values of the category column a preview lists (by rows, most first). */
const MAX_LISTED_VALUES = 300;

/** Step 2: every row read and checked under the settings; one page of rows for the table on screen. */
export async function previewImport(ctx: AccessContext, storage: Storage, input: Reading & { view: ImportPreviewView; offset: number; limit: number }) {
  const { found, table, suggestion, settings, prepared } = await read(ctx, storage, input);
  const { outcomes, lines, duplicates } = prepared;
  // The header row is shown where the header is chosen, not among the rows read.
  const dataOutcomes = outcomes.filter((o) => o.kind !== 'skipped' || o.reason !== 'header');
  const inView = dataOutcomes.filter((o) =>
    input.view === 'all' ? true : input.view === 'errors' ? o.kind === 'error' : input.view === 'skipped' ? o.kind === 'skipped' : duplicates.has(o.row),
  );
  const byCategory = new Map<string, { lines: number; amount: number }>();
  for (const { fields } of lines) {
    const entry = byCategory.get(fields.category) ?? { lines: 0, amount: 0 };
    entry.lines++;
    entry.amount = totalOf([entry.amount, fields.amount]);
    byCategory.set(fields.category, entry);
  }
  const values = [...prepared.values.values()].sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1));
  return {
    importId: found.id,
    status: found.status,
    rowCount: dataOutcomes.length,
    counts: { lines: lines.length, errors: prepared.errorCount, skipped: prepared.skippedCount, duplicates: duplicates.size },
    amount: totalOf(lines.map((l) => l.fields.amount)),
    amountWithoutDuplicates: totalOf(lines.filter((l) => !duplicates.has(l.row)).map((l) => l.fields.amount)),
    byCategory: [...byCategory].map(([category, v]) => ({ category, ...v })),
    leftOut: leftOutCounts(outcomes),
    ruleCounts: prepared.ruleCounts,
    header: settings.header,
    columns: columnsFor(table.rows, settings.header, settings.header.row === null ? (suggestion.positional ?? undefined) : undefined),
    categoryValues: values.slice(0, MAX_LISTED_VALUES),
    categoryValueCount: values.length,
    view: input.view,
    total: inView.length,
    rows: inView.slice(input.offset, input.offset + input.limit).map((o) => ({
      ...o,
      cells: cellsOfRow(table.rows, o.row),
      duplicateOf: duplicates.get(o.row) ?? null,
    })),
    alreadyImported: await committedEarlier(ctx.db, found.incidentId, found.fileSha256, found.id),
  };
}

/**
 * Step 3: the lines in one transaction, or none; the settings are remembered for the file's layout. With
 * `skipErrors` the rows that read as lines are imported and the rows with errors stay listed, not written.
 */
export async function commitImport(
  ctx: AccessContext & Answering,
  storage: Storage,
  input: Reading & { skipDuplicates: boolean; confirmReimport: boolean; skipErrors: boolean; expected?: { lines: number; amount: number } },
) {
  const { found, table, suggestion, settings, prepared } = await read(ctx, storage, input);
  if (found.status !== 'previewed') throw domainError('CONFLICT', 'alreadyImported');
  const earlier = await committedEarlier(ctx.db, found.incidentId, found.fileSha256, found.id);
  if (earlier && !input.confirmReimport) {
    throw domainError('CONFLICT', 'importedBefore', { at: earlier.committedAt ?? '', by: earlier.byName, lines: earlier.lineCount ?? 0 });
  }
  if (prepared.errorCount > 0 && !input.skipErrors) {
    const first = prepared.outcomes
      .filter((o) => o.kind === 'error')
      .slice(0, 5)
      .map((o) => o.row);
    throw domainError('BAD_REQUEST', 'rowsHaveErrors', { count: prepared.errorCount, rows: `${first.join(', ')}${prepared.errorCount > 5 ? ', …' : ''}` });
  }
  const lines = input.skipDuplicates ? prepared.lines.filter((l) => !prepared.duplicates.has(l.row)) : prepared.lines;
  if (lines.length === 0) throw domainError('BAD_REQUEST', 'noLinesToImport');

  const amount = totalOf(lines.map((l) => l.fields.amount));
  // What the user confirmed is what the preview showed: a file that reads otherwise now (the ledger changed
  // its duplicates, the settings differ) is refused rather than written with another total.
  if (input.expected && (input.expected.lines !== lines.length || input.expected.amount !== amount)) {
    throw domainError('CONFLICT', 'importChanged', { lines: lines.length, amount, expectedLines: input.expected.lines, expectedAmount: input.expected.amount });
  }
  const leftOut = leftOutCounts(prepared.outcomes);
  const at = nowIso();
  const layoutKey = layoutKeyOf(table.rows, settings.header, settings.header.row === null ? suggestion.positional : null);
  const answer = {
    importId: found.id,
    lineCount: lines.length,
    amount,
    skippedDuplicates: prepared.lines.length - lines.length,
    skippedNoAmount: prepared.noAmountCount,
    leftOut,
    errorRowsLeft: prepared.errorCount,
  };
  await withImportCache(
    ctx.db,
    async () =>
      await transactOnChains(ctx.db, found.companyId, async (tx) => {
        // The status moves first and only from 'previewed': two confirmations at once import the file once.
        const moved = await tx
          .update(costImports)
          .set({ status: 'committed', lineCount: lines.length, amount, committedBy: ctx.user.id, committedAt: at, layoutKey })
          .where(and(eq(costImports.id, found.id), eq(costImports.status, 'previewed')));
        if (rowsChanged(moved) === 0) throw domainError('CONFLICT', 'importedMeanwhile');
        await insertImportedLines(tx, { importId: found.id, incidentId: found.incidentId, companyId: found.companyId, userId: ctx.user.id }, lines);
        await rememberSettings(tx, found.companyId, layoutKey, settings, ctx.user.id, at);
        await recordAudit(tx, {
          companyId: found.companyId,
          incidentId: found.incidentId,
          entityType: 'import',
          entityId: found.id,
          action: 'import',
          actorUserId: ctx.user.id,
          after: {
            fileName: found.fileName,
            fileSha256: found.fileSha256,
            format: found.format,
            encoding: found.encoding,
            preset: suggestion.preset,
            header: settings.header,
            rows: prepared.outcomes.filter((o) => o.kind !== 'skipped' || o.reason !== 'header').length,
            lines: lines.length,
            amount,
            skippedNoAmount: prepared.noAmountCount,
            skippedDuplicates: prepared.lines.length - lines.length,
            leftOut,
            errorRowsLeft: prepared.errorCount,
            reimport: earlier !== null,
          },
        });
        // With an Idempotency-Key, the key is stored with the lines: a retry after a crash finds both or neither.
        await rememberAnswer(tx, ctx.idempotency ?? null, answer);
      }),
  );
  return answer;
}

export async function discardImport(ctx: AccessContext & Answering, importId: string) {
  const found = await requireImport(ctx, importId);
  if (found.status !== 'previewed') throw domainError('CONFLICT', 'importStays');
  await transact(ctx.db, async (tx) => {
    await tx.update(costImports).set({ status: 'discarded' }).where(eq(costImports.id, found.id));
    await rememberAnswer(tx, ctx.idempotency ?? null, { ok: true });
  });
  return { ok: true as const };
}

/** The incident's imported files, newest first (previews not confirmed are left out). */
export async function listImports(ctx: AccessContext, incidentId: string) {
  const incident = await requireIncident(ctx, incidentId, 'responder');
  return await ctx.db
    .select({
      id: costImports.id,
      fileName: costImports.fileName,
      fileSha256: costImports.fileSha256,
      format: costImports.format,
      encoding: costImports.encoding,
      rowCount: costImports.rowCount,
      lineCount: costImports.lineCount,
      amount: costImports.amount,
      committedAt: costImports.committedAt,
      committedByName: users.name,
    })
    .from(costImports)
    .innerJoin(users, eq(users.id, costImports.committedBy))
    .where(and(eq(costImports.incidentId, incident.id), eq(costImports.status, 'committed')))
    .orderBy(desc(costImports.committedAt));
}

/** The file's cells of a 1-based row an outcome names: outcomes come from these rows, so a miss is a bug. */
function cellsOfRow(rows: readonly string[][], row: number): string[] {
  const cells = rows[row - 1];
  if (cells === undefined) throw new Error(`import outcome for row ${row} beyond the file's ${rows.length} rows`);
  return cells;
}
