import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { ActionLogPage as Page, License } from '../api/types';
import { ActionTable } from '../components/ActionTable';
import { ErrorMessage } from '../components/ErrorMessage';
import { Pagination } from '../components/Pagination';
import { SearchBox } from '../components/SearchBox';
import { useI18n } from '../i18n/i18n';
import type { ListDefaults } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { useListState } from '../lib/useListState';

const DEFAULTS: ListDefaults = { sort: '-started_at', perPage: 25 };
const STATUSES = ['created', 'outstanding', 'running', 'waiting', 'completed', 'aborted'] as const;

export function ActionLogPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const { state, params, update } = useListState(DEFAULTS);
  const status = params.getAll('status');
  const query = { q: state.q, sort: state.sort, page: state.page, per_page: state.perPage, status };
  const license = useAsync(() => api.get<License>(`/api/v1/licenses/${id}`), String(id));
  const log = useAsync(() => api.get<Page>(`/api/v1/licenses/${id}/actions`, query), `${id}${JSON.stringify(query)}`);
  return (
    <section aria-labelledby="actions-title">
      <p className="breadcrumb"><Link to={`/licenses/${id}`}>← {license.data?.name ?? t('license.title')}</Link></p>
      <h1 id="actions-title">{t('actions.title')}{license.data ? `: ${license.data.name}` : ''}</h1>
      <div className="toolbar">
        <SearchBox id="action-search" label={t('actions.search')} value={state.q} onSearch={(q) => update({ q }, { replace: true })} />
        <label htmlFor="action-status">{t('actions.status')}</label>
        <select id="action-status" value={status[0] ?? ''} onChange={(e) => update({ filters: { status: e.target.value ? [e.target.value] : [] } })}>
          <option value="">{t('devices.allStatuses')}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{t(`actions.status.${s}`)}</option>)}
        </select>
      </div>
      <ErrorMessage error={log.error || license.error} onRetry={log.reload} />
      {log.data && <ActionTable entries={log.data.items} />}
      {log.data && (
        <Pagination idPrefix="actions" page={state.page} perPage={state.perPage} total={log.data.total}
          onPage={(page) => update({ page })} onPerPage={(perPage) => update({ perPage })} />
      )}
    </section>
  );
}
