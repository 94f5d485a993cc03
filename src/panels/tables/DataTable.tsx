import type { Row } from '../../db/tabular-db';

/** Text of a cell (never HTML): numbers rounded for display, objects as JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return JSON.stringify(v);
}

/**
 * A plain result table: click a header to sort (when `onSort` is given), click a row to select it.
 * Cell text is rendered as React text nodes, never as HTML.
 */
export function DataTable(props: {
  rows: Row[];
  columns?: string[];
  sort?: { column: string; desc: boolean } | null;
  onSort?: (column: string) => void;
  selectedKeys?: ReadonlySet<string>;
  rowKey?: (r: Row) => string | null;
  onRowClick?: (r: Row, additive: boolean) => void;
  testId?: string;
}) {
  const columns = props.columns ?? (props.rows[0] ? Object.keys(props.rows[0]) : []);
  return (
    <div className="db-table-wrap">
      <table className="db-table" data-testid={props.testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} onClick={props.onSort ? () => props.onSort!(c) : undefined} className={props.onSort ? 'sortable' : undefined}>
                {c}
                {props.sort?.column === c ? (props.sort.desc ? ' ▼' : ' ▲') : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => {
            const key = props.rowKey?.(r) ?? null;
            const selected = key !== null && !!props.selectedKeys?.has(key);
            return (
              <tr
                key={key ?? i}
                className={selected ? 'selected' : undefined}
                data-selected={selected ? 'true' : undefined}
                onClick={props.onRowClick ? (e) => props.onRowClick!(r, e.ctrlKey || e.metaKey || e.shiftKey) : undefined}
              >
                {columns.map((c) => (
                  <td key={c}>{cellText(r[c])}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
