// The profile editor's form: the settings document as the API sends it, plus the parts that
// a form edits differently (lists as text, secrets as keep / set / remove). Validation here
// mirrors the server's rules so people see mistakes before saving; the server still decides.
import type { ProfileSettings } from '../api/types';
import type { MessageKey } from '../i18n/en';

export type SecretMode = 'keep' | 'set' | 'remove';

export interface ProfileForm {
  name: string;
  settings: ProfileSettings;
  paths: string;
  processes: string;
  maxFileSize: string;
  passwordMode: SecretMode;
  password: string;
  useProxy: boolean;
  proxyHost: string;
  proxyPort: string;
  proxyUser: string;
  proxyPassword: string; // empty: keep the stored one
}

export type FormErrors = Partial<Record<'name' | 'time' | 'password' | 'maxFileSize' | 'proxyPort' | 'proxyHost', MessageKey>>;

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

export function formFromSettings(name: string, settings: ProfileSettings): ProfileForm {
  const proxy = settings.updates.proxy;
  return {
    name,
    settings,
    paths: settings.exclusions.paths.join('\n'),
    processes: settings.exclusions.processes.join('\n'),
    maxFileSize: String(settings.exclusions.max_file_size_mb),
    passwordMode: 'keep',
    password: '',
    useProxy: proxy !== null,
    proxyHost: proxy?.host ?? '',
    proxyPort: proxy ? String(proxy.port) : '8080',
    proxyUser: proxy?.username ?? '',
    proxyPassword: '',
  };
}

function integerIn(text: string, min: number, max: number): boolean {
  if (!/^\d+$/.test(text.trim())) return false;
  const value = Number(text);
  return value >= min && value <= max;
}

export function validateProfile(form: ProfileForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.name.trim()) errors.name = 'profiles.nameRequired';
  const autoscan = form.settings.autoscan;
  if (autoscan.mode !== 'off' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(autoscan.time ?? '')) errors.time = 'profiles.invalidTime';
  if (form.passwordMode === 'set' && (form.password.length < 8 || form.password.length > 64)) errors.password = 'profiles.passwordLength';
  if (!integerIn(form.maxFileSize, 0, 4096)) errors.maxFileSize = 'profiles.invalidSize';
  if (form.useProxy) {
    if (!form.proxyHost.trim()) errors.proxyHost = 'profiles.nameRequired';
    if (!integerIn(form.proxyPort, 1, 65535)) errors.proxyPort = 'profiles.invalidPort';
  }
  return errors;
}

// The autoscan members the mode uses (the API refuses the others).
function autoscanFor(autoscan: ProfileSettings['autoscan']): ProfileSettings['autoscan'] {
  const { mode, time, weekday, day_of_month: day } = autoscan;
  if (mode === 'off') return { mode } as ProfileSettings['autoscan'];
  if (mode === 'daily') return { mode, time } as ProfileSettings['autoscan'];
  if (mode === 'weekly') return { mode, time, weekday: weekday ?? 1 } as ProfileSettings['autoscan'];
  return { mode, time, day_of_month: day ?? 1 } as ProfileSettings['autoscan'];
}

// The settings document to PUT: secrets absent to keep them, null to remove, text to set.
export function settingsFromForm(form: ProfileForm): Record<string, unknown> {
  const { settings_password: _stored, ...rest } = form.settings;
  const proxy = form.useProxy
    ? {
        host: form.proxyHost.trim(),
        port: Number(form.proxyPort),
        ...(form.proxyUser.trim() ? { username: form.proxyUser.trim() } : {}),
        ...(form.proxyPassword ? { password: form.proxyPassword } : {}),
      }
    : null;
  return {
    ...rest,
    autoscan: autoscanFor(form.settings.autoscan),
    exclusions: {
      paths: lines(form.paths),
      processes: lines(form.processes),
      max_file_size_mb: Number(form.maxFileSize),
    },
    updates: { automatic_product_updates: form.settings.updates.automatic_product_updates, proxy },
    ...(form.passwordMode === 'set' ? { settings_password: form.password } : {}),
    ...(form.passwordMode === 'remove' ? { settings_password: null } : {}),
  };
}
