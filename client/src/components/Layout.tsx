// The frame of every signed-in page: the product name, the company, the language switch, sign-out.
// On a phone the header is one row (name, bell, menu button) and the rest opens under the menu button.
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession } from '../lib/session.tsx';
import { trpc } from '../trpc.ts';
import { NotificationBell } from './NotificationBell.tsx';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <button
      type="button"
      className="btn-secondary"
      lang={i18n.language === 'en' ? 'ja' : 'en'}
      onClick={() => void i18n.changeLanguage(i18n.language === 'en' ? 'ja' : 'en')}
    >
      {t('nav.language')}
    </button>
  );
}

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
      {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
    </svg>
  );
}

/** The company, the links and the buttons: in the header's row on a wide screen, in the menu on a phone. */
function HeaderItems({ inMenu }: { inMenu: boolean }) {
  const { t } = useTranslation();
  const { me, company, setCompanyId } = useSession();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSuccess: () => window.location.assign('/login') }));
  const link = 'text-sm text-slate-700 hover:underline';
  return (
    <>
      {me.memberships.length > 1 ? (
        <select
          aria-label={t('nav.company')}
          className={`input ${inMenu ? 'w-full' : 'w-auto max-w-60'}`}
          value={company.companyId}
          onChange={(e) => setCompanyId(e.target.value)}
        >
          {me.memberships.map((m) => (
            <option key={m.companyId} value={m.companyId}>
              {m.companyName}
            </option>
          ))}
        </select>
      ) : (
        <span className="text-sm text-slate-600">{company.companyName}</span>
      )}
      {!inMenu && <span className="grow" />}
      <Link to="/" className={link}>
        {t('nav.home')}
      </Link>
      {company.role === 'admin' && (
        <Link to="/members" className={link}>
          {t('nav.members')}
        </Link>
      )}
      <Link to="/account" className={link} title={t('account.title')}>
        {me.name}({t(`roles.${company.role}`)})
      </Link>
      <div className="flex gap-2">
        <LanguageSwitch />
        <button type="button" className="btn-secondary" onClick={() => logout.mutate()}>
          {t('nav.signOut')}
        </button>
      </div>
    </>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  // The menu stays open only on the page it was opened on: a link followed from it closes it.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === pathname;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-2">
          <Link to="/" className="min-w-0 truncate font-semibold text-sky-800">
            {t('app.name')}
          </Link>
          <div className="hidden min-w-0 grow items-center gap-3 md:flex">
            <HeaderItems inMenu={false} />
          </div>
          <span className="grow md:hidden" />
          {/* One bell for both layouts: tests and the screen reader find exactly one. */}
          <div className="flex shrink-0 items-center gap-2">
            <NotificationBell />
          </div>
          <div className="flex shrink-0 items-center md:hidden">
            <button
              type="button"
              className="btn-secondary px-2"
              aria-expanded={menuOpen}
              aria-controls="header-menu"
              onClick={() => setMenuOpenOn(menuOpen ? null : pathname)}
              data-testid="header-menu-button"
            >
              <MenuIcon open={menuOpen} />
              <span className="sr-only">{t('nav.menu')}</span>
            </button>
          </div>
        </div>
        {menuOpen && (
          <nav
            id="header-menu"
            aria-label={t('nav.menu')}
            className="flex flex-col items-start gap-3 border-t border-slate-100 px-4 py-3 md:hidden"
            data-testid="header-menu"
          >
            <HeaderItems inMenu />
          </nav>
        )}
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
