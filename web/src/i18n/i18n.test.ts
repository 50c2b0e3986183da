import { describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR } from '../api/client';
import { de } from './de';
import { en } from './en';
import { errorText, translator } from './i18n';

describe('texts', () => {
  it('has every English text in German, none empty, same placeholders', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const german = de[key as keyof typeof en];
      expect(german.trim(), key).not.toBe('');
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(german), key).toEqual(placeholders(english));
    }
  });

  it('fills placeholders', () => {
    expect(translator('de')('common.pageOf', { page: 2, pages: 7 })).toBe('Seite 2 von 7');
    expect(translator('en')('devices.selected', { count: 3 })).toBe('3 selected');
  });

  it('words known API errors in the language, unknown ones with the server message', () => {
    const t = translator('de');
    expect(errorText(t, new ApiError(409, 'license_expired', 'license expired'))).toBe(
      'Die Lizenz ist abgelaufen und schreibgeschützt.',
    );
    expect(errorText(t, new ApiError(400, 'invalid_request', 'name: too long'))).toBe(
      'Die Anfrage ist fehlgeschlagen: name: too long',
    );
    expect(errorText(translator('en'), new ApiError(0, NETWORK_ERROR, 'Failed to fetch'))).toMatch(/cannot be reached/);
  });
});
