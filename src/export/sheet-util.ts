import type { XlsxSheet, XlsxValue } from '../../analysis/xlsx-export.ts';
import type { FieldDef, Lang } from '../../layers/types.ts';
import type { Messages } from '../i18n/messages.ts';

/** The export strings of one language. */
export type ExportText = Messages['exports'];

/** A number rounded to `d` decimals; null/NaN stay empty cells. */
export function num(v: number | null | undefined, d = 1): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d;
}

/** The label of an enum code from the layer definition (住宅 for `residential`), or the code itself. */
export function enumLabel(field: FieldDef, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '';
  return field.values?.find((v) => v.code === code)?.label[lang] ?? code;
}

/** A two-or-three column sheet of figures: item, value, unit. */
export function summarySheet(m: ExportText, items: [readonly string[], XlsxValue][]): XlsxSheet {
  return { name: m.summarySheet, header: [m.item, m.value, m.unit], rows: items.map(([[label, unit], v]) => [label, v, unit ?? '']) };
}
