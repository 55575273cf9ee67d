// The incident dashboard: the expense-limit gauge, what the policy pays and why, the warnings,
// and the quick cost entry that updates it all the moment a cost is logged.
import { useQueries, useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isExpenseCategory } from '../../../shared/categories.ts';
import { DOCUMENT_LABELS } from '../../../shared/documents.ts';
import { formatYen } from '../../../shared/money.ts';
import { CostForm } from '../components/CostForm.tsx';
import { LimitGauge } from '../components/LimitGauge.tsx';
import { useCategoryLabel, useLocale } from '../lib/format.ts';
import { useViewer } from '../lib/session.tsx';
import { ClaimStatusCard } from '../components/ClaimStatusCard.tsx';
import { PeriodLimitsCard } from '../components/PeriodLimitsCard.tsx';
import { DeadlinesPanel } from '../components/DeadlinesPanel.tsx';
import { errorDetails, trpc } from '../trpc.ts';
import { IncidentPage } from './IncidentNav.tsx';

const CategoryChart = lazy(() => import('../components/CategoryChart.tsx'));

/** One labelled figure of a summary card. */
function Figure({ label, value, className = '', testId }: { label: string; value: string; className?: string; testId?: string }) {
  return (
    <div className={`flex justify-between gap-3 ${className}`}>
      <dt>{label}</dt>
      <dd className="tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export const DashboardPage = () => <IncidentPage content={Dashboard} />;

/** What the insurer still needs: the missing documents, linked to the page where they are attached. */
function DocumentsCard({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const checklist = useQuery(trpc.document.checklist.queryOptions({ incidentId }));
  if (!checklist.data) return null;
  const missing = checklist.data.items.filter((i) => i.status === 'missing');
  return (
    <section className="card" data-testid="documents-card">
      <h2 className="mb-2 font-semibold">{t('documents.title')}</h2>
      {missing.length === 0 ? (
        <p className="text-sm text-emerald-800">{t('documents.complete')}</p>
      ) : (
        <>
          <p className="text-sm text-red-800">{t('documents.missingCount', { count: missing.length })}</p>
          <ul className="mt-1 list-disc pl-5 text-sm" data-testid="missing-documents">
            {missing.map((item) => (
              <li key={item.kind}>
                {DOCUMENT_LABELS[item.kind][locale]}
                {item.linesWithoutFile ? <span className="text-slate-600"> ({t('documents.linesWithout', { count: item.linesWithoutFile })})</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      <Link className="mt-2 inline-block text-sm text-sky-800 hover:underline" to={`/incidents/${incidentId}/documents`}>
        {t('documents.open')}
      </Link>
    </section>
  );
}

function Dashboard({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useCategoryLabel();
  const viewer = useViewer();
  // Refetched now and then too, so a dashboard left open follows what colleagues log.
  const summary = useQuery({ ...trpc.claim.summary.queryOptions({ incidentId, locale }), refetchInterval: 15_000, placeholderData: (previous) => previous });
  // The cards below the summary mount once it has come, and would only then ask for their own data. Asked for
  // here, in the same moment as the summary, it all goes in one batched request: the dashboard in one round trip.
  useQueries({
    queries: [
      trpc.claim.status.queryOptions({ incidentId }),
      trpc.incident.deadlines.queryOptions({ id: incidentId }),
      trpc.document.checklist.queryOptions({ incidentId }),
    ],
  });
  if (summary.error) return <p role="alert">{errorDetails(summary.error).message}</p>;
  const s = summary.data;

  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        {viewer.canLog && (
          <section className="card">
            <h2 className="mb-3 font-semibold">{t('cost.log')}</h2>
            <CostForm incidentId={incidentId} />
          </section>
        )}
        {s && (
          <>
            <section className="card">
              <h2 className="mb-3 font-semibold">{t('dashboard.expenseGauge')}</h2>
              <LimitGauge used={s.expenseLimitUsed} projected={s.projected.expenseLimitUsed} limit={s.limits.expenseLimit} elsewhere={s.expenseUsedElsewhere} />
            </section>
            <section className="card">
              <h2 className="mb-3 font-semibold">{t('dashboard.byCategory')}</h2>
              <Suspense fallback={<div className="h-40" />}>
                <CategoryChart rows={s.byCategory} />
              </Suspense>
              {/* A table from 768 px; on a phone one card per category, each figure on its own line. */}
              <table className="stack-table mt-3 w-full text-sm" data-testid="category-table">
                <thead className="text-left text-xs text-slate-600">
                  <tr>
                    <th className="py-1">{t('cost.category')}</th>
                    <th className="py-1 pl-3 num">{t('dashboard.incurred')}</th>
                    <th className="py-1 pl-3 num">{t('dashboard.counted')}</th>
                    <th className="py-1 pl-3 num">{t('dashboard.estimates')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.byCategory
                    .filter((c) => c.projectedIncurred > 0)
                    .map((c) => (
                      <tr key={c.category} className="border-t border-slate-100">
                        <td className="py-1 font-medium md:font-normal">
                          {label(c.category)}
                          {!isExpenseCategory(c.category) && c.category !== 'uncovered' && c.category !== 'restoration' && (
                            <span className="ml-1 text-xs text-slate-600">({t('dashboard.liability')})</span>
                          )}
                        </td>
                        <td className="py-1 pl-3 num whitespace-nowrap" data-label={t('dashboard.incurred')}>
                          {formatYen(c.incurred)}
                        </td>
                        <td className="py-1 pl-3 num whitespace-nowrap" data-label={t('dashboard.counted')}>
                          {formatYen(c.counted)}
                        </td>
                        <td className="py-1 pl-3 num whitespace-nowrap text-slate-600" data-label={t('dashboard.estimates')}>
                          {formatYen(c.projectedIncurred - c.incurred)}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          </>
        )}
      </div>

      {s && (
        <div className="space-y-4">
          <section className="card border-sky-300">
            <h2 className="text-sm text-slate-600">{t('dashboard.totalPayable')}</h2>
            <p className="text-3xl font-bold tabular-nums text-sky-900" data-testid="total-payable">
              {formatYen(s.totalPayable)}
            </p>
            <dl className="mt-2 space-y-1 text-sm">
              <Figure label={t('dashboard.costsPayable')} value={formatYen(s.costsPayable)} />
              <Figure label={t('dashboard.liabilityPayable')} value={formatYen(s.liabilityPayable)} />
              <Figure label={t('dashboard.projected')} value={formatYen(s.projectedTotalPayable)} className="text-slate-600" testId="projected-payable" />
            </dl>
            {/* Which figure the policy pays on (its 消費税の扱い), and how much consumption tax that puts in or leaves out. */}
            <p className="mt-2 border-t border-slate-100 pt-2 text-xs text-slate-600" data-testid="tax-treatment">
              <span className="block font-medium text-slate-800">{t(`dashboard.taxTreatments.${s.limits.taxTreatment}`)}</span>
              {s.taxContained > 0 && (
                <> {t(s.limits.taxTreatment === 'exclusive' ? 'dashboard.taxLeftOut' : 'dashboard.taxIncluded', { amount: formatYen(s.taxContained) })}</>
              )}
            </p>
            {s.brokerAdjusted.disallowedLines > 0 && (
              <div className="mt-3 border-t border-slate-100 pt-2 text-sm text-amber-900">
                <dl>
                  <Figure label={t('claim.adjusted')} value={formatYen(s.brokerAdjusted.totalPayable)} className="font-semibold" testId="adjusted-payable" />
                </dl>
                <p className="text-xs">
                  {t('claim.disallowed', { count: s.brokerAdjusted.disallowedLines, amount: formatYen(s.brokerAdjusted.disallowedAmount) })}
                </p>
              </div>
            )}
          </section>

          <PeriodLimitsCard limits={s} />
          <ClaimStatusCard incidentId={incidentId} compact />
          <DeadlinesPanel incidentId={incidentId} />

          <section className="card" aria-labelledby="warnings-heading">
            <h2 id="warnings-heading" className="mb-2 font-semibold">
              {t('dashboard.warnings')}
            </h2>
            {s.warnings.length === 0 ? (
              <p className="text-sm text-slate-600">{t('dashboard.noWarnings')}</p>
            ) : (
              <ul className="space-y-2" data-testid="warnings">
                {s.warnings.map((w) => (
                  <li key={w.code} className={`rounded px-2 py-1 text-sm ${w.severity === 'danger' ? 'bg-red-50 text-red-800' : 'bg-amber-50 text-amber-800'}`}>
                    {w.message}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <DocumentsCard incidentId={incidentId} />

          <section className="card">
            <h2 className="mb-2 font-semibold">{t('dashboard.liability')}</h2>
            <dl className="space-y-1 text-sm">
              <Figure label={t('dashboard.damages')} value={formatYen(s.damagesIncurred)} />
              <Figure label={t('policy.deductible')} value={`−${formatYen(Math.min(s.limits.deductible, s.damagesIncurred))}`} />
              <Figure label={t('dashboard.defence')} value={formatYen(s.defenceIncurred)} />
              <Figure label={t('dashboard.liabilityPayable')} value={formatYen(s.liabilityPayable)} className="font-medium" />
              <Figure label={t('dashboard.liabilityHeadroom')} value={formatYen(s.liabilityHeadroom)} className="text-slate-600" />
            </dl>
          </section>

          <section className="card">
            <h2 className="mb-2 font-semibold">{t('dashboard.steps')}</h2>
            <ol className="space-y-2 text-sm leading-relaxed" data-testid="steps">
              {s.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </section>
        </div>
      )}
    </div>
  );
}
