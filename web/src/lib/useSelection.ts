import { useState } from 'react';
import { toggled } from './toggled';

// The rows ticked in a list with a select-all box for the rows on the page (`ids`).
export function useSelection(ids: readonly number[]) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const allSelected = ids.length > 0 && ids.every((id) => selected.has(id));
  return {
    selected,
    setSelected,
    allSelected,
    toggle: (id: number) => setSelected((current) => toggled(current, id)),
    toggleAll: () => setSelected(allSelected ? new Set() : new Set(ids)),
  };
}
