import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { Company, DevicePage, License, StaleDeactivationResults } from '../api/types';
import { BulkResults } from '../components/BulkResults';
import { ConfirmDialog } from '../components/Dialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Pagination } from '../components/Pagination';
import { StaleRuleCard } from '../components/StaleRuleCard';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import type { ListDefaults } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { useListState } from '../lib/useListState';
import { useSignedIn } from '../session';
import { useSelection } from '../lib/useSelection';

// Longest silent first.
const DEFAULTS: ListDefaults = { sort: 'last_contact', perPage: 25 };
export const DEFAULT_STALE_DAYS = 30;

function validDays(text: string | null): number {
  const days = Number(text);
  return Number.isInteger(days) && days >= 1 && days <= 3650 ? days : DEFAULT_STALE_DAYS;
}

interface Outcome {
  results: StaleDeactivationResults['results'];
  remaining?: number;
  names: Map<number, string>;
}

// Stale-device cleanup (SPEC.md §7): devices of a license (?license_id=) or a company
// (?company_id=, default the user's own) not seen for more than N days (?days=), deactivated
// after a confirmation with a result per device, and the company's automatic rule.
export function StaleDevicesPage() {
  const { t, language } = useI18n();
  const session = useSignedIn();
  const { state, params, update } = useListState(DEFAULTS);
  const licenseId = Number(params.get('license_id')) || undefined;
  const companyId = Number(params.get('company_id')) || session.company.id;
  const days = validDays(params.get('days'));
  const [daysText, setDaysText] = useState(String(days));
  useEffect(() => setDaysText(String(days)), [days]);
  const target = licenseId ? `/api/v1/licenses/${licenseId}` : `/api/v1/companies/${companyId}`;
  const query = { days, sort: state.sort, page: state.page, per_page: state.perPage };
  const preview = useAsync(() => api.get<DevicePage>(`${target}/stale-devices`, query), target + JSON.stringify(query));
  const license = useAsync(
    () => (licenseId ? api.get<License>(`/api/v1/licenses/${licenseId}`) : Promise.resolve(undefined)),
    String(licenseId),
  );
  const companies = useAsync(
    () => (session.company.kind === 'customer' ? Promise.resolve({ items: [] as Company[] })
      : api.get<{ items: Company[] }>('/api/v1/companies', { per_page: 100, sort: 'name' })),
    'companies',
  );
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<unknown>();
  const items = preview.data?.items ?? [];
  const { selected, setSelected, allSelected, toggle, toggleAll } = useSelection(items.map((device) => device.id));
  const canChange = session.user.role !== 'viewer';
  const companyOptions: Pick<Company, 'id' | 'name'>[] = [
    session.company, ...(companies.data?.items ?? []).filter((c) => c.id !== session.company.id),
  ];


  const applyDays = () => {
    const next = validDays(daysText);
    setDaysText(String(next));
    setSelected(new Set());
    update({ filters: { days: next === DEFAULT_STALE_DAYS ? null : String(next) } });
  };

  const deactivate = async () => {
    setBusy(true);
    setError(undefined);
    const names = new Map(items.map((device) => [device.id, device.hostname]));
    try {
      const answer = await api.post<StaleDeactivationResults>(`${target}/stale-devices/deactivate`, {
        days, device_ids: [...selected],
      });
      setOutcome({ results: answer.results, remaining: answer.remaining, names });
      setSelected(new Set());
      preview.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <section aria-labelledby="stale-title">
      <h1 id="stale-title">{t('stale.title')}</h1>
      <p className="hint">{t('stale.intro')}</p>
      <div className="toolbar">
        {licenseId ? (
          <p className="stale-target">
            {t('stale.license')}: <Link to={`/licenses/${licenseId}`}>{license.data?.name ?? `#${licenseId}`}</Link>{' '}
            <button type="button" className="button-link" onClick={() => update({ filters: { license_id: null } })}>
              {t('stale.wholeCompany')}
            </button>
          </p>
        ) : (
          <>
            <label htmlFor="stale-company">{t('stale.company')}</label>
            <select id="stale-company" value={companyId}
              onChange={(e) => update({ filters: { company_id: Number(e.target.value) === session.company.id ? null : e.target.value } })}>
              {companyOptions.map((company) => <option key={company.id} value={company.id}>{company.name}</option>)}
            </select>
          </>
        )}
        <form className="inline-form" onSubmit={(event) => { event.preventDefault(); applyDays(); }}>
          <label htmlFor="stale-days">{t('stale.days')}</label>
          <input id="stale-days" type="number" min={1} max={3650} required value={daysText} onChange={(e) => setDaysText(e.target.value)} />
          <button type="submit">{t('stale.preview')}</button>
        </form>
      </div>
      {canChange && (
        <div className="bulk-bar" role="group" aria-label={t('common.actions')}>
          <span aria-live="polite">{t('devices.selected', { count: selected.size })}</span>
          <button type="button" className="button-danger" disabled={!selected.size} onClick={() => setConfirming(true)}>
            {t('stale.deactivate')}
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
      {outcome && (
        <>
          <BulkResults title={t('devices.deactivate')} results={outcome.results} names={outcome.names} onClose={() => setOutcome(undefined)} />
          {outcome.remaining !== undefined && <p className="hint">{t('stale.remaining', { count: outcome.remaining })}</p>}
        </>
      )}
      <ErrorMessage error={preview.error} onRetry={preview.reload} />
      {items.length > 0 && (
        <div className="table-wrap" aria-busy={preview.loading}>
          <table className="table" id="stale-table">
            <thead>
              <tr>
                {canChange && (
                  <th scope="col" className="select-col">
                    <input type="checkbox" aria-label={t('devices.selectAll')} checked={allSelected}
                      onChange={() => toggleAll()} />
                  </th>
                )}
                <th scope="col">{t('devices.col.hostname')}</th>
                <th scope="col">{t('devices.col.license')}</th>
                <th scope="col">{t('devices.col.group')}</th>
                <th scope="col">{t('devices.col.last_contact_at')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((device) => (
                <tr key={device.id}>
                  {canChange && (
                    <td className="select-col">
                      <input type="checkbox" aria-label={t('devices.select', { hostname: device.hostname })}
                        checked={selected.has(device.id)} onChange={() => toggle(device.id)} />
                    </td>
                  )}
                  <td data-column="hostname"><Link to={`/devices/${device.id}`} className="strong">{device.hostname}</Link></td>
                  <td><Link to={`/licenses/${device.license.id}`}>{device.license.name}</Link></td>
                  <td>{device.group.name}</td>
                  <td>{formatDateTime(device.last_contact_at, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview.data && items.length === 0 && <EmptyState>{t('stale.empty', { days })}</EmptyState>}
      {preview.data && (
        <Pagination idPrefix="stale" page={state.page} perPage={state.perPage} total={preview.data.total}
          onPage={(page) => update({ page })} onPerPage={(perPage) => update({ perPage })} />
      )}
      {!licenseId && <StaleRuleCard companyId={companyId} readOnly={!canChange} />}
      {confirming && (
        <ConfirmDialog
          title={t('stale.deactivate')}
          message={t('stale.confirm', { count: selected.size, days })}
          confirmLabel={t('devices.deactivate')}
          danger
          busy={busy}
          onConfirm={() => void deactivate()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
