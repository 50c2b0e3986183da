import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { Group, License, ProfileSummary } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { useI18n } from '../i18n/i18n';
import { useAsync } from '../lib/useAsync';
import { useSignedIn } from '../session';

// The license's group tree as the API sends it (pre-order with depth), indented, with the
// profile of each group (profiles are not inherited, so each group shows its own).
export function GroupsPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const session = useSignedIn();
  const license = useAsync(() => api.get<License>(`/api/v1/licenses/${id}`), String(id));
  const groups = useAsync(() => api.get<{ items: Group[] }>(`/api/v1/licenses/${id}/groups`), String(id));
  const profiles = useAsync(() => api.get<{ items: ProfileSummary[] }>('/api/v1/profiles', { per_page: 100 }), 'profiles');
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const editable = session.user.role !== 'viewer' && !license.data?.expired;

  const assign = async (group: Group, profileId: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      if (profileId) await api.put(`/api/v1/groups/${group.id}/profile`, { profile_id: Number(profileId) });
      else await api.delete(`/api/v1/groups/${group.id}/profile`);
      setNotice(t('groups.assigned', { group: group.name }));
      groups.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby="groups-title">
      <p className="breadcrumb"><Link to={`/licenses/${id}`}>← {license.data?.name ?? t('license.title')}</Link></p>
      <h1 id="groups-title">{t('groups.title')}{license.data ? `: ${license.data.name}` : ''}</h1>
      <ErrorMessage error={error || groups.error || license.error} onRetry={groups.reload} />
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      <ul className="tree" aria-labelledby="groups-title">
        {groups.data?.items.map((group) => (
          <li key={group.id} className="tree-item" style={{ paddingLeft: `${0.75 + group.depth * 1.5}rem` }}>
            <span>
              <strong>{group.name}</strong>
              {group.main && <span className="badge badge-info">{t('groups.main')}</span>}
              <span className="muted"> · {t('groups.devices', { direct: group.devices.direct, total: group.devices.total })}</span>
            </span>
            <span className="tree-profile">
              <label htmlFor={`profile-${group.id}`} className="visually-hidden">{t('groups.assign', { group: group.name })}</label>
              {editable ? (
                <select id={`profile-${group.id}`} value={group.profile?.id ?? ''} onChange={(e) => void assign(group, e.target.value)}>
                  <option value="">{t('groups.noProfileOption')}</option>
                  {profiles.data?.items.map((profile) => <option key={profile.id} value={profile.id}>{profile.name}</option>)}
                </select>
              ) : (
                <span>{t('groups.profile')}: {group.profile?.name ?? t('groups.noProfile')}</span>
              )}
              {group.profile && <Link to={`/profiles/${group.profile.id}`}>{group.profile.name}</Link>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
