// Import cost lines from a CSV or XLSX file (issues 5 and 17): choose the file, check its header row, its
// columns, the rows it leaves out and the category of each value, check every row, then confirm. Nothing is
// written before the confirmation, and then the lines chosen all at once or none.
import type { RouterOutputs } from '../lib/api-types.ts';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { columnsFor, dataStart, isBlankCells, type ImportHeaderChoice as HeaderChoice } from '../../../shared/import-layout.ts';
import { PRESET_LABELS } from '../../../shared/import-presets.ts';
import type { ImportSettings } from '../../../shared/import-schemas.ts';
import { suggestMapping } from '../../../shared/import-values.ts';
import { ErrorBanner } from '../components/Field.tsx';
import { ImportCategoryValues } from '../components/import/ImportCategoryValues.tsx';
import { ImportFilters } from '../components/import/ImportFilters.tsx';
import { ImportHeaderChoice } from '../components/import/ImportHeaderChoice.tsx';
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

type Done = RouterOutputs['costImport']['commit'];

/** The file's positional column names, used only when it has no header row. */
const positionalFor = (received: ReceivedImport, header: HeaderChoice) => (header.row === null ? (received.positional ?? undefined) : undefined);

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
          {done.errorRowsLeft > 0 && <p className="text-sm">{t('import.errorRowsLeftDone', { count: done.errorRowsLeft })}</p>}
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

function ReceivedFile({ received, onDone, onCancel }: { received: ReceivedImport; onDone: (done: Done) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  // Without a stage column, lines are taken as invoiced unless the user (or the file's kind) says otherwise.
  const [settings, setSettings] = useState<ImportSettings>(() => ({
    header: received.header,
    mapping: received.mapping,
    fixed: { stage: 'invoiced', ...received.fixed },
    filters: received.filters,
    categoryValues: received.categoryValues,
    continuation: received.continuation,
    refunds: received.refunds,
  }));
  const [offered, setOffered] = useState(received.filters.rules);
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [skipErrors, setSkipErrors] = useState(false);
  const [confirmReimport, setConfirmReimport] = useState(false);
  const preview = useImportPreview(received.importId, settings);
  const commit = useMutation(trpc.costImport.commit.mutationOptions({ onSuccess: (answer) => (onDone(answer), void refreshAll()) }));
  const discard = useMutation(trpc.costImport.discard.mutationOptions({ onSettled: onCancel }));
  const change = (part: Partial<ImportSettings>) => setSettings((current) => ({ ...current, ...part }));

  const columns = useMemo(() => columnsFor(received.head, settings.header, positionalFor(received, settings.header)), [received, settings.header]);
  const sample = useMemo(
    () =>
      received.head
        .slice(dataStart(settings.header))
        .filter((cells) => !isBlankCells(cells))
        .slice(0, 5),
    [received, settings.header],
  );
  const chooseHeader = (header: HeaderChoice) => {
    // Another header names other columns: the mapping is suggested again from them; rules past the last column go.
    const names = columnsFor(received.head, header, positionalFor(received, header));
    const mapping = header.row === received.header.row && header.depth === received.header.depth ? received.mapping : suggestMapping(names);
    change({ header, mapping, filters: { ...settings.filters, rules: settings.filters.rules.filter((r) => r.column < names.length) } });
  };
  const remembered = received.remembered;
  const rememberedValues = useMemo(() => new Set(remembered?.values ?? []), [remembered]);
  const suggestedValues = useMemo(
    () => new Set(received.categoryValues.map((e) => e.value).filter((v) => !rememberedValues.has(v))),
    [received, rememberedValues],
  );

  const current = preview.query.isPlaceholderData || preview.query.error ? null : preview.query.data;
  const already = current?.alreadyImported ?? received.alreadyImported;
  const lineCount = current ? current.counts.lines - (skipDuplicates ? current.counts.duplicates : 0) : 0;
  const amount = current ? (skipDuplicates ? current.amountWithoutDuplicates : current.amount) : 0;
  const errorsBlock = current !== null && current !== undefined && current.counts.errors > 0 && !skipErrors;
  const canCommit = current !== null && current !== undefined && !errorsBlock && lineCount > 0 && (!already || confirmReimport) && !commit.isPending;
  const rememberedParts = remembered
    ? [
        remembered.parts.header && t('import.rememberedParts.header'),
        t('import.rememberedParts.mapping'),
        remembered.parts.filters && t('import.rememberedParts.filters'),
        remembered.parts.categoryValues > 0 && t('import.rememberedParts.values', { count: remembered.parts.categoryValues }),
        remembered.parts.fixed && t('import.rememberedParts.fixed'),
      ]
        .filter(Boolean)
        .join('・')
    : '';

  return (
    <>
      <p className="text-sm" data-testid="import-file">
        <b>{received.fileName}</b> · {t('import.rows', { n: received.rowCount.toLocaleString() })} · {received.format.toUpperCase()}
        {received.encoding && ` · ${t('import.encoding')} ${received.encoding}`}
      </p>
      {remembered && (
        <p className="rounded bg-sky-50 p-2 text-sm text-sky-900" role="status" data-testid="import-remembered">
          {t('import.remembered', { at: formatTimestamp(remembered.at, locale), by: remembered.byName, parts: rememberedParts })}
        </p>
      )}
      {received.preset && !remembered && (
        <p className="rounded bg-slate-50 p-2 text-sm" data-testid="import-preset">
          {t('import.preset', { name: PRESET_LABELS[received.preset][locale] })}
        </p>
      )}
      <ImportHeaderChoice head={received.head} header={settings.header} onChange={chooseHeader} />
      <ImportMapping
        columns={columns}
        sample={sample}
        mapping={settings.mapping}
        fixed={settings.fixed}
        remembered={received.mappingRemembered}
        rememberedFixed={remembered ? received.fixed : undefined}
        onChange={(mapping, fixed) => change({ mapping, fixed })}
      />
      <ImportFilters
        columns={columns}
        filters={settings.filters}
        offered={offered}
        ruleCounts={current?.ruleCounts}
        leftOut={current?.leftOut}
        continuation={settings.continuation}
        refunds={settings.refunds}
        onChange={(part) => {
          if (part.offered) setOffered(part.offered);
          change({
            ...(part.filters ? { filters: part.filters } : {}),
            ...(part.continuation !== undefined ? { continuation: part.continuation } : {}),
            ...(part.refunds ? { refunds: part.refunds } : {}),
          });
        }}
      />
      {settings.mapping.category !== undefined && current && current.categoryValues.length > 0 && (
        <ImportCategoryValues
          columnName={columns[settings.mapping.category] ?? ''}
          values={current.categoryValues}
          valueCount={current.categoryValueCount}
          entries={settings.categoryValues}
          remembered={rememberedValues}
          suggested={suggestedValues}
          onChange={(categoryValues) => change({ categoryValues })}
        />
      )}
      <ImportPreview preview={preview} />
      <div className="card space-y-2">
        {current && current.counts.errors > 0 && (
          <>
            <p role="alert" className="text-sm text-red-800" data-testid="import-fix-errors">
              {t('import.fixErrors')}
            </p>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={skipErrors} onChange={(e) => setSkipErrors(e.target.checked)} data-testid="import-skip-errors" />
              {t('import.skipErrors', { count: current.counts.errors })}
            </label>
          </>
        )}
        {current && current.counts.duplicates > 0 && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={skipDuplicates} onChange={(e) => setSkipDuplicates(e.target.checked)} data-testid="import-skip-duplicates" />
            {t('import.skipDuplicates')}
          </label>
        )}
        {already && (
          <div className="rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="import-already">
            <p>
              {t('import.alreadyImported', {
                at: already.committedAt ? formatTimestamp(already.committedAt, locale) : '',
                by: already.byName,
                count: already.lineCount ?? 0,
              })}
            </p>
            <label className="mt-1 flex items-center gap-2">
              <input type="checkbox" checked={confirmReimport} onChange={(e) => setConfirmReimport(e.target.checked)} data-testid="import-confirm-reimport" />
              {t('import.confirmReimport')}
            </label>
          </div>
        )}
        <ErrorBanner message={errorDetails(commit.error).message} />
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="btn"
            data-testid="import-commit"
            disabled={!canCommit}
            // What the preview showed is what is written: the server refuses a file that now reads otherwise.
            onClick={() =>
              commit.mutate({ importId: received.importId, ...settings, skipDuplicates, skipErrors, confirmReimport, expected: { lines: lineCount, amount } })
            }
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
