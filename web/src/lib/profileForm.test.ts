import { describe, expect, it } from 'vitest';
import type { ProfileSettings } from '../api/types';
import { formFromSettings, settingsFromForm, validateProfile } from './profileForm';

const stored = {
  email_protection: true,
  spam_protection: true,
  autoscan: { mode: 'weekly', weekday: 1, time: '12:00' },
  scan_type: 'quick',
  settings_password: { set: true },
  notifications: { on_infection: true, on_update_failure: true, on_protection_disabled: true, on_scan_completed: false },
  exclusions: { paths: ['C:\\Temp'], processes: [], max_file_size_mb: 0 },
  updates: { automatic_product_updates: true, enabled: true, proxy: null },
} as unknown as ProfileSettings;

describe('profile form', () => {
  it('accepts the stored settings unchanged and keeps the stored password', () => {
    const form = formFromSettings('Office', stored);
    expect(validateProfile(form)).toEqual({});
    const body = settingsFromForm(form);
    expect(body).not.toHaveProperty('settings_password');
    expect(body.exclusions).toEqual({ paths: ['C:\\Temp'], processes: [], max_file_size_mb: 0 });
    expect(body.updates).toEqual({ automatic_product_updates: true, proxy: null });
  });

  it('names each invalid field', () => {
    const form = formFromSettings('', stored);
    form.settings = { ...stored, autoscan: { mode: 'daily', time: '25:00' } } as ProfileSettings;
    form.passwordMode = 'set';
    form.password = 'short';
    form.maxFileSize = '5000';
    form.useProxy = true;
    form.proxyPort = '0';
    expect(validateProfile(form)).toEqual({
      name: 'profiles.nameRequired',
      time: 'profiles.invalidTime',
      password: 'profiles.passwordLength',
      maxFileSize: 'profiles.invalidSize',
      proxyHost: 'profiles.nameRequired',
      proxyPort: 'profiles.invalidPort',
    });
  });

  it('sends only the autoscan members of the mode, lists one per line and secrets as asked', () => {
    const form = formFromSettings('Office', stored);
    form.settings = { ...stored, autoscan: { mode: 'monthly', weekday: 3, day_of_month: 31, time: '08:30' } } as ProfileSettings;
    form.processes = ' backup.exe \n\n sql.exe';
    form.passwordMode = 'remove';
    form.useProxy = true;
    form.proxyHost = 'proxy.local';
    form.proxyPort = '3128';
    const body = settingsFromForm(form);
    expect(body.autoscan).toEqual({ mode: 'monthly', day_of_month: 31, time: '08:30' });
    expect((body.exclusions as { processes: string[] }).processes).toEqual(['backup.exe', 'sql.exe']);
    expect(body.settings_password).toBeNull();
    expect((body.updates as { proxy: unknown }).proxy).toEqual({ host: 'proxy.local', port: 3128 });
  });
});
