import type { XlsxSheet, XlsxValue } from '../../analysis/xlsx-export';
import { checkParams, fromProject, type ParamDef } from '../../analysis/params';
import type { Lang } from '../../layers/types';
import { MESSAGES } from '../i18n/messages';
import type { DossierPage } from './plot-dossier';
import type { CoverageCurve } from './coverage-curve';

/** One parameter as printed: label, value with unit, and where the default comes from. */
export interface ParamLine {
  key: string;
  label: string;
  value: string;
  source: string;
  /** No standard gives this default: printed with "to confirm". */
  confirm: boolean;
  /** The project sets it (not the default). */
  set: boolean;
}

/** A table of a report (an export sheet, printed). */
export interface ReportTable {
  title: string;
  header: readonly string[];
  rows: readonly (readonly XlsxValue[])[];
  /** Rows left out of the print (they stay in the Excel export). */
  omitted: number;
}

/** What a printable document holds besides the map sheet: the same figures and tables as its Excel export. */
export interface ReportContent {
  /** Used in test ids and file names: 'map', 'fire', 'hydrants' … */
  kind: string;
  title: string;
  scenario: string;
  params: ParamLine[];
  /** Headline figures: [item, value, unit], or [item, before, after, unit] for a comparison. */
  figures: { header: string[]; rows: string[][] };
  tables: ReportTable[];
  /** One page each after the map sheet, each with its own map (the reserve-plot dossier); then no table pages. */
  pages?: DossierPage[];
  /** Charts printed after the figures (the siting curve). */
  charts?: CoverageCurve[];
}

/** The longest table printed; the rest of a longer one is left to the Excel export (and said so). */
export const MAX_PRINTED_ROWS = 2000;

/**
 * The parameters of an analysis as printed: every definition's value from the project's `params`
 * (its default when unset or refused), with unit and source.
 *
 * @param defs - the analysis' parameter definitions
 * @param params - project.json `params`
 * @param lang - 'zh' or 'en'
 * @param onlySet - keep only the parameters the project sets
 */
export function paramLines(defs: readonly ParamDef[], params: Readonly<Record<string, unknown>> | undefined, lang: Lang, onlySet = false): ParamLine[] {
  const { values } = checkParams<Record<string, unknown>>(defs, fromProject(params));
  const out: ParamLine[] = [];
  for (const d of defs) {
    const set = !!params && Object.prototype.hasOwnProperty.call(params, d.key) && values[d.key] !== d.value;
    if (onlySet && !set) continue;
    const v = values[d.key];
    const text = typeof v === 'boolean' ? (v ? MESSAGES[lang].common.yes : MESSAGES[lang].common.no) : String(v);
    out.push({ key: d.key, label: d.label[lang], value: d.unit ? `${text} ${d.unit}` : text, source: d.source[lang], confirm: !!d.confirm, set });
  }
  return out;
}

/** A number as printed: thousands grouped, decimals as stored in the sheet. */
export function cellText(v: XlsxValue, lang: Lang): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 6 }) : '';
  if (typeof v === 'boolean') return v ? MESSAGES[lang].common.yes : MESSAGES[lang].common.no;
  return String(v);
}

/**
 * A report's figures and tables from the sheets of its Excel export: the summary sheet (item,
 * value, unit) becomes the headline figures, every other sheet a table (cut at
 * {@link MAX_PRINTED_ROWS} rows). With `before` (the same analysis for the base scenario), the
 * figures show both values side by side.
 *
 * @param sheets - the export sheets, summary first
 * @param lang - 'zh' or 'en'
 * @param opts.skip - names of sheets not to print (e.g. a 191,000-row household list)
 * @param opts.before - the base scenario's sheets and the two column labels
 */
export function sheetsToReport(
  sheets: readonly XlsxSheet[],
  lang: Lang,
  opts: { skip?: readonly string[]; before?: { sheets: readonly XlsxSheet[]; label: string; afterLabel: string } } = {},
): Pick<ReportContent, 'figures' | 'tables'> {
  const m = MESSAGES[lang].exports;
  const summaryOf = (list: readonly XlsxSheet[]) => list.find((s) => s.name === m.summarySheet);
  const summary = summaryOf(sheets);
  const base = opts.before ? summaryOf(opts.before.sheets) : undefined;
  const figures: ReportContent['figures'] = { header: [m.item, m.value, m.unit], rows: [] };
  if (summary && opts.before && base) {
    figures.header = [m.item, opts.before.label, opts.before.afterLabel, m.unit];
    figures.rows = summary.rows.map((r) => {
      const b = base.rows.find((x) => x[0] === r[0]);
      return [cellText(r[0] ?? '', lang), cellText(b?.[1] ?? null, lang), cellText(r[1] ?? null, lang), cellText(r[2] ?? '', lang)];
    });
  } else if (summary) {
    figures.rows = summary.rows.map((r) => [cellText(r[0] ?? '', lang), cellText(r[1] ?? null, lang), cellText(r[2] ?? '', lang)]);
  }
  const tables: ReportTable[] = [];
  for (const s of sheets) {
    if (s === summary || opts.skip?.includes(s.name)) continue;
    tables.push({ title: s.name, header: s.header, rows: s.rows.slice(0, MAX_PRINTED_ROWS), omitted: Math.max(0, s.rows.length - MAX_PRINTED_ROWS) });
  }
  return { figures, tables };
}
