// The incident's title and its tabs: dashboard, ledger, documents, incident report, claim packages, audit log, journal entries.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ComponentType } from 'react';
import { NavLink, useParams } from 'react-router';
import { formatDate, useLocale } from '../lib/format.ts';
import { useViewer } from '../lib/session.tsx';
import { CLAIM_STATUS_LABELS } from '../../../shared/claim-status.ts';
import { errorDetails, trpc } from '../trpc.ts';

export function useIncident(id: string) {
  return useQuery(trpc.incident.get.queryOptions({ id }));
}

export function IncidentHeader({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const viewer = useViewer();
  const incident = useIncident(id);
  if (incident.error) return <p role="alert">{errorDetails(incident.error).message}</p>;
  if (!incident.data) return <p>{t('common.loading')}</p>;
  const i = incident.data;
  const tab = ({ isActive }: { isActive: boolean }) =>
    `shrink-0 whitespace-nowrap border-b-2 px-3 py-1.5 text-sm ${isActive ? 'border-sky-700 font-medium text-sky-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`;
  return (
    <div className="mb-4">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h1 className="min-w-0 break-words text-xl font-semibold" data-testid="incident-title">
          {i.title}
        </h1>
        {/* Each status named: the incident's own and the claim's are different things. */}
        <dl className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-xs">
          <div className="flex items-baseline gap-1">
            <dt className="text-slate-600">{t('incident.incidentStatus')}:</dt>
            <dd className="rounded bg-slate-200 px-2 py-0.5">{t(`incident.statuses.${i.status}`)}</dd>
          </div>
          <div className="flex items-baseline gap-1">
            <dt className="text-slate-600">{t('claim.status')}:</dt>
            <dd className="rounded bg-sky-100 px-2 py-0.5 text-sky-900" data-testid="header-claim-status">
              {CLAIM_STATUS_LABELS[i.claimStatus][locale]}
            </dd>
          </div>
        </dl>
        <span className="text-sm text-slate-600">
          {t(`incident.kinds.${i.kind}`)} · {t('incident.occurredOn')} {formatDate(i.occurredOn, locale)} · {t('incident.discoveredOn')}{' '}
          {formatDate(i.discoveredOn, locale)}
          {i.recordsAffected !== null && ` · ${t('incident.recordsAffected')} ${i.recordsAffected.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB')}`}
        </span>
        <span className="text-sm text-slate-600">
          {i.policy.insurer} {i.policy.policyNumber}
        </span>
      </div>
      {/* On a narrow screen the tabs scroll sideways in their own row rather than wrapping letter by letter. */}
      <nav aria-label={t('nav.incidentTabs')} className="mt-3 flex gap-1 overflow-x-auto border-b border-slate-200" data-scroll-x="incident-tabs">
        <NavLink end to={`/incidents/${id}`} className={tab}>
          {t('incident.dashboard')}
        </NavLink>
        <NavLink to={`/incidents/${id}/claim`} className={tab}>
          {t('incident.claim')}
        </NavLink>
        <NavLink to={`/incidents/${id}/ledger`} className={tab}>
          {t('incident.ledger')}
        </NavLink>
        <NavLink to={`/incidents/${id}/documents`} className={tab}>
          {t('incident.documents')}
        </NavLink>
        {/* The incident report: written once, it feeds the regulator's report, the client notice and the package. */}
        <NavLink to={`/incidents/${id}/report`} className={tab} data-testid="tab-report">
          {t('incidentReport.tab')}
        </NavLink>
        <NavLink to={`/incidents/${id}/packages`} className={tab}>
          {t('incident.packages')}
        </NavLink>
        {!viewer.isBroker && (
          <NavLink to={`/incidents/${id}/audit`} className={tab}>
            {t('incident.audit')}
          </NavLink>
        )}
        {/* Journal entries for the accounting software: finance's, as the import is. */}
        {viewer.isFinance && (
          <NavLink to={`/incidents/${id}/journal`} className={tab} data-testid="tab-journal">
            {t('incident.journal')}
          </NavLink>
        )}
        {viewer.isFinance && (
          <NavLink to={`/incidents/${id}/edit`} className={tab}>
            {t('incident.editIncident')}
          </NavLink>
        )}
      </nav>
    </div>
  );
}

/** A page of one incident (`/incidents/:id/...`): its header and tabs above the page's own content. */
export function IncidentPage({ content: Content }: { content: ComponentType<{ incidentId: string }> }) {
  const { id = '' } = useParams();
  return (
    <div>
      <IncidentHeader id={id} />
      <Content incidentId={id} />
    </div>
  );
}
