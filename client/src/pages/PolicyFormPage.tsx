// Entering or correcting a policy: one year from its start, limits in yen, the consumption tax's treatment,
// the eligibility check.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isCalendarDate, oneYearPeriodEnd } from '../../../shared/dates.ts';
import { eligibilityProblems, warningMessage } from '../../../shared/warnings.ts';
import { formatYen } from '../../../shared/money.ts';
import { DEFAULT_RESTORATION_RATIO_PERCENT, DEFENCE_COSTS_RULES, type DefenceCostsRule } from '../../../shared/payable.ts';
import { isTaxableBusiness, TAX_STATUS_LABELS, TAX_TREATMENTS, type TaxTreatment } from '../../../shared/tax.ts';
import { EnumSelect } from '../components/EnumSelect.tsx';
import { ErrorBanner, Field } from '../components/Field.tsx';
import { YenInput, yenValue } from '../components/YenInput.tsx';
import { formatDate, useLocale } from '../lib/format.ts';
import { useSession } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';

type PolicyDraft = {
  insurer: string;
  policyNumber: string;
  periodStart: string;
  liabilityLimit: string;
  expenseLimit: string;
  deductible: string;
  restorationRider: boolean;
  condolencePerPersonCap: string;
  annualRevenue: string;
  itRevenue: string;
  liabilityLimitPerClaim: string;
  defenceCosts: DefenceCostsRule;
  restorationRatioPercent: string;
  restorationSublimit: string;
  responseWindowDays: string;
  priorExpensePaid: string;
  priorLiabilityPaid: string;
  taxTreatment: TaxTreatment;
};

const EMPTY: PolicyDraft = {
  insurer: '',
  policyNumber: '',
  periodStart: '',
  liabilityLimit: '100,000,000',
  expenseLimit: '30,000,000',
  deductible: '0',
  restorationRider: false,
  condolencePerPersonCap: '',
  annualRevenue: '',
  itRevenue: '',
  liabilityLimitPerClaim: '',
  defenceCosts: 'within_limit',
  restorationRatioPercent: String(DEFAULT_RESTORATION_RATIO_PERCENT),
  restorationSublimit: '',
  responseWindowDays: '',
  priorExpensePaid: '0',
  priorLiabilityPaid: '0',
  taxTreatment: 'inclusive',
};

const text = (n: number | null) => (n === null ? '' : String(n));
/** A whole number as typed (full-width digits too); undefined when it is not one. */
const wholeNumber = (value: string) => {
  const digits = value.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return /^\d{1,6}$/.test(digits) ? Number(digits) : undefined;
};

export function PolicyFormPage() {
  const { id } = useParams();
  const existing = useQuery({ ...trpc.policy.get.queryOptions({ id: id ?? '' }), enabled: !!id });
  if (id && !existing.data) return <p>{errorDetails(existing.error).message ?? '…'}</p>;
  const p = existing.data;
  const draft: PolicyDraft = p
    ? {
        insurer: p.insurer,
        policyNumber: p.policyNumber,
        periodStart: p.periodStart,
        liabilityLimit: String(p.liabilityLimit),
        expenseLimit: String(p.expenseLimit),
        deductible: String(p.deductible),
        restorationRider: p.restorationRider,
        condolencePerPersonCap: text(p.condolencePerPersonCap),
        annualRevenue: text(p.annualRevenue),
        itRevenue: text(p.itRevenue),
        liabilityLimitPerClaim: text(p.liabilityLimitPerClaim),
        defenceCosts: p.defenceCosts,
        restorationRatioPercent: String(p.restorationRatioPercent),
        restorationSublimit: text(p.restorationSublimit),
        responseWindowDays: text(p.responseWindowDays),
        priorExpensePaid: String(p.priorExpensePaid),
        priorLiabilityPaid: String(p.priorLiabilityPaid),
        taxTreatment: p.taxTreatment,
      }
    : EMPTY;
  return <PolicyForm id={id} initial={draft} />;
}

function PolicyForm({ id, initial }: { id?: string; initial: PolicyDraft }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { company } = useSession();
  const [draft, setDraft] = useState(initial);
  const set = <K extends keyof PolicyDraft>(key: K, value: PolicyDraft[K]) => setDraft({ ...draft, [key]: value });
  const done = () => (void refreshAll(), navigate('/'));
  const create = useMutation(trpc.policy.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.policy.update.mutationOptions({ onSuccess: done }));
  const mutation = id ? update : create;
  const { fields, banner } = errorDetails(mutation.error);

  const optionalYen = (value: string) => (value.trim() === '' ? null : (yenValue(value) ?? Number.NaN));
  const eligibility = eligibilityProblems({ annualRevenue: yenValue(draft.annualRevenue) ?? null, itRevenue: yenValue(draft.itRevenue) ?? null });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fieldsOut = {
      insurer: draft.insurer,
      policyNumber: draft.policyNumber,
      periodStart: draft.periodStart,
      liabilityLimit: yenValue(draft.liabilityLimit) ?? Number.NaN,
      expenseLimit: yenValue(draft.expenseLimit) ?? Number.NaN,
      deductible: yenValue(draft.deductible) ?? Number.NaN,
      restorationRider: draft.restorationRider,
      condolencePerPersonCap: optionalYen(draft.condolencePerPersonCap),
      annualRevenue: optionalYen(draft.annualRevenue),
      itRevenue: optionalYen(draft.itRevenue),
      liabilityLimitPerClaim: optionalYen(draft.liabilityLimitPerClaim),
      defenceCosts: draft.defenceCosts,
      restorationRatioPercent: wholeNumber(draft.restorationRatioPercent) ?? Number.NaN,
      restorationSublimit: optionalYen(draft.restorationSublimit),
      responseWindowDays: draft.responseWindowDays.trim() === '' ? null : (wholeNumber(draft.responseWindowDays) ?? Number.NaN),
      priorExpensePaid: yenValue(draft.priorExpensePaid) ?? Number.NaN,
      priorLiabilityPaid: yenValue(draft.priorLiabilityPaid) ?? Number.NaN,
      taxTreatment: draft.taxTreatment,
    };
    if (id) update.mutate({ id, ...fieldsOut });
    else create.mutate({ companyId: company.companyId, ...fieldsOut });
  };

  type YenKey =
    | 'liabilityLimit'
    | 'expenseLimit'
    | 'deductible'
    | 'condolencePerPersonCap'
    | 'annualRevenue'
    | 'itRevenue'
    | 'liabilityLimitPerClaim'
    | 'restorationSublimit'
    | 'priorExpensePaid'
    | 'priorLiabilityPaid';
  const yenField = (key: YenKey, label: string, optional = false, hint?: string) => (
    <Field label={label} htmlFor={`policy-${key}`} error={fields[key]} hint={hint}>
      <YenInput id={`policy-${key}`} value={draft[key]} onChange={(v) => set(key, v)} optional={optional} />
    </Field>
  );

  return (
    <form onSubmit={submit} className="card mx-auto max-w-3xl space-y-4">
      <h1 className="text-lg font-semibold">{t('policy.title')}</h1>
      <div className="grid gap-3 md:grid-cols-2">
        <Field label={t('policy.insurer')} htmlFor="policy-insurer" error={fields.insurer}>
          <input id="policy-insurer" className="input" value={draft.insurer} onChange={(e) => set('insurer', e.target.value)} required />
        </Field>
        <Field label={t('policy.policyNumber')} htmlFor="policy-number" error={fields.policyNumber}>
          <input id="policy-number" className="input" value={draft.policyNumber} onChange={(e) => set('policyNumber', e.target.value)} required />
        </Field>
        <Field label={t('policy.periodStart')} htmlFor="policy-start" error={fields.periodStart ?? fields.periodEnd} hint={t('policy.periodNote')}>
          <input id="policy-start" type="date" className="input" value={draft.periodStart} onChange={(e) => set('periodStart', e.target.value)} required />
        </Field>
        <Field label={t('policy.periodEnd')}>
          <p className="py-1.5 text-sm" data-testid="policy-end">
            {isCalendarDate(draft.periodStart) ? formatDate(oneYearPeriodEnd(draft.periodStart), locale) : '—'}
          </p>
        </Field>
        {yenField('liabilityLimit', t('policy.liabilityLimit'))}
        {yenField('expenseLimit', t('policy.expenseLimit'))}
        {yenField('deductible', t('policy.deductible'))}
        {yenField('condolencePerPersonCap', t('policy.condolenceCap'), true, t('policy.condolenceCapHint'))}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={draft.restorationRider} onChange={(e) => set('restorationRider', e.target.checked)} />
        {t('policy.restorationRider')}
      </label>
      <fieldset className="rounded border border-slate-200 p-3" data-testid="policy-terms">
        <legend className="px-1 text-sm font-medium">{t('policy.termsTitle')}</legend>
        <p className="mb-2 text-xs text-slate-600">{t('policy.termsHint')}</p>
        <div className="grid gap-3 md:grid-cols-2">
          {yenField('liabilityLimitPerClaim', t('policy.liabilityLimitPerClaim'), true, t('policy.liabilityLimitPerClaimHint'))}
          <Field label={t('policy.defenceCosts')} htmlFor="policy-defenceCosts" error={fields.defenceCosts} hint={t('policy.defenceCostsHint')}>
            <EnumSelect
              id="policy-defenceCosts"
              options={DEFENCE_COSTS_RULES}
              value={draft.defenceCosts}
              onChange={(v) => set('defenceCosts', v)}
              labelOf={(v) => t(`policy.defenceRules.${v}`)}
            />
          </Field>
          <Field
            label={t('policy.restorationRatio')}
            htmlFor="policy-restorationRatioPercent"
            error={fields.restorationRatioPercent}
            hint={t('policy.restorationRatioHint')}
          >
            <input
              id="policy-restorationRatioPercent"
              className="input"
              inputMode="numeric"
              value={draft.restorationRatioPercent}
              onChange={(e) => set('restorationRatioPercent', e.target.value)}
            />
          </Field>
          {yenField('restorationSublimit', t('policy.restorationSublimit'), true, t('policy.restorationSublimitHint'))}
          <Field label={t('policy.responseWindow')} htmlFor="policy-responseWindowDays" error={fields.responseWindowDays} hint={t('policy.responseWindowHint')}>
            <input
              id="policy-responseWindowDays"
              className="input"
              inputMode="numeric"
              value={draft.responseWindowDays}
              onChange={(e) => set('responseWindowDays', e.target.value)}
            />
          </Field>
          <div className="hidden md:block" />
          {yenField('priorExpensePaid', t('policy.priorExpensePaid'), false, t('policy.priorHint'))}
          {yenField('priorLiabilityPaid', t('policy.priorLiabilityPaid'), false, t('policy.priorHint'))}
        </div>
      </fieldset>
      <TaxTreatmentField value={draft.taxTreatment} onChange={(v) => set('taxTreatment', v)} error={fields.taxTreatment} />
      <fieldset className="rounded border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium">{t('policy.eligibility')}</legend>
        <p className="mb-2 text-xs text-slate-500">{t('policy.eligibilityHint')}</p>
        <div className="grid gap-3 md:grid-cols-2">
          {yenField('annualRevenue', t('policy.annualRevenue'), true)}
          {yenField('itRevenue', t('policy.itRevenue'), true)}
        </div>
        {eligibility.map((code) => (
          <p key={code} className="text-sm text-amber-700" role="status">
            {warningMessage(code, { revenue: formatYen(yenValue(draft.annualRevenue) ?? 0) }, locale)}
          </p>
        ))}
      </fieldset>
      <ErrorBanner message={banner} />
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={() => void navigate(-1)}>
          {t('common.cancel')}
        </button>
        <button className="btn" disabled={mutation.isPending}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

/**
 * 消費税の扱い: whether the insurer counts amounts with the consumption tax or without it, said plainly,
 * beside the company's own tax status (which is what makes 税抜 likely).
 */
function TaxTreatmentField({ value, onChange, error }: { value: TaxTreatment; onChange: (value: TaxTreatment) => void; error?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { company } = useSession();
  const profile = useQuery(trpc.company.profile.queryOptions({ companyId: company.companyId }));
  const status = profile.data?.taxStatus ?? null;
  return (
    <fieldset className="rounded border border-slate-200 p-3" data-testid="policy-tax-treatment">
      <legend className="px-1 text-sm font-medium">{t('policy.taxTreatment')}</legend>
      <div className="flex flex-col gap-2 sm:flex-row sm:gap-6">
        {TAX_TREATMENTS.map((treatment) => (
          <label key={treatment} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              className="mt-1"
              name="policy-taxTreatment"
              value={treatment}
              checked={value === treatment}
              onChange={() => onChange(treatment)}
            />
            <span>{t(`policy.taxTreatments.${treatment}`)}</span>
          </label>
        ))}
      </div>
      {error && (
        <p className="mt-1 text-xs text-red-700" role="alert">
          {error}
        </p>
      )}
      <div className="mt-2 space-y-1 text-xs text-slate-600">
        <p>{t('policy.taxTreatmentWhat')}</p>
        <p>{t('policy.taxTreatmentWhere')}</p>
        <p>{t('policy.taxTreatmentNet')}</p>
        {profile.data && (
          <p data-testid="policy-company-tax-status">
            {t('policy.companyTaxStatus', { status: status ? TAX_STATUS_LABELS[status][locale] : t('company.taxStatusUnset') })}
            {isTaxableBusiness(status) && value === 'inclusive' && <span className="text-amber-800"> {t('policy.taxTreatmentAsk')}</span>}{' '}
            <Link to="/account" className="text-sky-800 hover:underline">
              {t('policy.companyTaxStatusLink')}
            </Link>
          </p>
        )}
      </div>
    </fieldset>
  );
}
