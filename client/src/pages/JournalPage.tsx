// Journal entries (仕訳) for the company's accounting software: the incident's files for freee, Money Forward
// and 弥生 (optionally one period), and the company's account for each cost category, edited and saved here.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COST_CATEGORIES, type CostCategory } from '../../../shared/categories.ts';
import {
  JOURNAL_FORMAT_LABELS,
  JOURNAL_FORMATS,
  JOURNAL_SPECIAL_ACCOUNTS,
  MAX_ACCOUNT_NAME,
  TAX_ACCOUNTING_METHODS,
  type JournalSettings,
  type JournalSpecialAccount,
  type TaxAccountingMethod,
} from '../../../shared/journal-settings.ts';
import { ErrorBanner } from '../components/Field.tsx';
import { formatTimestamp, useCategoryLabel, useLocale } from '../lib/format.ts';
import { useViewer } from '../lib/session.tsx';
import { errorDetails, trpc } from '../trpc.ts';
import { IncidentPage, useIncident } from './IncidentNav.tsx';

export const JournalPage = () => <IncidentPage content={Journal} />;

function Downloads({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
  return (
    <section className="card space-y-3">
      <h2 className="font-semibold">{t('journal.title')}</h2>
      <p className="text-sm text-slate-600">{t('journal.explain')}</p>
      <fieldset className="space-y-1">
        <legend className="label">{t('journal.period')}</legend>
        <div className="flex flex-wrap items-center gap-2">
          <input
            className="input w-44"
            type="date"
            aria-label={t('journal.from')}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="journal-from"
          />
          <span className="text-slate-500">〜</span>
          <input className="input w-44" type="date" aria-label={t('journal.to')} value={to} onChange={(e) => setTo(e.target.value)} data-testid="journal-to" />
        </div>
        <p className="text-xs text-slate-500">{t('journal.periodHint')}</p>
      </fieldset>
      <ul className="grid gap-3 md:grid-cols-3">
        {JOURNAL_FORMATS.map((format) => (
          <li key={format} className="flex flex-col gap-2 rounded border border-slate-200 p-3">
            <span className="font-medium">{JOURNAL_FORMAT_LABELS[format][locale]}</span>
            <span className="text-xs text-slate-600">{t(`journal.formats.${format}`)}</span>
            <a
              className="btn mt-auto self-start"
              href={`/api/incidents/${incidentId}/journals/${format}.csv${query ? `?${query}` : ''}`}
              download
              data-testid={`journal-download-${format}`}
            >
              {t('journal.download')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AccountInput({
  label,
  value,
  error,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <div className="grid gap-1 border-t border-slate-100 py-2 sm:grid-cols-[minmax(0,1fr)_16rem] sm:items-start sm:gap-3">
      <label className="pt-1.5 text-sm" htmlFor={testId}>
        {label}
      </label>
      <div>
        <input
          id={testId}
          className="input w-full"
          value={value}
          maxLength={MAX_ACCOUNT_NAME}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          data-testid={testId}
        />
        {error && (
          <p className="mt-0.5 text-xs text-red-700" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

function Mapping({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const categoryLabel = useCategoryLabel();
  const current = useQuery(trpc.journal.settings.queryOptions({ companyId }));
  // The saved settings until the first edit; the edited ones from then on.
  const [edited, setDraft] = useState<JournalSettings | null>(null);
  const draft = edited ?? current.data?.settings ?? null;
  const saved = useMutation(trpc.journal.updateSettings.mutationOptions({ onSuccess: () => void current.refetch() }));
  if (current.error) return <ErrorBanner message={errorDetails(current.error).message} />;
  if (!current.data || draft === null) return <p>{t('common.loading')}</p>;

  const details = errorDetails(saved.error);
  const fieldError = (path: string) => details.fields[`settings.${path}`];
  const edit = (change: Partial<JournalSettings>) => {
    saved.reset();
    setDraft({ ...draft, ...change });
  };
  const setCategory = (category: CostCategory, name: string) => edit({ accounts: { ...draft.accounts, [category]: name } });
  const setSpecial = (key: JournalSpecialAccount, name: string) => edit({ [key]: name });

  return (
    <section className="card space-y-3">
      <h2 className="font-semibold">{t('journal.mappingTitle')}</h2>
      <p className="text-sm text-slate-600">{t('journal.mappingExplain')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          saved.mutate({ companyId, settings: draft });
        }}
        className="max-w-3xl space-y-4"
        data-testid="journal-mapping"
      >
        <div>
          <div className="hidden grid-cols-[minmax(0,1fr)_16rem] gap-3 pb-1 text-xs text-slate-500 sm:grid">
            <span>{t('journal.category')}</span>
            <span>{t('journal.account')}</span>
          </div>
          {COST_CATEGORIES.map((category) => (
            <AccountInput
              key={category}
              label={categoryLabel(category)}
              value={draft.accounts[category]}
              error={fieldError(`accounts.${category}`)}
              onChange={(name) => setCategory(category, name)}
              testId={`journal-account-${category}`}
            />
          ))}
        </div>
        <div>
          <h3 className="pb-1 text-sm font-medium">{t('journal.otherAccounts')}</h3>
          {JOURNAL_SPECIAL_ACCOUNTS.map((key) => (
            <AccountInput
              key={key}
              label={t(`journal.special.${key}`)}
              value={draft[key]}
              error={fieldError(key)}
              onChange={(name) => setSpecial(key, name)}
              testId={`journal-account-${key}`}
            />
          ))}
        </div>
        <div className="grid gap-1 border-t border-slate-100 pt-2 sm:grid-cols-[minmax(0,1fr)_16rem] sm:gap-3">
          <label className="pt-1.5 text-sm" htmlFor="journal-tax-accounting">
            {t('journal.taxAccounting')}
            <span className="block text-xs text-slate-500">{t('journal.taxAccountingHint')}</span>
          </label>
          <select
            id="journal-tax-accounting"
            className="input w-full"
            value={draft.taxAccounting}
            onChange={(e) => edit({ taxAccounting: e.target.value as TaxAccountingMethod })}
            data-testid="journal-tax-accounting"
          >
            {TAX_ACCOUNTING_METHODS.map((method) => (
              <option key={method} value={method}>
                {t(`journal.methods.${method}`)}
              </option>
            ))}
          </select>
        </div>
        <ErrorBanner message={details.banner} />
        <div className="flex flex-wrap items-center gap-3">
          <button className="btn" disabled={saved.isPending} data-testid="journal-save">
            {saved.isPending ? t('journal.saving') : t('journal.save')}
          </button>
          <button type="button" className="btn-secondary" onClick={() => edit(current.data.defaults)} data-testid="journal-defaults">
            {t('journal.resetDefaults')}
          </button>
          <span className="text-sm text-slate-600" role="status" data-testid="journal-saved">
            {saved.isSuccess
              ? t('journal.saved')
              : current.data.savedAt
                ? t('journal.savedAt', { at: formatTimestamp(current.data.savedAt, locale) })
                : t('journal.notSaved')}
          </span>
        </div>
      </form>
    </section>
  );
}

function Journal({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const { isFinance } = useViewer();
  const incident = useIncident(incidentId);
  if (!isFinance) return <p className="card text-sm text-slate-600">{t('journal.financeOnly')}</p>;
  return (
    <div className="space-y-4">
      <Downloads incidentId={incidentId} />
      {incident.data && <Mapping companyId={incident.data.companyId} />}
    </div>
  );
}
