import type { FieldDef, Lang } from '../../layers/types';

/** One label/value line of a popup, already in the UI language; values are plain text. */
export interface PopupRow {
  label: string;
  value: string;
}

/** Words the popup needs in the current language. */
export interface PopupWords {
  yes: string;
  no: string;
  empty: string;
}

type FieldLike = Pick<FieldDef, 'name' | 'label' | 'type'> & Partial<Pick<FieldDef, 'values' | 'unit' | 'popup'>>;

/**
 * The popup lines of a feature: the fields marked `popup` (all given fields when none is marked),
 * labelled from the layer definition. Enum codes show their label; when the user's own spelling
 * differed (`__orig`), it is added in brackets. Without field definitions every property is listed
 * by name. Values are returned as strings for `textContent` — never parsed as HTML.
 */
export function popupRows(
  properties: Record<string, unknown>,
  fields: readonly FieldLike[] | undefined,
  lang: Lang,
  words: PopupWords,
): PopupRow[] {
  const orig = (properties.__orig ?? {}) as Record<string, string>;
  if (!fields || fields.length === 0) {
    return Object.keys(properties)
      .filter((k) => k !== '__orig')
      .map((k) => ({ label: k, value: formatPlain(properties[k], words) }));
  }
  const shown = fields.some((f) => f.popup) ? fields.filter((f) => f.popup) : fields;
  return shown.map((f) => {
    const v = properties[f.name];
    let value: string;
    if (v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) {
      value = words.empty;
    } else if (f.type === 'enum') {
      const ev = f.values?.find((x) => x.code === v);
      value = ev ? ev.label[lang] : String(v);
      const o = orig[f.name];
      if (o !== undefined && o !== value && o !== v) value += ` (${o})`;
    } else if (f.type === 'boolean') {
      value = v === true ? words.yes : v === false ? words.no : String(v);
    } else if (f.type === 'number' && typeof v === 'number') {
      value = v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 2 });
      if (f.unit) value += ` ${f.unit[lang]}`;
    } else {
      value = formatPlain(v, words);
    }
    return { label: f.label[lang], value };
  });
}

function formatPlain(v: unknown, words: PopupWords): string {
  if (v === null || v === undefined || v === '') return words.empty;
  if (typeof v === 'boolean') return v ? words.yes : words.no;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
