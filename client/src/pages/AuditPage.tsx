// The audit log of an incident: who changed what and when, with the values before and after.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DOCUMENT_LABELS, type DocumentKind } from '../../../shared/documents.ts';
import { auditActionText, auditEntityText, auditFieldText, auditValueText } from '../lib/audit-words.ts';
import { formatTimestamp, useLocale } from '../lib/format.ts';
import { errorDetails, trpc } from '../trpc.ts';
import { IncidentHeader, useIncident } from './IncidentNav.tsx';

/** One side (before or after) of an entry: each field by its name and its value in words (lib/audit-words.ts). */
function Values({ values, entityType }: { values: unknown; entityType: string }) {
  const locale = useLocale();
  if (values === null || typeof values !== 'object') return null;
  return (
    <dl className="text-xs">
      {Object.entries(values as Record<string, unknown>).map(([key, value]) => (
        <div key={key} className="flex flex-wrap gap-x-1">
          {/* A field's name is never split; a long value (a file name, a hash) wraps where it must. */}
          <dt className="whitespace-nowrap text-slate-600">{auditFieldText(entityType, key, locale)}:</dt>
          <dd className="min-w-0 [overflow-wrap:anywhere]">{auditValueText(entityType, key, value, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether the company's hash chain still matches what was written (server/audit-chain.ts). */
function AuditChainStatus({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const incident = useIncident(incidentId);
  const companyId = incident.data?.companyId ?? '';
  const chain = useQuery({ ...trpc.audit.verify.queryOptions({ companyId }), enabled: Boolean(companyId) });
  if (!chain.data) return null;
  return chain.data.ok ? (
    <p className="mb-3 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="audit-chain">
      ✓ {t('auditChain.ok', { count: chain.data.entries })}
      <span className="ml-2 font-mono text-xs text-emerald-700" title={t('auditChain.head')}>
        {chain.data.head.slice(0, 16)}…
      </span>
    </p>
  ) : (
    <p role="alert" className="mb-3 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-900" data-testid="audit-chain">
      ⚠ {t('auditChain.broken', { id: chain.data.firstBrokenId ?? '' })}
    </p>
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
      <AuditChainStatus incidentId={id} />
      {entries.error && <p role="alert">{errorDetails(entries.error).message}</p>}
      {/* On a phone, each entry is a card: who did what and when, then the values before and after. */}
      <ol className="space-y-2 sm:hidden" aria-label={t('audit.title')} data-testid="audit-cards">
        {entries.data?.map((e) => (
          <li key={e.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
            <p className="flex flex-wrap gap-x-2">
              <span className="font-medium">{auditEntityText(e.entityType, locale)}</span>
              <span>{auditActionText(e.action, locale)}</span>
              <span className="whitespace-nowrap text-slate-600">{e.actorName}</span>
              <span className="whitespace-nowrap text-slate-600">{formatTimestamp(e.at, locale)}</span>
            </p>
            {e.before !== null && (
              <div className="mt-1">
                <p className="text-xs font-medium text-slate-600">{t('audit.before')}</p>
                <Values values={e.before} entityType={e.entityType} />
              </div>
            )}
            {e.after !== null && (
              <div className="mt-1">
                <p className="text-xs font-medium text-slate-600">{t('audit.after')}</p>
                <Values values={e.after} entityType={e.entityType} />
              </div>
            )}
          </li>
        ))}
      </ol>
      <div
        className="relative hidden overflow-x-auto rounded border border-slate-200 bg-white sm:block"
        tabIndex={0}
        role="region"
        aria-label={t('audit.title')}
        data-scroll-x="audit"
      >
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
                <td className="p-2 whitespace-nowrap">{e.actorName}</td>
                <td className="p-2">
                  <span className="whitespace-nowrap">{auditEntityText(e.entityType, locale)}</span>{' '}
                  {e.entityType === 'document' ? (
                    DOCUMENT_LABELS[e.entityId as DocumentKind]?.[locale]
                  ) : (
                    <span className="font-mono text-xs text-slate-600">{e.entityId.slice(0, 8)}</span>
                  )}
                </td>
                <td className="p-2 whitespace-nowrap">{auditActionText(e.action, locale)}</td>
                <td className="p-2">
                  <Values values={e.before} entityType={e.entityType} />
                </td>
                <td className="p-2">
                  <Values values={e.after} entityType={e.entityType} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
