import { LAYER_LIST } from '../../../layers/index';
import type { FieldDef, I18nText, LayerDefinition, Lang } from '../../../layers/types';
import { DUAL_LEDGER_TARGET, HOUSEHOLDS_TARGET, TASK_PROGRESS_TARGET, type LedgerField, type LedgerTarget } from '../../../layers/load/ledger/targets';
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

/** The tables a ledger import writes (their names are the import kinds), with the fields each holds. */
export const LEDGER_TABLES = {
  task_progress: TASK_PROGRESS_TARGET,
  ledger_old: DUAL_LEDGER_TARGET,
  ledger_new: DUAL_LEDGER_TARGET,
  households_ledger: HOUSEHOLDS_TARGET,
} as const satisfies Record<string, LedgerTarget>;

/** A ledger field as a layer field (label, unit, enum values), for showing its column. */
export function ledgerFieldDef(f: LedgerField): FieldDef {
  return { name: f.name, type: f.type, label: f.label, unit: f.unit, values: f.enumField?.values };
}

/**
 * The fields a table holds: a layer table's (named after its contract file) or an imported
 * ledger's; null for any other table (views, tables made in the SQL console).
 */
export function fieldsOfTable(table: string): { fields: FieldDef[]; layer: boolean } | null {
  const def = layerOfTable(table);
  if (def) return { fields: def.fields, layer: true };
  if (Object.hasOwn(LEDGER_TABLES, table)) return { fields: LEDGER_TABLES[table as keyof typeof LEDGER_TABLES].fields.map(ledgerFieldDef), layer: false };
  return null;
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

/** The label another layer gives a field of this name (the contract uses one name for one meaning). */
function otherLabel(name: string): I18nText | null {
  for (const d of LAYER_LIST) {
    const f = d.fields.find((x) => x.name === name);
    if (f) return f.label;
  }
  return null;
}

/**
 * How to show the columns of a table: a layer's or ledger's fields get their label (header), enum
 * labels, 是/否 and units; the loader's own columns of a layer table (_fid, lon, lat) get a name and
 * go last (_fid only when there is no id column), its township_in a name in place; a column another layer defines gets that label;
 * anything else (views, SQL results) shows its database name. The raw name is always the tooltip.
 * @param def what the table holds (see {@link fieldsOfTable}; a LayerDefinition will do), or null
 * @param columns the table's columns in order, with their DuckDB types
 */
export function columnViews(def: { fields: FieldDef[]; layer?: boolean } | null, columns: readonly { name: string; type: string }[], lang: Lang): ColumnView[] {
  const m = MESSAGES[lang].db;
  const fields = new Map((def?.fields ?? []).map((f) => [f.name, f]));
  const extra = m.extraColumns as Record<string, string>;
  const loaderColumns = def && def.layer !== false;
  // the loader's columns go last; its feature index only when the table has no id of its own
  const hasId = columns.some((c) => c.name === 'id');
  const ordered = loaderColumns
    ? [...columns.filter((c) => !Object.hasOwn(extra, c.name)), ...columns.filter((c) => Object.hasOwn(extra, c.name) && !(c.name === '_fid' && hasId))]
    : columns;
  return ordered.map((c) => {
    const field = fields.get(c.name) ?? null;
    const numeric = field ? field.type === 'number' : NUMERIC_TYPES.test(c.type);
    // a column some other layer defines (village in kindergartens) is labelled as that layer does
    const other = field || !def ? null : otherLabel(c.name);
    const label = field ? field.label[lang] : loaderColumns && Object.hasOwn(extra, c.name) ? extra[c.name] : loaderColumns && c.name === 'township_in' ? m.townshipIn : other ? other[lang] : c.name;
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
