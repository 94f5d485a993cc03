/**
 * Whether the saved work needs the demo county's layers, noted in localStorage next to each save so
 * the page's first script (src/main.tsx) can tell before IndexedDB is open whether to start loading
 * the demo county early. Only a hint for speed: a stale one costs a load started for nothing or
 * started later, never a wrong project (the saved work is read from IndexedDB as always).
 */
export const DEMO_HINT_KEY = 'coverage-planner:saved-work-uses-demo';

/**
 * Notes whether the saved work takes layers from the demo county.
 * @param layers - the saved meta's layer sources ('demo' or 'saved'), or null when nothing is saved
 */
export function noteSavedWorkSources(layers: Readonly<Record<string, 'demo' | 'saved' | undefined>> | null): void {
  try {
    if (!layers) globalThis.localStorage?.removeItem(DEMO_HINT_KEY);
    else globalThis.localStorage?.setItem(DEMO_HINT_KEY, Object.values(layers).includes('demo') ? '1' : '0');
  } catch {
    /* storage unavailable: no hint, the demo starts early as by default */
  }
}

/** False only when the last save noted saved work without any demo layer; true when unknown. */
export function savedWorkMayUseDemo(): boolean {
  try {
    return globalThis.localStorage?.getItem(DEMO_HINT_KEY) !== '0';
  } catch {
    return true;
  }
}
