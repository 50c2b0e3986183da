import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { InstallerLink, License } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { formatDate, formatDateTime } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { CopyButton } from './CopyButton';
import { ErrorMessage } from './ErrorMessage';
import { InstallerChoice, type InstallerSelection } from './InstallerChoice';

// Shareable download links (no sign-in needed until they expire or are revoked). The URL is
// shown once, right after it is made.
export function InstallerLinks({ license, editable }: { license: License; editable: boolean }) {
  const { t, language } = useI18n();
  const links = useAsync(() => api.get<{ items: InstallerLink[] }>(`/api/v1/licenses/${license.id}/installer-links`), String(license.id));
  const [choice, setChoice] = useState<InstallerSelection>({ arch: 'x64', type: 'msi', groupId: license.group.id });
  const [days, setDays] = useState('14');
  const [made, setMade] = useState<string>();
  const [error, setError] = useState<unknown>();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const link = await api.post<InstallerLink & { url: string }>(`/api/v1/licenses/${license.id}/installer-links`, {
        arch: choice.arch, type: choice.type, group_id: choice.groupId, expires_in_days: Number(days),
      });
      setMade(link.url);
      links.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const revoke = async (link: InstallerLink) => {
    try {
      await api.delete(`/api/v1/licenses/${license.id}/installer-links/${link.id}`);
      links.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const items = links.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="links-title">
      <h2 id="links-title">{t('links.title')}</h2>
      <p className="hint">{t('links.help')}</p>
      {made && (
        <p className="alert alert-info" role="status">
          {t('links.shownOnce')} <code className="break" id="installer-link-url">{made}</code> <CopyButton text={made} label={t('common.copy')} />
        </p>
      )}
      {links.data && items.length === 0 && <p className="muted">{t('links.none')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table" id="installer-links">
            <thead>
              <tr>
                <th scope="col">{t('download.type')}</th>
                <th scope="col">{t('download.arch')}</th>
                <th scope="col">{t('links.status')}</th>
                <th scope="col">{t('links.expires')}</th>
                <th scope="col">{t('links.downloads')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((link) => (
                <tr key={link.id} className={link.status === 'active' ? undefined : 'row-muted'}>
                  <td>{t(`download.type.${link.type}`)}</td>
                  <td>{t(`download.${link.arch}`)}</td>
                  <td>{t(`links.status.${link.status}`)}</td>
                  <td>{formatDate(link.expires_at, language)}</td>
                  <td className="num" title={formatDateTime(link.last_download_at, language)}>{link.downloads}</td>
                  <td>{editable && link.status === 'active' && (
                    <button type="button" className="button-link" onClick={() => void revoke(link)}>{t('links.revoke')}</button>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable && (
        <form className="download-form links-form" onSubmit={create}>
          <InstallerChoice license={license} value={choice} onChange={setChoice} idPrefix="link" />
          <label htmlFor="link-days">{t('links.days')}</label>
          <input id="link-days" type="number" min={1} max={90} value={days} onChange={(e) => setDays(e.target.value)} />
          <div className="form-actions"><button type="submit">{t('links.create')}</button></div>
        </form>
      )}
      <ErrorMessage error={error || links.error} />
    </section>
  );
}
