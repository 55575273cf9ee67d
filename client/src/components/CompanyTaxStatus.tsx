// The company's consumption-tax status (原則課税, 簡易課税, 2割特例, 免税): finance records it, everyone else
// reads it. It decides whether the dashboard asks to confirm the policy's 消費税の扱い with the insurer.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TAX_STATUS_LABELS, TAX_STATUSES, type TaxStatus } from '../../../shared/tax.ts';
import { useLocale } from '../lib/format.ts';
import { useSession, useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { ErrorBanner } from './Field.tsx';

export function CompanyTaxStatus() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { company } = useSession();
  const viewer = useViewer();
  const profile = useQuery(trpc.company.profile.queryOptions({ companyId: company.companyId }));
  if (!profile.data) return null;
  return (
    <section className="space-y-2 rounded border border-slate-200 bg-white p-4" aria-labelledby="company-heading" data-testid="company-profile">
      <h2 id="company-heading" className="font-medium">
        {t('company.title')}
      </h2>
      <p className="text-sm">{profile.data.name}</p>
      {viewer.isFinance ? (
        <TaxStatusForm companyId={company.companyId} saved={profile.data.taxStatus} />
      ) : (
        <dl className="text-sm">
          <dt className="label">{t('company.taxStatus')}</dt>
          <dd data-testid="company-tax-status">{profile.data.taxStatus ? TAX_STATUS_LABELS[profile.data.taxStatus][locale] : t('company.taxStatusUnset')}</dd>
          <dd className="mt-1 text-xs text-slate-600">{t('company.financeOnly')}</dd>
        </dl>
      )}
      <p className="text-xs text-slate-600">{t('company.taxStatusExplain')}</p>
    </section>
  );
}

function TaxStatusForm({ companyId, saved }: { companyId: string; saved: TaxStatus | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [status, setStatus] = useState<TaxStatus | ''>(saved ?? '');
  const [notice, setNotice] = useState(false);
  const update = useMutation(trpc.company.updateProfile.mutationOptions({ onSuccess: () => (setNotice(true), void refreshAll()) }));
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => (e.preventDefault(), setNotice(false), update.mutate({ companyId, taxStatus: status || null }))}
      aria-label={t('company.taxStatus')}
    >
      <label className="text-sm">
        <span className="label">{t('company.taxStatus')}</span>
        <select
          className="input w-auto"
          value={status}
          onChange={(e) => (setStatus(e.target.value as TaxStatus | ''), setNotice(false))}
          data-testid="company-tax-status-select"
        >
          <option value="">{t('company.taxStatusUnset')}</option>
          {TAX_STATUSES.map((s) => (
            <option key={s} value={s}>
              {TAX_STATUS_LABELS[s][locale]}
            </option>
          ))}
        </select>
      </label>
      <button className="btn" disabled={update.isPending || status === (saved ?? '')} data-testid="company-tax-status-save">
        {t('common.save')}
      </button>
      {notice && (
        <p role="status" className="w-full text-sm text-emerald-700">
          {t('common.saved')}
        </p>
      )}
      <div className="w-full">
        <ErrorBanner message={errorDetails(update.error).message} />
      </div>
    </form>
  );
}
