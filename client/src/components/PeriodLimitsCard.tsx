// The policy period's limits as this incident meets them: per limit, the aggregate, what earlier incidents
// and claims of the period used, what this incident uses, and what is left (docs/rules.md §4).
import type { ClaimSummary } from '../lib/api-types.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatYen } from '../../../shared/money.ts';

/** The policy year's limits as claim.summary reports them for this incident. */
export type PeriodLimits = Pick<
  ClaimSummary,
  | 'policyId'
  | 'expenseAggregate'
  | 'expenseUsedElsewhere'
  | 'expenseUsedHere'
  | 'expenseLeft'
  | 'liabilityAggregate'
  | 'liabilityUsedElsewhere'
  | 'liabilityUsedHere'
  | 'liabilityLeft'
>;

export function PeriodLimitsCard({ limits }: { limits: PeriodLimits }) {
  const { t } = useTranslation();
  const rows = [
    {
      key: 'expense',
      label: t('policy.limitExpense'),
      aggregate: limits.expenseAggregate,
      elsewhere: limits.expenseUsedElsewhere,
      here: limits.expenseUsedHere,
      left: limits.expenseLeft,
    },
    {
      key: 'liability',
      label: t('policy.limitLiability'),
      aggregate: limits.liabilityAggregate,
      elsewhere: limits.liabilityUsedElsewhere,
      here: limits.liabilityUsedHere,
      left: limits.liabilityLeft,
    },
  ];
  return (
    <section className="card" aria-labelledby="period-limits-heading" data-testid="period-limits">
      <h2 id="period-limits-heading" className="font-semibold">
        {t('dashboard.periodLimits')}
      </h2>
      <p className="mb-2 text-xs text-slate-600">{t('dashboard.periodLimitsHint')}</p>
      <div className="space-y-3">
        {rows.map((row) => (
          <dl key={row.key} className="text-sm" data-testid={`period-${row.key}`}>
            <dt className="font-medium">{row.label}</dt>
            <dd className="grid grid-cols-2 gap-x-3 tabular-nums">
              <span className="text-slate-600">{t('dashboard.limitColumn')}</span>
              <span className="text-right">{formatYen(row.aggregate)}</span>
              <span className="text-slate-600">{t('dashboard.usedElsewhere')}</span>
              <span className="text-right" data-testid={`period-${row.key}-elsewhere`}>
                {formatYen(row.elsewhere)}
              </span>
              <span className="text-slate-600">{t('dashboard.usedHere')}</span>
              <span className="text-right">{formatYen(row.here)}</span>
              <span className="font-medium">{t('dashboard.leftColumn')}</span>
              <span className={`text-right font-semibold ${row.left > 0 ? 'text-emerald-800' : 'text-red-700'}`} data-testid={`period-${row.key}-left`}>
                {formatYen(row.left)}
              </span>
            </dd>
          </dl>
        ))}
      </div>
      <Link className="mt-2 inline-block text-sm text-sky-800 hover:underline" to={`/policies/${limits.policyId}`} data-testid="open-period">
        {t('policy.openPeriod')}
      </Link>
    </section>
  );
}
