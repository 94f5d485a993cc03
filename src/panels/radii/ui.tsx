import './radii.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { I18nText } from '../../../layers/types';
import { checkParam, checkParams, fromPanel, type ParamDef, type ParamProblem } from '../../../analysis/params';
import type { RunState } from './cancellable-run';
import type { AnalysisWarning } from '../../../analysis/analysis-warning';
import { useT, useText } from '../../i18n';
import { toXlsx, type XlsxSheet } from '../../../analysis/xlsx-export';
import { useAppStore } from '../../state/store';
import { messageInLanguage } from '../../../analysis/user-error';
import { resultLayersKml } from '../../export/kml';
import { appAboutSheets } from '../../export/about-app';
import { downloadBlob, safeFileName } from '../../export/file-name';

/** A label already in the UI language, or a {zh, en} pair picked by the current language. */
export type Label = string | I18nText;

function useLabel(): (l: Label) => string {
  const tx = useText();
  return (l: Label) => (typeof l === 'string' ? l : tx(l));
}

/**
 * A number input for one analysis parameter, its unit, and its source as the tooltip (and a mark
 * when it must be confirmed). A value outside the parameter's declared range (or an empty / non-
 * numeric entry, passed on as NaN) is shown as an error next to the field, naming the field and
 * the allowed range; the panel disables its run button (see {@link panelProblems}).
 */
export function ParamInput({
  def,
  value,
  onChange,
  onCommit,
  onReset,
  testId,
  problem,
}: {
  def: ParamDef;
  value: number;
  onChange: (v: number) => void;
  /** Called on blur and Enter: the typed value is committed (to the project's params). */
  onCommit?: () => void;
  /** Given: a value other than the default shows it, the default and its source, and a reset button. */
  onReset?: () => void;
  testId: string;
  /** A problem of this value found with the others (a turnout not below the threshold: {@link ParamDef.below}), shown when the value alone is fine. */
  problem?: ParamProblem;
}) {
  const tx = useText();
  const t = useT();
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (Number.isFinite(value) ? String(value) : '');
  const own = checkParam(def, value, { kind: 'panel' });
  const check = own.ok && problem ? { ok: false as const, problem } : own;
  return (
    <label className="param" title={tx(def.source)}>
      <span>
        {tx(def.label)}
        {def.confirm ? <span className="param-confirm" title={t.radii.confirm}> ⚠</span> : null}
      </span>
      <input
        type="number"
        value={shown}
        min={def.min}
        max={def.max}
        step="any"
        aria-invalid={!check.ok}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? Number.NaN : Number(e.target.value));
        }}
        onBlur={() => {
          setText(null);
          onCommit?.();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onCommit?.();
        }}
        data-testid={testId}
      />
      {def.unit ? <span className="param-unit">{def.unit}</span> : null}
      {onReset ? <DefaultNote def={def} value={value} onReset={onReset} testId={testId} /> : null}
      {!check.ok ? (
        <small className="param-error error" role="alert" data-testid={`${testId}-error`}>
          {tx(check.problem.message)}
        </small>
      ) : null}
      <small className="param-source">{tx(def.source)}</small>
    </label>
  );
}

/**
 * When a parameter's value is not its default: a mark naming the default and where it comes from,
 * and a button that sets the default again (nothing when the value is the default).
 */
export function DefaultNote({ def, value, onReset, testId, label }: { def: ParamDef; value: unknown; onReset: () => void; testId: string; label?: (code: string) => string }) {
  const tx = useText();
  const t = useT();
  if (value === undefined || String(value) === String(def.value)) return null;
  const unit = def.unit ? ` ${def.unit}` : '';
  // the default as the user reads it: a choice by its label, yes/no for a switch (not mclp, false)
  const shown = typeof def.value === 'boolean' ? (def.value ? t.db.yes : t.db.no) : label ? label(String(def.value)) : `${String(def.value)}${unit}`;
  return (
    <small className="param-changed" data-testid={`${testId}-changed`} title={tx(def.source)}>
      {t.radii.changedFromDefault(shown)}{' '}
      <button type="button" className="link" onClick={onReset} data-testid={`${testId}-reset`}>
        {t.radii.resetDefault}
      </button>
    </small>
  );
}

/**
 * Marks a panel's result as stale (computed for other data, parameters or edits than the current
 * ones) with one button to recompute; nothing when the result is current.
 */
export function StaleNote({ status, onRecompute, disabled, testId }: { status: 'none' | 'current' | 'stale'; onRecompute: () => void; disabled?: boolean; testId: string }) {
  const t = useT();
  if (status !== 'stale') return null;
  return (
    <div className="stale" role="status" data-testid={`${testId}-stale`}>
      <strong>{t.radii.stale}</strong>
      <span>{t.radii.staleWhy}</span>
      <button type="button" onClick={onRecompute} disabled={disabled} data-testid={`${testId}-recompute`}>
        {t.radii.recompute}
      </button>
    </div>
  );
}

/** The problems of values typed into a panel's fields (none: the run button may be enabled). */
export function panelProblems(defs: readonly ParamDef[], values: Record<string, unknown>): ParamProblem[] {
  return checkParams(defs, fromPanel(values)).problems;
}

/** Refused project.json parameters, listed above a panel's run button (each names the file, the key and the range). */
export function ParamProblems({ problems, testId }: { problems: readonly ParamProblem[]; testId: string }) {
  const tx = useText();
  const t = useT();
  if (problems.length === 0) return null;
  return (
    <div className="error" role="alert" data-testid={testId}>
      <p>{t.radii.paramsRefused}</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{tx(p.message)}</li>
        ))}
      </ul>
    </div>
  );
}

/** The progress of a running analysis and its cancel button (nothing when idle). */
export function RunProgress({ busy, onCancel, testId, stage }: { busy: RunState; onCancel: () => void; testId: string; stage?: (s: string) => string }) {
  const t = useT();
  if (!busy) return null;
  return (
    <p className="note" data-testid={`${testId}-progress`}>
      <progress value={busy.fraction ?? undefined} max={1} /> {stage && busy.stage ? stage(busy.stage) : t.radii.computing}{' '}
      <button type="button" onClick={onCancel} data-testid={`${testId}-cancel`}>
        {t.radii.cancel}
      </button>
    </p>
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
  /** Cells wrap between words (a long description: a place near an unnamed road) instead of widening the table. */
  wrap?: boolean;
}

/** A table sorted by a click on a column header (again for the other direction). Text only. */
export function SortableTable<R>({
  rows,
  columns,
  initial,
  testId,
  limit = 300,
  onRowClick,
  activeRow,
  wrapLabels = false,
}: {
  rows: R[];
  columns: Column<R>[];
  initial: { key: string; desc: boolean };
  testId: string;
  limit?: number;
  /** The first column (a name: a road, a township) wraps between words, so that the numbers beside it fit the side bar. */
  wrapLabels?: boolean;
  /** Makes rows clickable (and reachable with Enter): e.g. find the row on the map. */
  onRowClick?: (r: R) => void;
  /** The row shown as chosen. */
  activeRow?: R | null;
}) {
  const tx = useLabel();
  const t = useT();
  const [sort, setSort] = useState(initial);
  const wrap = useRef<HTMLDivElement>(null);
  // a row chosen elsewhere (a feature clicked on the map) is scrolled into view
  useEffect(() => {
    if (activeRow) wrap.current?.querySelector('tr.active')?.scrollIntoView({ block: 'nearest' });
  }, [activeRow]);
  const col = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = [...rows].sort((a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''), 'zh');
    return sort.desc ? -c : c;
  });
  return (
    <div className="table-wrap" ref={wrap}>
      <table className={wrapLabels ? 'data-table label-wrap' : 'data-table'} data-testid={testId}>
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
            <tr
              key={i}
              className={onRowClick ? (r === activeRow ? 'clickable active' : 'clickable') : undefined}
              onClick={onRowClick ? () => onRowClick(r) : undefined}
              onKeyDown={onRowClick ? (e) => e.key === 'Enter' && onRowClick(r) : undefined}
              tabIndex={onRowClick ? 0 : undefined}
              data-testid={onRowClick ? `${testId}-row` : undefined}
            >
              {columns.map((c) => (
                <td key={c.key} className={c.wrap ? 'wrap' : undefined}>
                  {c.format ? c.format(r) : String(c.value(r) ?? '')}
                </td>
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
  downloadBlob(name, new Blob([text], { type }));
}

/** The MIME type of .xlsx files. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Saves workbook sheets as an .xlsx file (same writer as the CLI), ending with the 说明 sheet: project, scenario, time, parameters. */
export function downloadXlsx(name: string, sheets: XlsxSheet[], ran?: Readonly<Record<string, unknown>>): void {
  const file = safeFileName(name.endsWith('.xlsx') ? name : `${name}.xlsx`);
  downloadBlob(file, new Blob([toXlsx([...sheets, ...appAboutSheets(file.slice(0, -'.xlsx'.length), ran)]) as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE }));
}

/** An 导出 Excel button. */
export function ExcelButton({ onClick, testId, disabled }: { onClick: () => void; testId: string; disabled?: boolean }) {
  const t = useT();
  return (
    <button type="button" onClick={onClick} disabled={disabled} data-testid={testId}>
      {t.exports.button}
    </button>
  );
}

/** The MIME type of KML files. */
export const KML_TYPE = 'application/vnd.google-earth.kml+xml';

/**
 * An 导出 KML button: the named result layers (those on the map now) as one KML file for 奥维互动地图
 * or Google Earth; disabled while none of them is drawn.
 */
export function KmlButton({ layerIds, file, testId }: { layerIds: readonly string[]; file: string; testId: string }) {
  const t = useT();
  const lang = useAppStore((s) => s.ui.lang);
  const results = useAppStore((s) => s.results);
  const layers = layerIds.map((id) => results.find((r) => r.id === id)).filter((r) => r !== undefined);
  return (
    <button type="button" onClick={() => downloadText(`${file}.kml`, resultLayersKml(layers, lang, file), KML_TYPE)} disabled={layers.length === 0} data-testid={testId}>
      {t.exports.kmlButton}
    </button>
  );
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
  // a message in both languages (analysis/user-error.ts, ParamError) shows the UI language's lines
  const lang = useAppStore((s) => s.ui.lang);
  return error ? (
    <p className="error" role="alert">
      {messageInLanguage(error, lang)}
    </p>
  ) : null;
}

/** A share in percent for a figure: "63.2%", or "no data" when the analysis had no denominator (null). */
export function pctText(v: number | null | undefined, noData: string, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? noData : `${fmt(v, digits)}%`;
}

/** The warnings of an analysis result (empty or degenerate input), each in the UI language; nothing when there are none. */
export function AnalysisWarnings({ warnings, testId }: { warnings: readonly AnalysisWarning[] | undefined; testId: string }) {
  const tx = useText();
  const t = useT();
  if (!warnings || warnings.length === 0) return null;
  return (
    <div className="analysis-warnings error" role="status" data-testid={testId}>
      <p>{t.radii.warningsTitle}</p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i} data-code={w.code}>
            {tx(w.message)}
          </li>
        ))}
      </ul>
    </div>
  );
}
