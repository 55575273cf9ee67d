// Importing cost lines from a CSV or XLSX file: the upload itself is POST /api/incidents/<id>/imports
// (server/http/imports.ts); these procedures preview, commit, discard and list what was uploaded.
import { importCommitInput, importIdInput, importListInput, importPreviewInput } from '../../shared/import-schemas.ts';
import { commitImport, discardImport, listImports, previewImport } from '../import/import-service.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';

export const costImportRouter = router({
  /** Every row read and checked under the mapping (nothing written); one page of rows to show. */
  preview: authedProcedure.input(importPreviewInput).query(async ({ ctx, input }) => await previewImport(ctx, ctx.storage, input)),
  /** All lines in one transaction, or none when any row has an error. */
  commit: answersInTransaction.input(importCommitInput).mutation(async ({ ctx, input }) => await commitImport(ctx, ctx.storage, input)),
  discard: answersInTransaction.input(importIdInput).mutation(async ({ ctx, input }) => await discardImport(ctx, input.importId)),
  list: authedProcedure.input(importListInput).query(async ({ ctx, input }) => await listImports(ctx, input.incidentId)),
});
