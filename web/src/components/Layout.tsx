import { NavLink, Outlet } from 'react-router-dom';
import type { Language } from '../api/types';
import { LANGUAGES, useI18n } from '../i18n/i18n';
import { useSession, useSignedIn } from '../session';

export function LanguageSwitch() {
  const { t, language } = useI18n();
  const { setLanguage } = useSession();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={language} onChange={(event) => void setLanguage(event.target.value as Language)} aria-label={t('nav.language')}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {t(`lang.${code}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Layout() {
  const { t } = useI18n();
  const session = useSignedIn();
  const { signOut } = useSession();
  const links = [
    { to: '/', label: t('nav.dashboard'), end: true },
    { to: '/licenses', label: t('nav.licenses') },
    { to: '/devices', label: t('nav.devices') },
    { to: '/stale-devices', label: t('nav.staleDevices') },
    { to: '/profiles', label: t('nav.profiles') },
    ...(session.user.role === 'admin' ? [{ to: '/users', label: t('nav.users') }, { to: '/webhooks', label: t('nav.webhooks') }] : []),
    ...(session.company.kind !== 'customer' ? [{ to: '/customers', label: t('nav.customers') }] : []),
  ];
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.main')} className="mainnav">
          {links.map((link) => (
            <NavLink key={link.to} to={link.to} end={link.end}>
              {link.label}
            </NavLink>
          ))}
        </nav>
        <div className="topbar-right">
          <LanguageSwitch />
          <NavLink to="/preferences" className="user-link" title={`${session.user.email} · ${session.company.name}`}>
            {session.user.name || session.user.email}
            <span className="company"> · {session.company.name}</span>
          </NavLink>
          <button type="button" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
