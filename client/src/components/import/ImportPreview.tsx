// The preview of an import: every row read and checked on the server under the current mapping, counted,
// and shown a page at a time, each error and likely duplicate on its own row.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CostCategory } from '../../../../shared/categories.ts';
import type { FieldCode, ParamValue } from '../../../../shared/error-codes.ts';
import { LEFT_OUT_LABELS } from '../../../../shared/import-filters.ts';
import { IMPORT_PREVIEW_VIEWS, type ImportPreviewView, type ImportSettings } from '../../../../shared/import-schemas.ts';
import { IMPORT_FIELDS } from '../../../../shared/import-values.ts';
import { fieldText } from '../../lib/error-text.ts';
import { formatDate, formatYen, useCategoryLabel, useLocale } from '../../lib/format.ts';
import { errorDetails, trpc } from '../../trpc.ts';
import { ErrorBanner } from '../Field.tsx';

const PAGE = 100;
const COUNT_OF_VIEW = { all: null, errors: 'errors', duplicates: 'duplicates', skipped: 'skipped' } as const;

/** The preview under the settings, with the page on screen; the page keeps showing the last answer while the next comes. */
export function useImportPreview(importId: string, settings: ImportSettings) {
  const [view, setView] = useState<ImportPreviewView>('all');
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    ...trpc.costImport.preview.queryOptions({ importId, ...settings, view, offset, limit: PAGE }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  return { query, view, offset, setOffset, chooseView: (next: ImportPreviewView) => (setView(next), setOffset(0)) };
}

export function ImportPreview({ preview: { query: preview, view, offset, setOffset, chooseView } }: { preview: ReturnType<typeof useImportPreview> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const categoryLabel = useCategoryLabel();

  if (preview.error) return <ErrorBanner message={errorDetails(preview.error).message} />;
  if (!preview.data) return <p className="text-sm text-slate-500">{t('import.previewing')}</p>;
  const p = preview.data;
  const fieldLabel = (field: string | null) => IMPORT_FIELDS.find((f) => f.field === field)?.[locale] ?? '';
  // A parser's own Japanese, else the schema's code in words (shared/error-codes.ts), else the English.
  const problemText = (problem: { en: string; ja?: string; code?: FieldCode; params?: Record<string, ParamValue> }) =>
    locale === 'ja' ? (problem.ja ?? (problem.code ? fieldText({ code: problem.code, params: problem.params ?? {} }) : problem.en)) : problem.en;

  return (
    <section className="card" aria-labelledby="import-preview-title" aria-busy={preview.isFetching}>
      <h2 id="import-preview-title" className="font-semibold">
        {t('import.preview')}
      </h2>
      <dl className="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-5" data-testid="import-counts">
        {(['lines', 'errors', 'skipped', 'duplicates'] as const).map((key) => (
          <div
            key={key}
            className={`rounded px-3 py-2 ${key === 'errors' && p.counts.errors > 0 ? 'bg-red-50 text-red-800' : 'bg-slate-50'}`}
            data-testid={`import-count-${key}`}
          >
            <dt className="text-xs">{t(`import.counts.${key}`)}</dt>
            <dd className="text-lg font-semibold tabular-nums">{p.counts[key].toLocaleString()}</dd>
          </div>
        ))}
        <div className="rounded bg-sky-50 px-3 py-2 text-sky-900" data-testid="import-amount">
          <dt className="text-xs">{t('import.total')}</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatYen(p.amount)}</dd>
          {p.counts.duplicates > 0 && (
            <dd className="text-xs" data-testid="import-amount-without-duplicates">
              {t('import.totalWithoutDuplicates')} {formatYen(p.amountWithoutDuplicates)}
            </dd>
          )}
        </div>
      </dl>
      {p.byCategory.length > 0 && (
        <p className="mt-2 text-xs text-slate-600">
          {p.byCategory
            .map((c) => `${categoryLabel(c.category as CostCategory)} ${c.lines.toLocaleString()}${locale === 'ja' ? '件' : ' lines'} ${formatYen(c.amount)}`)
            .join(' · ')}
        </p>
      )}

      {Object.keys(p.leftOut).length > 0 && (
        <div className="mt-2 text-xs" data-testid="import-left-out">
          <h3 className="font-medium text-slate-700">{t('import.leftOutTitle')}</h3>
          <ul className="mt-1 flex flex-wrap gap-1">
            {(Object.entries(p.leftOut) as [keyof typeof LEFT_OUT_LABELS, number][]).map(([reason, count]) => (
              <li key={reason} className="rounded bg-slate-100 px-2 py-0.5" data-testid={`import-left-out-${reason}`}>
                {LEFT_OUT_LABELS[reason][locale]} {count.toLocaleString()}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div role="tablist" className="mt-3 flex flex-wrap gap-1 border-b border-slate-200 text-sm">
        {IMPORT_PREVIEW_VIEWS.map((v) => {
          const countKey = COUNT_OF_VIEW[v];
          return (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              onClick={() => chooseView(v)}
              className={`border-b-2 px-3 py-1 ${view === v ? 'border-sky-700 font-medium' : 'border-transparent text-slate-600'}`}
            >
              {t(`import.views.${v}`)}
              {countKey && ` (${p.counts[countKey].toLocaleString()})`}
            </button>
          );
        })}
      </div>
      <div className="overflow-x-auto">
        <table className="mt-2 w-full text-sm" data-testid="import-preview-table">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th scope="col" className="px-2 py-1">
                {t('import.row')}
              </th>
              <th scope="col" className="px-2 py-1">
                {t('import.status')}
              </th>
              <th scope="col" className="px-2 py-1">
                {t('cost.incurredOn')}
              </th>
              <th scope="col" className="px-2 py-1">
                {t('cost.category')}
              </th>
              <th scope="col" className="px-2 py-1">
                {t('cost.stage')}
              </th>
              <th scope="col" className="px-2 py-1 text-right">
                {t('cost.amount')}
              </th>
              <th scope="col" className="px-2 py-1">
                {t('cost.vendor')}
              </th>
              <th scope="col" className="px-2 py-1">
                {t('import.problems')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr
                key={r.row}
                data-testid={`import-row-${r.row}`}
                className={`border-t border-slate-100 align-top ${r.kind === 'error' ? 'bg-red-50' : r.duplicateOf ? 'bg-amber-50' : ''}`}
              >
                <td className="px-2 py-1 tabular-nums text-slate-500">{r.row}</td>
                <td className="px-2 py-1 text-xs">
                  {r.kind === 'line' ? (
                    t('import.ok')
                  ) : r.kind === 'error' ? (
                    <span className="font-medium text-red-800">{t('import.error')}</span>
                  ) : (
                    <span data-testid="import-row-reason">{LEFT_OUT_LABELS[r.reason][locale]}</span>
                  )}
                </td>
                {r.kind === 'line' ? (
                  <>
                    <td className="px-2 py-1 whitespace-nowrap">{formatDate(r.fields.incurredOn, locale)}</td>
                    <td className="px-2 py-1">{categoryLabel(r.fields.category)}</td>
                    <td className="px-2 py-1">{t(`cost.stages.${r.fields.stage}`)}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{formatYen(r.fields.amount)}</td>
                    <td className="px-2 py-1">{r.fields.vendor}</td>
                  </>
                ) : (
                  <td colSpan={5} className="px-2 py-1 text-xs text-slate-600">
                    {r.cells.join(' | ')}
                  </td>
                )}
                <td className="px-2 py-1 text-xs">
                  {r.kind === 'error' && (
                    <ul className="text-red-800">
                      {r.problems.map((problem, i) => (
                        <li key={i}>
                          {problem.field && <b>{fieldLabel(problem.field)}: </b>}
                          {problemText(problem)}
                        </li>
                      ))}
                    </ul>
                  )}
                  {'inherited' in r && r.inherited && <span className="block text-slate-600">{t('import.inherited')}</span>}
                  {r.kind === 'line' && r.netted && (
                    <span className="block text-slate-600">
                      {t('import.netted', { amount: formatYen(r.netted.reduce((s, n) => s + n.amount, 0)), rows: r.netted.map((n) => n.row).join(', ') })}
                    </span>
                  )}
                  {r.kind === 'skipped' && r.into !== undefined && <span className="block text-slate-600">{t('import.into', { row: r.into })}</span>}
                  {r.kind === 'skipped' && r.value && <span className="block text-slate-600">「{r.value}」</span>}
                  {r.duplicateOf && (
                    <span className="text-amber-800">
                      {r.duplicateOf.kind === 'ledger' ? t('import.duplicateLedger') : t('import.duplicateFile', { row: r.duplicateOf.row })}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-2 flex items-center gap-2 text-xs text-slate-600">
        <span>{t('import.showing', { from: p.total === 0 ? 0 : offset + 1, to: Math.min(offset + PAGE, p.total), total: p.total.toLocaleString() })}</span>
        <button type="button" className="btn-secondary px-2 py-0.5" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t('import.prev')}
        </button>
        <button type="button" className="btn-secondary px-2 py-0.5" disabled={offset + PAGE >= p.total} onClick={() => setOffset(offset + PAGE)}>
          {t('import.next')}
        </button>
      </div>
    </section>
  );
}
