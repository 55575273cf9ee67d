// The frame of every signed-in page: the product name, the company, the language switch, sign-out.
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../lib/session.tsx';
import { trpc } from '../trpc.ts';
import { NotificationBell } from './NotificationBell.tsx';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <button type="button" className="btn-secondary" onClick={() => void i18n.changeLanguage(i18n.language === 'en' ? 'ja' : 'en')}>
      {t('nav.language')}
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, company, setCompanyId } = useSession();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSuccess: () => window.location.assign('/login') }));
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-2">
          <Link to="/" className="font-semibold text-sky-800">
            {t('app.name')}
          </Link>
          {me.memberships.length > 1 ? (
            <select aria-label={t('nav.company')} className="input w-auto" value={company.companyId} onChange={(e) => setCompanyId(e.target.value)}>
              {me.memberships.map((m) => (
                <option key={m.companyId} value={m.companyId}>
                  {m.companyName}
                </option>
              ))}
            </select>
          ) : (
            <span className="text-sm text-slate-600">{company.companyName}</span>
          )}
          <span className="grow" />
          <Link to="/" className="text-sm text-slate-700 hover:underline">
            {t('nav.home')}
          </Link>
          {company.role === 'admin' && (
            <Link to="/members" className="text-sm text-slate-700 hover:underline">
              {t('nav.members')}
            </Link>
          )}
          <Link to="/account" className="text-sm text-slate-500 hover:underline" title={t('account.title')}>
            {me.name}({t(`roles.${company.role}`)})
          </Link>
          <NotificationBell />
          <LanguageSwitch />
          <button type="button" className="btn-secondary" onClick={() => logout.mutate()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
