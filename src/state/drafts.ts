import { create } from 'zustand';

/**
 * Text the user typed into a panel but has not run or saved (SQL, a search, a key), kept outside
 * the panel's component so it survives switching side-bar tabs (the panel is unmounted then).
 * Keys are '<panel>.<field>'. Not persisted: a reload starts from the defaults.
 */
export const useDraftStore = create<{ drafts: Record<string, unknown> }>()(() => ({ drafts: {} }));

/** Sets one draft. Pure updater. */
export function setDraftValue(drafts: Record<string, unknown>, p: { key: string; value: unknown }): Record<string, unknown> {
  return drafts[p.key] === p.value ? drafts : { ...drafts, [p.key]: p.value };
}

/**
 * Like `useState`, but the value lives in {@link useDraftStore} under `key`.
 * @param key - '<panel>.<field>', unique in the app
 * @param initial - the value before the user typed anything
 * @example
 * const [sql, setSql] = useDraft('sql.text', EXAMPLE_QUERIES[0].sql);
 */
export function useDraft<T>(key: string, initial: T): [T, (value: T) => void] {
  const stored = useDraftStore((s) => s.drafts[key]) as T | undefined;
  const set = (value: T) => useDraftStore.setState((s) => ({ drafts: setDraftValue(s.drafts, { key, value }) }));
  return [stored === undefined ? initial : stored, set];
}
