import { Link } from 'react-router-dom';
import type { ActionLogEntry } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { EmptyState } from './EmptyState';

const STATUS_CLASS: Record<ActionLogEntry['status'], string> = {
  created: 'info', outstanding: 'warn', running: 'warn', waiting: 'warn', completed: 'ok', aborted: 'bad',
};

export function ActionTable({ entries, showDevice = true }: { entries: ActionLogEntry[]; showDevice?: boolean }) {
  const { t, language } = useI18n();
  if (entries.length === 0) return <EmptyState>{t('actions.empty')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="table" id="actions-table">
        <thead>
          <tr>
            <th scope="col">{t('actions.action')}</th>
            <th scope="col">{t('actions.status')}</th>
            {showDevice && <th scope="col">{t('actions.device')}</th>}
            <th scope="col">{t('actions.user')}</th>
            <th scope="col">{t('actions.message')}</th>
            <th scope="col">{t('actions.started')}</th>
            <th scope="col">{t('actions.ended')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="mono">{entry.action}</td>
              <td><span className={`badge badge-${STATUS_CLASS[entry.status]}`}>{t(`actions.status.${entry.status}`)}</span></td>
              {showDevice && <td>{entry.device ? <Link to={`/devices/${entry.device.id}`}>{entry.device.hostname}</Link> : t('common.none')}</td>}
              <td>{entry.user}</td>
              <td>{entry.client_message}</td>
              <td>{formatDateTime(entry.started_at, language)}</td>
              <td>{formatDateTime(entry.ended_at, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
