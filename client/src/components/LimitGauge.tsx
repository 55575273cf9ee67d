// The expense-limit gauge: what earlier incidents and claims of the policy period used, what this incident
// claims, what estimates will add, the limit and the headroom (docs/rules.md §4: the limit is the period's).
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../../shared/money.ts';

function percentOf(value: number, limit: number): number {
  return limit > 0 ? Math.min(100, (value / limit) * 100) : 0;
}

interface Props {
  /** Used of the period's limit with this incident's claim: earlier use included. */
  used: number;
  projected: number;
  limit: number;
  /** Used by earlier incidents and claims of the period before this incident. */
  elsewhere: number;
}

export function LimitGauge({ used, projected, limit, elsewhere }: Props) {
  const { t } = useTranslation();
  const elsewherePct = percentOf(elsewhere, limit);
  const usedPct = percentOf(used, limit);
  const projectedPct = percentOf(projected, limit);
  const colour = used >= limit ? 'bg-red-600' : used * 5 >= limit * 4 ? 'bg-amber-500' : 'bg-sky-600';
  const headroom = limit - used;
  return (
    <div data-testid="expense-gauge">
      <div
        className="relative h-6 w-full overflow-hidden rounded bg-slate-200"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-label={t('dashboard.expenseGauge')}
      >
        <div className="absolute inset-y-0 left-0 bg-sky-200" style={{ width: `${projectedPct}%` }} />
        <div className={`absolute inset-y-0 left-0 ${colour}`} style={{ width: `${usedPct}%` }} />
        {elsewhere > 0 && <div className="absolute inset-y-0 left-0 bg-slate-500" style={{ width: `${elsewherePct}%` }} title={t('dashboard.usedElsewhere')} />}
        <div className="absolute inset-y-0 left-[80%] w-px bg-slate-500/60" title="80%" />
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm md:grid-cols-4">
        {elsewhere > 0 && (
          <div>
            <dt className="text-xs text-slate-600">{t('dashboard.usedElsewhere')}</dt>
            <dd className="tabular-nums" data-testid="gauge-elsewhere">
              {formatYen(elsewhere)}
            </dd>
          </div>
        )}
        <div>
          <dt className="text-xs text-slate-600">{t(elsewhere > 0 ? 'dashboard.claimedHere' : 'dashboard.claimed')}</dt>
          <dd className="font-semibold tabular-nums">
            {formatYen(used - elsewhere)} <span className="text-xs font-normal text-slate-600">({Math.floor((used / limit) * 100)}%)</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">{t('dashboard.withEstimates')}</dt>
          <dd className="tabular-nums">{formatYen(projected - elsewhere)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">{t('dashboard.limit')}</dt>
          <dd className="tabular-nums">{formatYen(limit)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">{headroom >= 0 ? t('dashboard.headroom') : t('dashboard.overLimit')}</dt>
          <dd className={`font-semibold tabular-nums ${headroom > 0 ? 'text-emerald-700' : 'text-red-700'}`} data-testid="expense-headroom">
            {formatYen(Math.abs(headroom))}
          </dd>
        </div>
      </dl>
    </div>
  );
}
