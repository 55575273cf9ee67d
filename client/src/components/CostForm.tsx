// Logging or correcting a cost line. Built for the keyboard: the amount has focus, today's date and the last
// category (in view, in its field) are preselected, and Enter saves — a cost in a few seconds. Nothing is
// filed unseen: the category is chosen by typing, the stage sits beside the save button and starts at the
// category's usual stage for every new line, focus stays where the user put it, and a value that is
// probably a slip (¥0, 1億, a date before the incident) is asked about once before it is saved. The tax
// fields (税区分, 税額, 登録番号, 源泉徴収) sit in a section that stays collapsed unless the category suggests
// a look; collapsed, it still says what will be saved.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COST_CATEGORIES, COST_SOURCES, stagesOf, storedStage, type CostCategory, type CostSource, type CostStage } from '../../../shared/categories.ts';
import { todayInJapan } from '../../../shared/dates.ts';
import { formatYen, parseYen } from '../../../shared/money.ts';
import { askKey, plausibilityAsks, unansweredAsks, type PlausibilityAsk } from '../../../shared/plausibility.ts';
import { STAGE_DATE_FIELDS, stageDateFields, type StageDateField } from '../../../shared/stage-date-fields.ts';
import type { CostLine } from '../lib/cost-line.ts';
import { newIdempotencyKey } from '../lib/idempotent-link.ts';
import { useStateFor } from '../lib/state-for.ts';
import { costUploadUrl } from '../lib/upload.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { CategoryCombobox } from './CategoryCombobox.tsx';
import { ConflictNotice, conflictingLine } from './ConflictNotice.tsx';
import { EMPTY_TAX_DRAFT, hasOwnTax, invoiceNumberProblem, normaliseInvoiceNumber, TAX_SUGGESTING_CATEGORIES, taxDraftOf, taxFigures } from './cost-tax.ts';
import { CostTaxFields } from './CostTaxFields.tsx';
import { EnumSelect } from './EnumSelect.tsx';
import { FileDrop } from './FileDrop.tsx';
import { ErrorBanner, Field } from './Field.tsx';
import { PlausibilityAskPanel } from './PlausibilityAsk.tsx';
import { StagePicker } from './StagePicker.tsx';
import { YenInput } from './YenInput.tsx';
import type { TranslationKey } from '../i18n/keys.ts';

const LAST_ENTRY_KEY = 'bct.lastCostEntry';

/** Categories whose costs are naturally counted: persons × condolence, hours × hourly rate. */
const QUANTITY_CATEGORIES: Partial<Record<CostCategory, { quantity: TranslationKey; unit: TranslationKey }>> = {
  condolence: { quantity: 'cost.persons', unit: 'cost.perPerson' },
  overtime_travel: { quantity: 'cost.hours', unit: 'cost.hourlyRate' },
};

/** The category a first line starts with, and the next one after a 対象外 line (never carried over unseen). */
const DEFAULT_CATEGORY: CostCategory = 'investigation';

/** The stage a new line starts in: invoiced; a damages line, demanded (shared/categories.ts). */
const usualStage = (category: CostCategory): CostStage => storedStage(category, 'invoiced')!;

/** What the next new line starts from: the last category (shown in its field), who bears it. Not the stage. */
interface Remembered {
  category: CostCategory;
  source: CostSource;
  claimant: string;
}

function remembered(): Remembered {
  try {
    const saved = JSON.parse(localStorage.getItem(LAST_ENTRY_KEY) ?? 'null') as Partial<Remembered> | null;
    const category = saved?.category && COST_CATEGORIES.includes(saved.category) && saved.category !== 'uncovered' ? saved.category : DEFAULT_CATEGORY;
    return {
      category,
      source: saved?.source && COST_SOURCES.includes(saved.source) ? saved.source : 'insured',
      claimant: saved?.claimant ?? '',
    };
  } catch {
    return { category: DEFAULT_CATEGORY, source: 'insured', claimant: '' };
  }
}

const yenText = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
const datesOf = (line?: CostLine) => Object.fromEntries(STAGE_DATE_FIELDS.map((f) => [f, line?.[f] ?? ''])) as Record<StageDateField, string>;

export function CostForm({ incidentId, line, onDone }: { incidentId: string; line?: CostLine; onDone?: () => void }) {
  const { t } = useTranslation();
  const [memory] = useState(remembered);
  const [category, setCategory] = useState<CostCategory>(line?.category ?? memory.category);
  const [stage, setStage] = useState<CostStage>(line?.stage ?? usualStage(memory.category));
  const [incurredOn, setIncurredOn] = useState(line?.incurredOn ?? todayInJapan());
  const [stageDates, setStageDates] = useState(() => datesOf(line));
  const [quantityMode, setQuantityMode] = useState(line ? line.quantity !== null : category in QUANTITY_CATEGORIES);
  const [amount, setAmount] = useState(yenText(line?.amount));
  const [quantity, setQuantity] = useState(yenText(line?.quantity));
  const [unitAmount, setUnitAmount] = useState(yenText(line?.unitAmount));
  const [vendor, setVendor] = useState(line?.vendor ?? '');
  const [description, setDescription] = useState(line?.description ?? '');
  const [source, setSource] = useState<CostSource>(line?.source ?? memory.source);
  const [claimant, setClaimant] = useState(line?.claimant ?? memory.claimant);
  const [abroad, setAbroad] = useState(line?.incurredAbroad ?? false);
  const [taxDraft, setTaxDraft] = useState(() => taxDraftOf(line));
  /** The tax section as the user left it; null while it follows the category (and the line's own tax). */
  const [taxOpenByUser, setTaxOpenByUser] = useState<boolean | null>(null);
  const [invoiceChecked, setInvoiceChecked] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  /** The line just logged: its receipt (a photo on a phone) can be attached right away. */
  const [loggedId, setLoggedId] = useState<string | null>(null);
  /**
   * One key per line being typed: pressing Enter twice, or a retry after a dropped connection, sends the
   * same key and the server logs the line once. A new key once the line is saved.
   */
  const [draftKey, setDraftKey] = useState(newIdempotencyKey);
  /** The version this edit is based on: the line's, or theirs after a conflict was seen and accepted. */
  const [baseVersion, setBaseVersion] = useState(line?.version ?? 0);
  /**
   * The second looks being asked now, and those answered 「このまま記録」 for this line (by value). A question
   * about a value the user has since changed is no longer the question.
   */
  const [asking, setAsking] = useStateFor<PlausibilityAsk[]>(JSON.stringify([amount, quantity, unitAmount, quantityMode, incurredOn, stageDates, stage]));
  const answered = useRef(new Set<string>());
  const form = useRef<HTMLFormElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const idPrefix = line ? `cost-${line.id}` : 'cost';

  // What the asks compare with: the incident's occurrence, and its largest line other than this one.
  const incident = useQuery(trpc.incident.get.queryOptions({ id: incidentId }));
  const largest = useQuery(trpc.cost.list.queryOptions({ incidentId, sort: 'amount', order: 'desc', limit: 2 }));
  const largestOther = largest.data?.items.find((other) => other.id !== line?.id)?.amount ?? null;

  // The amount (or quantity) has focus when the form opens; afterwards focus goes only where the user puts it.
  useEffect(() => firstField.current?.focus(), []);

  const figuresTyped = [amount, quantity, unitAmount].some((text) => text.trim() !== '');
  const changeCategory = (next: CostCategory) => {
    setCategory(next);
    // A damages line is demanded, agreed or paid; other lines are estimates, invoiced or paid.
    setStage((current) => storedStage(next, current) ?? usualStage(next));
    // Persons × amount for condolences, hours × rate for overtime — but only before any figure is typed,
    // so what was typed is never hidden, and the focus stays where it is.
    if (!line && !figuresTyped) setQuantityMode(next in QUANTITY_CATEGORIES);
  };

  const onSuccess = (savedAmount: number, savedId: string) => {
    void refreshAll();
    answered.current = new Set();
    if (line) {
      onDone?.();
      return;
    }
    setDraftKey(newIdempotencyKey());
    // The category stays (in view); 対象外 never does. The stage goes back to the category's usual one.
    localStorage.setItem(LAST_ENTRY_KEY, JSON.stringify({ category, source, claimant } satisfies Remembered));
    if (category === 'uncovered') changeCategory(DEFAULT_CATEGORY);
    setStage(usualStage(category === 'uncovered' ? DEFAULT_CATEGORY : category));
    setNotice(t('cost.logged', { amount: formatYen(savedAmount) }));
    setLoggedId(savedId);
    setAmount('');
    setQuantity('');
    setUnitAmount('');
    setVendor('');
    setDescription('');
    setTaxDraft(EMPTY_TAX_DRAFT);
    setInvoiceChecked(false);
    firstField.current?.focus();
  };

  // The draft's key goes in the call's context (lib/idempotent-link.ts): options are read at each call, so a
  // second Enter on the same draft sends the same key, and the next draft (a new key) gets a new line.
  const create = useMutation(trpc.cost.create.mutationOptions({ trpc: { context: { idempotencyKey: draftKey } } }));
  const update = useMutation(trpc.cost.update.mutationOptions());
  const mutation = line ? update : create;
  const conflict = conflictingLine(update.error);
  const { fields, banner } = errorDetails(conflict ? null : mutation.error);

  /** After a conflict: continue from what the other person saved (their values, their version). */
  const takeTheirs = (theirs: CostLine) => {
    setCategory(theirs.category);
    setStage(theirs.stage);
    setIncurredOn(theirs.incurredOn);
    setStageDates(datesOf(theirs));
    setQuantityMode(theirs.quantity !== null);
    setAmount(yenText(theirs.amount));
    setQuantity(yenText(theirs.quantity));
    setUnitAmount(yenText(theirs.unitAmount));
    setVendor(theirs.vendor ?? '');
    setDescription(theirs.description ?? '');
    setSource(theirs.source);
    setClaimant(theirs.claimant ?? '');
    setAbroad(theirs.incurredAbroad);
    setTaxDraft(taxDraftOf(theirs));
    setBaseVersion(theirs.version);
    update.reset();
  };

  const parsedQuantity = parseYen(quantity);
  const parsedUnit = parseYen(unitAmount);
  const parsedAmount = parseYen(amount);
  const preview =
    quantityMode && parsedQuantity.ok && parsedUnit.ok
      ? `${parsedQuantity.value.toLocaleString('en-US')} × ${formatYen(parsedUnit.value)} = ${formatYen(parsedQuantity.value * parsedUnit.value)}`
      : null;

  const gross = quantityMode
    ? parsedQuantity.ok && parsedUnit.ok
      ? parsedQuantity.value * parsedUnit.value
      : null
    : parsedAmount.ok
      ? parsedAmount.value
      : null;
  const tax = taxFigures(taxDraft, { category, source, quantityMode, gross });
  const taxErrorFields = ['taxCategory', 'taxAmount', 'invoiceNumber', 'withholdingTax'].filter((field) => fields[field]);
  const taxOpen = taxErrorFields.length > 0 || (taxOpenByUser ?? (TAX_SUGGESTING_CATEGORIES.includes(category) || hasOwnTax(taxDraft)));
  /** Opens the tax section and puts the cursor in one of its fields (after React has shown it). */
  const focusTaxField = (field: string) => {
    setTaxOpenByUser(true);
    requestAnimationFrame(() => document.getElementById(`${idPrefix}-${field}`)?.focus());
  };

  /** The stage dates this stage carries, as the edit form shows them (a line being logged has none yet). */
  const datedFields = line ? stageDateFields(category, storedStage(category, stage) ?? stage) : [];
  const givenDates = Object.fromEntries(datedFields.filter((f) => stageDates[f] !== '').map((f) => [f, stageDates[f]])) as Partial<
    Record<StageDateField, string>
  >;

  /** An edit asks only about what it changes: the saved line's values were looked at when it was saved. */
  const changedByEdit = (ask: PlausibilityAsk, total: number) => {
    if (!line) return true;
    if (ask.kind === 'zero_amount' || ask.kind === 'large_amount' || ask.kind === 'far_above_others') return total !== line.amount;
    return ask.date !== (ask.field === 'incurredOn' ? line.incurredOn : line[ask.field]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    setNotice(null);
    setLoggedId(null);
    const figures = quantityMode
      ? { quantity: parsedQuantity.ok ? parsedQuantity.value : Number.NaN, unitAmount: parsedUnit.ok ? parsedUnit.value : Number.NaN }
      : { amount: parsedAmount.ok ? parsedAmount.value : Number.NaN };
    if (Object.values(figures).some(Number.isNaN)) {
      firstField.current?.focus(); // the field says why
      return;
    }
    const total = quantityMode ? figures.quantity! * figures.unitAmount! : figures.amount!;
    // The tax fields say why they cannot be read; the registration number is checked as the server would.
    if (tax.tax === null) return focusTaxField('taxAmount');
    if (taxDraft.withholding && tax.withheld === null) return focusTaxField('withholdingTax');
    if (invoiceNumberProblem(taxDraft.invoiceNumber)) {
      setInvoiceChecked(true);
      return focusTaxField('invoiceNumber');
    }
    const context = { occurredOn: incident.data?.occurredOn ?? null, largestAmount: largestOther, today: todayInJapan() };
    const asks = unansweredAsks(plausibilityAsks({ amount: total, incurredOn, stageDates: givenDates }, context), answered.current).filter((ask) =>
      changedByEdit(ask, total),
    );
    if (asks.length > 0) {
      setAsking(asks);
      return;
    }
    const common = {
      category,
      stage,
      incurredOn,
      ...figures,
      vendor: vendor || undefined,
      description: description || undefined,
      source,
      claimant: source === 'third_party' ? claimant : undefined,
      incurredAbroad: abroad,
      taxCategory: tax.taxCategory,
      taxAmount: tax.tax,
      invoiceNumber: normaliseInvoiceNumber(taxDraft.invoiceNumber) || undefined,
      withholdingTax: taxDraft.withholding ? tax.withheld : null,
    };
    if (line) update.mutate({ id: line.id, expectedVersion: baseVersion, ...common, ...givenDates }, { onSuccess: () => onSuccess(total, line.id) });
    else create.mutate({ incidentId, ...common }, { onSuccess: (saved) => onSuccess(total, saved.id) });
  };

  /** 「このまま記録」: these values are meant; save, and do not ask about them again for this line. */
  const keepAsIs = () => {
    for (const ask of asking ?? []) answered.current.add(askKey(ask));
    setAsking(null);
    form.current?.requestSubmit();
  };
  /** 「修正する」: back to the field the first question is about. */
  const fixIt = () => {
    const first = asking?.[0];
    setAsking(null);
    const target =
      !first || first.kind === 'zero_amount' || first.kind === 'large_amount' || first.kind === 'far_above_others'
        ? firstField.current
        : document.getElementById(first.field === 'incurredOn' ? `${idPrefix}-date` : `${idPrefix}-${first.field}`);
    (target as HTMLInputElement | null)?.focus();
    (target as HTMLInputElement | null)?.select?.();
  };

  const quantityLabels: { quantity: TranslationKey; unit: TranslationKey } = QUANTITY_CATEGORIES[category] ?? {
    quantity: 'cost.quantity',
    unit: 'cost.unitAmount',
  };

  return (
    <form ref={form} onSubmit={submit} noValidate className="space-y-3" aria-label={line ? t('cost.editLine') : t('cost.log')}>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {quantityMode ? (
          <>
            <Field label={t(quantityLabels.quantity)} htmlFor={`${idPrefix}-quantity`} error={fields.quantity}>
              <YenInput id={`${idPrefix}-quantity`} ref={firstField} value={quantity} onChange={setQuantity} />
            </Field>
            <Field label={t(quantityLabels.unit)} htmlFor={`${idPrefix}-unit`} error={fields.unitAmount}>
              <YenInput id={`${idPrefix}-unit`} value={unitAmount} onChange={setUnitAmount} />
            </Field>
          </>
        ) : (
          <div className="col-span-2">
            <Field label={t('cost.amount')} htmlFor={`${idPrefix}-amount`} error={fields.amount} hint={t('cost.amountHint')}>
              <YenInput id={`${idPrefix}-amount`} ref={firstField} value={amount} onChange={setAmount} />
            </Field>
          </div>
        )}
        <div className="col-span-2">
          <Field label={t('cost.category')} htmlFor={`${idPrefix}-category`} error={fields.category} hint={t('entry.categoryHint')}>
            <CategoryCombobox id={`${idPrefix}-category`} value={category} onChange={changeCategory} invalid={Boolean(fields.category)} />
          </Field>
        </div>
      </div>
      {preview && (
        <p className="text-sm font-medium tabular-nums text-slate-800" data-testid="quantity-preview">
          {preview}
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Field label={t('cost.incurredOn')} htmlFor={`${idPrefix}-date`} error={fields.incurredOn}>
          <input id={`${idPrefix}-date`} type="date" className="input" value={incurredOn} onChange={(e) => setIncurredOn(e.target.value)} />
        </Field>
        <Field label={t('cost.vendor')} htmlFor={`${idPrefix}-vendor`} error={fields.vendor}>
          <input id={`${idPrefix}-vendor`} className="input" value={vendor} onChange={(e) => setVendor(e.target.value)} maxLength={200} />
        </Field>
        <Field label={t('cost.source')} htmlFor={`${idPrefix}-source`} error={fields.source}>
          <EnumSelect id={`${idPrefix}-source`} options={COST_SOURCES} value={source} onChange={setSource} labelOf={(s) => t(`cost.sources.${s}`)} />
        </Field>
        {source === 'third_party' && (
          <Field label={t('cost.claimant')} htmlFor={`${idPrefix}-claimant`} error={fields.claimant}>
            <input id={`${idPrefix}-claimant`} className="input" value={claimant} onChange={(e) => setClaimant(e.target.value)} maxLength={200} />
          </Field>
        )}
      </div>
      <Field label={t('cost.description')} htmlFor={`${idPrefix}-description`} error={fields.description}>
        <input id={`${idPrefix}-description`} className="input" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
      </Field>
      {datedFields.length > 0 && (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="stage-dates">
          {datedFields.map((field) => (
            <Field
              key={field}
              label={t(`stageDates.${field}`)}
              htmlFor={`${idPrefix}-${field}`}
              error={fields[field]}
              hint={stageDates[field] === '' ? t('entry.stageDateAuto') : undefined}
            >
              <input
                id={`${idPrefix}-${field}`}
                type="date"
                className="input"
                value={stageDates[field]}
                onChange={(e) => setStageDates((dates) => ({ ...dates, [field]: e.target.value }))}
              />
            </Field>
          ))}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={quantityMode} onChange={(e) => setQuantityMode(e.target.checked)} />
          {t('cost.quantityMode')}
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={abroad} onChange={(e) => setAbroad(e.target.checked)} />
          {t('cost.abroad')}
        </label>
      </div>
      <CostTaxFields
        idPrefix={idPrefix}
        category={category}
        draft={taxDraft}
        onChange={setTaxDraft}
        figures={tax}
        open={taxOpen}
        onToggle={() => setTaxOpenByUser(!taxOpen)}
        invoiceChecked={invoiceChecked}
        onInvoiceLeft={() => setInvoiceChecked(true)}
        errors={fields}
      />
      {asking && <PlausibilityAskPanel asks={asking} onKeep={keepAsIs} onFix={fixIt} />}
      {/* The stage right beside the button that saves it. */}
      <div className="flex flex-wrap items-end gap-3">
        <StagePicker stages={stagesOf(category)} value={stage} onChange={setStage} error={fields.stage} />
        <span className="grow" />
        <div className="flex gap-2">
          {line && (
            <button type="button" className="btn-secondary" onClick={onDone}>
              {t('common.cancel')}
            </button>
          )}
          <button type="submit" className="btn min-h-9" disabled={mutation.isPending}>
            {line ? t('common.save') : t('cost.log')}
            {!line && <kbd className="ml-1 rounded bg-sky-900 px-1 text-[10px]">Enter</kbd>}
          </button>
        </div>
      </div>
      <ErrorBanner message={banner} />
      {conflict && (
        <ConflictNotice
          current={conflict}
          mine={{ category, stage, incurredOn, vendor, description, amount: parsedAmount.ok ? parsedAmount.value : undefined }}
          onUseTheirs={() => takeTheirs(conflict)}
        />
      )}
      {notice && (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      )}
      {loggedId && <FileDrop key={loggedId} uploadUrl={costUploadUrl(loggedId)} onUploaded={() => void refreshAll()} compact label={t('cost.attachReceipt')} />}
    </form>
  );
}
