// The audit log of an incident: who changed what and when, with the values before and after.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { formatTimestamp, useLocale } from '../lib/format.ts';
import { errorDetails, trpc } from '../trpc.ts';
import { IncidentHeader } from './IncidentNav.tsx';

function Values({ values }: { values: unknown }) {
  if (values === null || typeof values !== 'object') return null;
  return (
    <dl className="text-xs">
      {Object.entries(values as Record<string, unknown>).map(([key, value]) => (
        <div key={key} className="flex gap-1">
          <dt className="text-slate-500">{key}:</dt>
          <dd className="break-all">{typeof value === 'number' ? value.toLocaleString('en-US') : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const entries = useQuery(trpc.audit.list.queryOptions({ incidentId: id }));
  return (
    <div>
      <IncidentHeader id={id} />
      {entries.error && <p role="alert">{errorDetails(entries.error).message}</p>}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="audit-table">
          <thead className="bg-slate-100 text-left text-xs text-slate-600">
            <tr>
              <th className="p-2">{t('audit.at')}</th>
              <th className="p-2">{t('audit.who')}</th>
              <th className="p-2">{t('audit.what')}</th>
              <th className="p-2">{t('audit.action')}</th>
              <th className="p-2">{t('audit.before')}</th>
              <th className="p-2">{t('audit.after')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.data?.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top">
                <td className="p-2 whitespace-nowrap">{formatTimestamp(e.at, locale)}</td>
                <td className="p-2">{e.actorName}</td>
                <td className="p-2">
                  {t(`audit.entities.${e.entityType}`)} <span className="font-mono text-xs text-slate-400">{e.entityId.slice(0, 8)}</span>
                </td>
                <td className="p-2">{t(`audit.actions.${e.action}`)}</td>
                <td className="p-2">
                  <Values values={e.before} />
                </td>
                <td className="p-2">
                  <Values values={e.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
