import { useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { SharedDashboard } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { useI18n } from '../i18n/i18n';
import { STATUS_FILTERS } from '../lib/columns';
import { formatDateTime, formatNumber } from '../lib/format';
import { useAsync } from '../lib/useAsync';

// The read-only dashboard behind a shared link: no sign-in, figures only.
export function SharedDashboardPage() {
  const { t, language } = useI18n();
  const { token } = useParams();
  const dashboard = useAsync(() => api.get<SharedDashboard>(`/api/v1/shared-dashboard/${encodeURIComponent(token ?? '')}`), String(token));
  const data = dashboard.data;
  return (
    <main className="content shared" id="main">
      <ErrorMessage error={dashboard.error} onRetry={dashboard.reload} />
      {data && (
        <>
          <h1>{t('dashboard.shared', { company: data.company.name })}</h1>
          <p className="muted">{formatDateTime(data.generated_at, language)}</p>
          <div className="tiles">
            <div className="tile"><span className="tile-number">{formatNumber(data.devices.total, language)}</span>{t('dashboard.devices')}</div>
            <div className="tile"><span className="tile-number">{formatNumber(data.licenses.total, language)}</span>{t('dashboard.licenses')}</div>
            <div className="tile"><span className="tile-number">{data.licenses.expired}</span>{t('dashboard.expired')}</div>
            <div className="tile"><span className="tile-number">{data.licenses.expiring_30_days}</span>{t('dashboard.expiring')}</div>
          </div>
          <section className="card">
            <h2>{t('dashboard.perStatus')}</h2>
            <ul className="status-counts">
              {STATUS_FILTERS.map((key) => (
                <li key={key}><span>{t(`status.${key}`)}</span><span className="count">{data.devices.by_status[key] ?? 0}</span></li>
              ))}
            </ul>
          </section>
        </>
      )}
    </main>
  );
}
