import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { ProfileDetails, ProfileSettings } from '../api/types';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { formatDateTime } from '../lib/format';
import {
  formFromSettings, settingsFromForm, validateProfile, type FormErrors, type ProfileForm, type SecretMode,
} from '../lib/profileForm';
import { useAsync } from '../lib/useAsync';
import { useSignedIn } from '../session';

const MODES = ['off', 'daily', 'weekly', 'monthly'] as const;
const SCAN_TYPES = ['quick', 'system_partition', 'complete', 'removable_media'] as const;
const NOTIFICATIONS = ['on_infection', 'on_update_failure', 'on_protection_disabled', 'on_scan_completed'] as const;

function Field({ id, label, error, children }: { id: string; label: string; error?: MessageKey; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && <span className="field-error" id={`${id}-error`}>{t(error)}</span>}
    </div>
  );
}

export function ProfileEditorPage() {
  const { t, language } = useI18n();
  const { id } = useParams();
  const navigate = useNavigate();
  const session = useSignedIn();
  const profile = useAsync(() => api.get<ProfileDetails>(`/api/v1/profiles/${id}`), String(id));
  const [form, setForm] = useState<ProfileForm>();
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [cloning, setCloning] = useState<string>();
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    if (profile.data) setForm(formFromSettings(profile.data.name, profile.data.settings));
  }, [profile.data]);

  if (profile.error) return <ErrorMessage error={profile.error} onRetry={profile.reload} />;
  const data = profile.data;
  if (!data || !form) return <p aria-busy="true">{t('common.loading')}</p>;
  const readOnly = session.user.role === 'viewer';
  const settings = form.settings;
  const set = (change: Partial<ProfileForm>) => setForm({ ...form, ...change });
  const setSettings = (change: Partial<ProfileSettings>) => set({ settings: { ...settings, ...change } });
  const invalid = (key: keyof FormErrors) => (errors[key] ? { 'aria-invalid': true, 'aria-describedby': `${key}-error` } : {});

  const save = async (transmit: boolean) => {
    const found = validateProfile(form);
    setErrors(found);
    setNotice(undefined);
    setError(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const saved = await api.put<ProfileDetails>(`/api/v1/profiles/${data.id}`, {
        name: form.name.trim(), settings: settingsFromForm(form), transmit,
      });
      profile.setData(saved);
      setNotice(transmit
        ? t('profiles.transmitted', { revision: saved.current_revision, count: saved.transmitted ?? 0 })
        : t('profiles.saved', { revision: saved.current_revision }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(false);
  };

  const clone = async () => {
    try {
      const copy = await api.post<ProfileDetails>(`/api/v1/profiles/${data.id}/clone`, { name: cloning?.trim() });
      setCloning(undefined);
      navigate(`/profiles/${copy.id}`);
    } catch (failure) {
      setError(failure);
      setCloning(undefined);
    }
  };

  const remove = async () => {
    setDeleting(false);
    try {
      await api.delete(`/api/v1/profiles/${data.id}`);
      navigate('/profiles');
    } catch (failure) {
      setError(failure);
    }
  };

  const autoscan = settings.autoscan;
  return (
    <div className="profile-editor">
      <p className="breadcrumb"><Link to="/profiles">← {t('profiles.title')}</Link></p>
      <div className="page-header">
        <h1>{t('profiles.editor')}: {data.name}</h1>
        {!readOnly && (
          <div className="button-row">
            <button type="button" onClick={() => setCloning(t('profiles.copyOf', { name: data.name }))}>{t('profiles.clone')}</button>
            <button type="button" className="button-danger" disabled={data.groups_using > 0} title={data.groups_using > 0 ? t('profiles.inUse') : undefined} onClick={() => setDeleting(true)}>
              {t('profiles.delete')}
            </button>
          </div>
        )}
      </div>
      {data.groups_using > 0 && !readOnly && <p className="hint">{t('profiles.inUse')}</p>}
      <form className="card profile-form" onSubmit={submit} noValidate>
        <fieldset disabled={readOnly || busy}>
          <Field id="profile-name" label={t('profiles.name')} error={errors.name}>
            <input id="profile-name" maxLength={100} value={form.name} onChange={(e) => set({ name: e.target.value })} {...invalid('name')} />
          </Field>
          <fieldset>
            <legend>{t('profiles.protection')}</legend>
            <label className="check"><input type="checkbox" checked={settings.email_protection} onChange={(e) => setSettings({ email_protection: e.target.checked })} />{t('profiles.emailProtection')}</label>
            <label className="check"><input type="checkbox" checked={settings.spam_protection} onChange={(e) => setSettings({ spam_protection: e.target.checked })} />{t('profiles.spamProtection')}</label>
          </fieldset>
          <fieldset className="form-grid">
            <legend>{t('profiles.autoscan')}</legend>
            <Field id="autoscan-mode" label={t('profiles.mode')}>
              <select id="autoscan-mode" value={autoscan.mode} onChange={(e) => setSettings({ autoscan: { ...autoscan, mode: e.target.value as typeof autoscan.mode, time: autoscan.time ?? '12:00' } })}>
                {MODES.map((mode) => <option key={mode} value={mode}>{t(`profiles.mode.${mode}`)}</option>)}
              </select>
            </Field>
            {autoscan.mode === 'weekly' && (
              <Field id="autoscan-weekday" label={t('profiles.weekday')}>
                <select id="autoscan-weekday" value={autoscan.weekday ?? 1} onChange={(e) => setSettings({ autoscan: { ...autoscan, weekday: Number(e.target.value) } })}>
                  {[1, 2, 3, 4, 5, 6, 7].map((day) => <option key={day} value={day}>{t(`weekday.${day}` as MessageKey)}</option>)}
                </select>
              </Field>
            )}
            {autoscan.mode === 'monthly' && (
              <Field id="autoscan-day" label={t('profiles.dayOfMonth')}>
                <select id="autoscan-day" value={autoscan.day_of_month ?? 1} onChange={(e) => setSettings({ autoscan: { ...autoscan, day_of_month: Number(e.target.value) } })}>
                  {Array.from({ length: 31 }, (_, i) => i + 1).map((day) => <option key={day} value={day}>{day}</option>)}
                </select>
              </Field>
            )}
            {autoscan.mode !== 'off' && (
              <Field id="autoscan-time" label={t('profiles.time')} error={errors.time}>
                <input id="autoscan-time" type="time" value={autoscan.time ?? ''} onChange={(e) => setSettings({ autoscan: { ...autoscan, time: e.target.value } })} {...invalid('time')} />
              </Field>
            )}
            <Field id="scan-type" label={t('profiles.scanType')}>
              <select id="scan-type" value={settings.scan_type} onChange={(e) => setSettings({ scan_type: e.target.value as typeof settings.scan_type })}>
                {SCAN_TYPES.map((type) => <option key={type} value={type}>{t(`profiles.scan.${type}`)}</option>)}
              </select>
            </Field>
          </fieldset>
          <fieldset>
            <legend>{t('profiles.password')}</legend>
            <p className="hint">{(settings.settings_password as { set?: boolean } | null)?.set ? t('profiles.passwordSet') : t('profiles.passwordNone')}</p>
            {(['keep', 'set', 'remove'] as SecretMode[]).map((mode) => (
              <label key={mode} className="check">
                <input type="radio" name="password-mode" checked={form.passwordMode === mode} onChange={() => set({ passwordMode: mode })} />
                {t(mode === 'keep' ? 'profiles.passwordKeep' : mode === 'set' ? 'profiles.passwordChange' : 'profiles.passwordRemove')}
              </label>
            ))}
            {form.passwordMode === 'set' && (
              <Field id="password" label={t('profiles.password')} error={errors.password}>
                <input id="password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => set({ password: e.target.value })} {...invalid('password')} />
              </Field>
            )}
          </fieldset>
          <fieldset>
            <legend>{t('profiles.notifications')}</legend>
            {NOTIFICATIONS.map((key) => (
              <label key={key} className="check">
                <input type="checkbox" checked={settings.notifications[key]} onChange={(e) => setSettings({ notifications: { ...settings.notifications, [key]: e.target.checked } })} />
                {t(`profiles.notify.${key}`)}
              </label>
            ))}
          </fieldset>
          <fieldset className="form-grid">
            <legend>{t('profiles.exclusions')}</legend>
            <Field id="exclusion-paths" label={t('profiles.paths')}>
              <textarea id="exclusion-paths" rows={4} value={form.paths} onChange={(e) => set({ paths: e.target.value })} />
            </Field>
            <Field id="exclusion-processes" label={t('profiles.processes')}>
              <textarea id="exclusion-processes" rows={4} value={form.processes} onChange={(e) => set({ processes: e.target.value })} />
            </Field>
            <Field id="max-file-size" label={t('profiles.maxFileSize')} error={errors.maxFileSize}>
              <input id="max-file-size" inputMode="numeric" value={form.maxFileSize} onChange={(e) => set({ maxFileSize: e.target.value })} {...invalid('maxFileSize')} />
            </Field>
          </fieldset>
          <fieldset className="form-grid">
            <legend>{t('profiles.updates')}</legend>
            <p className="hint">{t('profiles.updatesAlwaysOn')}</p>
            <label className="check"><input type="checkbox" checked={settings.updates.automatic_product_updates} onChange={(e) => setSettings({ updates: { ...settings.updates, automatic_product_updates: e.target.checked } })} />{t('profiles.automaticProductUpdates')}</label>
            <label className="check"><input type="checkbox" checked={form.useProxy} onChange={(e) => set({ useProxy: e.target.checked })} />{t('profiles.useProxy')}</label>
            {form.useProxy && (
              <>
                <Field id="proxy-host" label={t('profiles.proxyHost')} error={errors.proxyHost}>
                  <input id="proxy-host" value={form.proxyHost} onChange={(e) => set({ proxyHost: e.target.value })} {...invalid('proxyHost')} />
                </Field>
                <Field id="proxy-port" label={t('profiles.proxyPort')} error={errors.proxyPort}>
                  <input id="proxy-port" inputMode="numeric" value={form.proxyPort} onChange={(e) => set({ proxyPort: e.target.value })} {...invalid('proxyPort')} />
                </Field>
                <Field id="proxy-user" label={t('profiles.proxyUser')}>
                  <input id="proxy-user" value={form.proxyUser} onChange={(e) => set({ proxyUser: e.target.value })} />
                </Field>
              </>
            )}
          </fieldset>
        </fieldset>
        {Object.keys(errors).length > 0 && <p className="alert alert-error" role="alert">{t('profiles.fixErrors')}</p>}
        <ErrorMessage error={error} />
        {notice && <p className="alert alert-info" role="status">{notice}</p>}
        {!readOnly && (
          <div className="form-actions">
            <button type="submit" disabled={busy}>{t('profiles.save')}</button>
            <button type="button" className="button-primary" disabled={busy} onClick={() => void save(true)}>{t('profiles.saveTransmit')}</button>
          </div>
        )}
      </form>
      <div className="two-columns">
        <section className="card" aria-labelledby="profile-groups">
          <h2 id="profile-groups">{t('profiles.groups')}</h2>
          {data.groups.length === 0 ? <p className="muted">{t('profiles.noGroups')}</p> : (
            <ul className="plain-list">
              {data.groups.map((group) => (
                <li key={group.id}><Link to={`/licenses/${group.license.id}/groups`}>{group.license.name}</Link> · {group.name}</li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="profile-revisions">
          <h2 id="profile-revisions">{t('profiles.revisions')}</h2>
          <ul className="plain-list">
            {data.revisions.map((revision) => (
              <li key={revision.revision}>#{revision.revision} · {formatDateTime(revision.created_at, language)}{revision.author ? ` · ${revision.author.name}` : ''}</li>
            ))}
          </ul>
        </section>
      </div>
      {cloning !== undefined && (
        <Dialog
          title={t('profiles.clone')}
          onClose={() => setCloning(undefined)}
          footer={<>
            <button type="button" onClick={() => setCloning(undefined)}>{t('common.cancel')}</button>
            <button type="button" className="button-primary" disabled={!cloning.trim()} onClick={() => void clone()}>{t('profiles.clone')}</button>
          </>}
        >
          <label htmlFor="clone-name">{t('profiles.cloneName')}</label>
          <input id="clone-name" className="wide" maxLength={100} value={cloning} onChange={(e) => setCloning(e.target.value)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog title={t('profiles.delete')} message={t('profiles.confirmDelete', { name: data.name })} confirmLabel={t('profiles.delete')} danger
          onConfirm={() => void remove()} onCancel={() => setDeleting(false)} />
      )}
    </div>
  );
}
