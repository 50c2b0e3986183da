// The current language and t(): a React context so that switching the language re-renders
// every screen at once.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { ApiError, NETWORK_ERROR } from '../api/client';
import type { Language } from '../api/types';
import { de } from './de';
import { en, type MessageKey } from './en';

export const LANGUAGES: readonly Language[] = ['en', 'de'];
const CATALOGS: Record<Language, Record<MessageKey, string>> = { en, de };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const catalog = CATALOGS[language];
  return (key, values) => {
    const text = catalog[key] ?? en[key] ?? key;
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in values ? String(values[name]) : match,
    );
  };
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

// An API error in words: our own text for the codes people meet, else the server's message
// (which names the field for validation errors).
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === NETWORK_ERROR) return t('error.network');
    const key = `error.${error.code}`;
    if (isMessageKey(key)) return t(key);
    return t('error.unknown', { message: error.message });
  }
  return t('error.unknown', { message: error instanceof Error ? error.message : String(error) });
}

// Before sign-in: the browser's language; afterwards the user's preference wins.
export function browserLanguage(languages: readonly string[] = navigator.languages ?? []): Language {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('keyward.language') : null;
  if (stored === 'en' || stored === 'de') return stored;
  return languages.some((tag) => tag.toLowerCase().startsWith('de')) ? 'de' : 'en';
}

interface I18n {
  language: Language;
  t: Translate;
}

const I18nContext = createContext<I18n>({ language: 'en', t: translator('en') });

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => ({ language, t: translator(language) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
