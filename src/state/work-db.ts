/**
 * IndexedDB names of the saved work. DO NOT CHANGE THESE WITHOUT ADDING MIGRATION LOGIC: a new
 * prefix makes every user's saved project invisible (it would look wiped). A change of the saved
 * shape needs a new version ('v2') and code here that reads 'v1' and converts it.
 */
export const WORK_DB = 'coverage-planner';
export const WORK_STORE = 'work';

let dbPromise: Promise<IDBDatabase> | null = null;

/**
 * The saved work's database, opened once (created on first use). In its own small module so the
 * page's first script (src/main.tsx) can start opening it before the app's bundle runs: at a page
 * load the browser answers it only after 0.3–1.7 s on a busy 2-core machine, and the county is
 * drawn after the saved work was read. A failed open is forgotten, so the next call tries again.
 */
export function openWorkDb(): Promise<IDBDatabase> {
  if (!dbPromise) {
    dbPromise = new Promise<IDBDatabase>((ok, fail) => {
      if (!globalThis.indexedDB) {
        fail(new Error('IndexedDB is not available'));
        return;
      }
      const r = indexedDB.open(WORK_DB, 1);
      r.onupgradeneeded = () => {
        if (!r.result.objectStoreNames.contains(WORK_STORE)) r.result.createObjectStore(WORK_STORE);
      };
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error ?? new Error('IndexedDB could not be opened'));
      r.onblocked = () => fail(new Error('IndexedDB is blocked by another tab'));
    });
    dbPromise.catch(() => (dbPromise = null));
  }
  return dbPromise;
}
