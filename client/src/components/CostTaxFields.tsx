// The cost form's 「税・インボイス」 section: the line's tax category, the tax it contains and its net, the
// vendor's registration number and, for a professional's fee, the income tax withheld and the net payment.
// Collapsed, it still says in one line what will be saved, so no tax figure is filed unseen.
import { useTranslation } from 'react-i18next';
import type { CostCategory } from '../../../shared/categories.ts';
import { formatYen } from '../../../shared/money.ts';
import { TAX_CATEGORIES, TAX_CATEGORY_LABELS } from '../../../shared/tax.ts';
import { useLocale } from '../lib/format.ts';
import { invoiceNumberProblem, normaliseInvoiceNumber, WITHHOLDING_CATEGORIES, type TaxDraft, type TaxFigures } from './cost-tax.ts';
import { EnumSelect } from './EnumSelect.tsx';
import { Field } from './Field.tsx';
import { YenInput } from './YenInput.tsx';

interface Props {
  idPrefix: string;
  category: CostCategory;
  draft: TaxDraft;
  onChange: (draft: TaxDraft) => void;
  figures: TaxFigures;
  open: boolean;
  onToggle: () => void;
  /** Whether to say now what is wrong with the registration number (after the field is left, or on save). */
  invoiceChecked: boolean;
  onInvoiceLeft: () => void;
  /** The server's messages, by field. */
  errors: Record<string, string | undefined>;
}

const yen = (value: number | null) => (value === null ? '—' : formatYen(value));

export function CostTaxFields({ idPrefix, category, draft, onChange, figures, open, onToggle, invoiceChecked, onInvoiceLeft, errors }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const set = (patch: Partial<TaxDraft>) => onChange({ ...draft, ...patch });
  const problem = invoiceChecked ? invoiceNumberProblem(draft.invoiceNumber) : null;
  const offersWithholding = WITHHOLDING_CATEGORIES.includes(category) || draft.withholding;
  const sectionId = `${idPrefix}-tax`;
  const summary = [
    TAX_CATEGORY_LABELS[figures.taxCategory][locale],
    figures.taxable ? `${t('cost.tax.amount')} ${yen(figures.tax)}` : null,
    normaliseInvoiceNumber(draft.invoiceNumber) || null,
    draft.withholding ? `${t('cost.tax.withheldShort')} ${yen(figures.withheld)}` : null,
  ].filter(Boolean);

  return (
    <div className="rounded border border-slate-200" data-testid="tax-section">
      <button
        type="button"
        className="flex w-full flex-wrap items-baseline justify-between gap-x-3 gap-y-1 px-3 py-2 text-left text-sm hover:bg-slate-50"
        aria-expanded={open}
        aria-controls={sectionId}
        onClick={onToggle}
        data-testid="tax-toggle"
      >
        <span className="font-medium">
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t('cost.tax.section')}
        </span>
        <span className="text-xs tabular-nums text-slate-600" data-testid="tax-summary">
          {summary.join(' · ')}
        </span>
      </button>
      {open && (
        <div id={sectionId} className="space-y-3 border-t border-slate-200 p-3">
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
            <Field label={t('cost.tax.category')} htmlFor={`${idPrefix}-taxCategory`} error={errors.taxCategory}>
              <EnumSelect
                id={`${idPrefix}-taxCategory`}
                options={TAX_CATEGORIES}
                value={figures.taxCategory}
                // A tax typed for the old category is not the new one's.
                onChange={(taxCategory) => set({ chosenCategory: taxCategory, taxText: null })}
                labelOf={(c) => TAX_CATEGORY_LABELS[c][locale]}
              />
            </Field>
            <Field
              label={t('cost.tax.amount')}
              htmlFor={`${idPrefix}-taxAmount`}
              error={errors.taxAmount}
              hint={
                draft.taxText !== null && figures.taxable ? (
                  <button type="button" className="text-sky-800 hover:underline" onClick={() => set({ taxText: null })}>
                    {t('cost.tax.backToComputed')}
                  </button>
                ) : (
                  t('cost.tax.amountHint')
                )
              }
            >
              <YenInput
                id={`${idPrefix}-taxAmount`}
                value={figures.taxable ? (draft.taxText ?? (figures.tax === null ? '' : String(figures.tax))) : '0'}
                onChange={(taxText) => set({ taxText })}
                disabled={!figures.taxable}
              />
            </Field>
            <Figure label={t('cost.tax.net')} value={yen(figures.net)} testId="tax-net" />
            <Field
              label={t('cost.tax.invoiceNumber')}
              htmlFor={`${idPrefix}-invoiceNumber`}
              error={problem ? t(`cost.tax.invoice_${problem}`) : errors.invoiceNumber}
              hint={t('cost.tax.invoiceHint')}
            >
              <input
                id={`${idPrefix}-invoiceNumber`}
                className="input font-mono"
                value={draft.invoiceNumber}
                onChange={(e) => set({ invoiceNumber: e.target.value })}
                onBlur={onInvoiceLeft}
                maxLength={40}
                autoComplete="off"
                spellCheck={false}
                placeholder="T1234567890123"
                aria-invalid={problem !== null || Boolean(errors.invoiceNumber)}
              />
            </Field>
          </div>
          {offersWithholding && (
            <div className="space-y-2">
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={draft.withholding}
                  onChange={(e) => set({ withholding: e.target.checked, withheldText: null })}
                />
                <span>{t('cost.tax.withhold')}</span>
              </label>
              {draft.withholding && (
                <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
                  <div className="col-span-2 md:col-span-1">
                    <Field
                      label={t('cost.tax.withheld')}
                      htmlFor={`${idPrefix}-withholdingTax`}
                      error={errors.withholdingTax}
                      hint={
                        draft.withheldText !== null ? (
                          <button type="button" className="text-sky-800 hover:underline" onClick={() => set({ withheldText: null })}>
                            {t('cost.tax.backToComputed')}
                          </button>
                        ) : (
                          t('cost.tax.withheldHint', { base: yen(figures.withholdingBase) })
                        )
                      }
                    >
                      <YenInput
                        id={`${idPrefix}-withholdingTax`}
                        value={draft.withheldText ?? (figures.withheld === null ? '' : String(figures.withheld))}
                        onChange={(withheldText) => set({ withheldText })}
                      />
                    </Field>
                  </div>
                  <div className="col-span-2 md:col-span-1">
                    <Figure label={t('cost.tax.netPaid')} value={yen(figures.netPaid)} testId="tax-net-paid" hint={t('cost.tax.netPaidHint')} strong />
                  </div>
                </div>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * A figure the form computes (not typed): a term and its value, not a field. (An <output> would be a live
 * region named "status", which is what the form's saved notice is.)
 */
function Figure({ label, value, testId, hint, strong = false }: { label: string; value: string; testId: string; hint?: string; strong?: boolean }) {
  return (
    <dl>
      <dt className="label">{label}</dt>
      <dd className={`py-1.5 text-sm tabular-nums ${strong ? 'font-medium' : ''}`} data-testid={testId}>
        {value}
      </dd>
      {hint && <dd className="mt-0.5 text-xs text-slate-500">{hint}</dd>}
    </dl>
  );
}
