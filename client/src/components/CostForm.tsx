// Logging or correcting a cost line. Built for the keyboard: the amount has focus, today's date and the
// last category, stage and claimant are preselected, and Enter saves — a cost in a few seconds.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES, stagesOf, storedStage, type CostCategory, type CostSource, type CostStage } from '../../../shared/categories.ts';
import { todayInJapan } from '../../../shared/dates.ts';
import { formatYen, parseYen } from '../../../shared/money.ts';
import { useCategoryLabel } from '../lib/format.ts';
import { newIdempotencyKey } from '../lib/idempotent-link.ts';
import { costUploadUrl } from '../lib/upload.ts';
import { errorDetails, refreshAll, trpcClient } from '../trpc.ts';
import { ConflictNotice, conflictingLine } from './ConflictNotice.tsx';
import { EnumSelect } from './EnumSelect.tsx';
import { FileDrop } from './FileDrop.tsx';
import { ErrorBanner, Field } from './Field.tsx';
import { YenInput } from './YenInput.tsx';

const LAST_ENTRY_KEY = 'bct.lastCostEntry';

/** Categories whose costs are naturally counted: persons × condolence, hours × hourly rate. */
const QUANTITY_CATEGORIES: Partial<Record<CostCategory, { quantity: string; unit: string }>> = {
  condolence: { quantity: 'cost.persons', unit: 'cost.perPerson' },
  overtime_travel: { quantity: 'cost.hours', unit: 'cost.hourlyRate' },
};

export interface CostLine {
  id: string;
  category: CostCategory;
  stage: CostStage;
  incurredOn: string;
  amount: number;
  quantity: number | null;
  unitAmount: number | null;
  vendor: string | null;
  description: string | null;
  source: CostSource;
  claimant: string | null;
  incurredAbroad: boolean;
  version: number;
}

interface Remembered {
  category: CostCategory;
  stage: CostStage;
  source: CostSource;
  claimant: string;
}

function remembered(): Remembered {
  try {
    const saved = JSON.parse(localStorage.getItem(LAST_ENTRY_KEY) ?? 'null') as Partial<Remembered> | null;
    return {
      category: saved?.category && COST_CATEGORIES.includes(saved.category) ? saved.category : 'investigation',
      stage: saved?.stage && saved.category && COST_STAGES.includes(saved.stage) && COST_CATEGORIES.includes(saved.category) ? (storedStage(saved.category, saved.stage) ?? 'invoiced') : 'invoiced',
      source: saved?.source && COST_SOURCES.includes(saved.source) ? saved.source : 'insured',
      claimant: saved?.claimant ?? '',
    };
  } catch {
    return { category: 'investigation', stage: 'invoiced', source: 'insured', claimant: '' };
  }
}

const yenText = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function CostForm({ incidentId, line, onDone }: { incidentId: string; line?: CostLine; onDone?(): void }) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const memory = remembered();
  const [category, setCategory] = useState<CostCategory>(line?.category ?? memory.category);
  const [stage, setStage] = useState<CostStage>(line?.stage ?? memory.stage);
  const [incurredOn, setIncurredOn] = useState(line?.incurredOn ?? todayInJapan());
  const [quantityMode, setQuantityMode] = useState(line ? line.quantity !== null : category in QUANTITY_CATEGORIES);
  const [amount, setAmount] = useState(yenText(line?.amount));
  const [quantity, setQuantity] = useState(yenText(line?.quantity));
  const [unitAmount, setUnitAmount] = useState(yenText(line?.unitAmount));
  const [vendor, setVendor] = useState(line?.vendor ?? '');
  const [description, setDescription] = useState(line?.description ?? '');
  const [source, setSource] = useState<CostSource>(line?.source ?? memory.source);
  const [claimant, setClaimant] = useState(line?.claimant ?? memory.claimant);
  const [abroad, setAbroad] = useState(line?.incurredAbroad ?? false);
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
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => firstField.current?.focus(), [quantityMode]);

  const changeCategory = (next: CostCategory) => {
    setCategory(next);
    // A damages line is demanded, agreed or paid; other lines are estimates, invoiced or paid.
    setStage((current) => storedStage(next, current) ?? 'invoiced');
    if (!line) setQuantityMode(next in QUANTITY_CATEGORIES);
  };

  const onSuccess = (savedAmount: number, savedId: string) => {
    void refreshAll();
    if (line) {
      onDone?.();
      return;
    }
    setDraftKey(newIdempotencyKey());
    localStorage.setItem(LAST_ENTRY_KEY, JSON.stringify({ category, stage, source, claimant }));
    setNotice(t('cost.logged', { amount: formatYen(savedAmount) }));
    setLoggedId(savedId);
    setAmount('');
    setQuantity('');
    setUnitAmount('');
    setVendor('');
    setDescription('');
    firstField.current?.focus();
  };

  type CreateInput = Parameters<typeof trpcClient.cost.create.mutate>[0];
  type UpdateInput = Parameters<typeof trpcClient.cost.update.mutate>[0];
  const create = useMutation({
    mutationFn: ({ input, key }: { input: CreateInput; key: string }) => trpcClient.cost.create.mutate(input, { context: { idempotencyKey: key } }),
  });
  const update = useMutation({ mutationFn: (input: UpdateInput) => trpcClient.cost.update.mutate(input) });
  const mutation = line ? update : create;
  const conflict = conflictingLine(update.error);
  const { fields, banner } = errorDetails(conflict ? null : mutation.error);

  /** After a conflict: continue from what the other person saved (their values, their version). */
  const useTheirs = (theirs: CostLine) => {
    setCategory(theirs.category);
    setStage(theirs.stage);
    setIncurredOn(theirs.incurredOn);
    setQuantityMode(theirs.quantity !== null);
    setAmount(yenText(theirs.amount));
    setQuantity(yenText(theirs.quantity));
    setUnitAmount(yenText(theirs.unitAmount));
    setVendor(theirs.vendor ?? '');
    setDescription(theirs.description ?? '');
    setSource(theirs.source);
    setClaimant(theirs.claimant ?? '');
    setAbroad(theirs.incurredAbroad);
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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    setNotice(null);
    setLoggedId(null);
    const figures = quantityMode
      ? { quantity: parsedQuantity.ok ? parsedQuantity.value : Number.NaN, unitAmount: parsedUnit.ok ? parsedUnit.value : Number.NaN }
      : { amount: parsedAmount.ok ? parsedAmount.value : Number.NaN };
    if (Object.values(figures).some(Number.isNaN)) return; // the field shows why
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
    };
    const total = quantityMode ? figures.quantity! * figures.unitAmount! : figures.amount!;
    if (line) update.mutate({ id: line.id, expectedVersion: baseVersion, ...common }, { onSuccess: () => onSuccess(total, line.id) });
    else create.mutate({ input: { incidentId, ...common }, key: draftKey }, { onSuccess: (saved) => onSuccess(total, saved.id) });
  };

  const quantityLabels = QUANTITY_CATEGORIES[category] ?? { quantity: 'cost.quantity', unit: 'cost.unitAmount' };

  return (
    <form onSubmit={submit} className="space-y-3" aria-label={line ? t('cost.editLine') : t('cost.log')}>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {quantityMode ? (
          <>
            <Field label={t(quantityLabels.quantity)} htmlFor="cost-quantity" error={fields.quantity}>
              <YenInput id="cost-quantity" ref={firstField} value={quantity} onChange={setQuantity} />
            </Field>
            <Field label={t(quantityLabels.unit)} htmlFor="cost-unit" error={fields.unitAmount}>
              <YenInput id="cost-unit" value={unitAmount} onChange={setUnitAmount} />
            </Field>
          </>
        ) : (
          <div className="col-span-2">
            <Field label={t('cost.amount')} htmlFor="cost-amount" error={fields.amount} hint={t('cost.amountHint')}>
              <YenInput id="cost-amount" ref={firstField} value={amount} onChange={setAmount} />
            </Field>
          </div>
        )}
        <Field label={t('cost.category')} htmlFor="cost-category" error={fields.category}>
          <EnumSelect id="cost-category" options={COST_CATEGORIES} value={category} onChange={changeCategory} labelOf={categoryLabel} />
        </Field>
        <Field label={t('cost.stage')} htmlFor="cost-stage" error={fields.stage}>
          <EnumSelect id="cost-stage" options={stagesOf(category)} value={stage} onChange={setStage} labelOf={(s) => t(`cost.stages.${s}`)} />
        </Field>
      </div>
      {preview && (
        <p className="text-sm font-medium tabular-nums text-slate-800" data-testid="quantity-preview">
          {preview}
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Field label={t('cost.incurredOn')} htmlFor="cost-date" error={fields.incurredOn}>
          <input id="cost-date" type="date" className="input" value={incurredOn} onChange={(e) => setIncurredOn(e.target.value)} required />
        </Field>
        <Field label={t('cost.vendor')} htmlFor="cost-vendor" error={fields.vendor}>
          <input id="cost-vendor" className="input" value={vendor} onChange={(e) => setVendor(e.target.value)} maxLength={200} />
        </Field>
        <Field label={t('cost.source')} htmlFor="cost-source" error={fields.source}>
          <EnumSelect id="cost-source" options={COST_SOURCES} value={source} onChange={setSource} labelOf={(s) => t(`cost.sources.${s}`)} />
        </Field>
        {source === 'third_party' && (
          <Field label={t('cost.claimant')} htmlFor="cost-claimant" error={fields.claimant}>
            <input id="cost-claimant" className="input" value={claimant} onChange={(e) => setClaimant(e.target.value)} maxLength={200} required />
          </Field>
        )}
      </div>
      <Field label={t('cost.description')} htmlFor="cost-description" error={fields.description}>
        <input id="cost-description" className="input" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
      </Field>
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={quantityMode} onChange={(e) => setQuantityMode(e.target.checked)} />
          {t('cost.quantityMode')}
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={abroad} onChange={(e) => setAbroad(e.target.checked)} />
          {t('cost.abroad')}
        </label>
        <span className="grow" />
        {line && (
          <button type="button" className="btn-secondary" onClick={onDone}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="btn" disabled={mutation.isPending}>
          {line ? t('common.save') : t('cost.log')}
          {!line && <kbd className="ml-1 rounded bg-sky-900 px-1 text-[10px]">Enter</kbd>}
        </button>
      </div>
      <ErrorBanner message={banner} />
      {conflict && (
        <ConflictNotice
          current={conflict}
          mine={{ category, stage, incurredOn, vendor, description, amount: parsedAmount.ok ? parsedAmount.value : undefined }}
          onUseTheirs={() => useTheirs(conflict)}
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
