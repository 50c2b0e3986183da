import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { StaleRule } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useAsync } from '../lib/useAsync';
import { ErrorMessage } from './ErrorMessage';

// The company's automatic stale-device rule: while on, the server deactivates the company's
// devices not seen for the given days every hour.
export function StaleRuleCard({ companyId, readOnly }: { companyId: number; readOnly: boolean }) {
  const { t } = useI18n();
  const path = `/api/v1/companies/${companyId}/stale-rule`;
  const rule = useAsync(() => api.get<StaleRule>(path), path);
  const [enabled, setEnabled] = useState(false);
  const [days, setDays] = useState('90');
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!rule.data) return;
    setEnabled(rule.data.enabled);
    setDays(String(rule.data.days));
  }, [rule.data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setNotice(undefined);
    try {
      const saved = await api.put<StaleRule>(path, { enabled, days: Number(days) });
      rule.setData(saved);
      setNotice(saved.enabled ? t('stale.ruleOn', { days: saved.days }) : t('stale.ruleOff'));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form className="card subsection" onSubmit={save} aria-labelledby="stale-rule-title">
      <h2 id="stale-rule-title">{t('stale.rule')}</h2>
      <p className="hint">{t('stale.ruleHelp')}</p>
      <ErrorMessage error={rule.error} onRetry={rule.reload} />
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={enabled} disabled={readOnly || !rule.data} onChange={(e) => setEnabled(e.target.checked)} />
          {t('stale.ruleEnabled')}
        </label>
        <label htmlFor="stale-rule-days">{t('stale.days')}</label>
        <input id="stale-rule-days" type="number" min={1} max={3650} required value={days} disabled={readOnly || !rule.data}
          onChange={(e) => setDays(e.target.value)} />
        {!readOnly && <button type="submit" className="button-primary" disabled={!rule.data}>{t('stale.ruleSave')}</button>}
      </div>
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      <ErrorMessage error={error} />
    </form>
  );
}
