import { lazy, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/Layout';
import { useI18n } from './i18n/i18n';
import { LicenseInfoPage } from './pages/LicenseInfoPage';
import { LicensesPage } from './pages/LicensesPage';
import { SignInPage } from './pages/SignInPage';
import { useSession } from './session';

// Screens off the main path load on first use, so the licenses page starts with less script.
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const DevicesPage = lazy(() => import('./pages/DevicesPage').then((m) => ({ default: m.DevicesPage })));
const DeviceInfoPage = lazy(() => import('./pages/DeviceInfoPage').then((m) => ({ default: m.DeviceInfoPage })));
const ActionLogPage = lazy(() => import('./pages/ActionLogPage').then((m) => ({ default: m.ActionLogPage })));
const GroupsPage = lazy(() => import('./pages/GroupsPage').then((m) => ({ default: m.GroupsPage })));
const PreferencesPage = lazy(() => import('./pages/PreferencesPage').then((m) => ({ default: m.PreferencesPage })));
const ProfilesPage = lazy(() => import('./pages/ProfilesPage').then((m) => ({ default: m.ProfilesPage })));
const ProfileEditorPage = lazy(() => import('./pages/ProfileEditorPage').then((m) => ({ default: m.ProfileEditorPage })));
const CustomersPage = lazy(() => import('./pages/CustomersPage').then((m) => ({ default: m.CustomersPage })));
const UsersPage = lazy(() => import('./pages/UsersPage').then((m) => ({ default: m.UsersPage })));
const WebhooksPage = lazy(() => import('./pages/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));
const StaleDevicesPage = lazy(() => import('./pages/StaleDevicesPage').then((m) => ({ default: m.StaleDevicesPage })));
const SetPasswordPage = lazy(() => import('./pages/SetPasswordPage').then((m) => ({ default: m.SetPasswordPage })));
const SharedDashboardPage = lazy(() => import('./pages/SharedDashboardPage').then((m) => ({ default: m.SharedDashboardPage })));

function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('common.notFound')}</h1>
      <Link to="/licenses">{t('common.backToLicenses')}</Link>
    </section>
  );
}

function Loading() {
  const { t } = useI18n();
  return <p aria-busy="true" className="loading">{t('common.loading')}</p>;
}

// Signed out, every portal screen shows the sign-in form in place; the URL stays, so the
// deep link opens after signing in.
function Portal() {
  const { session, loading } = useSession();
  if (loading) return <Loading />;
  if (!session) return <SignInPage />;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<DashboardPage />} />
        <Route path="licenses" element={<LicensesPage />} />
        <Route path="licenses/:id" element={<LicenseInfoPage />} />
        <Route path="licenses/:id/actions" element={<ActionLogPage />} />
        <Route path="licenses/:id/groups" element={<GroupsPage />} />
        <Route path="devices" element={<DevicesPage />} />
        <Route path="devices/:id" element={<DeviceInfoPage />} />
        <Route path="stale-devices" element={<StaleDevicesPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="profiles" element={<ProfilesPage />} />
        <Route path="profiles/:id" element={<ProfileEditorPage />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="preferences" element={<PreferencesPage />} />
        <Route path="sign-in" element={<SignedInRedirect />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function SignedInRedirect() {
  const location = useLocation();
  const next = new URLSearchParams(location.search).get('next');
  return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/licenses'} replace />;
}

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/set-password" element={<SetPasswordPage />} />
        <Route path="/shared-dashboard/:token" element={<SharedDashboardPage />} />
        <Route path="*" element={<Portal />} />
      </Routes>
    </Suspense>
  );
}
