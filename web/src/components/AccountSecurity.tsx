import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { paths } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useSignedIn } from '../session';
import { ErrorMessage } from './ErrorMessage';

type Enrolment = paths['/api/v1/me/totp']['post']['responses']['200']['content']['application/json'];
type Verified = paths['/api/v1/me/totp/verify']['post']['responses']['200']['content']['application/json'];

// Two-factor sign-in (enrol with a QR code, confirm with a code, recovery codes shown once;
// turn off with the password or a code) and the own password.
export function AccountSecurity() {
  const { t } = useI18n();
  const session = useSignedIn();
  const [enabled, setEnabled] = useState(session.user.totp_enabled);
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [credential, setCredential] = useState('');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();

  const run = async (work: () => Promise<void>) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    }
  };
  const verify = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const answer = await api.post<Verified>('/api/v1/me/totp/verify', { code: code.trim() });
      setRecoveryCodes(answer.recovery_codes);
      setEnrolment(undefined);
      setEnabled(true);
      setCode('');
    });
  };
  const disable = (event: FormEvent) => {
    event.preventDefault();
    const body = /^\d{6}$/.test(credential.trim()) ? { code: credential.trim() } : { password: credential };
    void run(async () => {
      await api.post('/api/v1/me/totp/disable', body);
      setEnabled(false);
      setCredential('');
      setRecoveryCodes(undefined);
      setNotice(t('account.disabled'));
    });
  };
  const changePassword = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api.post('/api/v1/me/password', { current, new: next });
      setCurrent('');
      setNext('');
      setNotice(t('account.passwordChanged'));
    });
  };

  return (
    <section className="card" aria-labelledby="security-title">
      <h2 id="security-title">{t('account.security')}</h2>
      <p>{enabled ? t('account.twoFactorOn') : t('account.twoFactorOff')}</p>
      {!enabled && !enrolment && (
        <button type="button" onClick={() => void run(async () => setEnrolment(await api.post<Enrolment>('/api/v1/me/totp')))}>
          {t('account.enable')}
        </button>
      )}
      {enrolment && (
        <form className="enrolment" onSubmit={verify}>
          <p className="hint">{t('account.scan')}</p>
          {/* The server renders the QR code as an SVG document of its own. */}
          <div className="qr" dangerouslySetInnerHTML={{ __html: enrolment.qr_svg }} />
          <p>{t('account.secret')}: <code id="totp-secret">{enrolment.secret}</code></p>
          <label htmlFor="totp-code">{t('signIn.totpCode')}</label>
          <input id="totp-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="submit" className="button-primary" disabled={!/^\d{6}$/.test(code.trim())}>{t('account.confirm')}</button>
        </form>
      )}
      {recoveryCodes && (
        <div className="alert alert-info" role="status">
          <p>{t('account.recoveryCodes')}</p>
          <ul className="recovery-codes">{recoveryCodes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
        </div>
      )}
      {enabled && (
        <form className="inline-form" onSubmit={disable}>
          <label htmlFor="disable-credential">{t('account.disableWith')}</label>
          <input id="disable-credential" type="password" value={credential} onChange={(e) => setCredential(e.target.value)} />
          <button type="submit" disabled={!credential}>{t('account.disable')}</button>
        </form>
      )}
      <h3>{t('account.changePassword')}</h3>
      <form className="inline-form" onSubmit={changePassword}>
        <label htmlFor="current-password" className="visually-hidden">{t('account.currentPassword')}</label>
        <input id="current-password" type="password" autoComplete="current-password" placeholder={t('account.currentPassword')} value={current} onChange={(e) => setCurrent(e.target.value)} />
        <label htmlFor="next-password" className="visually-hidden">{t('account.newPassword')}</label>
        <input id="next-password" type="password" autoComplete="new-password" placeholder={t('account.newPassword')} value={next} onChange={(e) => setNext(e.target.value)} />
        <button type="submit" disabled={!current || next.length < 10}>{t('account.changePassword')}</button>
      </form>
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      <ErrorMessage error={error} />
    </section>
  );
}
