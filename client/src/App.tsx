// The routes: sign-in pages while signed out, the app while signed in.
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { SessionProvider } from './lib/session.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { ClaimPage } from './pages/ClaimPage.tsx';
import { InvitePage, JoinInvitePage, LoginPage, SignupPage } from './pages/AuthPages.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { DocumentsPage } from './pages/DocumentsPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { IncidentFormPage } from './pages/IncidentFormPage.tsx';
import { LedgerPage } from './pages/LedgerPage.tsx';
import { MembersPage } from './pages/MembersPage.tsx';
import { PackagesPage } from './pages/PackagesPage.tsx';
import { PolicyFormPage } from './pages/PolicyFormPage.tsx';

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
  return (
    <SessionProvider signedOut={<SignedOut />} loading={<p className="p-8 text-slate-500">{t('common.loading')}</p>}>
      <Layout>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/policies/new" element={<PolicyFormPage />} />
          <Route path="/policies/:id/edit" element={<PolicyFormPage />} />
          <Route path="/incidents/new" element={<IncidentFormPage />} />
          <Route path="/incidents/:id" element={<DashboardPage />} />
          <Route path="/incidents/:id/edit" element={<IncidentFormPage />} />
          <Route path="/incidents/:id/ledger" element={<LedgerPage />} />
          <Route path="/incidents/:id/claim" element={<ClaimPage />} />
          <Route path="/incidents/:id/documents" element={<DocumentsPage />} />
          <Route path="/incidents/:id/packages" element={<PackagesPage />} />
          <Route path="/incidents/:id/audit" element={<AuditPage />} />
          <Route path="/members" element={<MembersPage />} />
          <Route path="/invite/:token" element={<JoinInvitePage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Layout>
    </SessionProvider>
  );
}
