import { create } from 'zustand';

/**
 * sessionStorage key of the drafts: per tab (two tabs never share or overwrite each other's), kept
 * over a reload of that tab, gone when the tab is closed. Versioned like the saved work's keys.
 */
export const DRAFTS_KEY = 'coverage-planner/v1/drafts';

/**
 * Drafts read back from their stored text: plain strings, numbers and booleans by key; anything
 * else (damaged text, other values) is dropped, never thrown. Pure.
 * @param text - what sessionStorage holds under {@link DRAFTS_KEY}
 */
export function parseDrafts(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== '__proto__' && (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) out[k] = x;
    return out;
  } catch {
    return {};
  }
}

function readDrafts(): Record<string, unknown> {
  try {
    return parseDrafts(globalThis.sessionStorage?.getItem(DRAFTS_KEY) ?? null);
  } catch {
    return {};
  }
}

/**
 * Text the user typed into a panel but has not run or saved (SQL, a search, a key), kept outside
 * the panel's component so it survives switching side-bar tabs (the panel is unmounted then), and
 * in this tab's sessionStorage so it survives a reload (session 16: a long SQL query typed and not
 * yet saved was lost by a reload). Keys are '<panel>.<field>'.
 */
export const useDraftStore = create<{ drafts: Record<string, unknown> }>()(() => ({ drafts: readDrafts() }));

useDraftStore.subscribe((s, prev) => {
  if (s.drafts === prev.drafts) return;
  try {
    globalThis.sessionStorage?.setItem(DRAFTS_KEY, JSON.stringify(s.drafts));
  } catch {
    // storage full or refused: the drafts still hold for this page
  }
});

/** Sets one draft. Pure updater. */
export function setDraftValue(drafts: Record<string, unknown>, p: { key: string; value: unknown }): Record<string, unknown> {
  return drafts[p.key] === p.value ? drafts : { ...drafts, [p.key]: p.value };
}

/**
 * Like `useState`, but the value lives in {@link useDraftStore} under `key`.
 * @param key - '<panel>.<field>', unique in the app
 * @param initial - the value before the user typed anything
 * @example
 * const [sql, setSql] = useDraft('sql.text', EXAMPLE_QUERIES[0].sql(FULL_SCHEMA));
 */
export function useDraft<T>(key: string, initial: T): [T, (value: T) => void] {
  const stored = useDraftStore((s) => s.drafts[key]) as T | undefined;
  const set = (value: T) => useDraftStore.setState((s) => ({ drafts: setDraftValue(s.drafts, { key, value }) }));
  return [stored === undefined ? initial : stored, set];
}
