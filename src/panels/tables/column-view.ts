import { LAYER_LIST } from '../../../layers/index';
import type { FieldDef, LayerDefinition, Lang } from '../../../layers/types';
import { MESSAGES } from '../../i18n';

/** How the table view shows one database column: header, tooltip, alignment and cell text. */
export interface ColumnView {
  /** Column name in the database (what sorting, filtering and SQL use). */
  name: string;
  /** Header text: the field label of the layer definition, in the UI language. */
  label: string;
  /** Header tooltip: the column's database name. */
  title: string;
  /** Numbers are right-aligned. */
  numeric: boolean;
  /** The field, when the column is one of the layer's contract fields. */
  field: FieldDef | null;
  /** Display text of a raw value (enum label, 是/否, number with its unit); never HTML. */
  text: (v: unknown) => string;
}

const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;

/** The layer definition whose contract file a DuckDB table is named after (households, fire_stations …), or null. */
export function layerOfTable(table: string): LayerDefinition | null {
  return LAYER_LIST.find((d) => d.file === table) ?? null;
}

/**
 * Text of a raw cell without a field definition (SQL results, imported sheets): numbers rounded to
 * 6 decimals, booleans as 是/否 (Yes/No), objects as JSON. Never HTML.
 */
export function cellText(v: unknown, lang: Lang): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? MESSAGES[lang].db.yes : MESSAGES[lang].db.no;
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

function fieldText(f: FieldDef, lang: Lang): (v: unknown) => string {
  const loc = lang === 'zh' ? 'zh-CN' : 'en';
  if (f.type === 'enum') {
    const labels = new Map((f.values ?? []).map((e) => [e.code, e.label[lang]]));
    return (v) => (v === null || v === undefined ? '' : (labels.get(String(v)) ?? cellText(v, lang)));
  }
  if (f.type === 'number') {
    const unit = f.unit ? ` ${f.unit[lang]}` : '';
    return (v) => {
      const n = typeof v === 'bigint' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) return cellText(v, lang);
      return `${n.toLocaleString(loc, { maximumFractionDigits: 2 })}${unit}`;
    };
  }
  if (f.type === 'boolean') {
    const m = MESSAGES[lang].db;
    return (v) => (v === true || v === 1 || v === 'true' ? m.yes : v === false || v === 0 || v === 'false' ? m.no : cellText(v, lang));
  }
  return (v) => cellText(v, lang);
}

/**
 * How to show the columns of a table: a layer table's contract fields get their label (header),
 * enum labels, 是/否 and units; the loader's own columns (_fid, lon, lat) get a name; anything
 * else (imported sheets, SQL results) shows its database name. The raw name is always the tooltip.
 * @param def the layer the table holds (see {@link layerOfTable}), or null
 * @param columns the table's columns in order, with their DuckDB types
 */
export function columnViews(def: LayerDefinition | null, columns: readonly { name: string; type: string }[], lang: Lang): ColumnView[] {
  const m = MESSAGES[lang].db;
  const fields = new Map((def?.fields ?? []).map((f) => [f.name, f]));
  const extra = m.extraColumns as Record<string, string>;
  return columns.map((c) => {
    const field = fields.get(c.name) ?? null;
    const numeric = field ? field.type === 'number' : NUMERIC_TYPES.test(c.type);
    const label = field ? field.label[lang] : def && Object.hasOwn(extra, c.name) ? extra[c.name] : c.name;
    return { name: c.name, label, title: m.columnName(c.name), numeric, field, text: field ? fieldText(field, lang) : (v: unknown) => cellText(v, lang) };
  });
}

/**
 * Enum codes whose label (in either language) contains the search text, per enum column of the
 * table — so 洁净煤 finds the rows stored as clean_coal. Empty when the search is blank.
 */
export function enumCodesMatching(views: readonly ColumnView[], search: string): { column: string; codes: string[] }[] {
  const s = search.trim().toLowerCase();
  if (!s) return [];
  const out: { column: string; codes: string[] }[] = [];
  for (const v of views) {
    if (v.field?.type !== 'enum') continue;
    const codes = (v.field.values ?? []).filter((e) => e.label.zh.toLowerCase().includes(s) || e.label.en.toLowerCase().includes(s)).map((e) => e.code);
    if (codes.length) out.push({ column: v.name, codes });
  }
  return out;
}
