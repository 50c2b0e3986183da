import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Export, ExportFormat, ExportRequest } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage } from './ErrorMessage';

const FORMATS: readonly ExportFormat[] = ['xlsx', 'csv'];
const POLL_MS = 700;

// Export of the list on screen (SPEC.md §3): the request carries the list's current search,
// filters and sort, the server writes the file in the background, and this polls its state
// until a download link can be shown.
export function ExportButton({ request }: { request: Omit<ExportRequest, 'format'> }) {
  const { t } = useI18n();
  const [job, setJob] = useState<Export>();
  const [error, setError] = useState<unknown>();
  const timer = useRef<number>();
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const poll = (id: number) => {
    timer.current = window.setTimeout(async () => {
      try {
        const state = await api.get<Export>(`/api/v1/exports/${id}`);
        setJob(state);
        if (state.status === 'failed') {
          setError(new ApiError(500, state.error?.code ?? 'export_failed', state.error?.message ?? ''));
        } else if (state.status !== 'done') {
          poll(id);
        }
      } catch (failure) {
        setError(failure);
      }
    }, POLL_MS);
  };

  const start = async (format: ExportFormat) => {
    window.clearTimeout(timer.current);
    setError(undefined);
    setJob(undefined);
    try {
      const queued = await api.post<Export>('/api/v1/exports', { ...request, format });
      setJob(queued);
      poll(queued.id);
    } catch (failure) {
      setError(failure);
    }
  };

  const progress = job?.status === 'pending' || job?.status === 'running' ? job.status : undefined;
  return (
    <div className="export" role="group" aria-label={t('export.title')}>
      {FORMATS.map((format) => (
        <button key={format} type="button" disabled={progress !== undefined} onClick={() => void start(format)}>
          {t('export.start', { format: format.toUpperCase() })}
        </button>
      ))}
      <span role="status" aria-live="polite" className="export-state">
        {progress && <span className="export-progress" aria-busy="true">{t(`export.${progress}`)}</span>}
        {job?.status === 'done' && job.download_url && (
          <a href={job.download_url} className="export-link" download>
            {t('export.download', { format: job.format.toUpperCase(), rows: job.rows ?? 0 })}
          </a>
        )}
      </span>
      <ErrorMessage error={error} />
    </div>
  );
}
