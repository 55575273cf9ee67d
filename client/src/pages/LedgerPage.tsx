// The ledger: every line of an incident, sorted and filtered on the server, page by page,
// with totals from the same SQL sums as the dashboard.
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES, type CostCategory, type CostSource, type CostStage } from '../../../shared/categories.ts';
import { formatYen } from '../../../shared/money.ts';
import { CostForm } from '../components/CostForm.tsx';
import { EnumSelect } from '../components/EnumSelect.tsx';
import { PaperclipIcon } from '../components/PaperclipIcon.tsx';
import { LineAttachments } from '../components/LineAttachments.tsx';
import { ErrorBanner } from '../components/Field.tsx';
import { needsConsent, REVIEW_DECISION_LABELS } from '../../../shared/claim-status.ts';
import { LINE_APPROVAL_FILTERS, LINE_REVIEW_FILTERS, type LineApprovalFilter, type LineReviewFilter } from '../../../shared/schemas.ts';
import { ConsentForm } from '../components/ConsentForm.tsx';
import { StageForm } from '../components/StageForm.tsx';
import { LineReview, ReviewBadge } from '../components/LineReview.tsx';
import { formatDate, formatTimestamp, useCategoryLabel, useLocale } from '../lib/format.ts';
import { useSession, useViewer } from '../lib/session.tsx';
import { costUploadUrl, uploadFiles } from '../lib/upload.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { IncidentPage, useIncident } from './IncidentNav.tsx';

type Sort = 'incurredOn' | 'amount' | 'category' | 'createdAt';

export const LedgerPage = () => <IncidentPage content={Ledger} />;

function Ledger({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useCategoryLabel();
  const { me } = useSession();
  const incident = useIncident(incidentId);
  const [category, setCategory] = useState<CostCategory | ''>('');
  const [stage, setStage] = useState<CostStage | ''>('');
  const [source, setSource] = useState<CostSource | ''>('');
  const [approval, setApproval] = useState<LineApprovalFilter | ''>('');
  const [review, setReview] = useState<LineReviewFilter | ''>('');
  const [sort, setSort] = useState<Sort>('incurredOn');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const [editing, setEditing] = useState<string | null>(null);
  const [filesOf, setFilesOf] = useState<string | null>(null);
  const [searchParams] = useSearchParams();
  // A notification about a line opens its review conversation.
  const [reviewOf, setReviewOf] = useState<string | null>(searchParams.get('line'));
  const lineParam = searchParams.get('line');
  useEffect(() => {
    if (lineParam) setReviewOf(lineParam);
  }, [lineParam]);
  const [consentOf, setConsentOf] = useState<string | null>(null);
  const [stageOf, setStageOf] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const viewer = useViewer();

  const filters = {
    incidentId,
    category: category || undefined,
    stage: stage || undefined,
    source: source || undefined,
    approval: approval || undefined,
    review: review || undefined,
  };
  const pages = useInfiniteQuery(
    trpc.cost.list.infiniteQueryOptions({ ...filters, sort, order: direction, limit: 200 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const totals = useQuery(trpc.cost.totals.queryOptions(filters));
  const remove = useMutation(trpc.cost.delete.mutationOptions({ onSuccess: () => void refreshAll() }));
  const approve = useMutation(trpc.cost.approve.mutationOptions({ onSuccess: () => (setSelected(new Set()), void refreshAll()) }));
  const lines = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const policy = incident.data?.policy;
  const canEditAll = viewer.isFinance;
  const columns = viewer.isFinance ? 13 : 12;
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  // Dropping files on a row attaches them to that line and opens its files below it.
  const dropOnLine = (costId: string) => async (event: DragEvent) => {
    event.preventDefault();
    if (!viewer.canLog) return;
    const files = [...event.dataTransfer.files];
    if (files.length === 0) return;
    setFilesOf(costId);
    await uploadFiles(costUploadUrl(costId), files);
    void refreshAll();
  };

  const sortBy = (column: Sort) => {
    if (sort === column) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else (setSort(column), setDirection(column === 'category' ? 'asc' : 'desc'));
  };
  const header = (column: Sort, text: string, className = '') => (
    <th className={`p-2 ${className}`} aria-sort={sort === column ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="hover:underline" onClick={() => sortBy(column)}>
        {text} {sort === column ? (direction === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );

  return (
    <section className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="label">{t('cost.category')}</span>
          <EnumSelect aria-label={t('cost.category')} options={COST_CATEGORIES} value={category} onChange={setCategory} labelOf={label} emptyLabel={t('common.all')} />
        </label>
        <label className="text-sm">
          <span className="label">{t('cost.stage')}</span>
          <EnumSelect aria-label={t('cost.stage')} options={COST_STAGES} value={stage} onChange={setStage} labelOf={(s) => t(`cost.stages.${s}`)} emptyLabel={t('common.all')} />
        </label>
        <label className="text-sm">
          <span className="label">{t('cost.source')}</span>
          <EnumSelect aria-label={t('cost.source')} options={COST_SOURCES} value={source} onChange={setSource} labelOf={(s) => t(`cost.sources.${s}`)} emptyLabel={t('common.all')} />
        </label>
        <label className="text-sm">
          <span className="label">{t('approval.approved')}</span>
          <EnumSelect
            aria-label={t('approval.approved')}
            options={LINE_APPROVAL_FILTERS}
            value={approval}
            onChange={setApproval}
            labelOf={(a) => t(`approval.${a}`)}
            emptyLabel={t('common.all')}
          />
        </label>
        <label className="text-sm">
          <span className="label">{t('review.decision')}</span>
          <EnumSelect
            aria-label={t('review.decision')}
            options={LINE_REVIEW_FILTERS}
            value={review}
            onChange={setReview}
            labelOf={(r) => (r === 'unreviewed' ? t('review.none') : REVIEW_DECISION_LABELS[r][locale])}
            emptyLabel={t('common.all')}
          />
        </label>
        {totals.data && (
          <dl className="ml-auto flex gap-6 text-sm" data-testid="ledger-totals">
            <div>
              <dt className="text-xs text-slate-500">{t('ledger.count', { count: totals.data.count })}</dt>
              <dd />
            </div>
            {COST_STAGES.map((s) => (
              <div key={s}>
                <dt className="text-xs text-slate-500">{t(`cost.stages.${s}`)}</dt>
                <dd className="tabular-nums">{formatYen(totals.data.byStage[s].amount)}</dd>
              </div>
            ))}
            <div>
              <dt className="text-xs text-slate-500">{t('ledger.claimedTotal')}</dt>
              <dd className="font-semibold tabular-nums" data-testid="ledger-claimed-total">
                {formatYen(totals.data.claimedAmount)}
              </dd>
            </div>
          </dl>
        )}
      </div>
      {viewer.isFinance && (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            className="btn-secondary"
            disabled={selected.size === 0 || approve.isPending}
            onClick={() => approve.mutate({ ids: [...selected], approved: true })}
            data-testid="approve-selected"
          >
            {t('approval.approveSelected', { count: selected.size })}
          </button>
        </div>
      )}
      <ErrorBanner message={errorDetails(remove.error ?? approve.error).message} />
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="ledger-table">
          <thead className="bg-slate-100 text-left text-xs text-slate-600">
            <tr>
              {viewer.isFinance && (
                <th className="p-2">
                  <input
                    type="checkbox"
                    aria-label={t('approval.selectAll')}
                    checked={lines.length > 0 && lines.every((l) => selected.has(l.id))}
                    onChange={(e) => setSelected(e.target.checked ? new Set(lines.map((l) => l.id)) : new Set())}
                  />
                </th>
              )}
              {header('incurredOn', t('cost.incurredOn'))}
              {header('category', t('cost.category'))}
              <th className="p-2">{t('cost.stage')}</th>
              {header('amount', t('cost.amount'), 'num')}
              <th className="p-2">{t('cost.vendor')}</th>
              <th className="p-2">{t('cost.description')}</th>
              <th className="p-2">{t('cost.source')}</th>
              {header('createdAt', t('cost.createdBy'))}
              <th className="p-2">{t('upload.files')}</th>
              <th className="p-2">{t('approval.approved')}</th>
              <th className="p-2">{t('review.decision')}</th>
              <th className="p-2">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.length === 0 && !pages.isPending && (
              <tr>
                <td colSpan={columns} className="p-4 text-center text-slate-500">
                  {t('ledger.empty')}
                </td>
              </tr>
            )}
            {lines.map((line) => {
              const outside = policy && (line.incurredOn < policy.periodStart || line.incurredOn > policy.periodEnd);
              const editable = canEditAll || (viewer.canLog && line.createdBy === me.userId);
              const consentMissing = needsConsent(line.category) && !line.consentOn;
              return (
                <Fragment key={line.id}>
                  <tr
                    className={`border-t border-slate-100 align-top ${line.reviewDecision === 'disallow' ? 'bg-red-50/50' : ''}`}
                    data-testid="ledger-row"
                    data-cost-id={line.id}
                    onDragOver={(e) => e.preventDefault()}
                    onDrop={dropOnLine(line.id)}
                  >
                    {viewer.isFinance && (
                      <td className="p-2">
                        <input type="checkbox" aria-label={t('approval.approve')} checked={selected.has(line.id)} onChange={() => toggle(line.id)} />
                      </td>
                    )}
                    <td className="p-2 whitespace-nowrap">
                      {formatDate(line.incurredOn, locale)}
                      {outside && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800">{t('cost.outsidePeriod')}</span>}
                      {line.incurredAbroad && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800">{t('cost.abroadFlag')}</span>}
                    </td>
                    <td className="p-2">
                      {label(line.category)}
                      {needsConsent(line.category) && (
                        <div>
                          {consentMissing ? (
                            <button
                              type="button"
                              className="rounded bg-amber-100 px-1 text-xs text-amber-900 disabled:cursor-default"
                              disabled={!viewer.isFinance}
                              onClick={() => setConsentOf(consentOf === line.id ? null : line.id)}
                              data-testid="consent-missing"
                            >
                              ⚠ {t('consent.missing')}
                            </button>
                          ) : (
                            <span className="text-xs text-emerald-800" title={`${line.consentReference ?? ''} ${line.consentGivenBy ?? ''}`} data-testid="consent-recorded">
                              {t('consent.recorded', { date: formatDate(line.consentOn!, locale) })}
                            </span>
                          )}
                        </div>
                      )}
                    </td>
                    <td className="p-2 whitespace-nowrap">
                      {t(`cost.stages.${line.stage}`)}
                      {line.invoicedOn && <div className="text-xs text-slate-500">{t('stageDates.invoicedOn')} {formatDate(line.invoicedOn, locale)}</div>}
                      {line.paidOn && <div className="text-xs text-slate-500">{t('stageDates.paidOn')} {formatDate(line.paidOn, locale)}</div>}
                      {viewer.isFinance && (
                        <button type="button" className="block text-xs text-sky-800 hover:underline" onClick={() => setStageOf(stageOf === line.id ? null : line.id)} data-testid="move-stage">
                          {t('stageDates.move')}
                        </button>
                      )}
                    </td>
                    <td className="p-2 num whitespace-nowrap">
                      {formatYen(line.amount)}
                      {line.quantity !== null && line.unitAmount !== null && (
                        <div className="text-xs text-slate-500">
                          {line.quantity.toLocaleString('en-US')} × {formatYen(line.unitAmount)}
                        </div>
                      )}
                    </td>
                    <td className="p-2">{line.vendor}</td>
                    <td className="p-2">{line.description}</td>
                    <td className="p-2">
                      {t(`cost.sources.${line.source}`)}
                      {line.claimant && <div className="text-xs text-slate-500">{line.claimant}</div>}
                    </td>
                    <td className="p-2 text-xs text-slate-600">{line.createdByName}</td>
                    <td className="p-2">
                      <button
                        type="button"
                        className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-2 py-0.5 text-xs ${line.attachmentCount > 0 ? 'bg-sky-50 text-sky-800' : 'bg-amber-50 text-amber-800'}`}
                        aria-expanded={filesOf === line.id}
                        data-testid="line-files-toggle"
                        onClick={() => setFilesOf(filesOf === line.id ? null : line.id)}
                      >
                        <PaperclipIcon />
                        {line.attachmentCount > 0 ? line.attachmentCount : t('upload.noneShort')}
                      </button>
                    </td>
                    <td className="p-2 text-xs whitespace-nowrap" data-testid="approval-cell">
                      {line.approvedAt ? (
                        <span className="text-emerald-800" title={formatTimestamp(line.approvedAt, locale)}>
                          ✓ {t('approval.approved')}
                          <div className="text-slate-500">{line.approvedByName}</div>
                        </span>
                      ) : (
                        <span className="text-slate-500">{t('approval.unapproved')}</span>
                      )}
                      {viewer.isFinance && (
                        <div>
                          <button
                            type="button"
                            className="text-sky-800 hover:underline"
                            onClick={() => approve.mutate({ ids: [line.id], approved: !line.approvedAt })}
                            data-testid="toggle-approval"
                          >
                            {line.approvedAt ? t('approval.unapprove') : t('approval.approve')}
                          </button>
                        </div>
                      )}
                    </td>
                    <td className="p-2 whitespace-nowrap">
                      <button type="button" className="flex items-center gap-1" onClick={() => setReviewOf(reviewOf === line.id ? null : line.id)} aria-expanded={reviewOf === line.id} data-testid="open-review">
                        <ReviewBadge decision={line.reviewDecision} />
                        {line.reviewCount > 0 && <span className="text-xs text-slate-500">({line.reviewCount})</span>}
                      </button>
                    </td>
                    <td className="p-2 whitespace-nowrap">
                      {editable && (
                        <>
                          <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={() => setEditing(editing === line.id ? null : line.id)}>
                            {t('common.edit')}
                          </button>{' '}
                          <button type="button" className="btn-danger" onClick={() => window.confirm(t('common.confirmDelete')) && remove.mutate({ id: line.id })}>
                            {t('common.delete')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                  {filesOf === line.id && (
                    <tr>
                      <td colSpan={columns} className="bg-slate-50 p-3">
                        {/* Sticky: on a phone the table scrolls sideways, the files stay in view. */}
                        <div className="sticky left-3 max-w-[calc(100vw-4rem)]">
                          <LineAttachments incidentId={incidentId} costId={line.id} />
                        </div>
                      </td>
                    </tr>
                  )}
                  {reviewOf === line.id && (
                    <tr>
                      <td colSpan={columns} className="bg-slate-50 p-3">
                        <div className="sticky left-3 max-w-[calc(100vw-4rem)]">
                          <LineReview costId={line.id} />
                        </div>
                      </td>
                    </tr>
                  )}
                  {stageOf === line.id && (
                    <tr>
                      <td colSpan={columns} className="bg-slate-50 p-3">
                        <StageForm line={line} onDone={() => setStageOf(null)} />
                      </td>
                    </tr>
                  )}
                  {consentOf === line.id && (
                    <tr>
                      <td colSpan={columns} className="bg-slate-50 p-3">
                        <ConsentForm line={line} onDone={() => setConsentOf(null)} />
                      </td>
                    </tr>
                  )}
                  {editing === line.id && (
                    <tr>
                      <td colSpan={columns} className="bg-slate-50 p-3">
                        <CostForm incidentId={incidentId} line={line} onDone={() => setEditing(null)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages.hasNextPage && (
        <button type="button" className="btn-secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {t('ledger.loadMore')}
        </button>
      )}
    </section>
  );
}
