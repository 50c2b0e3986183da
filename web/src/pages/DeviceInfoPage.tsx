import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { DeviceDetails } from '../api/types';
import { ActionTable } from '../components/ActionTable';
import { DeviceActions } from '../components/DeviceActions';
import { ErrorMessage } from '../components/ErrorMessage';
import { InlineEdit } from '../components/InlineEdit';
import { severityClass } from '../components/StatusBadge';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { useSignedIn } from '../session';

export function DeviceInfoPage() {
  const { t, language } = useI18n();
  const { id } = useParams();
  const session = useSignedIn();
  const navigate = useNavigate();
  const device = useAsync(() => api.get<DeviceDetails>(`/api/v1/devices/${id}`), String(id));
  if (device.error) return <ErrorMessage error={device.error} onRetry={device.reload} />;
  const data = device.data;
  if (!data) return <p aria-busy="true">{t('common.loading')}</p>;
  const onOff = (on: boolean) => (on ? t('device.on') : <span className="text-bad">{t('device.off')}</span>);
  return (
    <div className="device-info">
      <p className="breadcrumb">
        <Link to={`/licenses/${data.license.id}#devices`}>← {data.license.name}</Link>
      </p>
      <h1>
        {t('device.title')}: {data.hostname}
      </h1>
      {session.user.role !== 'viewer' && (
        <DeviceActions device={data} onChanged={device.reload}
          onDeleted={() => navigate(`/licenses/${data.license.id}#devices`)} />
      )}
      <section className="card" aria-labelledby="statuses-title">
        <h2 id="statuses-title">{t('device.statuses')}</h2>
        <ul className="status-list" id="device-statuses">
          {data.statuses.map((status) => (
            <li key={`${status.category}-${status.code}-${status.key}`} className={`status-item status-${severityClass(status.code)}`}>
              <div className="status-head">
                <span className={`badge badge-${severityClass(status.code)}`}>{status.code}</span>
                <span className="status-category">{t(`status.category.${status.category}`)}</span>
                <strong>{status.message}</strong>
              </div>
              {status.explanation && <p>{status.explanation}</p>}
              <p>
                <span className="label">{t('device.action')}:</span> {status.action}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <dl className="facts facts-wide">
          <dt>{t('device.description')}</dt>
          <dd>
            <InlineEdit
              id="device-description"
              label={t('device.description')}
              value={data.description}
              editLabel={t('common.edit')}
              maxLength={1000}
              disabled={session.user.role === 'viewer'}
              onSave={async (description) => device.setData(await api.patch<DeviceDetails>(`/api/v1/devices/${data.id}`, { description }))}
            />
          </dd>
          <dt>{t('device.state')}</dt>
          <dd>
            {data.active ? t('device.active') : (
              <span className="text-bad">{t('device.deactivatedOn', { date: formatDateTime(data.deactivated_at, language) })}</span>
            )}
          </dd>
          <dt>{t('device.license')}</dt>
          <dd><Link to={`/licenses/${data.license.id}`}>{data.license.name}</Link></dd>
          <dt>{t('device.group')}</dt>
          <dd><Link to={`/licenses/${data.license.id}/groups`}>{data.group.name}</Link></dd>
          <dt>{t('device.ip')}</dt>
          <dd className="mono">{data.ip || t('common.none')}</dd>
          <dt>{t('device.domain')}</dt>
          <dd>{data.domain || t('common.none')}</dd>
          <dt>{t('device.os')}</dt>
          <dd>{[data.os.name, data.os.version, data.os.build].filter(Boolean).join(' ') || t('common.none')}</dd>
          <dt>{t('device.clientVersion')}</dt>
          <dd className="mono">{data.client_version}</dd>
          <dt>{t('device.infections')}</dt>
          <dd className={data.infections > 0 ? 'text-bad' : undefined}>{data.infections}</dd>
          <dt>{t('device.realtime')}</dt>
          <dd>{onOff(data.protection.realtime)}</dd>
          <dt>{t('device.updates')}</dt>
          <dd>{onOff(data.protection.updates)}</dd>
          <dt>{t('device.settingsRevision')}</dt>
          <dd>{data.settings_revision} ({formatDateTime(data.settings_applied_at, language)})</dd>
          <dt>{t('device.muted')}</dt>
          <dd>{t(`device.muted.${data.muted}`)}</dd>
          <dt>{t('device.firstContact')}</dt>
          <dd>{formatDateTime(data.first_contact_at, language)}</dd>
          <dt>{t('device.lastContact')}</dt>
          <dd>{formatDateTime(data.last_contact_at, language)}</dd>
          <dt>{t('device.machineId')}</dt>
          <dd className="mono">{data.machine_id}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="commands-title">
        <h2 id="commands-title">{t('device.commands')}</h2>
        {data.commands.length === 0 ? (
          <p className="muted">{t('device.noCommands')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('actions.action')}</th>
                  <th scope="col">{t('actions.status')}</th>
                  <th scope="col">{t('actions.started')}</th>
                  <th scope="col">{t('actions.ended')}</th>
                  <th scope="col">{t('actions.message')}</th>
                </tr>
              </thead>
              <tbody>
                {data.commands.map((command) => (
                  <tr key={command.id}>
                    <td>{command.type}</td>
                    <td>{t(`actions.status.${command.status}`)}</td>
                    <td>{formatDateTime(command.created_at, language)}</td>
                    <td>{formatDateTime(command.completed_at, language)}</td>
                    <td>{command.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t('device.recentActions')}</h2>
        <ActionTable entries={data.actions} showDevice={false} />
      </section>
    </div>
  );
}
