import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { Group, License, ProfileSummary } from '../api/types';
import { ConfirmDialog } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { InlineEdit } from '../components/InlineEdit';
import { useI18n } from '../i18n/i18n';
import { useAsync } from '../lib/useAsync';
import { useSignedIn } from '../session';

// The groups below `group` in the pre-order list (its subtree), which it can not move into.
function subtreeIds(groups: Group[], group: Group): Set<number> {
  const ids = new Set([group.id]);
  for (const other of groups) if (other.parent_id !== null && ids.has(other.parent_id)) ids.add(other.id);
  return ids;
}

const indent = (depth: number) => '\u00a0\u00a0'.repeat(depth);

// The license's group tree as the API sends it (pre-order with depth), indented: add, rename,
// move (drag and drop, or the keyboard-friendly list), delete empty groups, and the profile
// of each group (profiles are not inherited, so each group shows its own).
export function GroupsPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const session = useSignedIn();
  const license = useAsync(() => api.get<License>(`/api/v1/licenses/${id}`), String(id));
  const groups = useAsync(() => api.get<{ items: Group[] }>(`/api/v1/licenses/${id}/groups`), String(id));
  const profiles = useAsync(() => api.get<{ items: ProfileSummary[] }>('/api/v1/profiles', { per_page: 100 }), 'profiles');
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [newName, setNewName] = useState('');
  const [parentId, setParentId] = useState<number>();
  const [dragged, setDragged] = useState<Group>();
  const [deleting, setDeleting] = useState<Group>();
  const editable = session.user.role !== 'viewer' && license.data !== undefined && !license.data.expired;
  const items = groups.data?.items ?? [];

  const act = async (work: () => Promise<unknown>, message?: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
      if (message) setNotice(message);
      groups.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const assign = (group: Group, profileId: string) =>
    act(
      () => (profileId ? api.put(`/api/v1/groups/${group.id}/profile`, { profile_id: Number(profileId) }) : api.delete(`/api/v1/groups/${group.id}/profile`)),
      t('groups.assigned', { group: group.name }),
    );
  const move = (group: Group, parent: number) =>
    act(() => api.patch(`/api/v1/groups/${group.id}`, { parent_id: parent }), t('groups.moved', { group: group.name }));
  const add = (event: FormEvent) => {
    event.preventDefault();
    const parent = parentId ?? items[0]?.id;
    void act(async () => {
      await api.post('/api/v1/groups', { parent_id: parent, name: newName.trim() });
      setNewName('');
    });
  };

  return (
    <section aria-labelledby="groups-title">
      <p className="breadcrumb"><Link to={`/licenses/${id}`}>← {license.data?.name ?? t('license.title')}</Link></p>
      <h1 id="groups-title">{t('groups.title')}{license.data ? `: ${license.data.name}` : ''}</h1>
      <ErrorMessage error={error || groups.error || license.error} onRetry={groups.reload} />
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      {editable && <p className="hint">{t('groups.dragHint')}</p>}
      <ul className="tree" aria-labelledby="groups-title">
        {items.map((group) => {
          const blocked = subtreeIds(items, group);
          const dropAllowed = dragged !== undefined && !subtreeIds(items, dragged).has(group.id) && dragged.parent_id !== group.id;
          return (
            <li
              key={group.id}
              className={`tree-item${dropAllowed ? ' drop-target' : ''}`}
              style={{ paddingLeft: `${0.75 + group.depth * 1.5}rem` }}
              draggable={editable && !group.main}
              onDragStart={() => setDragged(group)}
              onDragEnd={() => setDragged(undefined)}
              onDragOver={(event) => { if (dropAllowed) event.preventDefault(); }}
              onDrop={(event) => {
                event.preventDefault();
                if (dragged && dropAllowed) void move(dragged, group.id);
                setDragged(undefined);
              }}
            >
              <span className="tree-name">
                {editable ? (
                  <InlineEdit id={`group-${group.id}`} label={t('groups.name')} value={group.name} editLabel={t('groups.rename')} maxLength={100}
                    onSave={(name) => act(() => api.patch(`/api/v1/groups/${group.id}`, { name }))} />
                ) : <strong>{group.name}</strong>}
                {group.main && <span className="badge badge-info">{t('groups.main')}</span>}
                <span className="muted"> · {t('groups.devices', { direct: group.devices.direct, total: group.devices.total })}</span>
              </span>
              <span className="tree-profile">
                {editable && !group.main && (
                  <>
                    <label htmlFor={`parent-${group.id}`} className="visually-hidden">{t('groups.moveUnder', { group: group.name })}</label>
                    <select id={`parent-${group.id}`} value={group.parent_id ?? ''} onChange={(e) => void move(group, Number(e.target.value))}>
                      {items.filter((other) => !blocked.has(other.id)).map((other) => (
                        <option key={other.id} value={other.id}>↳ {indent(other.depth)}{other.name}</option>
                      ))}
                    </select>
                  </>
                )}
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
                {editable && !group.main && group.devices.total === 0 && (
                  <button type="button" className="button-link" onClick={() => setDeleting(group)}>{t('groups.delete')}</button>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {editable && (
        <form className="card inline-form" onSubmit={add}>
          <label htmlFor="new-group">{t('groups.add')}</label>
          <input id="new-group" placeholder={t('groups.newName')} maxLength={100} value={newName} onChange={(e) => setNewName(e.target.value)} />
          <label htmlFor="new-group-parent">{t('groups.parent')}</label>
          <select id="new-group-parent" value={parentId ?? items[0]?.id ?? ''} onChange={(e) => setParentId(Number(e.target.value))}>
            {items.map((group) => <option key={group.id} value={group.id}>{indent(group.depth)}{group.name}</option>)}
          </select>
          <button type="submit" className="button-primary" disabled={!newName.trim()}>{t('common.add')}</button>
        </form>
      )}
      {deleting && (
        <ConfirmDialog title={t('groups.delete')} message={t('groups.confirmDelete', { group: deleting.name })} confirmLabel={t('groups.delete')} danger
          onConfirm={() => { const group = deleting; setDeleting(undefined); void act(() => api.delete(`/api/v1/groups/${group.id}`)); }}
          onCancel={() => setDeleting(undefined)} />
      )}
    </section>
  );
}
