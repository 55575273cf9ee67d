// The inputs of the spreadsheet import (issue 5): which column holds which ledger field, the values a
// whole file shares (a call-centre invoice is all 通信費), and the preview's paging.
import { z } from 'zod';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES } from './categories.ts';
import { IMPORT_FIELD_KEYS } from './import-values.ts';
import { idSchema } from './schemas.ts';

/** The most columns a file may have; a mapping never points past them. */
export const MAX_IMPORT_COLUMNS = 200;
/** The most data rows one import takes (a 50 MB file of short rows is about 500,000). */
export const MAX_IMPORT_ROWS = 200_000;

const columnIndex = z.number().int().min(0).max(MAX_IMPORT_COLUMNS - 1);

/** Ledger field → 0-based column index. */
export const importMappingSchema = z.object(Object.fromEntries(IMPORT_FIELD_KEYS.map((field) => [field, columnIndex.optional()]))) as z.ZodObject<
  Record<(typeof IMPORT_FIELD_KEYS)[number], z.ZodOptional<typeof columnIndex>>
>;

/** Values for every row when the file has no column for them. A column, when mapped, wins. */
export const importFixedSchema = z.object({
  category: z.enum(COST_CATEGORIES).optional(),
  stage: z.enum(COST_STAGES).optional(),
  source: z.enum(COST_SOURCES).optional(),
});

const importReading = {
  importId: idSchema,
  mapping: importMappingSchema,
  fixed: importFixedSchema.default({}),
};

export const IMPORT_PREVIEW_VIEWS = ['all', 'errors', 'duplicates', 'skipped'] as const;
export type ImportPreviewView = (typeof IMPORT_PREVIEW_VIEWS)[number];

export const importPreviewInput = z.object({
  ...importReading,
  view: z.enum(IMPORT_PREVIEW_VIEWS).default('all'),
  offset: z.number().int().min(0).max(MAX_IMPORT_ROWS).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const importCommitInput = z.object({
  ...importReading,
  /** Leave out the rows flagged as likely duplicates (same date, amount and vendor). */
  skipDuplicates: z.boolean().default(false),
  /** This exact file was imported into the incident before: import it again anyway. */
  confirmReimport: z.boolean().default(false),
});

export const importIdInput = z.object({ importId: idSchema });
export const importListInput = z.object({ incidentId: idSchema });

export type ImportMappingInput = z.infer<typeof importMappingSchema>;
export type ImportFixed = z.infer<typeof importFixedSchema>;

/** What `POST /api/incidents/<id>/imports` answers: the file as read, and the mapping to start from. */
export interface ImportReceipt {
  importId: string;
  fileName: string;
  fileSha256: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  /** The header row's cells, trimmed. */
  columns: string[];
  /** The first five data rows, as the preview's "e.g." beside each mapped column. */
  sample: string[][];
  rowCount: number;
  mapping: ImportMappingInput;
  fixed: ImportFixed;
  /** The mapping is the one last confirmed for files laid out like this one (else guessed from the headers). */
  mappingRemembered: boolean;
  /** The same file (same SHA-256) already committed into the incident. */
  alreadyImported: { committedAt: string | null; byName: string; lineCount: number | null } | null;
}
