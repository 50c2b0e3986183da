import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { LanguageSwitch } from '../components/Layout';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

type Step = 'password' | 'totp' | 'recovery';

// E-mail and password first; a user with two-factor sign-in is asked for the code next, and
// the same request is repeated with it (the server keeps no half-signed-in state).
export function SignInPage() {
  const { t } = useI18n();
  const { signIn, sessionEnded } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>('password');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const outcome = await signIn({
      email,
      password,
      ...(step === 'totp' ? { totp_code: code.trim() } : {}),
      ...(step === 'recovery' ? { recovery_code: code.trim() } : {}),
    } as Parameters<typeof signIn>[0]);
    setBusy(false);
    if (outcome.ok) return;
    if (outcome.error instanceof ApiError && outcome.error.code === 'totp_required') {
      if (step === 'password') {
        setStep('totp');
        return;
      }
      // Asked again although a code was sent: the code was wrong (or already used).
      setError(new ApiError(401, 'invalid_code', outcome.error.message));
      return;
    }
    setError(outcome.error);
  };

  return (
    <div className="signin">
      <div className="signin-language">
        <LanguageSwitch />
      </div>
      <form className="card signin-card" onSubmit={submit} noValidate>
        <h1>{step === 'password' ? t('signIn.title') : t('signIn.totpTitle')}</h1>
        {sessionEnded && step === 'password' && <p className="alert alert-info">{t('signIn.sessionEnded')}</p>}
        {step === 'password' ? (
          <>
            <label htmlFor="email">{t('signIn.email')}</label>
            <input id="email" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
            <label htmlFor="password">{t('signIn.password')}</label>
            <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </>
        ) : (
          <>
            {step === 'totp' && <p>{t('signIn.totpHelp')}</p>}
            <label htmlFor="code">{step === 'totp' ? t('signIn.totpCode') : t('signIn.recoveryCode')}</label>
            <input
              id="code"
              autoFocus
              autoComplete="one-time-code"
              inputMode={step === 'totp' ? 'numeric' : 'text'}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            <button type="button" className="button-link" onClick={() => { setCode(''); setStep(step === 'totp' ? 'recovery' : 'totp'); }}>
              {step === 'totp' ? t('signIn.useRecovery') : t('signIn.useTotp')}
            </button>
          </>
        )}
        <ErrorMessage error={error} />
        <div className="form-actions">
          {step !== 'password' && (
            <button type="button" onClick={() => { setStep('password'); setCode(''); setError(undefined); }}>
              {t('signIn.back')}
            </button>
          )}
          <button type="submit" className="button-primary" disabled={busy}>
            {step === 'password' ? t('signIn.submit') : t('signIn.verify')}
          </button>
        </div>
      </form>
    </div>
  );
}
