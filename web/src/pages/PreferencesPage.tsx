import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { DashboardLink, Language, Preferences } from '../api/types';
import { AccountSecurity } from '../components/AccountSecurity';
import { ConfirmDialog } from '../components/Dialog';
import { CopyButton } from '../components/CopyButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { LANGUAGES, useI18n } from '../i18n/i18n';
import { DEVICE_COLUMNS, LICENSE_COLUMNS } from '../lib/columns';
import { formatDateTime } from '../lib/format';
import { PAGE_SIZES, type PageSize } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { useSession, useSignedIn } from '../session';

function ColumnChoice({ legend, all, chosen, prefix, onChange }: {
  legend: string; all: readonly string[]; chosen: string[]; prefix: 'licenses.col' | 'devices.col'; onChange(columns: string[]): void;
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="check-grid">
        {all.map((column) => (
          <label key={column} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(column)}
              onChange={() => onChange(chosen.includes(column) ? chosen.filter((c) => c !== column) : all.filter((c) => c === column || chosen.includes(c)))}
            />
            {t(`${prefix}.${column}` as never)}
          </label>
        ))}
      </div>
      {chosen.length === 0 && <p className="hint text-bad">{t('prefs.atLeastOne')}</p>}
    </fieldset>
  );
}

function DashboardLinkSection() {
  const { t, language } = useI18n();
  const link = useAsync(() => api.get<DashboardLink>('/api/v1/me/dashboard-link'), 'link');
  const [made, setMade] = useState<DashboardLink>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const make = async () => {
    setError(undefined);
    try {
      setMade(await api.post<DashboardLink>('/api/v1/me/dashboard-link'));
      link.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const revoke = async () => {
    setConfirming(false);
    try {
      await api.delete('/api/v1/me/dashboard-link');
      setMade(undefined);
      link.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section className="card" aria-labelledby="link-title">
      <h2 id="link-title">{t('prefs.dashboardLink')}</h2>
      <p className="hint">{t('prefs.dashboardLinkHelp')}</p>
      {link.data && (
        <p>{link.data.active ? t('prefs.dashboardLinkActive', { date: formatDateTime(link.data.created_at, language) }) : t('prefs.dashboardLinkNone')}</p>
      )}
      {made?.url && (
        <div className="link-made">
          <p className="alert alert-info">{t('prefs.linkShownOnce')}</p>
          <code className="mono break">{made.url}</code> <CopyButton text={made.url} label={t('common.copy')} />
          {/* The server renders the QR code as an SVG document of its own. */}
          {made.qr_svg && <div className="qr" dangerouslySetInnerHTML={{ __html: made.qr_svg }} />}
        </div>
      )}
      <div className="button-row">
        <button type="button" onClick={() => void make()}>{t('prefs.makeLink')}</button>
        {link.data?.active && <button type="button" className="button-danger" onClick={() => setConfirming(true)}>{t('prefs.revokeLink')}</button>}
      </div>
      <ErrorMessage error={error || link.error} />
      {confirming && (
        <ConfirmDialog title={t('prefs.revokeLink')} message={t('prefs.confirmRevoke')} confirmLabel={t('prefs.revokeLink')} danger
          onConfirm={() => void revoke()} onCancel={() => setConfirming(false)} />
      )}
    </section>
  );
}

export function PreferencesPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const { savePreferences } = useSession();
  const [draft, setDraft] = useState<Preferences>(session.user.preferences);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const valid = draft.licenses.columns.length > 0 && draft.devices.columns.length > 0;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      setDraft(await savePreferences(draft));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  };
  const pageSize = (id: string, label: string, value: number, onChange: (size: PageSize) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value) as PageSize)}>
        {PAGE_SIZES.map((size) => <option key={size} value={size}>{size}</option>)}
      </select>
    </div>
  );
  return (
    <div>
      <h1>{t('prefs.title')}</h1>
      <form className="card prefs" onSubmit={save}>
        <div className="field">
          <label htmlFor="pref-language">{t('prefs.language')}</label>
          <select id="pref-language" value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value as Language })}>
            {LANGUAGES.map((code) => <option key={code} value={code}>{t(`lang.${code}`)}</option>)}
          </select>
        </div>
        <ColumnChoice legend={t('prefs.licenseColumns')} all={LICENSE_COLUMNS} chosen={draft.licenses.columns} prefix="licenses.col"
          onChange={(columns) => setDraft({ ...draft, licenses: { ...draft.licenses, columns } })} />
        {pageSize('pref-license-size', t('prefs.licensePageSize'), draft.licenses.per_page, (per_page) => setDraft({ ...draft, licenses: { ...draft.licenses, per_page } }))}
        <label className="check">
          <input type="checkbox" checked={draft.hide_expired} onChange={(e) => setDraft({ ...draft, hide_expired: e.target.checked })} />
          {t('prefs.hideExpired')}
        </label>
        <ColumnChoice legend={t('prefs.deviceColumns')} all={DEVICE_COLUMNS} chosen={draft.devices.columns} prefix="devices.col"
          onChange={(columns) => setDraft({ ...draft, devices: { ...draft.devices, columns } })} />
        {pageSize('pref-device-size', t('prefs.devicePageSize'), draft.devices.per_page, (per_page) => setDraft({ ...draft, devices: { ...draft.devices, per_page } }))}
        <ErrorMessage error={error} />
        <div className="form-actions">
          {saved && <span role="status" className="text-ok">{t('common.saved')}</span>}
          <button type="submit" className="button-primary" disabled={!valid}>{t('common.save')}</button>
        </div>
      </form>
      <DashboardLinkSection />
      <AccountSecurity />
    </div>
  );
}
