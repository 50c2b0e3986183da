import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { ProfileDetails, ProfileSummary } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Pagination } from '../components/Pagination';
import { SearchBox } from '../components/SearchBox';
import { SortHeader } from '../components/SortHeader';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import type { ListDefaults } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { useListState } from '../lib/useListState';
import { useSignedIn } from '../session';

const DEFAULTS: ListDefaults = { sort: 'name', perPage: 25 };

interface ProfileList {
  items: ProfileSummary[];
  total: number;
}

export function ProfilesPage() {
  const { t, language } = useI18n();
  const session = useSignedIn();
  const navigate = useNavigate();
  const { state, update } = useListState(DEFAULTS);
  const query = { q: state.q, sort: state.sort, page: state.page, per_page: state.perPage };
  const profiles = useAsync(() => api.get<ProfileList>('/api/v1/profiles', query), JSON.stringify(query));
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const profile = await api.post<ProfileDetails>('/api/v1/profiles', { name: name.trim() });
      navigate(`/profiles/${profile.id}`);
    } catch (failure) {
      setError(failure);
    }
  };
  const items = profiles.data?.items ?? [];
  return (
    <section aria-labelledby="profiles-title">
      <h1 id="profiles-title">{t('profiles.title')}</h1>
      <div className="toolbar">
        <SearchBox id="profile-search" label={t('profiles.search')} value={state.q} onSearch={(q) => update({ q }, { replace: true })} />
        {session.user.role !== 'viewer' && (
          <form className="inline-form" onSubmit={create}>
            <label htmlFor="new-profile" className="visually-hidden">{t('profiles.new')}</label>
            <input id="new-profile" placeholder={t('profiles.new')} maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="button-primary" disabled={!name.trim()}>{t('profiles.create')}</button>
          </form>
        )}
      </div>
      <ErrorMessage error={error || profiles.error} onRetry={profiles.reload} />
      {profiles.data && items.length === 0 ? <EmptyState>{t('profiles.empty')}</EmptyState> : (
        <div className="table-wrap">
          <table className="table" id="profiles-table">
            <thead>
              <tr>
                <SortHeader column="name" sort={state.sort} onSort={(sort) => update({ sort })}>{t('profiles.name')}</SortHeader>
                <th scope="col">{t('profiles.owner')}</th>
                <th scope="col">{t('profiles.revision')}</th>
                <th scope="col">{t('profiles.groupsUsing')}</th>
                <SortHeader column="updated_at" sort={state.sort} onSort={(sort) => update({ sort })}>{t('profiles.updated')}</SortHeader>
              </tr>
            </thead>
            <tbody>
              {items.map((profile) => (
                <tr key={profile.id}>
                  <td><Link className="strong" to={`/profiles/${profile.id}`}>{profile.name}</Link></td>
                  <td>{profile.owner.name}</td>
                  <td className="num">{profile.current_revision}</td>
                  <td className="num">{profile.groups_using}</td>
                  <td>{formatDateTime(profile.updated_at, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {profiles.data && (
        <Pagination idPrefix="profiles" page={state.page} perPage={state.perPage} total={profiles.data.total}
          onPage={(page) => update({ page })} onPerPage={(perPage) => update({ perPage })} />
      )}
    </section>
  );
}
