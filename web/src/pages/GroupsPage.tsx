import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { Group, License } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { useI18n } from '../i18n/i18n';
import { useAsync } from '../lib/useAsync';

// The license's group tree as the API sends it (pre-order with depth), indented.
export function GroupsPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const license = useAsync(() => api.get<License>(`/api/v1/licenses/${id}`), String(id));
  const groups = useAsync(() => api.get<{ items: Group[] }>(`/api/v1/licenses/${id}/groups`), String(id));
  return (
    <section aria-labelledby="groups-title">
      <p className="breadcrumb"><Link to={`/licenses/${id}`}>← {license.data?.name ?? t('license.title')}</Link></p>
      <h1 id="groups-title">{t('groups.title')}{license.data ? `: ${license.data.name}` : ''}</h1>
      <ErrorMessage error={groups.error || license.error} onRetry={groups.reload} />
      <ul className="tree" role="tree" aria-labelledby="groups-title">
        {groups.data?.items.map((group) => (
          <li key={group.id} role="treeitem" aria-level={group.depth + 1} style={{ paddingLeft: `${group.depth * 1.5}rem` }} tabIndex={0}>
            <strong>{group.name}</strong>
            {group.main && <span className="badge badge-info">{t('groups.main')}</span>}
            <span className="muted"> · {t('groups.devices', { direct: group.devices.direct, total: group.devices.total })}</span>
            <span className="muted"> · {t('groups.profile')}: {group.profile?.name ?? t('groups.noProfile')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
