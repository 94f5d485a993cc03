import { quoteIdentifier } from '../../db/sql-utils';
import { withDb } from '../../db/db-session';
import type { Row, TabularDb } from '../../db/tabular-db';

const MAX_SELECTED_IN_FILTER = 5000;

/** A column of a table (information_schema). */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** A table's columns with their DuckDB types, in table order (what the table view builds its query from). */
export async function tableColumns(db: TabularDb, table: string): Promise<ColumnInfo[]> {
  const cols = await db.query('SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position', [table]);
  return cols.map((c) => ({ name: String(c.name), type: String(c.type) }));
}

/*
 * The 表格 tab's reads go through the database's queue (withDb): beside a project load the table
 * was dropped under them ("Table with name … does not exist" flashed in the tab), beside an
 * indicator run they read its TEMP stand-ins (every column of the households twice, and the
 * stand-in's added columns). They wait for a run under way (about a second on the demo county).
 * `signal`: the tab moved on before their turn (they then never run).
 */

/** The table view's columns of `table` ({@link tableColumns}) in the app's database. */
export function readTableColumns(table: string, signal?: AbortSignal): Promise<ColumnInfo[]> {
  return withDb((db) => tableColumns(db, table), signal);
}

/** One page of `table` as filtered and sorted by `q` ({@link buildTableQuery}), and how many rows match in all. */
export function readTablePage(table: string, q: { where: string; params: unknown[]; order: string }, page: number, size: number, signal?: AbortSignal): Promise<{ rows: Row[]; total: number }> {
  return withDb(async (db) => {
    const name = quoteIdentifier(table);
    const [count] = await db.query(`SELECT count(*) AS n FROM ${name}${q.where}`, q.params);
    const rows = await db.query(`SELECT * FROM ${name}${q.where}${q.order} LIMIT ${size} OFFSET ${page * size}`, q.params);
    return { rows, total: Number(count.n) };
  }, signal);
}

/** Every row of `table` as filtered and sorted by `q` (the table view's export). */
export function readWholeTable(table: string, q: { where: string; params: unknown[]; order: string }): Promise<Row[]> {
  return withDb((db) => db.query(`SELECT * FROM ${quoteIdentifier(table)}${q.where}${q.order}`, q.params));
}

/**
 * The SQL of one page of a table view: search over text columns (and over enum columns whose
 * label matched, given as `searchCodes`), one column filter, map selection, sort — all on the raw
 * stored values.
 */
export function buildTableQuery(p: {
  columns: ColumnInfo[];
  search: string;
  /** Enum codes whose label contains the search text (see enumCodesMatching): rows with them match too. */
  searchCodes?: { column: string; codes: string[] }[];
  filter: { column: string; value: string } | null;
  selectedIds: string[] | null;
  keyColumn: string | null;
  sort: { column: string; desc: boolean } | null;
}): { where: string; params: unknown[]; order: string } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const text = p.columns.filter((c) => c.type === 'VARCHAR');
  const codes = (p.searchCodes ?? []).filter((m) => m.codes.length && p.columns.some((c) => c.name === m.column));
  if (p.search.trim() && text.length + codes.length) {
    const ors = text.map((c) => `${quoteIdentifier(c.name)} ILIKE ?`);
    for (let i = 0; i < text.length; i++) params.push(`%${p.search.trim()}%`);
    for (const m of codes) {
      ors.push(`CAST(${quoteIdentifier(m.column)} AS VARCHAR) IN (${m.codes.map(() => '?').join(', ')})`);
      params.push(...m.codes);
    }
    clauses.push(`(${ors.join(' OR ')})`);
  }
  if (p.filter && p.columns.some((c) => c.name === p.filter!.column)) {
    clauses.push(`CAST(${quoteIdentifier(p.filter.column)} AS VARCHAR) = ?`);
    params.push(p.filter.value);
  }
  if (p.selectedIds && p.keyColumn) {
    const ids = p.selectedIds.slice(0, MAX_SELECTED_IN_FILTER);
    clauses.push(ids.length ? `CAST(${quoteIdentifier(p.keyColumn)} AS VARCHAR) IN (${ids.map(() => '?').join(', ')})` : 'FALSE');
    params.push(...ids);
  }
  const where = clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
  const order = p.sort && p.columns.some((c) => c.name === p.sort!.column) ? ` ORDER BY ${quoteIdentifier(p.sort.column)} ${p.sort.desc ? 'DESC' : 'ASC'} NULLS LAST` : '';
  return { where, params, order };
}

/**
 * The table the 表格 tab shows: the one the user picked while it exists, else the first that has
 * rows (a new county's first table alphabetically is often an empty 分隔障碍), else the first.
 * @param picked - the user's choice ('' when none)
 * @param names - the tables in display order
 * @param rows - row count per table
 * @example defaultTable('', ['barriers', 'built_up'], { barriers: 0, built_up: 35 }) // 'built_up'
 */
export function defaultTable(picked: string, names: readonly string[], rows: Readonly<Record<string, number>>): string {
  if (picked && rows[picked] !== undefined) return picked;
  return names.find((n) => rows[n] > 0) ?? names[0] ?? '';
}
