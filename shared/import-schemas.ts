// The inputs of the spreadsheet import (issue 5): which column holds which ledger field, the values a
// whole file shares (a call-centre invoice is all 通信費), and the preview's paging.
import { z } from 'zod';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES } from './categories.ts';
import { VALUE_MATCHES, VALUE_TARGETS, type CategoryValueEntry } from './import-category-values.ts';
import { FILTER_OPS, FILTER_REASONS } from './import-filters.ts';
import { HEAD_ROWS, type ImportHeaderChoice } from './import-layout.ts';
import type { ImportPreset } from './import-presets.ts';
import { IMPORT_FIELD_KEYS } from './import-values.ts';
import { idSchema } from './schemas.ts';

/** The most columns a file may have; a mapping never points past them. */
export const MAX_IMPORT_COLUMNS = 200;
/** The most data rows one import takes (a 50 MB file of short rows is about 500,000). */
export const MAX_IMPORT_ROWS = 200_000;

const columnIndex = z
  .number()
  .int()
  .min(0)
  .max(MAX_IMPORT_COLUMNS - 1);

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

/** The header row among the file's first rows, or null: no header, columns by position. */
export const importHeaderSchema = z.object({
  row: z
    .number()
    .int()
    .min(0)
    .max(HEAD_ROWS - 1)
    .nullable(),
  depth: z.union([z.literal(1), z.literal(2)]).default(1),
});

const filterRuleSchema = z.object({
  column: columnIndex,
  op: z.enum(FILTER_OPS),
  values: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  reason: z.enum(FILTER_REASONS),
});

/** Rows that are not costs, left out and listed with their reason (shared/import-filters.ts). */
export const importFiltersSchema = z.object({
  /** 合計・小計 rows. */
  totals: z.boolean().default(false),
  /** 0-yen rows (a journal's continuation lines). */
  zeroAmount: z.boolean().default(false),
  rules: z.array(filterRuleSchema).max(20).default([]),
});

/** The value → category table for the category column (shared/import-category-values.ts). */
export const categoryValueSchema = z.object({
  value: z.string().trim().min(1).max(200),
  match: z.enum(VALUE_MATCHES).default('exact'),
  target: z.enum(VALUE_TARGETS),
});

export const REFUND_MODES = ['list', 'net'] as const;
export type RefundMode = (typeof REFUND_MODES)[number];

const importReading = {
  importId: idSchema,
  mapping: importMappingSchema,
  fixed: importFixedSchema.default({}),
  /** Absent: the header the import suggests for the file. */
  header: importHeaderSchema.optional(),
  filters: importFiltersSchema.default({ totals: false, zeroAmount: false, rules: [] }),
  categoryValues: z.array(categoryValueSchema).max(2000).default([]),
  /** Rows with no date continue the entry above them (its date, vendor and the columns the rules look at). */
  continuation: z.boolean().default(false),
  /** Negative rows (refunds): listed and left out, or netted against the charge they refund. */
  refunds: z.enum(REFUND_MODES).default('list'),
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
  /** Import the rows that read as lines and leave the rows with errors listed, for correction. */
  skipErrors: z.boolean().default(false),
  /** What the preview showed; a file that reads otherwise now is refused rather than written. */
  expected: z.object({ lines: z.number().int().min(0).max(MAX_IMPORT_ROWS), amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).optional(),
});

export const importIdInput = z.object({ importId: idSchema });
export const importListInput = z.object({ incidentId: idSchema });

export type ImportMappingInput = z.infer<typeof importMappingSchema>;
export type ImportFixed = z.infer<typeof importFixedSchema>;
export type ImportFiltersInput = z.infer<typeof importFiltersSchema>;

/** How a file is read: everything the user chose besides the file itself (what is remembered per layout). */
export interface ImportSettings {
  header: ImportHeaderChoice;
  mapping: ImportMappingInput;
  fixed: ImportFixed;
  filters: ImportFiltersInput;
  categoryValues: CategoryValueEntry[];
  continuation: boolean;
  refunds: RefundMode;
}

/** What the company last confirmed for files laid out like this one, and who did. */
export interface RememberedSettings {
  at: string;
  byName: string;
  /** The value → category entries that came from memory (the others are suggestions). */
  values: string[];
  /** Which parts came from memory: the user sees each marked. */
  parts: { header: boolean; mapping: boolean; filters: boolean; categoryValues: number; fixed: boolean };
}

/** What `POST /api/incidents/<id>/imports` answers: the file as read, and the mapping to start from. */
export interface ImportReceipt {
  importId: string;
  fileName: string;
  fileSha256: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  /** The header row's cells, trimmed (two-row headers joined: 金額／税込; no header: A, B, … or a preset's names). */
  columns: string[];
  /** The first five data rows, as the preview's "e.g." beside each mapped column. */
  sample: string[][];
  rowCount: number;
  mapping: ImportMappingInput;
  fixed: ImportFixed;
  /** The mapping is the one last confirmed for files laid out like this one (else guessed from the headers). */
  mappingRemembered: boolean;
  /** The file's first rows (HEAD_ROWS), for choosing the header row; row i is the file's row i + 1. */
  head: string[][];
  header: ImportHeaderChoice;
  /** The layout recognised (freee, マネーフォワード, 弥生, a bank or card statement…), whose suggestions are applied. */
  preset: ImportPreset | null;
  /** Column names for a file read without a header, from its preset's layout. */
  positional: string[] | null;
  filters: ImportFiltersInput;
  categoryValues: CategoryValueEntry[];
  continuation: boolean;
  refunds: RefundMode;
  /** Set when the settings are the company's remembered ones for this layout. */
  remembered: RememberedSettings | null;
  /** The same file (same SHA-256) already committed into the incident. */
  alreadyImported: { committedAt: string | null; byName: string; lineCount: number | null } | null;
}
