import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { CommentPage, License, Recipient, RecipientPage } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { DevicesTable } from '../components/DevicesTable';
import { DownloadDialog } from '../components/DownloadDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { InlineEdit } from '../components/InlineEdit';
import { InstallerLinks } from '../components/InstallerLinks';
import { useI18n } from '../i18n/i18n';
import { formatActivations, formatDate, formatDateTime } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { useSignedIn } from '../session';

function NotifyAt({ license, editable, onSaved }: { license: License; editable: boolean; onSaved(l: License): void }) {
  const { t } = useI18n();
  const [value, setValue] = useState(license.notify_at?.toString() ?? '');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => setValue(license.notify_at?.toString() ?? ''), [license.notify_at]);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      onSaved(await api.patch<License>(`/api/v1/licenses/${license.id}`, { notify_at: value === '' ? null : Number(value) }));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form className="inline-form" onSubmit={save}>
      <label htmlFor="notify-at">{t('license.notifyAt')}</label>
      <input
        id="notify-at"
        type="number"
        min={1}
        max={license.activations.total ?? undefined}
        placeholder={t('license.notifyOff')}
        value={value}
        disabled={!editable}
        onChange={(event) => setValue(event.target.value)}
      />
      {editable && <button type="submit">{t('common.save')}</button>}
      {saved && <span role="status" className="text-ok">{t('common.saved')}</span>}
      <p className="hint">{t('license.notifyHelp')}</p>
      <ErrorMessage error={error} />
    </form>
  );
}

function Recipients({ licenseId, editable }: { licenseId: number; editable: boolean }) {
  const { t } = useI18n();
  const recipients = useAsync(
    () => api.get<RecipientPage>(`/api/v1/licenses/${licenseId}/recipients`, { per_page: 100 }),
    String(licenseId),
  );
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.post<Recipient>(`/api/v1/licenses/${licenseId}/recipients`, { email: email.trim() });
      setEmail('');
      recipients.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const remove = async (recipient: Recipient) => {
    setError(undefined);
    try {
      await api.delete(`/api/v1/licenses/${licenseId}/recipients/${recipient.id}`);
      recipients.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const items = recipients.data?.items ?? [];
  return (
    <section aria-labelledby="recipients-title" className="subsection">
      <h2 id="recipients-title">{t('license.recipients')}</h2>
      <ErrorMessage error={recipients.error} />
      {recipients.data && items.length === 0 && <p className="muted">{t('license.noRecipients')}</p>}
      <ul className="plain-list" id="recipients">
        {items.map((recipient) => (
          <li key={recipient.id}>
            <span>{recipient.email}</span>{' '}
            <span className={`badge ${recipient.verified ? 'badge-ok' : 'badge-warn'}`}>
              {recipient.verified ? t('license.verified') : t('license.unverified')}
            </span>
            {editable && (
              <button type="button" className="button-link" aria-label={t('license.removeRecipient', { email: recipient.email })} onClick={() => void remove(recipient)}>
                {t('common.delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <form className="inline-form" onSubmit={add}>
          <label htmlFor="recipient-email" className="visually-hidden">{t('license.recipientEmail')}</label>
          <input id="recipient-email" type="email" placeholder={t('license.recipientEmail')} value={email} onChange={(e) => setEmail(e.target.value)} required />
          <button type="submit" disabled={!email.trim()}>{t('license.addRecipient')}</button>
        </form>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

function Comments({ licenseId, editable }: { licenseId: number; editable: boolean }) {
  const { t, language } = useI18n();
  const comments = useAsync(
    () => api.get<CommentPage>(`/api/v1/licenses/${licenseId}/comments`, { per_page: 100 }),
    String(licenseId),
  );
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.post(`/api/v1/licenses/${licenseId}/comments`, { body });
      setBody('');
      comments.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const items = comments.data?.items ?? [];
  return (
    <section aria-labelledby="comments-title" className="card">
      <h2 id="comments-title">{t('license.comments')}</h2>
      {editable && (
        <form onSubmit={add} className="comment-form">
          <label htmlFor="comment-body" className="visually-hidden">{t('license.commentPlaceholder')}</label>
          <textarea id="comment-body" rows={3} maxLength={5000} placeholder={t('license.commentPlaceholder')} value={body} onChange={(e) => setBody(e.target.value)} />
          <button type="submit" disabled={!body.trim()}>{t('license.addComment')}</button>
        </form>
      )}
      <ErrorMessage error={error || comments.error} />
      <p className="hint">{t('license.commentsFinal')}</p>
      {comments.data && items.length === 0 && <p className="muted">{t('license.noComments')}</p>}
      <ol className="comments" id="comments">
        {items.map((comment) => (
          <li key={comment.id} className="comment" aria-readonly="true">
            <div className="comment-meta">
              <strong>{comment.author}</strong> · <time dateTime={comment.created_at}>{formatDateTime(comment.created_at, language)}</time>
              <span className="badge badge-info">{t('common.readOnly')}</span>
            </div>
            <p className="comment-body">{comment.body}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function LicenseInfoPage() {
  const { t, language } = useI18n();
  const { id } = useParams();
  const location = useLocation();
  const session = useSignedIn();
  const license = useAsync(() => api.get<License>(`/api/v1/licenses/${id}`), String(id));
  const [downloading, setDownloading] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    if (location.hash === '#devices' && license.data) document.getElementById('devices')?.scrollIntoView();
  }, [location.hash, license.data]);

  if (license.error) return <ErrorMessage error={license.error} onRetry={license.reload} />;
  const data = license.data;
  if (!data) return <p aria-busy="true">{t('common.loading')}</p>;
  const canChange = session.user.role !== 'viewer';
  const editable = canChange && !data.expired;

  const refresh = async () => {
    setActionError(undefined);
    try {
      const updated = await api.post<License>(`/api/v1/licenses/${data.id}/refresh`);
      license.setData(updated);
      setNotice(t('licenses.updated', { used: updated.activations.used }));
    } catch (failure) {
      setActionError(failure);
    }
  };

  return (
    <div className="license-info">
      <p className="breadcrumb"><Link to="/licenses">← {t('common.backToLicenses')}</Link></p>
      <div className="page-header">
        <h1>{t('license.title')}</h1>
        <div className="button-row">
          {canChange && <button type="button" onClick={() => void refresh()}>{t('license.update')}</button>}
          <Link className="button" to={`/licenses/${data.id}/actions`}>{t('license.actionLog')}</Link>
          <Link className="button" to={`/licenses/${data.id}/groups`}>{t('license.groups')}</Link>
          <Link className="button" to={`/stale-devices?license_id=${data.id}`}>{t('license.staleDevices')}</Link>
          <button type="button" className="button-primary" disabled={data.expired} onClick={() => setDownloading(true)}>
            {t('license.download')}
          </button>
        </div>
      </div>
      {data.expired && <p className="alert alert-error">{t('common.expiredReadOnly')}</p>}
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      <ErrorMessage error={actionError} />
      <section className="card">
        <dl className="facts">
          <dt>{t('license.name')}</dt>
          <dd>
            <InlineEdit
              id="license-name"
              label={t('license.name')}
              value={data.name}
              editLabel={t('license.rename')}
              maxLength={200}
              disabled={!editable}
              onSave={async (name) => license.setData(await api.patch<License>(`/api/v1/licenses/${data.id}`, { name }))}
            />
          </dd>
          <dt>{t('license.key')}</dt>
          <dd>
            <code className="license-key" id="license-key">{data.key}</code>{' '}
            <CopyButton text={data.key} label={t('licenses.copyKey')} />
          </dd>
          <dt>{t('license.type')}</dt>
          <dd>{t(`licenses.type.${data.type}`)}</dd>
          <dt>{t('license.expires')}</dt>
          <dd>
            {formatDate(data.expires_at, language)}
            {data.expired && <span className="badge badge-bad">{t('licenses.expired')}</span>}
          </dd>
          <dt>{t('license.activations')}</dt>
          <dd id="license-activations">{formatActivations(data.activations)}</dd>
          <dt>{t('license.customer')}</dt>
          <dd><Link to={`/licenses?customer_id=${data.customer.id}`}>{data.customer.name}</Link></dd>
          <dt>{t('license.group')}</dt>
          <dd><Link to={`/licenses/${data.id}/groups`}>{data.group.name}</Link></dd>
        </dl>
      </section>
      <div className="two-columns">
        <section className="card">
          <NotifyAt license={data} editable={editable} onSaved={license.setData} />
          <Recipients licenseId={data.id} editable={editable} />
        </section>
        <Comments licenseId={data.id} editable={editable} />
      </div>
      <section id="devices" aria-labelledby="devices-title" className="card">
        <h2 id="devices-title">{t('license.devices')}</h2>
        <DevicesTable licenseId={data.id} readOnly={data.expired} onChanged={license.reload} />
      </section>
      {!data.expired && <InstallerLinks license={data} editable={editable} />}
      {downloading && <DownloadDialog license={data} onClose={() => setDownloading(false)} />}
    </div>
  );
}
