import { ApiError } from '../api/client';
import type { BulkDeviceResults } from '../api/types';
import { errorText, useI18n } from '../i18n/i18n';

interface Props {
  title: string;
  results: BulkDeviceResults['results'];
  names: Map<number, string>;
  onClose(): void;
}

// What a device action did to each device: done, or refused with the reason in words.
export function BulkResults({ title, results, names, onClose }: Props) {
  const { t } = useI18n();
  return (
    <div className="bulk-results" role="status" aria-label={t('devices.results')}>
      <strong>
        {title}: {t('devices.resultSummary', {
          ok: results.filter((r) => r.ok).length,
          failed: results.filter((r) => !r.ok).length,
        })}
      </strong>
      <ul>
        {results.map((result) => (
          <li key={result.device_id} className={result.ok ? 'text-ok' : 'text-bad'}>
            {names.get(result.device_id) ?? `#${result.device_id}`}:{' '}
            {result.ok ? t('devices.resultOk') : errorText(t, new ApiError(409, result.error?.code ?? 'unknown', result.error?.message ?? ''))}
          </li>
        ))}
      </ul>
      <button type="button" className="button-link" onClick={onClose}>{t('common.close')}</button>
    </div>
  );
}
