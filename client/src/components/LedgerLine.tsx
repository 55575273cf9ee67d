// One line of the ledger table as its own <tbody>: the line's row and, below it, whatever is open for it
// (files, review conversation, stage move, consent, edit form). One element per line lets the virtual list
// measure a line together with its open panels, whatever their height.
import { memo, type DragEvent, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerItem } from '../lib/api-types.ts';
import { needsConsent } from '../../../shared/claim-status.ts';
import { formatYen } from '../../../shared/money.ts';
import { isTaxable, TAX_CATEGORY_LABELS } from '../../../shared/tax.ts';
import { formatDate, formatTimestamp, useCategoryLabel, useLocale } from '../lib/format.ts';
import { ConsentForm } from './ConsentForm.tsx';
import { CostForm } from './CostForm.tsx';
import { LineAttachments } from './LineAttachments.tsx';
import { LineReview, ReviewBadge } from './LineReview.tsx';
import { PaperclipIcon } from './PaperclipIcon.tsx';
import { StageForm } from './StageForm.tsx';

export type LedgerLineData = LedgerItem;

/** What can be open under a line; several at once, each for one line at a time. */
export const LEDGER_PANELS = ['files', 'review', 'stage', 'consent', 'edit'] as const;
export type LedgerPanel = (typeof LEDGER_PANELS)[number];

export interface LedgerLineActions {
  select: (id: string) => void;
  toggle: (panel: LedgerPanel, id: string) => void;
  close: (panel: LedgerPanel) => void;
  approve: (id: string, approved: boolean) => void;
  remove: (id: string) => void;
  drop: (id: string, event: DragEvent) => void;
}

interface Props {
  ref?: Ref<HTMLTableSectionElement>;
  index: number;
  line: LedgerLineData;
  incidentId: string;
  columns: number;
  isFinance: boolean;
  editable: boolean;
  outside: boolean;
  /** Why the line is left out of the claim or counted for less (shared/line-treatment.ts); '' when neither. */
  treatment: string;
  selected: boolean;
  /** The panels open under this line, space-separated (a string, so that memo compares it by value). */
  open: string;
  actions: LedgerLineActions;
}

export const LedgerLine = memo(function LedgerLine({
  ref,
  index,
  line,
  incidentId,
  columns,
  isFinance,
  editable,
  outside,
  treatment,
  selected,
  open,
  actions,
}: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useCategoryLabel();
  const isOpen = (panel: LedgerPanel) => open.split(' ').includes(panel);
  const consentMissing = needsConsent(line.category) && !line.consentOn;
  const panel = (content: ReactNode) => (
    <tr>
      <td colSpan={columns} className="bg-slate-50 p-3">
        {content}
      </td>
    </tr>
  );
  // Each cell is named (data-cell): on a screen narrower than the table, styles.css lays the line out as a
  // card with the category and the amount first.
  return (
    <tbody ref={ref} data-index={index} className="border-t border-slate-200">
      <tr
        className={`ledger-row align-top ${line.reviewDecision === 'disallow' ? 'bg-red-50/50' : ''}`}
        data-testid="ledger-row"
        data-cost-id={line.id}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => actions.drop(line.id, e)}
      >
        {isFinance && (
          <td className="p-2" data-cell="select">
            <input type="checkbox" aria-label={t('approval.approve')} checked={selected} onChange={() => actions.select(line.id)} />
          </td>
        )}
        {/* The table's columns have fixed widths (rows come and go as it scrolls): cells wrap rather than overflow. */}
        <td className="p-2" data-cell="date">
          <span className="whitespace-nowrap">{formatDate(line.incurredOn, locale)}</span>
          {outside && <span className="ml-1 inline-block rounded bg-amber-100 px-1 text-xs text-amber-800">{t('cost.outsidePeriod')}</span>}
          {line.incurredAbroad && <span className="ml-1 inline-block rounded bg-amber-100 px-1 text-xs text-amber-800">{t('cost.abroadFlag')}</span>}
        </td>
        <td className="p-2 break-words" data-cell="category">
          {label(line.category)}
          {needsConsent(line.category) && (
            <div>
              {consentMissing ? (
                <button
                  type="button"
                  className="rounded bg-amber-100 px-1 text-xs text-amber-900 disabled:cursor-default"
                  disabled={!isFinance}
                  onClick={() => actions.toggle('consent', line.id)}
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
        <td className="p-2" data-cell="stage">
          <span className="text-xs text-slate-600 xl:hidden">{t('cost.stage')}: </span>
          {t(`cost.stages.${line.stage}`)}
          {line.invoicedOn && (
            <div className="text-xs text-slate-600">
              {t('stageDates.invoicedOn')} {formatDate(line.invoicedOn, locale)}
            </div>
          )}
          {line.agreedOn && (
            <div className="text-xs text-slate-600">
              {t('stageDates.agreedOn')} {formatDate(line.agreedOn, locale)}
            </div>
          )}
          {line.paidOn && (
            <div className="text-xs text-slate-600">
              {t('stageDates.paidOn')} {formatDate(line.paidOn, locale)}
            </div>
          )}
          {isFinance && (
            <button
              type="button"
              className="block text-xs text-sky-800 hover:underline"
              onClick={() => actions.toggle('stage', line.id)}
              data-testid="move-stage"
            >
              {t('stageDates.move')}
            </button>
          )}
        </td>
        <td className="p-2 num" data-cell="amount" data-testid="line-amount">
          <span className="whitespace-nowrap">{formatYen(line.amount)}</span>
          {line.quantity !== null && line.unitAmount !== null && (
            <div className="text-xs font-normal whitespace-nowrap text-slate-600">
              {line.quantity.toLocaleString('en-US')} × {formatYen(line.unitAmount)}
            </div>
          )}
          <LineTax line={line} />
          {treatment && (
            <div className="text-xs font-normal text-amber-800" data-testid="line-treatment">
              {treatment}
            </div>
          )}
        </td>
        <td className="p-2 break-words" data-cell="text">
          {line.vendor && <div className="font-medium">{line.vendor}</div>}
          {line.description && <div>{line.description}</div>}
          {line.invoiceNumber && (
            <div className="text-xs text-slate-600" data-testid="line-invoice-number">
              {t('cost.tax.invoiceNumber')} <span className="font-mono">{line.invoiceNumber}</span>
            </div>
          )}
        </td>
        <td className="p-2 break-words" data-cell="source">
          {t(`cost.sources.${line.source}`)}
          {line.claimant && <span className="text-xs text-slate-600"> {line.claimant}</span>}
          <div className="text-xs text-slate-600">
            <span className="xl:hidden">{t('cost.createdBy')}: </span>
            {line.createdByName}
          </div>
        </td>
        <td className="p-2" data-cell="files">
          <button
            type="button"
            className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-2 py-0.5 text-xs ${line.attachmentCount > 0 ? 'bg-sky-50 text-sky-800' : 'bg-amber-50 text-amber-800'}`}
            aria-expanded={isOpen('files')}
            aria-label={`${t('upload.files')}: ${line.attachmentCount > 0 ? line.attachmentCount : t('upload.noneShort')}`}
            data-testid="line-files-toggle"
            onClick={() => actions.toggle('files', line.id)}
          >
            <PaperclipIcon />
            {line.attachmentCount > 0 ? line.attachmentCount : t('upload.noneShort')}
          </button>
        </td>
        <td className="p-2 text-xs" data-cell="approval" data-testid="approval-cell">
          {line.approvedAt ? (
            <span className="text-emerald-800" title={formatTimestamp(line.approvedAt, locale)}>
              ✓ {t('approval.approved')}
              <span className="block text-slate-600">{line.approvedByName}</span>
            </span>
          ) : (
            <span className="text-slate-600">{t('approval.unapproved')}</span>
          )}
          {isFinance && (
            <div>
              <button
                type="button"
                className="text-sky-800 hover:underline"
                onClick={() => actions.approve(line.id, !line.approvedAt)}
                data-testid="toggle-approval"
              >
                {line.approvedAt ? t('approval.unapprove') : t('approval.approve')}
              </button>
            </div>
          )}
        </td>
        <td className="p-2" data-cell="review">
          <button
            type="button"
            className="flex items-center gap-1 whitespace-nowrap"
            onClick={() => actions.toggle('review', line.id)}
            aria-expanded={isOpen('review')}
            data-testid="open-review"
          >
            <span className="text-xs text-slate-600 xl:hidden">{t('review.decision')}:</span>
            <ReviewBadge decision={line.reviewDecision} />
            {line.reviewCount > 0 && <span className="text-xs text-slate-600">({line.reviewCount})</span>}
          </button>
        </td>
        <td className="p-2" data-cell="actions">
          {editable && (
            <div className="flex flex-wrap gap-1">
              <button
                type="button"
                className="btn-secondary px-2 py-0.5 text-xs"
                aria-expanded={isOpen('edit')}
                onClick={() => actions.toggle('edit', line.id)}
              >
                {t('common.edit')}
              </button>
              <button type="button" className="btn-danger" onClick={() => window.confirm(t('common.confirmDelete')) && actions.remove(line.id)}>
                {t('common.delete')}
              </button>
            </div>
          )}
        </td>
      </tr>
      {isOpen('files') && panel(<LineAttachments incidentId={incidentId} costId={line.id} />)}
      {isOpen('review') && panel(<LineReview costId={line.id} />)}
      {isOpen('stage') && panel(<StageForm line={line} onDone={() => actions.close('stage')} />)}
      {isOpen('consent') && panel(<ConsentForm line={line} onDone={() => actions.close('consent')} />)}
      {isOpen('edit') && panel(<CostForm incidentId={incidentId} line={line} onDone={() => actions.close('edit')} />)}
    </tbody>
  );
});

/**
 * Under the line's gross amount (税込): its tax category, and for a taxed line the tax and the net; for a
 * professional's fee the income tax withheld and what the bank pays.
 */
function LineTax({ line }: { line: LedgerLineData }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!line.taxCategory) return null;
  const row = (label: string, value: string, testId: string) => (
    <div className="flex justify-end gap-2 whitespace-nowrap">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <dl className="text-xs font-normal text-slate-600" data-testid="line-tax">
      <div>
        <dt className="sr-only">{t('cost.tax.category')}</dt>
        <dd data-testid="line-tax-category">{TAX_CATEGORY_LABELS[line.taxCategory][locale]}</dd>
      </div>
      {isTaxable(line.taxCategory) && (
        <>
          {row(t('cost.tax.amount'), formatYen(line.taxAmount), 'line-tax-amount')}
          {row(t('cost.tax.net'), formatYen(line.amount - line.taxAmount), 'line-net')}
        </>
      )}
      {line.withholdingTax !== null && (
        <>
          {row(t('cost.tax.withheldShort'), formatYen(line.withholdingTax), 'line-withheld')}
          {row(t('cost.tax.netPaid'), formatYen(line.amount - line.withholdingTax), 'line-net-paid')}
        </>
      )}
    </dl>
  );
}
