// The policy period as a whole: each limit's aggregate, what claims before the app and each incident used,
// what is left, and every incident of the period in order of discovery — what a finance team and a broker
// look at when a second incident happens in the same year.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CLAIM_STATUS_LABELS } from '../../../shared/claim-status.ts';
import { formatYen } from '../../../shared/money.ts';
import { formatDate, useLocale } from '../lib/format.ts';
import { errorDetails, trpc } from '../trpc.ts';

interface Limit {
  aggregate: number;
  prior: number;
  byIncidents: number;
  left: number;
}

function LimitRow({ label, limit, testId }: { label: string; limit: Limit; testId: string }) {
  return (
    <tr className="border-t border-slate-100" data-testid={testId}>
      <th scope="row" className="p-2 text-left font-medium">
        {label}
      </th>
      <td className="p-2 num">{formatYen(limit.aggregate)}</td>
      <td className="p-2 num">{formatYen(limit.prior)}</td>
      <td className="p-2 num">{formatYen(limit.byIncidents)}</td>
      <td className={`p-2 num font-semibold ${limit.left > 0 ? 'text-emerald-800' : 'text-red-700'}`}>{formatYen(limit.left)}</td>
    </tr>
  );
}

export function PolicyPeriodPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const period = useQuery(trpc.policy.period.queryOptions({ id }));
  const policy = useQuery(trpc.policy.get.queryOptions({ id }));
  if (period.error) return <p role="alert">{errorDetails(period.error).message}</p>;
  const p = period.data;
  if (!p) return <p className="text-slate-500">{t('common.loading')}</p>;
  return (
    <div className="space-y-4">
      <div>
        <Link to="/" className="text-sm text-sky-800 hover:underline">
          ← {t('nav.home')}
        </Link>
        <h1 className="text-lg font-semibold">
          {policy.data ? `${policy.data.insurer} ${policy.data.policyNumber}` : t('policy.period')}
        </h1>
        <p className="text-sm text-slate-600">{t('policy.periodTitle', { start: formatDate(p.periodStart, locale), end: formatDate(p.periodEnd, locale) })}</p>
      </div>

      <section className="card overflow-x-auto">
        <table className="w-full text-sm" data-testid="period-limits-table">
          <thead className="text-xs text-slate-600">
            <tr>
              <th className="p-2 text-left" />
              <th className="p-2 num">{t('policy.aggregate')}</th>
              <th className="p-2 num">{t('policy.prior')}</th>
              <th className="p-2 num">{t('policy.byIncidents')}</th>
              <th className="p-2 num">{t('policy.left')}</th>
            </tr>
          </thead>
          <tbody>
            <LimitRow label={t('policy.limitExpense')} limit={p.expense} testId="period-row-expense" />
            <LimitRow label={t('policy.limitRestoration')} limit={p.restoration} testId="period-row-restoration" />
            <LimitRow label={t('policy.limitLiability')} limit={p.liability} testId="period-row-liability" />
          </tbody>
        </table>
      </section>

      <section className="card">
        <h2 className="mb-2 font-semibold">{t('policy.incidentsInPeriod')}</h2>
        {p.incidents.length === 0 ? (
          <p className="text-sm text-slate-500">{t('policy.noIncidents')}</p>
        ) : (
          <ol className="space-y-2" data-testid="period-incidents">
            {p.incidents.map((incident, index) => (
              <li key={incident.id} className="rounded border border-slate-200 p-3 text-sm" data-testid="period-incident">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link className="font-medium text-sky-800 hover:underline" to={`/incidents/${incident.id}`}>
                    {index + 1}. {incident.title}
                  </Link>
                  <span className="rounded bg-sky-100 px-2 py-0.5 text-xs text-sky-900">{CLAIM_STATUS_LABELS[incident.claimStatus][locale]}</span>
                </div>
                <p className="text-xs text-slate-600">
                  {t('incident.discoveredOn')} {formatDate(incident.discoveredOn, locale)}
                </p>
                <dl className="mt-1 grid grid-cols-2 gap-x-3 tabular-nums sm:grid-cols-4">
                  <dt className="text-slate-600">{t('policy.usedExpense')}</dt>
                  <dd className="text-right" data-testid="period-incident-expense">
                    {formatYen(incident.used.expense)}
                  </dd>
                  <dt className="text-slate-600">{t('policy.usedLiability')}</dt>
                  <dd className="text-right" data-testid="period-incident-liability">
                    {formatYen(incident.used.liability)}
                  </dd>
                  <dt className="text-slate-600">{incident.settled ? t('policy.settledLabel') : t('policy.computedLabel')}</dt>
                  <dd className="text-right font-semibold">{formatYen(incident.settled ? (incident.settledAmount ?? 0) : incident.totalPayable)}</dd>
                </dl>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
