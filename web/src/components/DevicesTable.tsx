import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { BulkAction, BulkDeviceResults, DeviceListItem, DevicePage, Group } from '../api/types';
import { useI18n } from '../i18n/i18n';
import {
  DEVICE_COLUMNS, DEVICE_SORT_KEY, DEVICE_SORTABLE, orderedColumns, STATUS_FILTERS, type DeviceColumn,
} from '../lib/columns';
import { formatDateTime } from '../lib/format';
import { isPageSize, type ListDefaults } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { useListState } from '../lib/useListState';
import { useSession, useSignedIn } from '../session';
import { BulkResults } from './BulkResults';
import { ColumnSettings } from './ColumnSettings';
import { ConfirmDialog } from './Dialog';
import { EmptyState } from './EmptyState';
import { ExportButton } from './ExportButton';
import { ErrorMessage } from './ErrorMessage';
import { Pagination } from './Pagination';
import { SearchBox } from './SearchBox';
import { SortHeader } from './SortHeader';
import { StatusBadge } from './StatusBadge';
import { useSelection } from '../lib/useSelection';

function DeviceCell({ device, column }: { device: DeviceListItem; column: DeviceColumn }) {
  const { t, language } = useI18n();
  switch (column) {
    case 'hostname':
      return (
        <>
          <Link to={`/devices/${device.id}`} className="strong">{device.hostname}</Link>
          {!device.active && <span className="badge badge-bad">{t('devices.inactive')}</span>}
        </>
      );
    case 'description':
      return <span className="clip">{device.description}</span>;
    case 'group':
      return <>{device.group.name}</>;
    case 'license':
      return <Link to={`/licenses/${device.license.id}`}>{device.license.name}</Link>;
    case 'ip':
      return <span className="mono">{device.ip}</span>;
    case 'domain':
      return <>{device.domain}</>;
    case 'os':
      return <>{[device.os.name, device.os.version].filter(Boolean).join(' ')}</>;
    case 'infections':
      return <span className={device.infections > 0 ? 'num text-bad' : 'num'}>{device.infections}</span>;
    case 'status':
      return (
        <span className="badges">
          {device.worst_statuses.map((status) => (
            <StatusBadge key={`${status.category}-${status.code}-${status.key}`} status={status} />
          ))}
        </span>
      );
    case 'client_version':
      return <span className="mono">{device.client_version}</span>;
    case 'last_contact_at':
      return <>{formatDateTime(device.last_contact_at, language)}</>;
  }
}

interface BulkOutcome {
  action: BulkAction;
  results: BulkDeviceResults['results'];
  names: Map<number, string>;
}

interface Props {
  licenseId?: number;
  readOnly?: boolean; // an expired license: no device actions
  onChanged?(): void;
}

// The devices list of SPEC.md §3: search (not over OS or status), status filter, page size,
// columns from the preferences, and bulk move / activate / deactivate / delete with a result
// per device.
export function DevicesTable({ licenseId, readOnly, onChanged }: Props) {
  const { t } = useI18n();
  const session = useSignedIn();
  const { savePreferences } = useSession();
  const preferences = session.user.preferences;
  const perPage = preferences.devices.per_page;
  const defaults: ListDefaults = useMemo(() => ({ sort: 'hostname', perPage: isPageSize(perPage) ? perPage : 25 }), [perPage]);
  const { state, params, update } = useListState(defaults);
  const statuses = params.getAll('status');
  const query = {
    q: state.q, sort: state.sort, page: state.page, per_page: state.perPage, status: statuses,
  };
  const path = licenseId ? `/api/v1/licenses/${licenseId}/devices` : '/api/v1/devices';
  const devices = useAsync(() => api.get<DevicePage>(path, query), path + JSON.stringify(query));
  const groups = useAsync(
    () => (licenseId ? api.get<{ items: Group[] }>(`/api/v1/licenses/${licenseId}/groups`).then((g) => g.items) : Promise.resolve([])),
    String(licenseId),
  );
  const [pending, setPending] = useState<BulkAction>();
  const [targetGroup, setTargetGroup] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<BulkOutcome>();
  const [error, setError] = useState<unknown>();
  const columns = orderedColumns(DEVICE_COLUMNS, preferences.devices.columns);
  const canChange = session.user.role !== 'viewer' && !readOnly;
  const items = devices.data?.items ?? [];
  const { selected, setSelected, allSelected, toggle, toggleAll } = useSelection(items.map((device) => device.id));


  const run = async (action: BulkAction) => {
    setBusy(true);
    setError(undefined);
    const names = new Map(items.map((device) => [device.id, device.hostname]));
    try {
      const answer = await api.post<BulkDeviceResults>('/api/v1/devices/bulk', {
        action,
        device_ids: [...selected],
        ...(action === 'move' ? { group_id: targetGroup } : {}),
      });
      setOutcome({ action, results: answer.results, names });
      setSelected(new Set(answer.results.filter((r) => !r.ok).map((r) => r.device_id)));
      devices.reload();
      groups.reload();
      onChanged?.();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setPending(undefined);
    }
  };

  const targetName = groups.data?.find((group) => group.id === targetGroup)?.name ?? '';
  const confirmText = pending
    ? pending === 'move'
      ? t('devices.confirm.move', { count: selected.size, group: targetName })
      : t(`devices.confirm.${pending}`, { count: selected.size })
    : '';
  const sortKey = (column: DeviceColumn) => DEVICE_SORT_KEY[column] ?? column;

  return (
    <div className="devices">
      <div className="toolbar">
        <SearchBox id="device-search" label={t('devices.search')} value={state.q} onSearch={(q) => update({ q }, { replace: true })} />
        <label htmlFor="device-status">{t('devices.status')}</label>
        <select
          id="device-status"
          value={statuses[0] ?? ''}
          onChange={(event) => update({ filters: { status: event.target.value ? [event.target.value] : [] } })}
        >
          <option value="">{t('devices.allStatuses')}</option>
          {STATUS_FILTERS.map((key) => (
            <option key={key} value={key}>{t(`status.${key}`)}</option>
          ))}
        </select>
        <ColumnSettings
          all={DEVICE_COLUMNS}
          chosen={columns}
          labelKey={(column) => `devices.col.${column}`}
          onSave={(chosen) => savePreferences({ ...preferences, devices: { ...preferences.devices, columns: chosen } })}
        />
        <ExportButton
          request={{
            table: 'devices', license_id: licenseId, q: state.q || undefined, sort: state.sort,
            status: statuses.length ? statuses.join(',') : undefined,
          }}
        />
      </div>
      {canChange && (
        <div className="bulk-bar" role="group" aria-label={t('common.actions')}>
          <span aria-live="polite">{t('devices.selected', { count: selected.size })}</span>
          {licenseId && (
            <>
              <label htmlFor="bulk-group" className="visually-hidden">{t('devices.moveTo')}</label>
              <select id="bulk-group" value={targetGroup ?? ''} onChange={(event) => setTargetGroup(Number(event.target.value) || undefined)}>
                <option value="">{t('devices.moveTo')}…</option>
                {groups.data?.map((group) => (
                  <option key={group.id} value={group.id}>{'\u00a0\u00a0'.repeat(group.depth)}{group.name}</option>
                ))}
              </select>
              <button type="button" disabled={!selected.size || !targetGroup} onClick={() => setPending('move')}>{t('devices.move')}</button>
            </>
          )}
          <button type="button" disabled={!selected.size} onClick={() => setPending('activate')}>{t('devices.activate')}</button>
          <button type="button" disabled={!selected.size} onClick={() => setPending('deactivate')}>{t('devices.deactivate')}</button>
          <button type="button" className="button-danger" disabled={!selected.size} onClick={() => setPending('delete')}>{t('devices.delete')}</button>
        </div>
      )}
      <ErrorMessage error={error} />
      {outcome && (
        <BulkResults title={t(`devices.${outcome.action}`)} results={outcome.results} names={outcome.names}
          onClose={() => setOutcome(undefined)} />
      )}
      <ErrorMessage error={devices.error} onRetry={devices.reload} />
      <div className="table-wrap" aria-busy={devices.loading}>
        <table className="table" id="devices-table">
          <thead>
            <tr>
              {canChange && (
                <th scope="col" className="select-col">
                  <input
                    type="checkbox"
                    aria-label={t('devices.selectAll')}
                    checked={allSelected}
                    onChange={() => toggleAll()}
                  />
                </th>
              )}
              {columns.map((column) => (
                <SortHeader
                  key={column}
                  column={sortKey(column)}
                  sort={state.sort}
                  sortable={DEVICE_SORTABLE.has(column)}
                  onSort={(sort) => update({ sort })}
                >
                  {t(`devices.col.${column}`)}
                </SortHeader>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((device) => (
              <tr key={device.id} className={device.active ? undefined : 'row-muted'}>
                {canChange && (
                  <td className="select-col">
                    <input
                      type="checkbox"
                      aria-label={t('devices.select', { hostname: device.hostname })}
                      checked={selected.has(device.id)}
                      onChange={() => toggle(device.id)}
                    />
                  </td>
                )}
                {columns.map((column) => (
                  <td key={column} data-column={column}>
                    <DeviceCell device={device} column={column} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {devices.data && items.length === 0 && (
        <EmptyState>{state.q || statuses.length ? t('devices.emptyFilter') : t('devices.empty')}</EmptyState>
      )}
      {devices.data && (
        <Pagination
          idPrefix="devices"
          page={state.page}
          perPage={state.perPage}
          total={devices.data.total}
          onPage={(p) => update({ page: p })}
          onPerPage={(size) => update({ perPage: size })}
        />
      )}
      {pending && (
        <ConfirmDialog
          title={t(`devices.${pending}`)}
          message={confirmText}
          confirmLabel={t(`devices.${pending}`)}
          danger={pending === 'delete' || pending === 'deactivate'}
          busy={busy}
          onConfirm={() => void run(pending)}
          onCancel={() => setPending(undefined)}
        />
      )}
    </div>
  );
}
