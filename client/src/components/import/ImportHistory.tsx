// The files imported into the incident: what, when, by whom, how many lines (the audit log has the rest).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatTimestamp, formatYen, useLocale } from '../../lib/format.ts';
import { trpc } from '../../trpc.ts';

export function ImportHistory({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const history = useQuery(trpc.costImport.list.queryOptions({ incidentId }));
  return (
    <section className="card" aria-labelledby="import-history-title">
      <h2 id="import-history-title" className="font-semibold">
        {t('import.history')}
      </h2>
      {history.data?.length === 0 && <p className="text-sm text-slate-500">{t('import.noHistory')}</p>}
      {history.data && history.data.length > 0 && (
        <table className="mt-2 w-full text-sm" data-testid="import-history">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="px-2 py-1">{t('import.file')}</th>
              <th className="px-2 py-1">{t('import.importedAt')}</th>
              <th className="px-2 py-1">{t('import.importedBy')}</th>
              <th className="px-2 py-1 text-right">{t('import.lines')}</th>
              <th className="px-2 py-1 text-right">{t('import.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((h) => (
              <tr key={h.id} className="border-t border-slate-100">
                <td className="px-2 py-1">
                  {h.fileName}{' '}
                  <span className="text-xs text-slate-400" title={h.fileSha256}>
                    ({h.format.toUpperCase()}
                    {h.encoding ? ` ${h.encoding}` : ''})
                  </span>
                </td>
                <td className="px-2 py-1">{h.committedAt && formatTimestamp(h.committedAt, locale)}</td>
                <td className="px-2 py-1">{h.committedByName}</td>
                <td className="px-2 py-1 text-right tabular-nums">{(h.lineCount ?? 0).toLocaleString()}</td>
                <td className="px-2 py-1 text-right tabular-nums">{formatYen(h.amount ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
