import type { Messages } from '../../i18n';

/** A query the user saved in the SQL console. */
export interface SavedQuery {
  name: string;
  sql: string;
}

/** localStorage key of the saved queries (shared by every tab of this browser). */
export const SAVED_QUERIES_KEY = 'coverage-planner.sql.saved.v1';
const KEY = SAVED_QUERIES_KEY;

/** An example query offered in the console: its name is `db.exampleNames[key]` in the language files. */
export interface ExampleQuery {
  key: keyof Messages['db']['exampleNames'];
  sql: string;
}

/** Example queries offered in the console (read-only). */
export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  // a household's township as every figure counts it: its column, else the township polygon it lies in (township_in, src/db/project-tables.ts)
  { key: 'heatingByTownship', sql: 'SELECT coalesce(township, township_in) AS township, heating, count(*) AS households\nFROM households\nGROUP BY ALL\nORDER BY township, heating' },
  { key: 'cleanCoalView', sql: 'SELECT * FROM indicator_clean_coal' },
  { key: 'dilapidatedOverArea', sql: 'SELECT * FROM indicator_dilapidated_area_rule' },
  { key: 'cleanCoalNoAlarm', sql: "SELECT id, coalesce(township, township_in) AS township, village, coal_tonnes, lon, lat\nFROM households\nWHERE heating = 'clean_coal' AND co_alarm IS NOT TRUE" },
  { key: 'kindergartenPlaces', sql: 'SELECT township, count(*) AS kindergartens, sum(capacity) AS places, sum(enrolled) AS enrolled\nFROM kindergartens GROUP BY ALL ORDER BY township' },
];

/** Parse the stored list; anything malformed is dropped, never thrown. */
export function parseSavedQueries(text: string | null): SavedQuery[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return [];
    return v.filter((q): q is SavedQuery => !!q && typeof q === 'object' && typeof (q as SavedQuery).name === 'string' && typeof (q as SavedQuery).sql === 'string').map((q) => ({ name: q.name, sql: q.sql }));
  } catch {
    return [];
  }
}

/** Add or replace a saved query by name (pure). */
export function upsertSavedQuery(list: readonly SavedQuery[], q: SavedQuery): SavedQuery[] {
  const name = q.name.trim();
  if (!name) throw new Error('a saved query needs a name');
  const rest = list.filter((x) => x.name !== name);
  return [...rest, { name, sql: q.sql }];
}

/** Remove a saved query by name (pure). */
export function removeSavedQuery(list: readonly SavedQuery[], name: string): SavedQuery[] {
  return list.filter((x) => x.name !== name);
}

/** Read the saved queries from localStorage (empty when unavailable). */
export function loadSavedQueries(): SavedQuery[] {
  try {
    return parseSavedQueries(globalThis.localStorage?.getItem(KEY) ?? null);
  } catch {
    return [];
  }
}

/** Write the saved queries to localStorage; returns false when storage refused (quota, private mode). */
export function storeSavedQueries(list: readonly SavedQuery[]): boolean {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(list));
    return globalThis.localStorage?.getItem(KEY) === JSON.stringify(list);
  } catch {
    return false;
  }
}
