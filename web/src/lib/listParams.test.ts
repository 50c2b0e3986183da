import { describe, expect, it } from 'vitest';
import { pageCount, readListState, sortDirection, toggleSort, writeListState } from './listParams';

const defaults = { sort: 'name', perPage: 25 } as const;

describe('list state in the URL', () => {
  it('reads defaults from an empty URL', () => {
    expect(readListState(new URLSearchParams(''), defaults)).toEqual({ q: '', sort: 'name', page: 1, perPage: 25 });
  });

  it('reads search, sort, page and page size', () => {
    const state = readListState(new URLSearchParams('q=berg&sort=-expires_at&page=3&per_page=50'), defaults);
    expect(state).toEqual({ q: 'berg', sort: '-expires_at', page: 3, perPage: 50 });
  });

  it('ignores page sizes the API refuses and pages below 1', () => {
    const state = readListState(new URLSearchParams('per_page=30&page=0'), defaults);
    expect(state.perPage).toBe(25);
    expect(state.page).toBe(1);
    expect(readListState(new URLSearchParams('page=abc'), defaults).page).toBe(1);
  });

  it('keeps defaults out of the URL', () => {
    const next = writeListState(new URLSearchParams('q=x&page=2'), { sort: 'name', perPage: 25, q: '' }, defaults);
    expect(next.toString()).toBe('');
  });

  it('goes back to page 1 when the search changes, but not on a page change', () => {
    const params = new URLSearchParams('q=a&page=4');
    expect(writeListState(params, { q: 'ab' }, defaults).get('page')).toBeNull();
    expect(writeListState(params, { page: 5 }, defaults).get('page')).toBe('5');
  });

  it('writes repeated filters and removes cleared ones', () => {
    const next = writeListState(new URLSearchParams(''), { filters: { status: ['unknown', 'eol'] } }, defaults);
    expect(next.getAll('status')).toEqual(['unknown', 'eol']);
    expect(writeListState(next, { filters: { status: [] } }, defaults).has('status')).toBe(false);
    expect(writeListState(next, { filters: { hide_expired: '1' } }, defaults).get('hide_expired')).toBe('1');
  });

  it('toggles sorting between ascending and descending', () => {
    expect(toggleSort('name', 'name')).toBe('-name');
    expect(toggleSort('-name', 'name')).toBe('name');
    expect(toggleSort('name', 'customer')).toBe('customer');
    expect(sortDirection('-name', 'name')).toBe('descending');
    expect(sortDirection('customer', 'name')).toBe('none');
  });

  it('counts at least one page', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
    expect(pageCount(10000, 100)).toBe(100);
  });
});
