import { useState } from 'react';
import { api, ApiError } from '../api/client';
import type { BulkAction, BulkDeviceResults, DeviceDetails } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ConfirmDialog } from './Dialog';
import { ErrorMessage } from './ErrorMessage';

const CATEGORIES = ['device', 'settings', 'other'] as const;

// Activate / deactivate / delete one device (the bulk API with one id, so the rules and
// answers are those of the list) and its muted notification categories.
export function DeviceActions({ device, onChanged, onDeleted }: {
  device: DeviceDetails; onChanged(): void; onDeleted(): void;
}) {
  const { t } = useI18n();
  const [pending, setPending] = useState<BulkAction>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [muted, setMuted] = useState<string[]>(device.muted_categories);

  const run = async (action: BulkAction) => {
    setPending(undefined);
    setError(undefined);
    setNotice(undefined);
    try {
      const [result] = (await api.post<BulkDeviceResults>('/api/v1/devices/bulk', { action, device_ids: [device.id] })).results;
      if (!result.ok) throw new ApiError(409, result.error?.code ?? 'unknown', result.error?.message ?? '');
      if (action === 'delete') onDeleted();
      else {
        setNotice(t('device.actionDone', { action: t(`devices.${action}`) }));
        onChanged();
      }
    } catch (failure) {
      setError(failure);
    }
  };
  const saveMuted = async (next: string[]) => {
    setMuted(next);
    setError(undefined);
    try {
      await api.patch(`/api/v1/devices/${device.id}`, { muted: next.length === 0 ? 'none' : next });
      setNotice(t('device.muteSaved'));
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section className="card" aria-labelledby="device-actions-title">
      <h2 id="device-actions-title" className="visually-hidden">{t('common.actions')}</h2>
      <div className="button-row">
        {device.active ? (
          <button type="button" onClick={() => setPending('deactivate')}>{t('devices.deactivate')}</button>
        ) : (
          <>
            <button type="button" onClick={() => setPending('activate')}>{t('devices.activate')}</button>
            <button type="button" className="button-danger" onClick={() => setPending('delete')}>{t('devices.delete')}</button>
          </>
        )}
      </div>
      <fieldset className="mute">
        <legend>{t('device.mute')}</legend>
        {CATEGORIES.map((category) => (
          <label key={category} className="check">
            <input type="checkbox" checked={muted.includes(category)}
              onChange={() => void saveMuted(muted.includes(category) ? muted.filter((c) => c !== category) : [...muted, category])} />
            {t(`status.category.${category}`)}
          </label>
        ))}
        <p className="hint">{t('device.muteHelp')}</p>
      </fieldset>
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      <ErrorMessage error={error} />
      {pending && (
        <ConfirmDialog
          title={t(`devices.${pending}`)}
          message={t(`devices.confirm.${pending}`, { count: 1 })}
          confirmLabel={t(`devices.${pending}`)}
          danger={pending !== 'activate'}
          onConfirm={() => void run(pending)}
          onCancel={() => setPending(undefined)}
        />
      )}
    </section>
  );
}
