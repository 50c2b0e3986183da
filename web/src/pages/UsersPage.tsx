import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Company, Language, Role, User } from '../api/types';
import { ConfirmDialog } from '../components/Dialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Pagination } from '../components/Pagination';
import { SearchBox } from '../components/SearchBox';
import { SortHeader } from '../components/SortHeader';
import { LANGUAGES, useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import type { ListDefaults } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { useListState } from '../lib/useListState';
import { useSignedIn } from '../session';

const DEFAULTS: ListDefaults = { sort: 'name', perPage: 25 };
const ROLES: Role[] = ['admin', 'technician', 'viewer'];

function InviteForm({ onInvited }: { onInvited(email: string): void }) {
  const { t, language } = useI18n();
  const session = useSignedIn();
  const companies = useAsync(() => api.get<{ items: Company[] }>('/api/v1/companies', { per_page: 100 }), 'companies');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('technician');
  const [companyId, setCompanyId] = useState(session.company.id);
  const [inviteLanguage, setInviteLanguage] = useState<Language>(language);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.post<User>('/api/v1/users', { email: email.trim(), name: name.trim(), role, company_id: companyId, language: inviteLanguage });
      onInvited(email.trim());
      setEmail('');
      setName('');
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title" className="full">{t('users.invite')}</h2>
      <div className="form-field"><label htmlFor="invite-email">{t('users.email')}</label>
        <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} /></div>
      <div className="form-field"><label htmlFor="invite-name">{t('users.name')}</label>
        <input id="invite-name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} /></div>
      <div className="form-field"><label htmlFor="invite-role">{t('users.role')}</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => <option key={r} value={r}>{t(`users.role.${r}`)}</option>)}
        </select></div>
      <div className="form-field"><label htmlFor="invite-company">{t('users.company')}</label>
        <select id="invite-company" value={companyId} onChange={(e) => setCompanyId(Number(e.target.value))}>
          {(companies.data?.items ?? [session.company]).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select></div>
      <div className="form-field"><label htmlFor="invite-language">{t('users.language')}</label>
        <select id="invite-language" value={inviteLanguage} onChange={(e) => setInviteLanguage(e.target.value as Language)}>
          {LANGUAGES.map((code) => <option key={code} value={code}>{t(`lang.${code}`)}</option>)}
        </select></div>
      <div className="full"><ErrorMessage error={error} /></div>
      <div className="form-actions full"><button type="submit" className="button-primary" disabled={!email.trim()}>{t('users.sendInvitation')}</button></div>
    </form>
  );
}

export function UsersPage() {
  const { t, language } = useI18n();
  const session = useSignedIn();
  const { state, update } = useListState(DEFAULTS);
  const query = { q: state.q, sort: state.sort, page: state.page, per_page: state.perPage };
  const users = useAsync(() => api.get<{ items: User[]; total: number }>('/api/v1/users', query), JSON.stringify(query));
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [deleting, setDeleting] = useState<User>();
  const change = async (user: User, body: Partial<Pick<User, 'role' | 'disabled'>>) => {
    setError(undefined);
    try {
      await api.patch(`/api/v1/users/${user.id}`, body);
      users.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const remove = async (user: User) => {
    setDeleting(undefined);
    try {
      await api.delete(`/api/v1/users/${user.id}`);
      users.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const items = users.data?.items ?? [];
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('users.title')}</h1>
      <InviteForm onInvited={(email) => { setNotice(t('users.invited', { email })); users.reload(); }} />
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      <div className="toolbar">
        <SearchBox id="user-search" label={t('users.search')} value={state.q} onSearch={(q) => update({ q }, { replace: true })} />
      </div>
      <ErrorMessage error={error || users.error} onRetry={users.reload} />
      {users.data && items.length === 0 ? <EmptyState>{t('users.empty')}</EmptyState> : (
        <div className="table-wrap">
          <table className="table" id="users-table">
            <thead>
              <tr>
                <SortHeader column="name" sort={state.sort} onSort={(sort) => update({ sort })}>{t('users.name')}</SortHeader>
                <SortHeader column="email" sort={state.sort} onSort={(sort) => update({ sort })}>{t('users.email')}</SortHeader>
                <SortHeader column="role" sort={state.sort} onSort={(sort) => update({ sort })}>{t('users.role')}</SortHeader>
                <SortHeader column="company" sort={state.sort} onSort={(sort) => update({ sort })}>{t('users.company')}</SortHeader>
                <th scope="col">{t('users.state')}</th>
                <SortHeader column="last_login_at" sort={state.sort} onSort={(sort) => update({ sort })}>{t('users.lastLogin')}</SortHeader>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => {
                const self = user.id === session.user.id;
                return (
                  <tr key={user.id} className={user.disabled ? 'row-muted' : undefined}>
                    <td>{user.name}</td>
                    <td>{user.email}</td>
                    <td>
                      <label htmlFor={`role-${user.id}`} className="visually-hidden">{t('users.changeRole', { email: user.email })}</label>
                      <select id={`role-${user.id}`} value={user.role} onChange={(e) => void change(user, { role: e.target.value as Role })}>
                        {ROLES.map((r) => <option key={r} value={r}>{t(`users.role.${r}`)}</option>)}
                      </select>
                    </td>
                    <td>{user.company.name}</td>
                    <td>
                      {user.disabled ? <span className="badge badge-bad">{t('users.disabled')}</span> : <span className="badge badge-ok">{t('users.active')}</span>}
                      {user.invitation_pending && <span className="badge badge-warn">{t('users.pending')}</span>}
                      {user.totp_enabled && <span className="badge badge-info">{t('users.twoFactor')}</span>}
                    </td>
                    <td>{formatDateTime(user.last_login_at, language)}</td>
                    <td className="row-actions">
                      {!self && (
                        <>
                          <button type="button" className="button-link" onClick={() => void change(user, { disabled: !user.disabled })}>
                            {user.disabled ? t('users.enable') : t('users.disable')}
                          </button>
                          <button type="button" className="button-link" onClick={() => setDeleting(user)}>{t('users.delete')}</button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {users.data && (
        <Pagination idPrefix="users" page={state.page} perPage={state.perPage} total={users.data.total}
          onPage={(page) => update({ page })} onPerPage={(perPage) => update({ perPage })} />
      )}
      {deleting && (
        <ConfirmDialog title={t('users.delete')} message={t('users.confirmDelete', { email: deleting.email })} confirmLabel={t('users.delete')} danger
          onConfirm={() => void remove(deleting)} onCancel={() => setDeleting(undefined)} />
      )}
    </section>
  );
}
