import { useState, type FormEvent } from 'react';
import type { WebhookEventType, WebhookInput } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage } from './ErrorMessage';

export const WEBHOOK_EVENTS: readonly WebhookEventType[] = [
  'activation', 'deactivation', 'threshold_reached', 'infection', 'license_expiring', 'export_done',
];

type Fields = Pick<WebhookInput, 'url' | 'description' | 'events' | 'enabled'>;

interface Props {
  idPrefix: string;
  initial?: Fields;
  submitLabel: string;
  onSubmit(fields: Fields): Promise<void>;
  onCancel?(): void;
}

// URL, description, subscribed events and the enabled flag: the same form creates and edits.
export function WebhookForm({ idPrefix, initial, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useI18n();
  const [url, setUrl] = useState(initial?.url ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [events, setEvents] = useState<WebhookEventType[]>(initial?.events ?? ['activation', 'deactivation']);
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const toggle = (event: WebhookEventType) =>
    setEvents((current) => (current.includes(event) ? current.filter((e) => e !== event) : [...current, event]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await onSubmit({ url: url.trim(), description: description.trim(), events, enabled });
      if (!initial) {
        setUrl('');
        setDescription('');
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form-grid" onSubmit={submit}>
      <div className="form-field full">
        <label htmlFor={`${idPrefix}-url`}>{t('webhooks.url')}</label>
        <input id={`${idPrefix}-url`} type="url" required maxLength={2000} placeholder="https://" value={url}
          onChange={(e) => setUrl(e.target.value)} />
        <p className="hint">{t('webhooks.urlHelp')}</p>
      </div>
      <div className="form-field full">
        <label htmlFor={`${idPrefix}-description`}>{t('webhooks.description')}</label>
        <input id={`${idPrefix}-description`} maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <fieldset className="full">
        <legend>{t('webhooks.events')}</legend>
        <div className="check-grid">
          {WEBHOOK_EVENTS.map((type) => (
            <label key={type} className="check">
              <input type="checkbox" checked={events.includes(type)} onChange={() => toggle(type)} />
              {t(`webhooks.event.${type}`)}
            </label>
          ))}
        </div>
        {events.length === 0 && <p className="hint text-bad">{t('webhooks.chooseEvent')}</p>}
      </fieldset>
      <label className="check full">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('webhooks.enabled')}
      </label>
      <div className="full"><ErrorMessage error={error} /></div>
      <div className="form-actions full">
        {onCancel && <button type="button" onClick={onCancel}>{t('common.cancel')}</button>}
        <button type="submit" className="button-primary" disabled={busy || !url.trim() || events.length === 0}>{submitLabel}</button>
      </div>
    </form>
  );
}
