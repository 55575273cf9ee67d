// The company's brokers on the members page: grant a broker read access by the broker's email,
// and revoke it (effective on the broker's next request).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTimestamp, useLocale } from '../lib/format.ts';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { ErrorBanner, Field } from './Field.tsx';

export function BrokerAccess({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [email, setEmail] = useState('');
  const brokers = useQuery(trpc.company.brokers.queryOptions({ companyId }));
  const grant = useMutation(trpc.company.grantBroker.mutationOptions({ onSuccess: () => (setEmail(''), void refreshAll()) }));
  const revoke = useMutation(trpc.company.revokeBroker.mutationOptions({ onSuccess: () => void refreshAll() }));
  const grantError = errorDetails(grant.error);
  return (
    <section className="card max-w-3xl space-y-3" data-testid="broker-access">
      <h2 className="font-semibold">{t('brokers.title')}</h2>
      <p className="text-sm text-slate-600">{t('brokers.hint')}</p>
      {brokers.data?.length === 0 && <p className="text-sm text-slate-500">{t('brokers.none')}</p>}
      <ul className="text-sm">
        {brokers.data?.map((b) => (
          <li key={b.brokerCompanyId} className="flex flex-wrap items-center gap-3 border-t border-slate-100 py-2" data-testid="granted-broker">
            <span className="font-medium">{b.name}</span>
            <span className="text-xs text-slate-500">
              {t('brokers.grantedAt')} {formatTimestamp(b.grantedAt, locale)} · {b.grantedByName}
            </span>
            <button
              type="button"
              className="btn-danger ml-auto"
              onClick={() => window.confirm(t('brokers.confirmRevoke')) && revoke.mutate({ companyId, brokerCompanyId: b.brokerCompanyId })}
            >
              {t('brokers.revoke')}
            </button>
          </li>
        ))}
      </ul>
      <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => (e.preventDefault(), grant.mutate({ companyId, brokerEmail: email }))}>
        <div className="min-w-64 grow">
          <Field label={t('brokers.email')} htmlFor="broker-email" error={grantError.fields.brokerEmail}>
            <input id="broker-email" type="email" className="input" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </Field>
        </div>
        <button className="btn" disabled={grant.isPending} data-testid="grant-broker">
          {t('brokers.grant')}
        </button>
      </form>
      <ErrorBanner message={grantError.banner ?? errorDetails(revoke.error).message} />
    </section>
  );
}
