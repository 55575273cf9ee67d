// The signed-in user's own account: change the password (every other device is signed out), or sign
// out everywhere (a lost laptop, a shared terminal after the incident room closes). Below, the company's
// facts everyone should read the same: its consumption-tax status and the claim form's details (finance edits
// them). Between them, the member's calendar feed of deadlines (CalendarFeed).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CalendarFeed } from '../components/CalendarFeed.tsx';
import { CompanyClaimProfile } from '../components/CompanyClaimProfile.tsx';
import { CompanyTaxStatus } from '../components/CompanyTaxStatus.tsx';
import { ErrorBanner, Field } from '../components/Field.tsx';
import { useSession, useViewer } from '../lib/session.tsx';
import { errorDetails, queryClient, trpc } from '../trpc.ts';

export function AccountPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const viewer = useViewer();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: ({ endedSessions }) => {
        setNotice(t('account.changed', { count: endedSessions }));
        setCurrentPassword('');
        setNewPassword('');
        setRepeated('');
      },
    }),
  );
  const everywhere = useMutation(trpc.auth.logoutEverywhere.mutationOptions({ onSuccess: () => void queryClient.resetQueries() }));
  const { fields, banner } = errorDetails(change.error);
  const mismatch = repeated !== '' && repeated !== newPassword;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if (mismatch) return;
    change.mutate({ currentPassword, newPassword });
  };

  return (
    <div className="max-w-xl space-y-8">
      <h1 className="text-lg font-semibold">{t('account.title')}</h1>
      <p className="text-sm text-slate-600">
        {me.name} · {me.email}
      </p>
      <form onSubmit={submit} className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-label={t('account.changePassword')}>
        <h2 className="font-medium">{t('account.changePassword')}</h2>
        <Field label={t('account.currentPassword')} htmlFor="current-password" error={fields.currentPassword}>
          <input
            id="current-password"
            type="password"
            autoComplete="current-password"
            className="input"
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
            required
          />
        </Field>
        <Field label={t('account.newPassword')} htmlFor="new-password" error={fields.newPassword} hint={t('auth.passwordHint')}>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            className="input"
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
            required
          />
        </Field>
        <Field label={t('account.repeatPassword')} htmlFor="repeat-password" error={mismatch ? t('account.mismatch') : undefined}>
          <input
            id="repeat-password"
            type="password"
            autoComplete="new-password"
            className="input"
            value={repeated}
            onChange={(e) => setRepeated(e.target.value)}
            required
          />
        </Field>
        <p className="text-xs text-slate-500">{t('account.changeExplain')}</p>
        <button className="btn" disabled={change.isPending || mismatch}>
          {t('account.changePassword')}
        </button>
        <ErrorBanner message={banner} />
        {notice && (
          <p role="status" className="text-sm text-emerald-700">
            {notice}
          </p>
        )}
      </form>
      <section className="space-y-2 rounded border border-slate-200 bg-white p-4">
        <h2 className="font-medium">{t('account.everywhere')}</h2>
        <p className="text-sm text-slate-600">{t('account.everywhereExplain')}</p>
        <button type="button" className="btn-danger" disabled={everywhere.isPending} onClick={() => everywhere.mutate()}>
          {t('account.everywhere')}
        </button>
        <ErrorBanner message={errorDetails(everywhere.error).message} />
      </section>
      {/* A broker's firm has no incidents of its own: its feed would be empty. */}
      {!viewer.isBroker && <CalendarFeed />}
      {/* A broker's own firm is not the insured: its tax status and claim form decide nothing here. */}
      {!viewer.isBroker && <CompanyTaxStatus />}
      {!viewer.isBroker && <CompanyClaimProfile />}
    </div>
  );
}
