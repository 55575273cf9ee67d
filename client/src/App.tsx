// The routes: sign-in pages while signed out, the app while signed in.
// Every signed-in page is its own chunk, fetched when first opened: the JavaScript a browser needs before
// the first page shows stays small (React, the router, the query client, i18n, the layout, sign-in).
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { SessionProvider } from './lib/session.tsx';
import { InvitePage, JoinInvitePage, LoginPage, SignupPage } from './pages/AuthPages.tsx';

/** A page module's named export as a lazily loaded component. */
function lazyPage<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const AccountPage = lazyPage(() => import('./pages/AccountPage.tsx'), 'AccountPage');
const AuditPage = lazyPage(() => import('./pages/AuditPage.tsx'), 'AuditPage');
const ClaimPage = lazyPage(() => import('./pages/ClaimPage.tsx'), 'ClaimPage');
const DashboardPage = lazyPage(() => import('./pages/DashboardPage.tsx'), 'DashboardPage');
const DocumentsPage = lazyPage(() => import('./pages/DocumentsPage.tsx'), 'DocumentsPage');
const HomePage = lazyPage(() => import('./pages/HomePage.tsx'), 'HomePage');
const ImportPage = lazy(() => import('./pages/ImportPage.tsx'));
const IncidentFormPage = lazyPage(() => import('./pages/IncidentFormPage.tsx'), 'IncidentFormPage');
const IncidentReportPage = lazyPage(() => import('./pages/IncidentReportPage.tsx'), 'IncidentReportPage');
const JournalPage = lazyPage(() => import('./pages/JournalPage.tsx'), 'JournalPage');
const LedgerPage = lazyPage(() => import('./pages/LedgerPage.tsx'), 'LedgerPage');
const MembersPage = lazyPage(() => import('./pages/MembersPage.tsx'), 'MembersPage');
const PackagesPage = lazyPage(() => import('./pages/PackagesPage.tsx'), 'PackagesPage');
const PolicyFormPage = lazyPage(() => import('./pages/PolicyFormPage.tsx'), 'PolicyFormPage');
const PolicyPeriodPage = lazyPage(() => import('./pages/PolicyPeriodPage.tsx'), 'PolicyPeriodPage');

function SignedOut() {
  return (
    <Routes>
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route path="*" element={<LoginPage />} />
    </Routes>
  );
}

export function App() {
  const { t } = useTranslation();
  const loading = <p className="p-8 text-slate-500">{t('common.loading')}</p>;
  return (
    <SessionProvider signedOut={<SignedOut />} loading={loading}>
      <Layout>
        <Suspense fallback={loading}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/policies/new" element={<PolicyFormPage />} />
            <Route path="/policies/:id" element={<PolicyPeriodPage />} />
            <Route path="/policies/:id/edit" element={<PolicyFormPage />} />
            <Route path="/incidents/new" element={<IncidentFormPage />} />
            <Route path="/incidents/:id" element={<DashboardPage />} />
            <Route path="/incidents/:id/edit" element={<IncidentFormPage />} />
            <Route path="/incidents/:id/ledger" element={<LedgerPage />} />
            <Route path="/incidents/:id/import" element={<ImportPage />} />
            <Route path="/incidents/:id/claim" element={<ClaimPage />} />
            <Route path="/incidents/:id/documents" element={<DocumentsPage />} />
            <Route path="/incidents/:id/report" element={<IncidentReportPage />} />
            <Route path="/incidents/:id/packages" element={<PackagesPage />} />
            <Route path="/incidents/:id/audit" element={<AuditPage />} />
            <Route path="/incidents/:id/journal" element={<JournalPage />} />
            <Route path="/members" element={<MembersPage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="/invite/:token" element={<JoinInvitePage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </Layout>
    </SessionProvider>
  );
}
