import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ActionLogEntry } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { EmptyState } from './EmptyState';
import { toggled } from '../lib/toggled';

const STATUS_CLASS: Record<ActionLogEntry['status'], string> = {
  created: 'info', outstanding: 'warn', running: 'warn', waiting: 'warn', completed: 'ok', aborted: 'bad',
};

function StatusBadge({ status }: { status: ActionLogEntry['status'] }) {
  const { t } = useI18n();
  return <span className={`badge badge-${STATUS_CLASS[status]}`}>{t(`actions.status.${status}`)}</span>;
}

// Each status the entry reached, with its time (created → outstanding → running → …).
function Timeline({ entry }: { entry: ActionLogEntry }) {
  const { t, language } = useI18n();
  if (entry.timeline.length === 0) return <p className="hint">{t('actions.noTimeline')}</p>;
  return (
    <ol className="timeline" aria-label={t('actions.timelineOf', { action: entry.action })}>
      {entry.timeline.map((step, index) => (
        <li key={index}>
          <StatusBadge status={step.status} />
          <time dateTime={step.at}>{formatDateTime(step.at, language, true)}</time>
        </li>
      ))}
    </ol>
  );
}

export function ActionTable({ entries, showDevice = true }: { entries: ActionLogEntry[]; showDevice?: boolean }) {
  const { t, language } = useI18n();
  const [open, setOpen] = useState<Set<number>>(new Set());
  if (entries.length === 0) return <EmptyState>{t('actions.empty')}</EmptyState>;
  const toggle = (id: number) => setOpen((current) => toggled(current, id));
  const columns = showDevice ? 8 : 7;
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
            <th scope="col">{t('actions.timeline')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <Fragment key={entry.id}>
              <tr>
                <td className="mono" id={`action-${entry.id}`}>{entry.action}</td>
                <td><StatusBadge status={entry.status} /></td>
                {showDevice && <td>{entry.device ? <Link to={`/devices/${entry.device.id}`}>{entry.device.hostname}</Link> : t('common.none')}</td>}
                <td>{entry.user}</td>
                <td>{entry.client_message}</td>
                <td>{formatDateTime(entry.started_at, language)}</td>
                <td>{formatDateTime(entry.ended_at, language)}</td>
                <td>
                  <button
                    type="button"
                    className="button-link"
                    aria-expanded={open.has(entry.id)}
                    aria-controls={`timeline-${entry.id}`}
                    aria-describedby={`action-${entry.id}`}
                    onClick={() => toggle(entry.id)}
                  >
                    <span aria-hidden="true">{open.has(entry.id) ? '▾' : '▸'}</span> {t('actions.steps', { count: entry.timeline.length })}
                  </button>
                </td>
              </tr>
              {open.has(entry.id) && (
                <tr id={`timeline-${entry.id}`} className="timeline-row">
                  <td colSpan={columns}><Timeline entry={entry} /></td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
