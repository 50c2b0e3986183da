import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { Dashboard } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { STATUS_FILTERS } from '../lib/columns';
import { formatDate, formatNumber } from '../lib/format';
import { useAsync } from '../lib/useAsync';

function DeviceList({ title, listing, status }: { title: MessageKey; listing: Dashboard['infected']; status: string }) {
  const { t } = useI18n();
  return (
    <section className="card">
      <h2><Link to={`/devices?status=${status}`}>{t(title)}</Link> <span className="count">{listing.total}</span></h2>
      {listing.items.length === 0 ? <p className="muted">{t('dashboard.nothing')}</p> : (
        <ul className="plain-list">
          {listing.items.map((device) => (
            <li key={device.id}><Link to={`/devices/${device.id}`}>{device.hostname}</Link> <span className="muted">· {device.license.name}</span></li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LicenseList({ title, listing }: { title: MessageKey; listing: Dashboard['expired_licenses'] }) {
  const { t, language } = useI18n();
  return (
    <section className="card">
      <h2>{t(title)} <span className="count">{listing.total}</span></h2>
      {listing.items.length === 0 ? <p className="muted">{t('dashboard.nothing')}</p> : (
        <ul className="plain-list">
          {listing.items.map((license) => (
            <li key={license.id}><Link to={`/licenses/${license.id}`}>{license.name}</Link> <span className="muted">· {formatDate(license.expires_at, language)}</span></li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DashboardPage() {
  const { t, language } = useI18n();
  const dashboard = useAsync(() => api.get<Dashboard>('/api/v1/dashboard'), 'dashboard');
  const data = dashboard.data;
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <ErrorMessage error={dashboard.error} onRetry={dashboard.reload} />
      {data && (
        <>
          <div className="tiles">
            <Link className="tile" to="/devices"><span className="tile-number">{formatNumber(data.devices.total, language)}</span>{t('dashboard.devices')}</Link>
            <Link className="tile" to="/licenses"><span className="tile-number">{formatNumber(data.licenses.total, language)}</span>{t('dashboard.licenses')}</Link>
          </div>
          <div className="grid">
            <DeviceList title="dashboard.infected" listing={data.infected} status="threatened" />
            <DeviceList title="dashboard.outdated" listing={data.outdated} status="obsolete" />
            <LicenseList title="dashboard.expired" listing={data.expired_licenses} />
            <LicenseList title="dashboard.expiring" listing={data.expiring_licenses} />
          </div>
          <section className="card">
            <h2>{t('dashboard.perStatus')}</h2>
            <ul className="status-counts">
              {STATUS_FILTERS.map((key) => (
                <li key={key}>
                  <Link to={`/devices?status=${key}`}>{t(`status.${key}`)}</Link>
                  <span className="count">{formatNumber(data.devices.per_status[key] ?? 0, language)}</span>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}
