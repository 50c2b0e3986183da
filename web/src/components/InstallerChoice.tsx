import { api } from '../api/client';
import type { Group, InstallerArch, InstallerType, License } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useAsync } from '../lib/useAsync';
import { ErrorMessage } from './ErrorMessage';

export const INSTALLER_TYPES: InstallerType[] = ['zip', 'config', 'msi', 'msi-original'];

export interface InstallerSelection {
  arch: InstallerArch;
  type: InstallerType;
  groupId: number;
}

// Architecture, group (main group or any subgroup, indented as the tree) and type: what the
// download dialog and a new installer link both ask for.
export function InstallerChoice({ license, value, onChange, idPrefix }: {
  license: License; value: InstallerSelection; onChange(value: InstallerSelection): void; idPrefix: string;
}) {
  const { t } = useI18n();
  const groups = useAsync(
    () => api.get<{ items: Group[] }>(`/api/v1/licenses/${license.id}/groups`).then((page) => page.items),
    String(license.id),
  );
  return (
    <>
      <fieldset>
        <legend>{t('download.arch')}</legend>
        {(['x64', 'x86'] as const).map((arch) => (
          <label key={arch} className="check">
            <input type="radio" name={`${idPrefix}-arch`} value={arch} checked={value.arch === arch} onChange={() => onChange({ ...value, arch })} />
            {t(`download.${arch}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${idPrefix}-group`}>{t('download.group')}</label>
      <select id={`${idPrefix}-group`} value={value.groupId} onChange={(event) => onChange({ ...value, groupId: Number(event.target.value) })}>
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
        {INSTALLER_TYPES.map((type) => (
          <label key={type} className="check">
            <input type="radio" name={`${idPrefix}-type`} value={type} checked={value.type === type} onChange={() => onChange({ ...value, type })} />
            {t(`download.type.${type}`)}
          </label>
        ))}
      </fieldset>
    </>
  );
}
