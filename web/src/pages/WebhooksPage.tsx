import { useState } from 'react';
import { api } from '../api/client';
import type { CreatedWebhook, Webhook, WebhookInput, WebhookPage } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Pagination } from '../components/Pagination';
import { SearchBox } from '../components/SearchBox';
import { SortHeader } from '../components/SortHeader';
import { WebhookDeliveries } from '../components/WebhookDeliveries';
import { WebhookForm } from '../components/WebhookForm';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import type { ListDefaults } from '../lib/listParams';
import { useAsync } from '../lib/useAsync';
import { useListState } from '../lib/useListState';

const DEFAULTS: ListDefaults = { sort: 'created_at', perPage: 25 };

// The company's webhooks (admins): create (the signing secret is shown once), edit, delete,
// and the delivery log with a test-send of the one chosen in the URL (?webhook=ID).
export function WebhooksPage() {
  const { t, language } = useI18n();
  const { state, params, update } = useListState(DEFAULTS);
  const query = { q: state.q, sort: state.sort, page: state.page, per_page: state.perPage };
  const webhooks = useAsync(() => api.get<WebhookPage>('/api/v1/webhooks', query), JSON.stringify(query));
  const [created, setCreated] = useState<CreatedWebhook>();
  const [editing, setEditing] = useState<Webhook>();
  const [deleting, setDeleting] = useState<Webhook>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const selectedId = Number(params.get('webhook')) || undefined;
  const selected = useAsync(
    () => (selectedId ? api.get<Webhook>(`/api/v1/webhooks/${selectedId}`) : Promise.resolve(undefined)),
    `${selectedId}`,
  );
  const deliveryPage = Number(params.get('dpage')) || 1;
  const deliveryPerPage = Number(params.get('dper_page')) || 25;
  const items = webhooks.data?.items ?? [];

  const showDeliveries = (id: number | null, page = 1, perPage = 25) =>
    update({
      page: state.page,
      filters: {
        webhook: id === null ? null : String(id),
        dpage: page > 1 ? String(page) : null,
        dper_page: perPage !== 25 ? String(perPage) : null,
      },
    });

  const create = async (fields: WebhookInput) => {
    const webhook = await api.post<CreatedWebhook>('/api/v1/webhooks', fields);
    setCreated(webhook);
    setNotice(undefined);
    webhooks.reload();
  };

  const save = async (webhook: Webhook, fields: Partial<Webhook>) => {
    await api.patch<Webhook>(`/api/v1/webhooks/${webhook.id}`, fields);
    setEditing(undefined);
    setNotice(t('webhooks.saved', { url: webhook.url }));
    webhooks.reload();
    if (webhook.id === selectedId) selected.reload();
  };

  const remove = async (webhook: Webhook) => {
    setError(undefined);
    try {
      await api.delete(`/api/v1/webhooks/${webhook.id}`);
      setNotice(t('webhooks.deleted', { url: webhook.url }));
      if (webhook.id === selectedId) showDeliveries(null);
      webhooks.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setDeleting(undefined);
    }
  };

  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{t('webhooks.title')}</h1>
      <p className="hint">{t('webhooks.intro')}</p>
      <section className="card" aria-labelledby="webhook-new-title">
        <h2 id="webhook-new-title">{t('webhooks.new')}</h2>
        <WebhookForm idPrefix="webhook-new" submitLabel={t('webhooks.create')} onSubmit={create} />
      </section>
      {created && (
        <div className="alert alert-info secret-shown" role="status">
          <span>{t('webhooks.secretOnce', { url: created.url })}</span>
          <code id="webhook-secret" className="break">{created.secret}</code>
          <CopyButton text={created.secret ?? ''} label={t('webhooks.copySecret')} />
          <button type="button" className="button-link" onClick={() => setCreated(undefined)}>{t('common.close')}</button>
        </div>
      )}
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      <ErrorMessage error={error} />
      <div className="toolbar">
        <SearchBox id="webhook-search" label={t('webhooks.search')} value={state.q} onSearch={(q) => update({ q }, { replace: true })} />
      </div>
      <ErrorMessage error={webhooks.error} onRetry={webhooks.reload} />
      {items.length > 0 && (
        <div className="table-wrap" aria-busy={webhooks.loading}>
          <table className="table" id="webhooks-table">
            <thead>
              <tr>
                <SortHeader column="url" sort={state.sort} sortable onSort={(sort) => update({ sort })}>{t('webhooks.url')}</SortHeader>
                <th scope="col">{t('webhooks.description')}</th>
                <th scope="col">{t('webhooks.events')}</th>
                <th scope="col">{t('webhooks.state')}</th>
                <SortHeader column="created_at" sort={state.sort} sortable onSort={(sort) => update({ sort })}>{t('webhooks.created')}</SortHeader>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((webhook) => (
                <tr key={webhook.id} className={webhook.enabled ? undefined : 'row-muted'} aria-current={webhook.id === selectedId || undefined}>
                  <td className="break mono">{webhook.url}</td>
                  <td>{webhook.description}</td>
                  <td>{webhook.events.map((event) => t(`webhooks.event.${event}`)).join(', ')}</td>
                  <td>
                    <span className={`badge badge-${webhook.enabled ? 'ok' : 'info'}`}>
                      {webhook.enabled ? t('webhooks.on') : t('webhooks.off')}
                    </span>
                  </td>
                  <td>{formatDateTime(webhook.created_at, language)}</td>
                  <td className="row-actions">
                    <button type="button" className="button-link" aria-label={`${t('webhooks.deliveries')}: ${webhook.url}`}
                      onClick={() => showDeliveries(webhook.id)}>{t('webhooks.deliveries')}</button>
                    <button type="button" className="button-link" aria-label={`${t('common.edit')}: ${webhook.url}`}
                      onClick={() => setEditing(webhook)}>{t('common.edit')}</button>
                    <button type="button" className="button-link text-bad" aria-label={`${t('common.delete')}: ${webhook.url}`}
                      onClick={() => setDeleting(webhook)}>{t('common.delete')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {webhooks.data && items.length === 0 && (
        <EmptyState>{state.q ? t('webhooks.emptySearch', { q: state.q }) : t('webhooks.empty')}</EmptyState>
      )}
      {webhooks.data && (
        <Pagination idPrefix="webhooks" page={state.page} perPage={state.perPage} total={webhooks.data.total}
          onPage={(page) => update({ page })} onPerPage={(perPage) => update({ perPage })} />
      )}
      <ErrorMessage error={selected.error} />
      {selected.data && (
        <WebhookDeliveries webhook={selected.data} page={deliveryPage} perPage={deliveryPerPage}
          onPage={(page, perPage) => showDeliveries(selected.data!.id, page, perPage)} />
      )}
      {editing && (
        <Dialog title={t('webhooks.edit')} onClose={() => setEditing(undefined)}>
          <WebhookForm idPrefix="webhook-edit" initial={editing} submitLabel={t('common.save')}
            onSubmit={(fields) => save(editing, fields)} onCancel={() => setEditing(undefined)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('webhooks.delete')}
          message={t('webhooks.confirmDelete', { url: deleting.url })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
}
