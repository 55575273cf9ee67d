// Sign-in, sign-up and invitation pages (shown while signed out).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { EnumSelect } from '../components/EnumSelect.tsx';
import { ErrorBanner, Field } from '../components/Field.tsx';
import { LanguageSwitch } from '../components/Layout.tsx';
import { errorDetails, queryClient, SESSION_ENDED_KEY, trpc } from '../trpc.ts';

function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="mx-auto mt-12 max-w-md px-4">
      <div className="mb-6 flex items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold text-sky-800">{t('app.name')}</h1>
          <p className="text-sm text-slate-600">{t('app.tagline')}</p>
        </div>
        <LanguageSwitch />
      </div>
      <div className="card space-y-4">
        <h2 className="text-lg font-semibold">{title}</h2>
        {children}
      </div>
    </main>
  );
}

type AccountDraft = { name: string; email: string; password: string };

/** The name, email and password of a new account (sign-up and invitation alike). */
function AccountFields({
  draft,
  onChange,
  fields,
  fixedEmail,
}: {
  draft: AccountDraft;
  onChange: (next: AccountDraft) => void;
  fields: Record<string, string>;
  fixedEmail?: string | null;
}) {
  const { t } = useTranslation();
  const set = (key: keyof AccountDraft) => (e: { target: { value: string } }) => onChange({ ...draft, [key]: e.target.value });
  return (
    <>
      <Field label={t('auth.name')} htmlFor="account-name" error={fields.name}>
        <input id="account-name" className="input" value={draft.name} onChange={set('name')} required />
      </Field>
      <Field label={t('auth.email')} htmlFor="account-email" error={fields.email}>
        <input
          id="account-email"
          type="email"
          className="input"
          value={fixedEmail || draft.email}
          onChange={set('email')}
          required
          readOnly={!!fixedEmail}
          autoComplete="username"
        />
      </Field>
      <Field label={t('auth.password')} htmlFor="account-password" error={fields.password} hint={t('auth.passwordHint')}>
        <input
          id="account-password"
          type="password"
          className="input"
          value={draft.password}
          onChange={set('password')}
          required
          minLength={10}
          autoComplete="new-password"
        />
      </Field>
    </>
  );
}

/** After signing in, the session query is refetched and the app takes over. */
function useSignedIn() {
  const navigate = useNavigate();
  return async () => {
    await queryClient.resetQueries();
    await navigate('/');
  };
}

export function LoginPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const demo = useQuery(trpc.auth.demo.queryOptions());
  const signedIn = useSignedIn();
  const [sessionEnded] = useState(() => sessionStorage.getItem(SESSION_ENDED_KEY) === '1');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: () => {
        sessionStorage.removeItem(SESSION_ENDED_KEY);
        // Returned, so the mutation stays pending (the button disabled) until the app has the new session.
        return signedIn();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password });
  };
  const credentials = demo.data?.credentials;
  return (
    <AuthFrame title={t('auth.signIn')}>
      {sessionEnded && (
        <p role="status" className="rounded border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900" data-testid="session-ended">
          {t('auth.sessionEnded')}
        </p>
      )}
      {credentials && (
        <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="demo-credentials">
          <p className="font-semibold">{t('auth.demoTitle')}</p>
          <p>{t('auth.demoBody')}</p>
          <p className="font-mono">
            {credentials.email} / {credentials.password}
          </p>
          <button type="button" className="btn-secondary mt-2" onClick={() => (setEmail(credentials.email), setPassword(credentials.password))}>
            {t('auth.useDemo')}
          </button>
          {credentials.broker && (
            <>
              <p className="mt-2">{t('auth.demoBrokerBody')}</p>
              <p className="font-mono">
                {credentials.broker.email} / {credentials.broker.password}
              </p>
              <button
                type="button"
                className="btn-secondary mt-2"
                onClick={() => (setEmail(credentials.broker!.email), setPassword(credentials.broker!.password))}
              >
                {t('auth.useDemoBroker')}
              </button>
            </>
          )}
        </div>
      )}
      <form onSubmit={submit} className="space-y-3">
        <Field label={t('auth.email')} htmlFor="login-email">
          <input
            id="login-email"
            type="email"
            className="input"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoFocus
            autoComplete="username"
          />
        </Field>
        <Field label={t('auth.password')} htmlFor="login-password">
          <input
            id="login-password"
            type="password"
            className="input"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="current-password"
          />
        </Field>
        <ErrorBanner message={errorDetails(login.error).message} />
        <button className="btn w-full" disabled={login.isPending}>
          {t('auth.signIn')}
        </button>
      </form>
      <p className="text-sm">
        {t('auth.noAccount')}{' '}
        <Link className="text-sky-700 underline" to="/signup">
          {t('auth.signUp')}
        </Link>
      </p>
    </AuthFrame>
  );
}

export function SignupPage() {
  const { t } = useTranslation();
  const [account, setAccount] = useState<AccountDraft>({ name: '', email: '', password: '' });
  const [companyName, setCompanyName] = useState('');
  const [kind, setKind] = useState<'policyholder' | 'broker'>('policyholder');
  const signedIn = useSignedIn();
  const signup = useMutation(trpc.auth.signup.mutationOptions({ onSuccess: signedIn }));
  const { fields, banner } = errorDetails(signup.error);
  return (
    <AuthFrame title={t('auth.signUp')}>
      <form onSubmit={(e) => (e.preventDefault(), signup.mutate({ ...account, companyName, kind }))} className="space-y-3">
        <Field label={t('auth.companyName')} htmlFor="signup-company" error={fields.companyName}>
          <input id="signup-company" className="input" value={companyName} onChange={(e) => setCompanyName(e.target.value)} required autoFocus />
        </Field>
        <AccountFields draft={account} onChange={setAccount} fields={fields} />
        <Field label={t('auth.kind')} htmlFor="signup-kind">
          <EnumSelect id="signup-kind" options={['policyholder', 'broker'] as const} value={kind} onChange={setKind} labelOf={(k) => t(`auth.${k}`)} />
        </Field>
        <ErrorBanner message={banner} />
        <button className="btn w-full" disabled={signup.isPending}>
          {t('auth.signUp')}
        </button>
      </form>
      <p className="text-sm">
        {t('auth.haveAccount')}{' '}
        <Link className="text-sky-700 underline" to="/login">
          {t('auth.signIn')}
        </Link>
      </p>
    </AuthFrame>
  );
}

export function InvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const invitation = useQuery({ ...trpc.auth.invitation.queryOptions({ token }), retry: false });
  const [account, setAccount] = useState<AccountDraft>({ name: '', email: '', password: '' });
  const signedIn = useSignedIn();
  const accept = useMutation(trpc.auth.acceptInvite.mutationOptions({ onSuccess: signedIn }));
  const { fields, banner } = errorDetails(accept.error);
  if (invitation.isPending) return <AuthFrame title="…">{t('common.loading')}</AuthFrame>;
  if (!invitation.data) return <AuthFrame title={t('common.notFound')}>{errorDetails(invitation.error).message}</AuthFrame>;
  const fixedEmail = invitation.data.email;
  return (
    <AuthFrame title={t('auth.inviteTitle', { company: invitation.data.companyName, role: t(`roles.${invitation.data.role}`) })}>
      <form onSubmit={(e) => (e.preventDefault(), accept.mutate({ token, ...account, email: fixedEmail || account.email }))} className="space-y-3">
        <AccountFields draft={account} onChange={setAccount} fields={fields} fixedEmail={fixedEmail} />
        <ErrorBanner message={banner} />
        <button className="btn w-full" disabled={accept.isPending}>
          {t('auth.acceptInvite')}
        </button>
      </form>
    </AuthFrame>
  );
}

/** A signed-in user opening an invitation link joins with the account they already have. */
export function JoinInvitePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { token = '' } = useParams();
  const invitation = useQuery({ ...trpc.auth.invitation.queryOptions({ token }), retry: false });
  const me = useQuery(trpc.auth.me.queryOptions());
  const join = useMutation(
    trpc.auth.joinWithInvite.mutationOptions({
      onSuccess: async (r) => {
        localStorage.setItem('bct.company', r.companyId);
        await queryClient.resetQueries();
        await navigate('/');
      },
    }),
  );
  if (invitation.isPending) return <p>{t('common.loading')}</p>;
  if (!invitation.data) return <p role="alert">{errorDetails(invitation.error).message ?? t('common.notFound')}</p>;
  return (
    <div className="card mx-auto max-w-md space-y-3">
      <h1 className="text-lg font-semibold">{t('auth.inviteTitle', { company: invitation.data.companyName, role: t(`roles.${invitation.data.role}`) })}</h1>
      <ErrorBanner message={errorDetails(join.error).message} />
      <button type="button" className="btn w-full" onClick={() => join.mutate({ token })} disabled={join.isPending}>
        {t('auth.joinAs', { email: me.data?.email ?? '' })}
      </button>
    </div>
  );
}
