import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Webhook, WebhookDelivery, WebhookDeliveryPage } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { isPageSize } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { EmptyState } from './EmptyState';
import { ErrorMessage } from './ErrorMessage';
import { Pagination } from './Pagination';

const STATUS_CLASS: Record<WebhookDelivery['status'], string> = { pending: 'warn', sent: 'ok', failed: 'bad' };
// While a delivery waits for the worker, the log looks again this often.
const REFRESH_MS = 1500;

interface Props {
  webhook: Webhook;
  page: number;
  perPage: number;
  onPage(page: number, perPage: number): void;
}

// The delivery log of one webhook, newest first, and its test-send button.
export function WebhookDeliveries({ webhook, page, perPage, onPage }: Props) {
  const { t, language } = useI18n();
  const size = isPageSize(perPage) ? perPage : 25;
  const query = { page, per_page: size };
  const path = `/api/v1/webhooks/${webhook.id}/deliveries`;
  const deliveries = useAsync(() => api.get<WebhookDeliveryPage>(path, query), path + JSON.stringify(query));
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const items = deliveries.data?.items ?? [];
  const pending = items.some((delivery) => delivery.status === 'pending');
  const { reload } = deliveries;
  useEffect(() => {
    if (!pending) return undefined;
    const timer = window.setTimeout(reload, REFRESH_MS);
    return () => window.clearTimeout(timer);
  }, [pending, reload, deliveries.data]);

  const sendTest = async () => {
    setError(undefined);
    setNotice(undefined);
    try {
      await api.post<WebhookDelivery>(`/api/v1/webhooks/${webhook.id}/test`);
      setNotice(t('webhooks.testQueued'));
      if (page === 1) reload();
      else onPage(1, size);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section className="card subsection" aria-labelledby="deliveries-title">
      <div className="page-header">
        <h2 id="deliveries-title">{t('webhooks.deliveriesOf', { url: webhook.url })}</h2>
        <div className="button-row">
          <button type="button" onClick={() => void sendTest()}>{t('webhooks.sendTest')}</button>
          <button type="button" onClick={reload}>{t('webhooks.refresh')}</button>
        </div>
      </div>
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      <ErrorMessage error={error} />
      <ErrorMessage error={deliveries.error} onRetry={reload} />
      {items.length > 0 && (
        <div className="table-wrap" aria-busy={deliveries.loading}>
          <table className="table" id="deliveries-table">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.created')}</th>
                <th scope="col">{t('webhooks.event')}</th>
                <th scope="col">{t('webhooks.deliveryStatus')}</th>
                <th scope="col">{t('webhooks.attempts')}</th>
                <th scope="col">{t('webhooks.lastError')}</th>
                <th scope="col">{t('webhooks.sentAt')}</th>
                <th scope="col">{t('webhooks.nextAttempt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{formatDateTime(delivery.created_at, language)}</td>
                  <td className="mono">{delivery.event_type}</td>
                  <td><span className={`badge badge-${STATUS_CLASS[delivery.status]}`}>{t(`webhooks.status.${delivery.status}`)}</span></td>
                  <td className="num">{delivery.attempts}</td>
                  <td>{delivery.last_error ?? t('common.none')}</td>
                  <td>{formatDateTime(delivery.sent_at, language)}</td>
                  <td>{delivery.status === 'pending' ? formatDateTime(delivery.next_attempt_at, language) : t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deliveries.data && items.length === 0 && <EmptyState>{t('webhooks.noDeliveries')}</EmptyState>}
      {deliveries.data && (
        <Pagination idPrefix="deliveries" page={page} perPage={size} total={deliveries.data.total}
          onPage={(p) => onPage(p, size)} onPerPage={(s) => onPage(1, s)} />
      )}
    </section>
  );
}
