import './radii.css';
import { useState, type ReactNode } from 'react';
import type { I18nText } from '../../../layers/types';
import type { ParamDef } from '../../../analysis/params';
import { useT, useText } from '../../i18n';

/** A label already in the UI language, or a {zh, en} pair picked by the current language. */
export type Label = string | I18nText;

function useLabel(): (l: Label) => string {
  const tx = useText();
  return (l: Label) => (typeof l === 'string' ? l : tx(l));
}

/** A number input for one analysis parameter, its unit, and its source as the tooltip (and a mark when it must be confirmed). */
export function ParamInput({ def, value, onChange, testId }: { def: ParamDef; value: number; onChange: (v: number) => void; testId: string }) {
  const tx = useText();
  const t = useT();
  return (
    <label className="param" title={tx(def.source)}>
      <span>
        {tx(def.label)}
        {def.confirm ? <span className="param-confirm" title={t.radii.confirm}> ⚠</span> : null}
      </span>
      <input
        type="number"
        value={Number.isFinite(value) ? value : ''}
        min={def.min}
        max={def.max}
        step="any"
        onChange={(e) => onChange(Number(e.target.value))}
        data-testid={testId}
      />
      {def.unit ? <span className="param-unit">{def.unit}</span> : null}
      <small className="param-source">{tx(def.source)}</small>
    </label>
  );
}

/** A labelled figure; `target` shows the target next to it. */
export function Figure({ label, value, target, testId }: { label: Label; value: string; target?: string; testId?: string }) {
  const tx = useLabel();
  return (
    <div className="figure" data-testid={testId}>
      <span className="figure-label">{tx(label)}</span>
      <strong className="figure-value">{value}</strong>
      {target ? <span className="figure-target">{target}</span> : null}
    </div>
  );
}

export interface Column<R> {
  key: string;
  label: Label;
  value: (r: R) => string | number | null;
  format?: (r: R) => string;
}

/** A table sorted by a click on a column header (again for the other direction). Text only. */
export function SortableTable<R>({ rows, columns, initial, testId, limit = 300 }: { rows: R[]; columns: Column<R>[]; initial: { key: string; desc: boolean }; testId: string; limit?: number }) {
  const tx = useLabel();
  const t = useT();
  const [sort, setSort] = useState(initial);
  const col = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = [...rows].sort((a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''), 'zh');
    return sort.desc ? -c : c;
  });
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} aria-sort={c.key === sort.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" onClick={() => setSort({ key: c.key, desc: c.key === sort.key ? !sort.desc : true })} data-testid={`${testId}-sort-${c.key}`}>
                  {tx(c.label)}
                  {c.key === sort.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.slice(0, limit).map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key}>{c.format ? c.format(r) : String(c.value(r) ?? '')}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > limit ? <p className="note">{t.radii.firstRows(limit, sorted.length)}</p> : null}
    </div>
  );
}

/** Saves text as a file through a temporary object URL (no network, no HTML). */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A section heading and its body. */
export function Section({ title, children }: { title: Label; children: ReactNode }) {
  const tx = useLabel();
  return (
    <section className="panel-section">
      <h3>{tx(title)}</h3>
      {children}
    </section>
  );
}

export const fmt = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** A panel's last error as an alert line, or nothing. Text only. */
export function ErrorAlert({ error }: { error: string | null | undefined }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}
