import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { Company } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { InlineEdit } from '../components/InlineEdit';
import { Pagination } from '../components/Pagination';
import { SearchBox } from '../components/SearchBox';
import { SortHeader } from '../components/SortHeader';
import { useI18n } from '../i18n/i18n';
import { formatDate } from '../lib/format';
import type { ListDefaults } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { useListState } from '../lib/useListState';
import { useSignedIn } from '../session';

const DEFAULTS: ListDefaults = { sort: 'name', perPage: 25 };

export function CustomersPage() {
  const { t, language } = useI18n();
  const session = useSignedIn();
  const { state, params, update } = useListState(DEFAULTS);
  const kind = params.get('kind') ?? '';
  const query = { q: state.q, sort: state.sort, page: state.page, per_page: state.perPage, kind };
  const companies = useAsync(() => api.get<{ items: Company[]; total: number }>('/api/v1/companies', query), JSON.stringify(query));
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const isAdmin = session.user.role === 'admin';
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.post<Company>('/api/v1/companies', { name: name.trim() });
      setName('');
      companies.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const items = companies.data?.items ?? [];
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">{t('customers.title')}</h1>
      <div className="toolbar">
        <SearchBox id="company-search" label={t('customers.search')} value={state.q} onSearch={(q) => update({ q }, { replace: true })} />
        <label htmlFor="company-kind" className="visually-hidden">{t('customers.kind')}</label>
        <select id="company-kind" value={kind} onChange={(e) => update({ filters: { kind: e.target.value } })}>
          <option value="">{t('customers.allKinds')}</option>
          <option value="reseller">{t('customers.kind.reseller')}</option>
          <option value="customer">{t('customers.kind.customer')}</option>
        </select>
        {isAdmin && (
          <form className="inline-form" onSubmit={create}>
            <label htmlFor="new-company" className="visually-hidden">{t('customers.new')}</label>
            <input id="new-company" placeholder={t('customers.new')} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="button-primary" disabled={!name.trim()}>{t('customers.create')}</button>
          </form>
        )}
      </div>
      <ErrorMessage error={error || companies.error} onRetry={companies.reload} />
      {companies.data && items.length === 0 ? <EmptyState>{t('customers.empty')}</EmptyState> : (
        <div className="table-wrap">
          <table className="table" id="companies-table">
            <thead>
              <tr>
                <SortHeader column="name" sort={state.sort} onSort={(sort) => update({ sort })}>{t('customers.name')}</SortHeader>
                <SortHeader column="kind" sort={state.sort} onSort={(sort) => update({ sort })}>{t('customers.kind')}</SortHeader>
                <SortHeader column="created_at" sort={state.sort} onSort={(sort) => update({ sort })}>{t('customers.created')}</SortHeader>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((company) => (
                <tr key={company.id}>
                  <td>
                    <InlineEdit
                      id={`company-${company.id}`}
                      label={t('customers.name')}
                      value={company.name}
                      editLabel={t('customers.rename')}
                      maxLength={200}
                      disabled={!isAdmin || company.id === session.company.id}
                      onSave={async (newName) => {
                        await api.patch(`/api/v1/companies/${company.id}`, { name: newName });
                        companies.reload();
                      }}
                    />
                  </td>
                  <td>{t(`customers.kind.${company.kind}`)}</td>
                  <td>{formatDate(company.created_at, language)}</td>
                  <td><Link to={`/licenses?customer_id=${company.id}`}>{t('customers.licenses')}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {companies.data && (
        <Pagination idPrefix="companies" page={state.page} perPage={state.perPage} total={companies.data.total}
          onPage={(page) => update({ page })} onPerPage={(perPage) => update({ perPage })} />
      )}
    </section>
  );
}
