// The company's home: its policies and incidents.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CLAIM_STATUS_LABELS } from '../../../shared/claim-status.ts';
import { formatYen } from '../../../shared/money.ts';
import { eligibilityProblems, warningMessage } from '../../../shared/warnings.ts';
import { formatDate, useLocale } from '../lib/format.ts';
import { useSession } from '../lib/session.tsx';
import { trpc } from '../trpc.ts';
import { BrokerHomePage } from './BrokerHomePage.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { company } = useSession();
  const isBroker = company.companyKind === 'broker';
  const policies = useQuery({ ...trpc.policy.list.queryOptions({ companyId: company.companyId }), enabled: !isBroker });
  const incidents = useQuery({ ...trpc.incident.list.queryOptions({ companyId: company.companyId }), enabled: !isBroker });
  const canEditPolicy = company.role !== 'responder';
  if (isBroker) return <BrokerHomePage />;

  return (
    <div className="space-y-8">
      <section>
        <div className="mb-2 flex items-center justify-between">
          <h1 className="text-lg font-semibold">{t('home.incidents')}</h1>
          {policies.data && policies.data.length > 0 && (
            <Link to="/incidents/new" className="btn">
              {t('home.newIncident')}
            </Link>
          )}
        </div>
        {incidents.data?.length === 0 && <p className="text-sm text-slate-600">{t('home.noIncidents')}</p>}
        <ul className="grid gap-3 md:grid-cols-2">
          {incidents.data?.map((incident) => (
            <li key={incident.id} className="card">
              <Link to={`/incidents/${incident.id}`} className="font-medium text-sky-800 hover:underline">
                {incident.title}
              </Link>
              <p className="mt-1 text-sm text-slate-600">
                {t(`incident.kinds.${incident.kind}`)} · {t('incident.discoveredOn')} {formatDate(incident.discoveredOn, locale)} ·{' '}
                {t(`incident.statuses.${incident.status}`)} · {t('home.lines', { count: incident.lineCount })}
              </p>
              <p className="mt-1 text-xs">
                <span className="text-slate-600">{t('claim.status')}: </span>
                <span className="rounded bg-sky-100 px-2 py-0.5 text-sky-900">{CLAIM_STATUS_LABELS[incident.claimStatus][locale]}</span>
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section>
        <div className="mb-2 flex items-center justify-between">
          <h2 className="text-lg font-semibold">{t('home.policies')}</h2>
          {canEditPolicy && (
            <Link to="/policies/new" className="btn-secondary">
              {t('home.newPolicy')}
            </Link>
          )}
        </div>
        {policies.data?.length === 0 && <p className="text-sm text-slate-600">{t('home.noPolicies')}</p>}
        {/* A table on a wide screen, one card per policy on a phone (styles.css: stack-table). */}
        <div>
          <table className="stack-table w-full text-sm md:bg-white">
            <thead className="bg-slate-100 text-left text-xs text-slate-600">
              <tr>
                <th className="p-2">{t('policy.insurer')}</th>
                <th className="p-2">{t('policy.policyNumber')}</th>
                <th className="p-2">{t('home.period')}</th>
                <th className="p-2 num">{t('policy.liabilityLimit')}</th>
                <th className="p-2 num">{t('policy.expenseLimit')}</th>
                <th className="p-2">{t('policy.restorationRider')}</th>
                <th className="p-2">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {policies.data?.map((p) => (
                <tr key={p.id} className="border-t border-slate-100">
                  <td className="p-2 font-medium md:font-normal">{p.insurer}</td>
                  <td className="p-2" data-label={t('policy.policyNumber')}>
                    <Link className="text-sky-800 hover:underline" to={`/policies/${p.id}`} data-testid="policy-period-link">
                      {p.policyNumber}
                    </Link>
                  </td>
                  <td className="p-2" data-label={t('home.period')}>
                    <span>
                      <span className="whitespace-nowrap">{formatDate(p.periodStart, locale)}</span> –{' '}
                      <span className="whitespace-nowrap">{formatDate(p.periodEnd, locale)}</span>
                    </span>
                  </td>
                  <td className="p-2 num" data-label={t('policy.liabilityLimit')}>
                    {formatYen(p.liabilityLimit)}
                  </td>
                  <td className="p-2 num" data-label={t('policy.expenseLimit')}>
                    {formatYen(p.expenseLimit)}
                  </td>
                  <td className="p-2" data-label={t('policy.restorationRider')}>
                    {p.restorationRider ? t('policy.riderOn') : t('policy.riderOff')}
                  </td>
                  <td className="p-2">
                    {canEditPolicy && (
                      <Link className="text-sky-700 hover:underline" to={`/policies/${p.id}/edit`}>
                        {t('common.edit')}
                      </Link>
                    )}
                    {eligibilityProblems(p).map((code) => (
                      <p key={code} className="text-xs text-amber-700">
                        {warningMessage(code, { revenue: formatYen(p.annualRevenue ?? 0) }, locale)}
                      </p>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
