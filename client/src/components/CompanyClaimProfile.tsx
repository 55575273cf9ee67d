// The company's profile the insurer's claim form prints (所在地, 法人番号, 代表者, the bank account the claim is
// paid into, 代理店コード): finance and admins edit it on the account page, everyone else reads it. A field
// left empty prints as a blank on the form (server/packages/claim-form-pdf.ts).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPANY_PROFILE_KEYS, COMPANY_PROFILE_LABELS, type CompanyProfileKey } from '../../../shared/company-profile.ts';
import { BANK_ACCOUNT_TYPE_LABELS, BANK_ACCOUNT_TYPES, type BankAccountType } from '../../../shared/incident-facts.ts';
import { useLocale } from '../lib/format.ts';
import { useSession, useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { ErrorBanner, Field } from './Field.tsx';

type Profile = Record<CompanyProfileKey, string | null>;
type Draft = Record<CompanyProfileKey, string>;

/** The bank account's fields: shown together under their heading. */
const BANK_KEYS: CompanyProfileKey[] = ['bankName', 'bankBranch', 'bankAccountType', 'bankAccountNumber', 'bankAccountHolder'];
const HINTED = ['corporateNumber', 'bankAccountNumber', 'bankAccountHolder', 'brokerCode'] as const satisfies readonly CompanyProfileKey[];
const isHinted = (key: CompanyProfileKey): key is (typeof HINTED)[number] => (HINTED as readonly CompanyProfileKey[]).includes(key);

const draftOf = (profile: Profile): Draft => Object.fromEntries(COMPANY_PROFILE_KEYS.map((key) => [key, profile[key] ?? ''])) as Draft;

export function CompanyClaimProfile() {
  const { t } = useTranslation();
  const { company } = useSession();
  const viewer = useViewer();
  const profile = useQuery(trpc.company.profile.queryOptions({ companyId: company.companyId }));
  if (!profile.data) return null;
  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="claim-profile-heading" data-testid="claim-profile">
      <h2 id="claim-profile-heading" className="font-medium">
        {t('claimProfile.title')}
      </h2>
      <p className="text-xs text-slate-600">{t('claimProfile.explain')}</p>
      {viewer.isFinance ? <ProfileForm companyId={company.companyId} saved={profile.data} /> : <ProfileList saved={profile.data} />}
    </section>
  );
}

function valueText(key: CompanyProfileKey, value: string | null, locale: 'ja' | 'en'): string | null {
  if (value === null) return null;
  return key === 'bankAccountType' ? BANK_ACCOUNT_TYPE_LABELS[value as BankAccountType][locale] : value;
}

function ProfileList({ saved }: { saved: Profile }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        {COMPANY_PROFILE_KEYS.map((key) => (
          <div key={key} className="contents">
            <dt className="text-slate-600">{COMPANY_PROFILE_LABELS[key][locale]}</dt>
            <dd className="break-words" data-testid={`claim-profile-${key}`}>
              {valueText(key, saved[key], locale) ?? <span className="text-slate-500">{t('claimProfile.unset')}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-600">{t('claimProfile.financeOnly')}</p>
    </>
  );
}

function ProfileForm({ companyId, saved }: { companyId: string; saved: Profile }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [base, setBase] = useState<Draft>(() => draftOf(saved));
  const [draft, setDraft] = useState<Draft>(base);
  const [notice, setNotice] = useState(false);
  const changed = COMPANY_PROFILE_KEYS.filter((key) => draft[key].trim() !== base[key].trim());
  const update = useMutation(
    trpc.company.updateProfile.mutationOptions({
      onSuccess: () => {
        setBase(draft);
        setNotice(true);
        void refreshAll();
      },
    }),
  );
  const { fields, banner } = errorDetails(update.error);
  const set = (key: CompanyProfileKey, value: string) => (setDraft({ ...draft, [key]: value }), setNotice(false));
  // Only what changed is sent: a field another finance member saved meanwhile is left as they saved it.
  const save = () => update.mutate({ companyId, ...Object.fromEntries(changed.map((key) => [key, draft[key].trim() === '' ? null : draft[key].trim()])) });

  const input = (key: CompanyProfileKey) => {
    const id = `claim-profile-${key}`;
    const control =
      key === 'bankAccountType' ? (
        <select id={id} className="input" value={draft[key]} onChange={(e) => set(key, e.target.value)} data-testid={id}>
          <option value="">{t('claimProfile.choose')}</option>
          {BANK_ACCOUNT_TYPES.map((type) => (
            <option key={type} value={type}>
              {BANK_ACCOUNT_TYPE_LABELS[type][locale]}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          className="input"
          value={draft[key]}
          onChange={(e) => set(key, e.target.value)}
          inputMode={key === 'corporateNumber' || key === 'bankAccountNumber' ? 'numeric' : undefined}
          autoComplete={key === 'address' ? 'street-address' : 'off'}
          aria-invalid={Boolean(fields[key])}
          data-testid={id}
        />
      );
    return (
      <Field
        key={key}
        label={COMPANY_PROFILE_LABELS[key][locale]}
        htmlFor={id}
        error={fields[key]}
        hint={isHinted(key) ? t(`claimProfile.hints.${key}`) : undefined}
      >
        {control}
      </Field>
    );
  };

  return (
    <form noValidate className="space-y-3" onSubmit={(e) => (e.preventDefault(), setNotice(false), save())} aria-label={t('claimProfile.title')}>
      <div className="grid gap-3 sm:grid-cols-2">{COMPANY_PROFILE_KEYS.filter((key) => !BANK_KEYS.includes(key)).map(input)}</div>
      <fieldset className="space-y-3 rounded border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium">{t('claimProfile.bank')}</legend>
        <div className="grid gap-3 sm:grid-cols-2">{BANK_KEYS.map(input)}</div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button className="btn" disabled={update.isPending || changed.length === 0} data-testid="claim-profile-save">
          {t('common.save')}
        </button>
        {notice && (
          <p role="status" className="text-sm text-emerald-700">
            {t('common.saved')}
          </p>
        )}
      </div>
      <ErrorBanner message={banner} />
    </form>
  );
}
