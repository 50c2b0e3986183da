import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { LanguageSwitch } from '../components/Layout';
import { useI18n } from '../i18n/i18n';

// The page behind the invitation link <public_url>/set-password?token=…
export function SetPasswordPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (password.length < 10) return setProblem(t('setPassword.tooShort'));
    if (password !== repeat) return setProblem(t('setPassword.mismatch'));
    setProblem(undefined);
    try {
      await api.post('/api/v1/password/set', { token, password });
      setDone(true);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div className="signin">
      <div className="signin-language"><LanguageSwitch /></div>
      <form className="card signin-card" onSubmit={submit} noValidate>
        <h1>{t('setPassword.title')}</h1>
        {!token ? <p className="alert alert-error">{t('setPassword.missingToken')}</p> : done ? (
          <p className="alert alert-info" role="status">{t('setPassword.done')} <Link to="/sign-in">{t('signIn.submit')}</Link></p>
        ) : (
          <>
            <label htmlFor="new-password">{t('setPassword.password')}</label>
            <input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            <label htmlFor="repeat-password">{t('setPassword.repeat')}</label>
            <input id="repeat-password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
            {problem && <p className="alert alert-error" role="alert">{problem}</p>}
            <ErrorMessage error={error} />
            <div className="form-actions"><button type="submit" className="button-primary">{t('setPassword.submit')}</button></div>
          </>
        )}
      </form>
    </div>
  );
}
