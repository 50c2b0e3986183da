import { useState } from 'react';
import { api } from '../api/client';
import type { License } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Dialog } from './Dialog';
import { InstallerChoice, type InstallerSelection } from './InstallerChoice';

// The download itself is a plain link, so the browser streams the file to disk.
export function DownloadDialog({ license, onClose }: { license: License; onClose(): void }) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<InstallerSelection>({ arch: 'x64', type: 'zip', groupId: license.group.id });
  const href = api.url(`/api/v1/licenses/${license.id}/installer`, { arch: choice.arch, type: choice.type, group: choice.groupId });
  return (
    <Dialog title={`${t('download.title')}: ${license.name}`} onClose={onClose}>
      {license.expired ? (
        <p className="alert alert-error">{t('download.expired')}</p>
      ) : (
        <form className="download-form" onSubmit={(event) => event.preventDefault()}>
          <InstallerChoice license={license} value={choice} onChange={setChoice} idPrefix="download" />
          <div className="form-actions">
            <button type="button" onClick={onClose}>{t('common.cancel')}</button>
            <a className="button button-primary" href={href} download>
              {t('download.submit')}
            </a>
          </div>
        </form>
      )}
    </Dialog>
  );
}
