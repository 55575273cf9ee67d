// The ledger: every line of an incident, sorted, filtered and searched on the server, page by page as the
// user scrolls, with totals from the same SQL sums as the dashboard. The table is virtual: however many
// lines are loaded (100,000 or more), only those in view and a few either side are in the DOM.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES, type CostCategory, type CostSource, type CostStage } from '../../../shared/categories.ts';
import { REVIEW_DECISION_LABELS } from '../../../shared/claim-status.ts';
import { formatYen } from '../../../shared/money.ts';
import { LINE_APPROVAL_FILTERS, LINE_REVIEW_FILTERS, COST_SORTS, type LineApprovalFilter, type LineReviewFilter } from '../../../shared/schemas.ts';
import { EnumSelect } from '../components/EnumSelect.tsx';
import { ErrorBanner } from '../components/Field.tsx';
import { LEDGER_PANELS, LedgerLine, type LedgerLineActions, type LedgerPanel } from '../components/LedgerLine.tsx';
import { LedgerTaxTotals } from '../components/LedgerTaxTotals.tsx';
import { lineTreatment, treatmentLabel } from '../../../shared/line-treatment.ts';
import { useLocale, useCategoryLabel } from '../lib/format.ts';
import { useSession, useViewer } from '../lib/session.tsx';
import { costUploadUrl, uploadFiles } from '../lib/upload.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { IncidentPage, useIncident } from './IncidentNav.tsx';
import { LINE_ATTENTION_FILTERS, PREFLIGHT_KEY_LABELS, type LineAttention } from '../../../shared/preflight.ts';

type Sort = (typeof COST_SORTS)[number];

const PAGE_SIZE = 200;
/** A line's height before it is measured (one line of text plus the stage's dates, roughly). */
const ROW_ESTIMATE = 72;
/** Fetch the next page when the last line in view is this close to the end of what is loaded. */
const PREFETCH_LINES = 60;
const SEARCH_DEBOUNCE_MS = 250;

export const LedgerPage = () => <IncidentPage content={Ledger} />;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function Ledger({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useCategoryLabel();
  const { me } = useSession();
  const incident = useIncident(incidentId);
  const viewer = useViewer();
  const [category, setCategory] = useState<CostCategory | ''>('');
  const [stage, setStage] = useState<CostStage | ''>('');
  const [source, setSource] = useState<CostSource | ''>('');
  const [approval, setApproval] = useState<LineApprovalFilter | ''>('');
  const [review, setReview] = useState<LineReviewFilter | ''>('');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const [sort, setSort] = useState<Sort>('incurredOn');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const [searchParams, setSearchParams] = useSearchParams();
  // A pre-flight item links here with its work list (?attention=unapproved…): the lines it counted.
  const attentionParam = searchParams.get('attention');
  const attention = (LINE_ATTENTION_FILTERS as readonly string[]).includes(attentionParam ?? '') ? (attentionParam as LineAttention) : undefined;
  const clearAttention = () => setSearchParams((params) => (params.delete('attention'), params), { replace: true });
  // A notification about a line opens its review conversation.
  const lineParam = searchParams.get('line');
  const [open, setOpen] = useState<Record<LedgerPanel, string | null>>(() => ({ files: null, review: lineParam, stage: null, consent: null, edit: null }));
  useEffect(() => {
    if (lineParam) setOpen((o) => ({ ...o, review: lineParam }));
  }, [lineParam]);
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const filters = {
    incidentId,
    category: category || undefined,
    stage: stage || undefined,
    source: source || undefined,
    approval: approval || undefined,
    review: review || undefined,
    attention,
    q: q || undefined,
  };
  // While another sort, filter or search loads, the lines shown so far stay rather than blinking out.
  const pages = useInfiniteQuery({
    ...trpc.cost.list.infiniteQueryOptions({ ...filters, sort, order: direction, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }),
    placeholderData: keepPreviousData,
  });
  // The totals are hidden while they load rather than kept: a figure shown must be the one for the filters.
  const totals = useQuery(trpc.cost.totals.queryOptions(filters));
  // Why a line is left out of the claim or counted for less depends on the incident as a whole (the rider's
  // main payment, the response window, the persons' cap): the summary says how, each line is judged here.
  const summary = useQuery(trpc.claim.summary.queryOptions({ incidentId, locale }));
  const treatmentContext = summary.data?.treatmentContext;
  const remove = useMutation(trpc.cost.delete.mutationOptions({ onSuccess: () => void refreshAll() }));
  const approve = useMutation(trpc.cost.approve.mutationOptions({ onSuccess: () => (setSelected(new Set()), void refreshAll()) }));
  const lines = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const policy = incident.data?.policy;
  const canEditAll = viewer.isFinance;
  const columns = viewer.isFinance ? 11 : 10;

  // The rows' callbacks keep their identity, so a line that did not change is not rendered again on scroll.
  const { mutate: approveLines } = approve;
  const { mutate: removeLine } = remove;
  const canLog = viewer.canLog;
  const actions = useMemo<LedgerLineActions>(
    () => ({
      select: (id) =>
        setSelected((previous) => {
          const next = new Set(previous);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        }),
      toggle: (panel, id) => setOpen((o) => ({ ...o, [panel]: o[panel] === id ? null : id })),
      close: (panel) => setOpen((o) => ({ ...o, [panel]: null })),
      approve: (id, approved) => approveLines({ ids: [id], approved }),
      remove: (id) => removeLine({ id }),
      // Dropping files on a row attaches them to that line and opens its files below it.
      drop: (id: string, event: DragEvent) => {
        event.preventDefault();
        if (!canLog) return;
        const files = [...event.dataTransfer.files];
        if (files.length === 0) return;
        setOpen((o) => ({ ...o, files: id }));
        void uploadFiles(costUploadUrl(id), files).then(() => refreshAll());
      },
    }),
    [approveLines, removeLine, canLog],
  );

  // The virtual list scrolls inside the table's own box, under a sticky header whose height it skips.
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const [headHeight, setHeadHeight] = useState(40);
  // The header's height changes with the language and the width (none at all while lines show as cards).
  useLayoutEffect(() => {
    const head = headRef.current;
    if (!head) return;
    const measure = () => setHeadHeight(head.offsetHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(head);
    return () => observer.disconnect();
  }, [locale]);
  // The React Compiler would skip this component for useVirtualizer; the app does not use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library -- see the line above
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (index) => lines[index]?.id ?? index,
    overscan: 8,
    paddingStart: headHeight,
    scrollPaddingStart: headHeight,
    useFlushSync: false,
  });
  const rows = virtualizer.getVirtualItems();
  const firstRow = rows[0];
  const lastRow = rows[rows.length - 1];
  const spaceAbove = firstRow ? firstRow.start - headHeight : 0;
  const spaceBelow = lastRow ? virtualizer.getTotalSize() - lastRow.end : 0;

  // Infinite scroll: the next page is asked for before the user reaches the end of the loaded lines.
  const lastInView = lastRow ? lastRow.index : -1;
  const { hasNextPage, isFetching, isPlaceholderData, fetchNextPage } = pages;
  useEffect(() => {
    if (hasNextPage && !isFetching && !isPlaceholderData && lastInView >= lines.length - PREFETCH_LINES) {
      void fetchNextPage({ cancelRefetch: false });
    }
  }, [hasNextPage, isFetching, isPlaceholderData, lastInView, lines.length, fetchNextPage]);

  // Another sort, filter or search starts again from the top.
  const listKey = JSON.stringify([filters, sort, direction]);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [listKey]);

  // The line a notification points at is scrolled into view once it is loaded.
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!lineParam || scrolledTo.current === lineParam) return;
    const index = lines.findIndex((l) => l.id === lineParam);
    if (index >= 0) {
      scrolledTo.current = lineParam;
      virtualizer.scrollToIndex(index, { align: 'start' });
    }
  }, [lineParam, lines, virtualizer]);

  const allSelected = lines.length > 0 && selected.size >= lines.length && lines.every((l) => selected.has(l.id));

  const sortLabel = (column: Sort) =>
    ({ incurredOn: t('cost.incurredOn'), category: t('cost.category'), amount: t('cost.amount'), createdAt: t('cost.createdBy') })[column] ?? column;
  const sortBy = (column: Sort) => {
    if (sort === column) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else {
      setSort(column);
      setDirection(column === 'category' ? 'asc' : 'desc');
    }
  };
  const header = (column: Sort, text: string, className = '') => (
    <th className={`p-2 ${className}`} aria-sort={sort === column ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="hover:underline" onClick={() => sortBy(column)} data-testid={`sort-${column}`}>
        {text} {sort === column ? (direction === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );

  return (
    <section className="space-y-3">
      {attention && (
        <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="attention-filter">
          <span className="rounded bg-amber-100 px-2 py-0.5 text-amber-900">
            {t('ledger.attention')}: {PREFLIGHT_KEY_LABELS[attention][locale]}
          </span>
          <button type="button" className="text-sky-800 hover:underline" onClick={clearAttention}>
            {t('ledger.clearAttention')}
          </button>
        </p>
      )}
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="label">{t('ledger.search')}</span>
          <input
            type="search"
            className="input w-full sm:w-56"
            value={search}
            maxLength={100}
            placeholder={t('ledger.searchPlaceholder')}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="ledger-search"
          />
        </label>
        <label className="text-sm">
          <span className="label">{t('cost.category')}</span>
          <EnumSelect
            aria-label={t('cost.category')}
            options={COST_CATEGORIES}
            value={category}
            onChange={setCategory}
            labelOf={label}
            emptyLabel={t('common.all')}
          />
        </label>
        <label className="text-sm">
          <span className="label">{t('cost.stage')}</span>
          <EnumSelect
            aria-label={t('cost.stage')}
            options={COST_STAGES}
            value={stage}
            onChange={setStage}
            labelOf={(s) => t(`cost.stages.${s}`)}
            emptyLabel={t('common.all')}
          />
        </label>
        <label className="text-sm">
          <span className="label">{t('cost.source')}</span>
          <EnumSelect
            aria-label={t('cost.source')}
            options={COST_SOURCES}
            value={source}
            onChange={setSource}
            labelOf={(s) => t(`cost.sources.${s}`)}
            emptyLabel={t('common.all')}
          />
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
        {/* While the lines are cards (no column headers), the sort is chosen here. */}
        <div className="flex items-end gap-2 xl:hidden">
          <label className="text-sm">
            <span className="label">{t('ledger.sortBy')}</span>
            <EnumSelect
              options={COST_SORTS}
              value={sort}
              onChange={(column) => (setSort(column), setDirection(column === 'category' ? 'asc' : 'desc'))}
              labelOf={sortLabel}
              data-testid="ledger-sort"
            />
          </label>
          <button
            type="button"
            className="btn-secondary"
            onClick={() => setDirection(direction === 'asc' ? 'desc' : 'asc')}
            data-testid="ledger-sort-direction"
          >
            {direction === 'asc' ? `▲ ${t('ledger.ascending')}` : `▼ ${t('ledger.descending')}`}
          </button>
        </div>
        {totals.data && (
          <dl className="flex w-full flex-wrap gap-x-6 gap-y-2 text-sm xl:ml-auto xl:w-auto" data-testid="ledger-totals">
            <div>
              <dt className="text-xs text-slate-600">{t('ledger.title')}</dt>
              <dd className="tabular-nums" data-testid="ledger-count">
                {t('ledger.count', { count: totals.data.count })}
              </dd>
            </div>
            {COST_STAGES.map((s) => (
              <div key={s}>
                <dt className="text-xs text-slate-600">{t(`cost.stages.${s}`)}</dt>
                <dd className="tabular-nums">{formatYen(totals.data.byStage[s].amount)}</dd>
              </div>
            ))}
            <div>
              <dt className="text-xs text-slate-600">{t('ledger.claimedTotal')}</dt>
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
          <Link to={`/incidents/${incidentId}/import`} className="btn-secondary" data-testid="ledger-import">
            {t('ledger.import')}
          </Link>
        </div>
      )}
      <ErrorBanner message={errorDetails(remove.error ?? approve.error).message} />
      <div
        ref={scrollRef}
        className="overflow-auto rounded border border-slate-200 bg-white"
        // The box is as tall as its lines, up to the window: never 0 px tall, which would let no line in view
        // (while lines are cards there is no header row to give it a height).
        style={{ maxHeight: 'max(24rem, calc(100vh - 14rem))', minHeight: Math.min(virtualizer.getTotalSize(), 384), overflowAnchor: 'none' }}
        data-testid="ledger-scroll"
      >
        <table className="ledger-table w-full table-fixed text-sm" data-testid="ledger-table" aria-busy={pages.isFetching}>
          {/* Widths that fit the page's 1248 px at 1280 px and wider; below that the lines are cards (styles.css). */}
          <colgroup>
            {viewer.isFinance && <col className="w-9" />}
            <col className="w-28" />
            <col className="w-36" />
            <col className="w-30" />
            {/* The gross with its tax, net and withholding under it (LedgerLine's LineTax). */}
            <col className="w-40" />
            <col />
            <col className="w-28" />
            <col className="w-16" />
            <col className="w-24" />
            <col className="w-24" />
            <col className="w-20" />
          </colgroup>
          <thead ref={headRef} className="sticky top-0 z-10 bg-slate-100 text-left text-xs text-slate-700 shadow-[0_1px_0_var(--color-slate-200)]">
            <tr>
              {viewer.isFinance && (
                <th className="p-2">
                  <input
                    type="checkbox"
                    aria-label={t('approval.selectAll')}
                    checked={allSelected}
                    onChange={(e) => setSelected(e.target.checked ? new Set(lines.map((l) => l.id)) : new Set())}
                  />
                </th>
              )}
              {header('incurredOn', t('cost.incurredOn'))}
              {header('category', t('cost.category'))}
              <th className="p-2">{t('cost.stage')}</th>
              {header('amount', t('ledger.amountInclTax'), 'num')}
              <th className="p-2">
                {t('cost.vendor')} / {t('cost.description')}
              </th>
              {header('createdAt', `${t('cost.source')} / ${t('cost.createdBy')}`)}
              <th className="p-2">{t('upload.files')}</th>
              <th className="p-2">{t('approval.approved')}</th>
              <th className="p-2">{t('review.decision')}</th>
              <th className="p-2">{t('common.actions')}</th>
            </tr>
          </thead>
          {lines.length === 0 && !pages.isPending && (
            <tbody>
              <tr>
                <td colSpan={columns} className="p-4 text-center text-slate-600">
                  {t('ledger.empty')}
                </td>
              </tr>
            </tbody>
          )}
          {spaceAbove > 0 && <Spacer height={spaceAbove} columns={columns} />}
          {rows.map((row) => {
            const line = lines[row.index];
            // The virtualizer counts `lines`, so every row it hands out has its line.
            if (!line) return null;
            const panels = LEDGER_PANELS.filter((panel) => open[panel] === line.id).join(' ');
            return (
              <LedgerLine
                key={row.key}
                ref={virtualizer.measureElement}
                index={row.index}
                line={line}
                incidentId={incidentId}
                columns={columns}
                isFinance={viewer.isFinance}
                editable={canEditAll || (viewer.canLog && line.createdBy === me.userId)}
                outside={!!policy && (line.incurredOn < policy.periodStart || line.incurredOn > policy.periodEnd)}
                treatment={treatmentContext ? treatmentLabel(lineTreatment(line, treatmentContext), locale) : ''}
                selected={selected.has(line.id)}
                open={panels}
                actions={actions}
              />
            );
          })}
          {spaceBelow > 0 && <Spacer height={spaceBelow} columns={columns} />}
        </table>
      </div>
      <div className="flex items-center gap-3 text-sm text-slate-600">
        {hasNextPage && (
          <button type="button" className="btn-secondary" onClick={() => void fetchNextPage({ cancelRefetch: false })} disabled={pages.isFetchingNextPage}>
            {t('ledger.loadMore')}
          </button>
        )}
        {pages.isFetchingNextPage && <span>{t('common.loading')}</span>}
      </div>
      <LedgerTaxTotals incidentId={incidentId} />
    </section>
  );
}

/** The height of the lines not rendered, above or below those in view, so the scroll bar stays true. */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tbody aria-hidden="true">
      <tr>
        <td colSpan={columns} style={{ height, padding: 0, border: 0 }} />
      </tr>
    </tbody>
  );
}
