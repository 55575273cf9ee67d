// Import cost lines from a CSV or XLSX file (issue 5): choose the file, map its columns, check every row,
// then confirm. Nothing is written before the confirmation, and then all lines or none.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportFixed, ImportMappingInput } from '../../../shared/import-schemas.ts';
import { ErrorBanner } from '../components/Field.tsx';
import { ImportHistory } from '../components/import/ImportHistory.tsx';
import { ImportMapping } from '../components/import/ImportMapping.tsx';
import { ImportPreview, useImportPreview } from '../components/import/ImportPreview.tsx';
import { ImportUpload, type ReceivedImport } from '../components/import/ImportUpload.tsx';
import { formatTimestamp, formatYen, useLocale } from '../lib/format.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { IncidentPage } from './IncidentNav.tsx';

export default function ImportPage() {
  return <IncidentPage content={ImportFlow} />;
}

type Done = { lineCount: number; amount: number; skippedDuplicates: number };

function ImportFlow({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const [received, setReceived] = useState<ReceivedImport | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const restart = () => (setReceived(null), setDone(null));

  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">{t('import.title')}</h2>
        <p className="text-sm text-slate-600">{t('import.intro')}</p>
      </div>
      {done ? (
        <div className="card space-y-2" role="status" data-testid="import-done">
          <p className="font-medium">{t('import.done', { n: done.lineCount.toLocaleString(), amount: formatYen(done.amount) })}</p>
          {done.skippedDuplicates > 0 && <p className="text-sm">{t('import.skippedDuplicatesDone', { count: done.skippedDuplicates })}</p>}
          <div className="flex gap-2">
            <Link className="btn" to={`/incidents/${incidentId}/ledger`}>
              {t('import.toLedger')}
            </Link>
            <button type="button" className="btn-secondary" onClick={restart}>
              {t('import.another')}
            </button>
          </div>
        </div>
      ) : received ? (
        <ReceivedFile key={received.importId} received={received} onDone={setDone} onCancel={restart} />
      ) : (
        <ImportUpload incidentId={incidentId} onReceived={setReceived} />
      )}
      <ImportHistory incidentId={incidentId} />
    </div>
  );
}

function ReceivedFile({ received, onDone, onCancel }: { received: ReceivedImport; onDone(done: Done): void; onCancel(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [mapping, setMapping] = useState<ImportMappingInput>(received.mapping);
  // Without a stage column, lines are taken as invoiced unless the user says otherwise.
  const [fixed, setFixed] = useState<ImportFixed>({ stage: 'invoiced', ...received.fixed });
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [confirmReimport, setConfirmReimport] = useState(false);
  const preview = useImportPreview(received.importId, mapping, fixed);
  const commit = useMutation(trpc.costImport.commit.mutationOptions({ onSuccess: (answer) => (onDone(answer), void refreshAll()) }));
  const discard = useMutation(trpc.costImport.discard.mutationOptions({ onSettled: onCancel }));

  const current = preview.query.isPlaceholderData || preview.query.error ? null : preview.query.data;
  const already = current?.alreadyImported ?? received.alreadyImported;
  const lineCount = current ? current.counts.lines - (skipDuplicates ? current.counts.duplicates : 0) : 0;
  const canCommit = current !== null && current !== undefined && current.counts.errors === 0 && lineCount > 0 && (!already || confirmReimport) && !commit.isPending;

  return (
    <>
      <p className="text-sm" data-testid="import-file">
        <b>{received.fileName}</b> · {t('import.rows', { n: received.rowCount.toLocaleString() })} · {received.format.toUpperCase()}
        {received.encoding && ` · ${t('import.encoding')} ${received.encoding}`}
      </p>
      <ImportMapping received={received} mapping={mapping} fixed={fixed} onChange={(m, f) => (setMapping(m), setFixed(f))} />
      <ImportPreview preview={preview} />
      <div className="card space-y-2">
        {current && current.counts.errors > 0 && (
          <p role="alert" className="text-sm text-red-800" data-testid="import-fix-errors">
            {t('import.fixErrors')}
          </p>
        )}
        {current && current.counts.duplicates > 0 && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={skipDuplicates} onChange={(e) => setSkipDuplicates(e.target.checked)} data-testid="import-skip-duplicates" />
            {t('import.skipDuplicates')}
          </label>
        )}
        {already && (
          <div className="rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="import-already">
            <p>{t('import.alreadyImported', { at: already.committedAt ? formatTimestamp(already.committedAt, locale) : '', by: already.byName, count: already.lineCount ?? 0 })}</p>
            <label className="mt-1 flex items-center gap-2">
              <input type="checkbox" checked={confirmReimport} onChange={(e) => setConfirmReimport(e.target.checked)} data-testid="import-confirm-reimport" />
              {t('import.confirmReimport')}
            </label>
          </div>
        )}
        <ErrorBanner message={errorDetails(commit.error).message} />
        <div className="flex gap-2">
          <button
            type="button"
            className="btn"
            data-testid="import-commit"
            disabled={!canCommit}
            onClick={() => commit.mutate({ importId: received.importId, mapping, fixed, skipDuplicates, confirmReimport })}
          >
            {commit.isPending ? t('import.committing') : t('import.commit', { n: lineCount.toLocaleString() })}
          </button>
          <button type="button" className="btn-secondary" disabled={commit.isPending} onClick={() => discard.mutate({ importId: received.importId })}>
            {t('import.discard')}
          </button>
        </div>
      </div>
    </>
  );
}
