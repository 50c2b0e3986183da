import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { ErrorMessage } from './ErrorMessage';

interface Props<T extends string> {
  all: readonly T[];
  chosen: readonly string[];
  labelKey(column: T): MessageKey;
  onSave(columns: T[]): Promise<unknown>;
}

// "Columns" button with a checklist; saving stores the choice in the user's preferences.
export function ColumnSettings<T extends string>({ all, chosen, labelKey, onSave }: Props<T>) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [selection, setSelection] = useState<string[]>([...chosen]);
  const [error, setError] = useState<unknown>();
  const toggle = (column: string) =>
    setSelection((current) => (current.includes(column) ? current.filter((c) => c !== column) : [...current, column]));
  return (
    <div className="column-settings">
      <button type="button" aria-expanded={open} onClick={() => { setSelection([...chosen]); setOpen(!open); }}>
        ⚙ {t('licenses.tableSettings')}
      </button>
      {open && (
        <fieldset className="popover">
          <legend className="visually-hidden">{t('licenses.tableSettings')}</legend>
          {all.map((column) => (
            <label key={column} className="check">
              <input type="checkbox" checked={selection.includes(column)} onChange={() => toggle(column)} />
              {t(labelKey(column))}
            </label>
          ))}
          {selection.length === 0 && <p className="hint">{t('prefs.atLeastOne')}</p>}
          <ErrorMessage error={error} />
          <div className="form-actions">
            <button type="button" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
            <button
              type="button"
              className="button-primary"
              disabled={selection.length === 0}
              onClick={async () => {
                try {
                  await onSave(all.filter((column) => selection.includes(column)));
                  setOpen(false);
                } catch (failure) {
                  setError(failure);
                }
              }}
            >
              {t('common.save')}
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}
