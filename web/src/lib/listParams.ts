// List state (search, sort, page, page size and filters) lives in the URL, so a list can be
// shared, reloaded and walked back with the browser's back button. Defaults are left out of
// the URL to keep links short.

export const PAGE_SIZES = [10, 25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export interface ListState {
  q: string;
  sort: string;
  page: number;
  perPage: PageSize;
}

export interface ListDefaults {
  sort: string;
  perPage: PageSize;
}

export function isPageSize(value: number): value is PageSize {
  return (PAGE_SIZES as readonly number[]).includes(value);
}

function positiveInt(text: string | null): number | null {
  if (text === null || !/^\d{1,9}$/.test(text)) return null;
  const value = Number(text);
  return value >= 1 ? value : null;
}

export function readListState(params: URLSearchParams, defaults: ListDefaults): ListState {
  const perPage = positiveInt(params.get('per_page'));
  return {
    q: params.get('q') ?? '',
    sort: params.get('sort') || defaults.sort,
    page: positiveInt(params.get('page')) ?? 1,
    perPage: perPage !== null && isPageSize(perPage) ? perPage : defaults.perPage,
  };
}

export type ListChange = Partial<ListState> & { filters?: Record<string, string | string[] | null> };

// The next URL parameters. Anything but a page change starts again on page 1, because the
// old page number means nothing in a different result.
export function writeListState(
  params: URLSearchParams,
  change: ListChange,
  defaults: ListDefaults,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | null) => {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  };
  if (change.q !== undefined) set('q', change.q.trim());
  if (change.sort !== undefined) set('sort', change.sort === defaults.sort ? null : change.sort);
  if (change.perPage !== undefined) {
    set('per_page', change.perPage === defaults.perPage ? null : String(change.perPage));
  }
  for (const [key, value] of Object.entries(change.filters ?? {})) {
    next.delete(key);
    if (Array.isArray(value)) value.forEach((item) => next.append(key, item));
    else if (value !== null && value !== '') next.set(key, value);
  }
  const onlyPage = Object.keys(change).every((key) => key === 'page');
  const page = change.page ?? (onlyPage ? readListState(params, defaults).page : 1);
  set('page', page > 1 ? String(page) : null);
  return next;
}

// Clicking a column sorts by it ascending; clicking it again reverses the order.
export function toggleSort(current: string, key: string): string {
  return current === key ? `-${key}` : key;
}

export function sortDirection(current: string, key: string): 'ascending' | 'descending' | 'none' {
  if (current === key) return 'ascending';
  if (current === `-${key}`) return 'descending';
  return 'none';
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}
