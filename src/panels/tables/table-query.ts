import { quoteIdentifier } from '../../db/sql-utils';

const MAX_SELECTED_IN_FILTER = 5000;

/** A column of a table (information_schema). */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** The SQL of one page of a table view: search over text columns, one column filter, map selection, sort. */
export function buildTableQuery(p: {
  columns: ColumnInfo[];
  search: string;
  filter: { column: string; value: string } | null;
  selectedIds: string[] | null;
  keyColumn: string | null;
  sort: { column: string; desc: boolean } | null;
}): { where: string; params: unknown[]; order: string } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const text = p.columns.filter((c) => c.type === 'VARCHAR');
  if (p.search.trim() && text.length) {
    clauses.push(`(${text.map((c) => `${quoteIdentifier(c.name)} ILIKE ?`).join(' OR ')})`);
    for (let i = 0; i < text.length; i++) params.push(`%${p.search.trim()}%`);
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

