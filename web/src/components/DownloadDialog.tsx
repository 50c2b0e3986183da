import { useState } from 'react';
import { api } from '../api/client';
import type { Group, InstallerArch, InstallerType, License } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useAsync } from '../lib/useAsync';
import { Dialog } from './Dialog';
import { ErrorMessage } from './ErrorMessage';

const TYPES: InstallerType[] = ['zip', 'config', 'msi', 'msi-original'];

// Architecture, group (main group or any subgroup, indented as the tree) and one of the four
// types; the download itself is a plain link, so the browser streams the file.
export function DownloadDialog({ license, onClose }: { license: License; onClose(): void }) {
  const { t } = useI18n();
  const [arch, setArch] = useState<InstallerArch>('x64');
  const [type, setType] = useState<InstallerType>('zip');
  const [groupId, setGroupId] = useState<number>(license.group.id);
  const groups = useAsync(
    () => api.get<{ items: Group[] }>(`/api/v1/licenses/${license.id}/groups`).then((page) => page.items),
    String(license.id),
  );
  const href = api.url(`/api/v1/licenses/${license.id}/installer`, { arch, type, group: groupId });
  return (
    <Dialog title={`${t('download.title')}: ${license.name}`} onClose={onClose}>
      {license.expired ? (
        <p className="alert alert-error">{t('download.expired')}</p>
      ) : (
        <form className="download-form" onSubmit={(event) => event.preventDefault()}>
          <fieldset>
            <legend>{t('download.arch')}</legend>
            {(['x64', 'x86'] as const).map((value) => (
              <label key={value} className="check">
                <input type="radio" name="arch" value={value} checked={arch === value} onChange={() => setArch(value)} />
                {t(`download.${value}`)}
              </label>
            ))}
          </fieldset>
          <label htmlFor="download-group">{t('download.group')}</label>
          <select id="download-group" value={groupId} onChange={(event) => setGroupId(Number(event.target.value))}>
            {(groups.data ?? [{ ...license.group, depth: 0 }]).map((group) => (
              <option key={group.id} value={group.id}>
                {'\u00a0\u00a0'.repeat(group.depth)}
                {group.name}
              </option>
            ))}
          </select>
          <ErrorMessage error={groups.error} />
          <fieldset>
            <legend>{t('download.type')}</legend>
            {TYPES.map((value) => (
              <label key={value} className="check">
                <input type="radio" name="type" value={value} checked={type === value} onChange={() => setType(value)} />
                {t(`download.type.${value}`)}
              </label>
            ))}
          </fieldset>
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
