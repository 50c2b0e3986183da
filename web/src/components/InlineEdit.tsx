import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  id: string;
  label: string;
  value: string;
  editLabel: string;
  disabled?: boolean;
  maxLength?: number;
  onSave(value: string): Promise<unknown>;
}

// Shows the value with an edit button; Enter saves, Escape cancels, errors stay in the form.
export function InlineEdit({ id, label, value, editLabel, disabled, maxLength, onSave }: Props) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(value);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  if (!editing) {
    return (
      <span className="inline-edit">
        <span id={id}>{value || t('common.none')}</span>
        {!disabled && (
          <button type="button" className="button-link" onClick={() => { setText(value); setError(undefined); setEditing(true); }}>
            ✎ {editLabel}
          </button>
        )}
      </span>
    );
  }
  return (
    <form
      className="inline-edit"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        try {
          await onSave(text.trim());
          setEditing(false);
        } catch (failure) {
          setError(failure);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label htmlFor={`${id}-input`} className="visually-hidden">{label}</label>
      <input
        id={`${id}-input`}
        ref={input}
        value={text}
        maxLength={maxLength}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setEditing(false);
        }}
      />
      <button type="submit" className="button-primary" disabled={busy || !text.trim()}>{t('common.save')}</button>
      <button type="button" onClick={() => setEditing(false)}>{t('common.cancel')}</button>
      <ErrorMessage error={error} />
    </form>
  );
}
