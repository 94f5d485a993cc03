import type { Messages } from '../../i18n';

/** A query the user saved in the SQL console. */
export interface SavedQuery {
  name: string;
  sql: string;
}

/** localStorage key of the saved queries (shared by every tab of this browser). */
export const SAVED_QUERIES_KEY = 'coverage-planner.sql.saved.v1';
const KEY = SAVED_QUERIES_KEY;

/** Tables and their columns as the database holds them (`readSchema`, src/db/indicator-status.ts). */
export type TableSchema = ReadonlyMap<string, ReadonlySet<string>>;

/** An example query offered in the console: its name is `db.exampleNames[key]` in the language files. */
export interface ExampleQuery {
  key: keyof Messages['db']['exampleNames'];
  /** Columns it reads by table, besides `id`, `lon`, `lat` and the township ({@link townshipOf}). */
  needs: Readonly<Record<string, readonly string[]>>;
  /** Its SQL for the tables as they are. */
  sql(schema: TableSchema): string;
}

/**
 * The township of a row of `table` as every panel and command counts it: its `township` column
 * where filled, else the township polygon it lies in (`township_in`, src/db/project-tables.ts) —
 * written for the columns the table has: a households file without a township column has only
 * `township_in` (until session 20 the examples then failed with "Referenced column township not
 * found"), a kindergartens layer without townships neither (NULL). Pure.
 * @example townshipOf(new Map([['households', new Set(['id', 'township_in'])]]), 'households') // 'township_in'
 */
export function townshipOf(schema: TableSchema, table: string): string {
  const cols = schema.get(table);
  const township = !!cols?.has('township');
  const polygon = !!cols?.has('township_in');
  if (township && polygon) return 'coalesce(township, township_in)';
  if (polygon) return 'township_in';
  if (township) return 'township';
  return 'NULL::VARCHAR';
}

/** What an example lacks in the tables as they are: a table (column undefined) or a column of one. Pure. */
export function exampleMissing(q: ExampleQuery, schema: TableSchema): { table: string; column?: string }[] {
  const out: { table: string; column?: string }[] = [];
  for (const [table, cols] of Object.entries(q.needs)) {
    const have = schema.get(table);
    if (!have) out.push({ table });
    else for (const c of cols) if (!have.has(c)) out.push({ table, column: c });
  }
  return out;
}

/**
 * Example queries offered in the console (read-only). `indicator_*` tables are computed by the
 * console before a statement that reads them when the indicators have not run on the loaded
 * tables (run-console.ts ensureIndicatorTables).
 */
export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  {
    key: 'heatingByTownship',
    needs: { households: ['heating'] },
    sql: (s) => `SELECT ${townshipOf(s, 'households')} AS township, heating, count(*) AS households\nFROM households\nGROUP BY ALL\nORDER BY township, heating`,
  },
  { key: 'cleanCoalView', needs: {}, sql: () => 'SELECT * FROM indicator_clean_coal' },
  { key: 'dilapidatedOverArea', needs: {}, sql: () => 'SELECT * FROM indicator_dilapidated_area_rule' },
  {
    key: 'cleanCoalNoAlarm',
    needs: { households: ['village', 'coal_tonnes', 'heating', 'co_alarm'] },
    sql: (s) => `SELECT id, ${townshipOf(s, 'households')} AS township, village, coal_tonnes, lon, lat\nFROM households\nWHERE heating = 'clean_coal' AND co_alarm IS NOT TRUE`,
  },
  {
    key: 'kindergartenPlaces',
    needs: { kindergartens: ['capacity', 'enrolled'] },
    // a kindergarten without a township field counts in the polygon it stands in, as in the 幼儿园 panel
    sql: (s) => `SELECT ${townshipOf(s, 'kindergartens')} AS township, count(*) AS kindergartens, sum(capacity) AS places, sum(enrolled) AS enrolled\nFROM kindergartens GROUP BY ALL ORDER BY township`,
  },
];

/** The tables of a county with every column the examples read (the demo's): the SQL before the tables are known. */
export const FULL_SCHEMA: TableSchema = new Map([
  ['households', new Set(['id', 'lon', 'lat', 'township', 'township_in', 'village', 'heating', 'coal_tonnes', 'co_alarm'])],
  ['kindergartens', new Set(['id', 'lon', 'lat', 'township', 'township_in', 'capacity', 'enrolled'])],
]);

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
