// The policy period as a whole: each limit's aggregate, what claims before the app and each incident used,
// what is left, and every incident of the period in order of discovery — what a finance team and a broker
// look at when a second incident happens in the same year.
import type { RouterOutputs } from '../lib/api-types.ts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CLAIM_STATUS_LABELS } from '../../../shared/claim-status.ts';
import { formatYen } from '../../../shared/money.ts';
import { formatDate, useLocale } from '../lib/format.ts';
import { errorDetails, trpc } from '../trpc.ts';

type Limit = RouterOutputs['policy']['period']['expense'];

/** One limit of the period: its aggregate, what claims before the app and the incidents used, what is left. */
function LimitCard({ label, limit, testId }: { label: string; limit: Limit; testId: string }) {
  const { t } = useTranslation();
  const rows: [string, number, string][] = [
    [t('policy.aggregate'), limit.aggregate, ''],
    [t('policy.prior'), limit.prior, ''],
    [t('policy.byIncidents'), limit.byIncidents, ''],
    [t('policy.left'), limit.left, `font-semibold ${limit.left > 0 ? 'text-emerald-800' : 'text-red-700'}`],
  ];
  return (
    <section className="card" data-testid={testId}>
      <h2 className="mb-1 text-sm font-semibold">{label}</h2>
      <dl className="grid grid-cols-[1fr_auto] gap-x-3 text-sm tabular-nums">
        {rows.map(([name, value, className], index) => (
          <div key={name} className="contents">
            <dt className="text-slate-600">{name}</dt>
            <dd className={`text-right ${className}`} data-testid={`${testId}-${['aggregate', 'prior', 'used', 'left'][index]}`}>
              {formatYen(value)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
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
  if (!p) return <p className="text-slate-600">{t('common.loading')}</p>;
  return (
    <div className="space-y-4">
      <div>
        <Link to="/" className="text-sm text-sky-800 hover:underline">
          ← {t('nav.home')}
        </Link>
        <h1 className="text-lg font-semibold">{policy.data ? `${policy.data.insurer} ${policy.data.policyNumber}` : t('policy.period')}</h1>
        <p className="text-sm text-slate-600">{t('policy.periodTitle', { start: formatDate(p.periodStart, locale), end: formatDate(p.periodEnd, locale) })}</p>
      </div>

      <div className="grid gap-3 md:grid-cols-3" data-testid="period-limits-table">
        <LimitCard label={t('policy.limitExpense')} limit={p.expense} testId="period-row-expense" />
        {policy.data?.restorationRider && <LimitCard label={t('policy.limitRestoration')} limit={p.restoration} testId="period-row-restoration" />}
        <LimitCard label={t('policy.limitLiability')} limit={p.liability} testId="period-row-liability" />
      </div>

      <section className="card">
        <h2 className="mb-2 font-semibold">{t('policy.incidentsInPeriod')}</h2>
        {p.incidents.length === 0 ? (
          <p className="text-sm text-slate-600">{t('policy.noIncidents')}</p>
        ) : (
          <ol className="space-y-2" data-testid="period-incidents">
            {p.incidents.map((incident, index) => (
              <li key={incident.id} className="rounded border border-slate-200 p-3 text-sm" data-testid="period-incident">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link className="font-medium text-sky-800 hover:underline" to={`/incidents/${incident.id}`}>
                    {index + 1}. {incident.title}
                  </Link>
                  <span className="text-xs">
                    <span className="text-slate-600">{t('claim.status')}: </span>
                    <span className="rounded bg-sky-100 px-2 py-0.5 text-sky-900">{CLAIM_STATUS_LABELS[incident.claimStatus][locale]}</span>
                  </span>
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
