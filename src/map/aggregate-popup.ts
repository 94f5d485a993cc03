import type { FieldDef, I18nText, Lang } from '../../layers/types';
import { COUNT_PROPERTY } from './aggregate-points';
import type { PopupRow, PopupWords } from './popup-rows';

/** Words of the popup of a grid cell (an aggregate of many points drawn at low zoom). */
export interface AggregatePopupWords {
  /** e.g. "此处 1,234 户（网格约 445 米）"; `unit` is the layer's noun for one row, or null. */
  summary: (n: number, unit: string | null, meters: number) => string;
  /** Label of a breakdown of a text/enum/yes-no field, e.g. "采暖方式（各类户数）". */
  breakdown: (label: string) => string;
  /** Label of the mean of a number field, e.g. "人口（平均）". */
  mean: (label: string) => string;
  /** The rest of a breakdown beyond its largest values, e.g. "其余 5" (not "其他": that is a heating value). */
  other: (n: number) => string;
  /** Rows without a value in a breakdown, e.g. "未填 3". */
  missing: (n: number) => string;
  /** Separator between the parts of a breakdown. */
  separator: string;
  /** e.g. "放大到 13 级及以上可逐户查看". */
  zoomHint: (zoom: number, unit: string | null) => string;
}

/** What a cell popup says: a one-line summary, the summarised fields, a hint to zoom in. */
export interface AggregatePopup {
  summary: string;
  rows: PopupRow[];
  hint: string;
}

type FieldLike = Pick<FieldDef, 'name' | 'label' | 'type'> & Partial<Pick<FieldDef, 'values' | 'unit'>>;

/** Largest values shown in a breakdown; the rest are summed as "other". */
const BREAKDOWN_TOP = 3;

/** Metres north–south of a grid cell of `cellDeg` degrees (a degree of latitude ≈ 111.32 km). */
export function cellMeters(cellDeg: number): number {
  return Math.round(cellDeg * 111_320);
}

/** Whether a feature's properties are those of a grid cell (they carry the row count). */
export function isAggregateCell(properties: Record<string, unknown> | null | undefined): boolean {
  return !!properties && typeof properties[COUNT_PROPERTY] === 'number';
}

/**
 * The popup of a grid cell: how many rows it holds and how large the cell is, then — only for the
 * fields the cell summarises (the layer's styled fields) — a breakdown by value (from `tallies`,
 * the counts per value in this cell) or the mean of a number field, then a hint to zoom in to the
 * single points. Fields of a single row that the cell does not carry (id, village, arrival time)
 * get no row, so nothing reads as missing data. Text only, for `textContent`.
 * @param properties - the cell's properties ({@link COUNT_PROPERTY} and the summarised fields)
 * @param fields - the layer's field definitions
 * @param tallies - per summarised text/enum/boolean field: the count of each value in this cell
 * @param unit - the layer's noun for one row (e.g. 户 / households), or null
 */
export function aggregatePopup(
  properties: Record<string, unknown>,
  fields: readonly FieldLike[] | undefined,
  opts: {
    lang: Lang;
    words: AggregatePopupWords & Pick<PopupWords, 'yes' | 'no'>;
    tallies?: ReadonlyMap<string, ReadonlyMap<string | boolean, number>>;
    unit: I18nText | null;
    cellDeg: number;
    pointZoom: number;
  },
): AggregatePopup {
  const { lang, words, tallies } = opts;
  const n = Number(properties[COUNT_PROPERTY]);
  const unit = opts.unit ? opts.unit[lang] : null;
  const rows: PopupRow[] = [];
  const locale = lang === 'zh' ? 'zh-CN' : 'en';
  for (const f of fields ?? []) {
    if (f.name === COUNT_PROPERTY || !(f.name in properties)) continue;
    const tally = tallies?.get(f.name);
    if (tally) {
      const parts = [...tally.entries()].sort((a, b) => b[1] - a[1]);
      // the rest summed only when it is more than one value (else that value is shown)
      const top = parts.length > BREAKDOWN_TOP + 1 ? BREAKDOWN_TOP : parts.length;
      const shown = parts.slice(0, top).map(([v, k]) => `${valueText(f, v, lang, words)} ${k.toLocaleString(locale)}`);
      const rest = parts.slice(top).reduce((s, [, k]) => s + k, 0);
      if (rest > 0) shown.push(words.other(rest));
      const counted = parts.reduce((s, [, k]) => s + k, 0);
      if (n - counted > 0) shown.push(words.missing(n - counted));
      rows.push({ label: words.breakdown(f.label[lang]), value: shown.join(words.separator) });
      continue;
    }
    const v = properties[f.name];
    if (f.type === 'number' && typeof v === 'number' && Number.isFinite(v)) {
      let value = v.toLocaleString(locale, { maximumFractionDigits: 2 });
      if (f.unit) value += ` ${f.unit[lang]}`;
      rows.push({ label: words.mean(f.label[lang]), value });
    }
  }
  return {
    summary: words.summary(n, unit, cellMeters(opts.cellDeg)),
    rows,
    hint: words.zoomHint(opts.pointZoom, unit),
  };
}

function valueText(f: FieldLike, v: string | boolean, lang: Lang, words: Pick<PopupWords, 'yes' | 'no'>): string {
  if (typeof v === 'boolean') return v ? words.yes : words.no;
  if (f.type === 'enum') return f.values?.find((x) => x.code === v)?.label[lang] ?? v;
  return v;
}
