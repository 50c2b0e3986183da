import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { License, LicensePage } from '../api/types';
import { ColumnSettings } from '../components/ColumnSettings';
import { CopyButton } from '../components/CopyButton';
import { DownloadDialog } from '../components/DownloadDialog';
import { EmptyState } from '../components/EmptyState';
import { ExportButton } from '../components/ExportButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { Pagination } from '../components/Pagination';
import { SearchBox } from '../components/SearchBox';
import { SortHeader } from '../components/SortHeader';
import { useI18n } from '../i18n/i18n';
import { LICENSE_COLUMNS, LICENSE_SORTABLE, orderedColumns, type LicenseColumn } from '../lib/columns';
import { formatActivations, formatDate } from '../lib/format';
import { isPageSize, type ListDefaults } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { useListState } from '../lib/useListState';
import { useSession, useSignedIn } from '../session';

function LicenseCell({ license, column }: { license: License; column: LicenseColumn }) {
  const { t, language } = useI18n();
  switch (column) {
    case 'name':
      return (
        <Link to={`/licenses/${license.id}`} className="strong">
          {license.name}
        </Link>
      );
    case 'key':
      return <code className="license-key">{license.key}</code>;
    case 'customer':
      return <>{license.customer.name}</>;
    case 'type':
      return <>{t(`licenses.type.${license.type}`)}</>;
    case 'activations':
      return <span className="num">{formatActivations(license.activations)}</span>;
    case 'expires_at':
      return (
        <>
          {formatDate(license.expires_at, language)}
          {license.expired && <span className="badge badge-bad">{t('licenses.expired')}</span>}
        </>
      );
    case 'group':
      return <>{license.group.name}</>;
    case 'notify_at':
      return <span className="num">{license.notify_at ?? t('common.none')}</span>;
  }
}

export function LicensesPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const { savePreferences } = useSession();
  const preferences = session.user.preferences;
  const perPage = preferences.licenses.per_page;
  const defaults: ListDefaults = useMemo(
    () => ({ sort: 'name', perPage: isPageSize(perPage) ? perPage : 25 }),
    [perPage],
  );
  const { state, params, update } = useListState(defaults);
  const hideParam = params.get('hide_expired');
  const hideExpired = hideParam === null ? preferences.hide_expired : hideParam === '1';
  const customerId = params.get('customer_id') ?? undefined;
  const query = {
    q: state.q, sort: state.sort, page: state.page, per_page: state.perPage, hide_expired: hideExpired, customer_id: customerId,
  };
  const licenses = useAsync(() => api.get<LicensePage>('/api/v1/licenses', query), JSON.stringify(query));
  const [downloading, setDownloading] = useState<License>();
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const columns = orderedColumns(LICENSE_COLUMNS, preferences.licenses.columns);
  const canChange = session.user.role !== 'viewer';

  const refresh = async (license: License) => {
    setActionError(undefined);
    try {
      const updated = await api.post<License>(`/api/v1/licenses/${license.id}/refresh`);
      setNotice(t('licenses.updated', { used: updated.activations.used }));
      licenses.reload();
    } catch (error) {
      setActionError(error);
    }
  };

  const page = licenses.data;
  return (
    <section aria-labelledby="licenses-title">
      <div className="page-header">
        <h1 id="licenses-title">{t('licenses.title')}</h1>
        <ColumnSettings
          all={LICENSE_COLUMNS}
          chosen={columns}
          labelKey={(column) => `licenses.col.${column}`}
          onSave={(chosen) => savePreferences({ ...preferences, licenses: { ...preferences.licenses, columns: chosen } })}
        />
      </div>
      <div className="toolbar">
        <SearchBox id="license-search" label={t('licenses.search')} value={state.q} onSearch={(q) => update({ q }, { replace: true })} />
        <label className="check">
          <input
            type="checkbox"
            checked={hideExpired}
            onChange={(event) => update({ filters: { hide_expired: event.target.checked ? '1' : '0' } })}
          />
          {t('licenses.hideExpired')}
        </label>
        <ExportButton
          request={{
            table: 'licenses', q: state.q || undefined, sort: state.sort, status: hideExpired ? 'active' : undefined,
            customer_id: customerId ? Number(customerId) : undefined,
          }}
        />
      </div>
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      <ErrorMessage error={actionError} />
      <ErrorMessage error={licenses.error} onRetry={licenses.reload} />
      <div className="table-wrap" aria-busy={licenses.loading}>
        <table className="table" id="licenses-table">
          <thead>
            <tr>
              {columns.map((column) => (
                <SortHeader
                  key={column}
                  column={column}
                  sort={state.sort}
                  sortable={LICENSE_SORTABLE.has(column)}
                  onSort={(sort) => update({ sort })}
                >
                  {t(`licenses.col.${column}`)}
                </SortHeader>
              ))}
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((license) => (
              <tr key={license.id} className={license.expired ? 'row-muted' : undefined}>
                {columns.map((column) => (
                  <td key={column} data-column={column}>
                    <LicenseCell license={license} column={column} />
                  </td>
                ))}
                <td className="row-actions">
                  <Link to={`/licenses/${license.id}#devices`} aria-label={`${t('licenses.showDevices')}: ${license.name}`}>
                    {t('licenses.showDevices')}
                  </Link>
                  {canChange && (
                    <button type="button" className="button-link" aria-label={`${t('licenses.update')}: ${license.name}`} onClick={() => void refresh(license)}>
                      {t('licenses.update')}
                    </button>
                  )}
                  <button type="button" className="button-link" aria-label={`${t('licenses.download')}: ${license.name}`} onClick={() => setDownloading(license)} disabled={license.expired}>
                    {t('licenses.download')}
                  </button>
                  <CopyButton text={license.key} label={t('licenses.copyKey')} className="button-link" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page && page.items.length === 0 && (
        <EmptyState>{state.q ? t('licenses.emptySearch', { q: state.q }) : t('licenses.empty')}</EmptyState>
      )}
      {page && (
        <Pagination
          idPrefix="licenses"
          page={state.page}
          perPage={state.perPage}
          total={page.total}
          onPage={(p) => update({ page: p })}
          onPerPage={(size) => update({ perPage: size })}
        />
      )}
      {downloading && <DownloadDialog license={downloading} onClose={() => setDownloading(undefined)} />}
    </section>
  );
}
