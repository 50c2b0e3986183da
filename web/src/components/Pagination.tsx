import { useI18n } from '../i18n/i18n';
import { formatNumber } from '../lib/format';
import { PAGE_SIZES, pageCount, type PageSize } from '../lib/listParams';

interface Props {
  page: number;
  perPage: PageSize;
  total: number;
  onPage(page: number): void;
  onPerPage(perPage: PageSize): void;
  idPrefix: string;
}

export function Pagination({ page, perPage, total, onPage, onPerPage, idPrefix }: Props) {
  const { t, language } = useI18n();
  const pages = pageCount(total, perPage);
  const from = total === 0 ? 0 : (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  return (
    <div className="pagination">
      <label htmlFor={`${idPrefix}-per-page`}>{t('common.perPage')}</label>
      <select
        id={`${idPrefix}-per-page`}
        value={perPage}
        onChange={(event) => onPerPage(Number(event.target.value) as PageSize)}
      >
        {PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
      <span className="pagination-range" aria-live="polite">
        {t('common.showing', { from: formatNumber(from, language), to: formatNumber(to, language), total: formatNumber(total, language) })}
      </span>
      <nav className="pagination-pages" aria-label={t('common.pageOf', { page, pages })}>
        <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
          ‹ {t('common.previous')}
        </button>
        <span>{t('common.pageOf', { page, pages: formatNumber(pages, language) })}</span>
        <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
          {t('common.next')} ›
        </button>
      </nav>
    </div>
  );
}
