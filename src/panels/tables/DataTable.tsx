import type { Row } from '../../db/tabular-db';
import { useAppStore } from '../../state/store';
import { cellText, type ColumnView } from './column-view';

/**
 * A plain result table: click a header to sort (when `onSort` is given), click a row to select it.
 * With `views`, headers show field labels (the database name as tooltip) and cells their display
 * text; without, the raw column names and values. Cell text is rendered as React text nodes, never
 * as HTML.
 */
export function DataTable(props: {
  rows: Row[];
  columns?: string[];
  views?: ColumnView[];
  sort?: { column: string; desc: boolean } | null;
  onSort?: (column: string) => void;
  selectedKeys?: ReadonlySet<string>;
  rowKey?: (r: Row) => string | null;
  onRowClick?: (r: Row, additive: boolean) => void;
  testId?: string;
}) {
  const lang = useAppStore((s) => s.ui.lang);
  const views: ColumnView[] =
    props.views ??
    (props.columns ?? (props.rows[0] ? Object.keys(props.rows[0]) : [])).map((name) => ({
      name,
      label: name,
      title: name,
      numeric: props.rows.some((r) => typeof r[name] === 'number'),
      field: null,
      text: (v: unknown) => cellText(v, lang),
    }));
  return (
    <div className="db-table-wrap">
      <table className="db-table" data-testid={props.testId}>
        <thead>
          <tr>
            {views.map((c) => (
              <th
                key={c.name}
                title={c.title}
                data-column={c.name}
                onClick={props.onSort ? () => props.onSort!(c.name) : undefined}
                className={[props.onSort ? 'sortable' : '', c.numeric ? 'num' : ''].filter(Boolean).join(' ') || undefined}
              >
                {c.label}
                {props.sort?.column === c.name ? (props.sort.desc ? ' ▼' : ' ▲') : ''}
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
                {views.map((c) => {
                  const text = c.text(r[c.name]);
                  return (
                    <td key={c.name} className={c.numeric ? 'num' : undefined} title={text.length > 24 ? text : undefined}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
