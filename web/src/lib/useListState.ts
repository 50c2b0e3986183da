import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { readListState, writeListState, type ListChange, type ListDefaults, type ListState } from './listParams';

// The list state of the current URL and a setter that pushes a history entry (so the back
// button steps back through searches and pages). Typing in a search box replaces the entry
// instead, or every keystroke would be a step.
export function useListState(defaults: ListDefaults) {
  const [params, setParams] = useSearchParams();
  const state: ListState = useMemo(() => readListState(params, defaults), [params, defaults]);
  const update = useCallback(
    (change: ListChange, options: { replace?: boolean } = {}) =>
      setParams((current) => writeListState(current, change, defaults), { replace: options.replace }),
    [setParams, defaults],
  );
  return { state, params, update };
}
