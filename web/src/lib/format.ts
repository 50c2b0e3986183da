import type { Language, License } from '../api/types';

const LOCALES: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };

export function formatDate(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(LOCALES[language], { year: 'numeric', month: '2-digit', day: '2-digit' });
}

// `seconds`: where steps a few seconds apart must be told apart (the action log timeline).
export function formatDateTime(iso: string | null | undefined, language: Language, seconds = false): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(LOCALES[language], {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  });
}

// "11/50", or "11/∞" for an msp license (no limit).
export function formatActivations(activations: License['activations']): string {
  return `${activations.used}/${activations.total ?? '∞'}`;
}

export function formatNumber(value: number, language: Language): string {
  return value.toLocaleString(LOCALES[language]);
}
