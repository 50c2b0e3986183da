import type { ReactNode } from 'react';
import { sortDirection, toggleSort } from '../lib/listParams';

interface Props {
  column: string;
  sort: string;
  onSort(sort: string): void;
  sortable?: boolean;
  children: ReactNode;
}

// A column header; sortable ones are buttons (keyboard reachable) and announce their order
// through aria-sort.
export function SortHeader({ column, sort, onSort, sortable = true, children }: Props) {
  if (!sortable) return <th scope="col">{children}</th>;
  const direction = sortDirection(sort, column);
  const arrow = direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '';
  return (
    <th scope="col" aria-sort={direction}>
      <button type="button" className="sort-button" onClick={() => onSort(toggleSort(sort, column))}>
        {children}
        <span className="sort-arrow" aria-hidden="true">
          {arrow}
        </span>
      </button>
    </th>
  );
}
