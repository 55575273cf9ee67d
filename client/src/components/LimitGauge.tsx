// The expense-limit gauge: what is claimed, what estimates will add, the limit and the headroom.
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../../shared/money.ts';

function percentOf(value: number, limit: number): number {
  return limit > 0 ? Math.min(100, (value / limit) * 100) : 0;
}

export function LimitGauge({ used, projected, limit }: { used: number; projected: number; limit: number }) {
  const { t } = useTranslation();
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
        <div className="absolute inset-y-0 left-[80%] w-px bg-slate-500/60" title="80%" />
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm md:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">{t('dashboard.claimed')}</dt>
          <dd className="font-semibold tabular-nums">
            {formatYen(used)} <span className="text-xs font-normal text-slate-500">({Math.floor((used / limit) * 100)}%)</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t('dashboard.withEstimates')}</dt>
          <dd className="tabular-nums">{formatYen(projected)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t('dashboard.limit')}</dt>
          <dd className="tabular-nums">{formatYen(limit)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{headroom >= 0 ? t('dashboard.headroom') : t('dashboard.overLimit')}</dt>
          <dd className={`font-semibold tabular-nums ${headroom > 0 ? 'text-emerald-700' : 'text-red-700'}`} data-testid="expense-headroom">
            {formatYen(Math.abs(headroom))}
          </dd>
        </div>
      </dl>
    </div>
  );
}
