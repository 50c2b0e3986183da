import { describe, expect, it } from 'vitest';
import { formatActivations, formatDate, formatDateTime, formatNumber } from './format';

describe('formatting', () => {
  it('shows activations as used/total, unlimited as ∞', () => {
    expect(formatActivations({ used: 11, total: 50 })).toBe('11/50');
    expect(formatActivations({ used: 3, total: null })).toBe('3/∞');
  });

  it('writes dates in the language of the user', () => {
    expect(formatDate('2027-03-09T10:00:00Z', 'de')).toBe('09.03.2027');
    expect(formatDate('2027-03-09T10:00:00Z', 'en')).toBe('09/03/2027');
    expect(formatDate(null, 'en')).toBe('—');
  });

  it('shows seconds only when asked for', () => {
    const at = '2027-03-09T10:00:07Z';
    expect(formatDateTime(at, 'en', true)).toMatch(/:07$/);
    expect(formatDateTime(at, 'en')).not.toMatch(/:07/);
  });

  it('groups thousands per language', () => {
    expect(formatNumber(10000, 'de')).toBe('10.000');
    expect(formatNumber(10000, 'en')).toBe('10,000');
  });
});
