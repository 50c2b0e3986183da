// Who is signed in. The session cookie itself is HttpOnly: after a reload the app asks
// GET /api/v1/session for the user and the CSRF token.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from './api/client';
import type { Language, Preferences, Session, SignInRequest } from './api/types';
import { browserLanguage, I18nProvider } from './i18n/i18n';

export type SignInOutcome = { ok: true } | { ok: false; error: unknown };

interface SessionState {
  session: Session | null;
  loading: boolean;
  sessionEnded: boolean;
  language: Language;
  signIn(request: SignInRequest): Promise<SignInOutcome>;
  signOut(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  savePreferences(preferences: Preferences): Promise<Preferences>;
}

const SessionContext = createContext<SessionState | null>(null);

// Asked for while the script is still starting up, not after the first render: the first
// screen waits for it.
let initialSession: Promise<Session> | null = api.get<Session>('/api/v1/session');
initialSession.catch(() => undefined);

function remember(language: Language) {
  localStorage.setItem('keyward.language', language);
  document.documentElement.lang = language;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [anonymousLanguage, setAnonymousLanguage] = useState<Language>(() => browserLanguage());

  const adopt = useCallback((next: Session | null) => {
    api.setCsrfToken(next?.csrf_token ?? null);
    setSession(next);
    if (next) remember(next.user.preferences.language ?? next.user.language);
  }, []);

  useEffect(() => {
    api.onUnauthorized(() => {
      adopt(null);
      setSessionEnded(true);
    });
    const pending = initialSession ?? api.get<Session>('/api/v1/session');
    initialSession = null;
    pending
      .then(adopt)
      .catch(() => adopt(null))
      .finally(() => setLoading(false));
    return () => api.onUnauthorized(null);
  }, [adopt]);

  const signIn = useCallback(
    async (request: SignInRequest): Promise<SignInOutcome> => {
      try {
        adopt(await api.post<Session>('/api/v1/session', request));
        setSessionEnded(false);
        return { ok: true };
      } catch (error) {
        return { ok: false, error };
      }
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await api.delete('/api/v1/session');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    adopt(null);
  }, [adopt]);

  const savePreferences = useCallback(
    async (preferences: Preferences) => {
      const stored = await api.put<Preferences>('/api/v1/me/preferences', preferences);
      setSession((current) => (current ? { ...current, user: { ...current.user, preferences: stored } } : current));
      remember(stored.language);
      return stored;
    },
    [],
  );

  const language: Language = session ? session.user.preferences.language ?? session.user.language : anonymousLanguage;

  const setLanguage = useCallback(
    async (next: Language) => {
      if (!session) {
        remember(next);
        setAnonymousLanguage(next);
        return;
      }
      await savePreferences({ ...session.user.preferences, language: next });
    },
    [session, savePreferences],
  );

  const value = useMemo(
    () => ({ session, loading, sessionEnded, language, signIn, signOut, setLanguage, savePreferences }),
    [session, loading, sessionEnded, language, signIn, signOut, setLanguage, savePreferences],
  );
  return (
    <SessionContext.Provider value={value}>
      <I18nProvider language={language}>{children}</I18nProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

// For screens behind sign-in: the session is there.
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return session;
}
