import type { I18nText } from '../types.ts';
import { inChina } from './crs.ts';
import { normaliseText, parseCoordinateText } from './values.ts';

/**
 * A header cell compared by name: full-width characters made ASCII, trimmed, lower-cased, spaces
 * dropped, full-width brackets made ASCII.
 */
export function headerKey(h: string): string {
  return normaliseText(h).toLowerCase().replace(/\s/g, '').replace(/（/g, '(').replace(/）/g, ')');
}

/**
 * Rows searched first for the header of a table that has a title block above it; a header named in
 * them wins over any row further down.
 */
export const HEADER_SEARCH_ROWS = 20;

/**
 * Rows searched in all for a header naming the coordinates, when none of the first
 * {@link HEADER_SEARCH_ROWS} does (a long block of 说明 rows above the table). Past it a table with
 * no such header is refused, naming where the header was looked for ({@link headerNotFound}).
 */
export const HEADER_SEARCH_MAX_ROWS = 200;

/**
 * The header row of a table: the first of the first {@link HEADER_SEARCH_ROWS} rows that the first
 * test accepts, else the first the next test accepts …, so a title block above the table (a title,
 * a "填报单位：… 填报日期：…" row) is skipped; then the same over the rows up to
 * {@link HEADER_SEARCH_MAX_ROWS} (a long 说明 block); when no row passes, the first of the first
 * {@link HEADER_SEARCH_ROWS} rows with two or more filled cells (titles in merged cells have one);
 * else the first row.
 * @param tests - whether a row, read as a header, names the coordinate column(s), best first (two
 * columns 经度/纬度 before one 坐标 column, which a two-row header's upper row may also name)
 * @returns the 0-based index of the header row, and whether a test named it (`named: false` is the
 * fallback: the table names no coordinates in the rows searched)
 */
export function findHeaderRow(rows: readonly (readonly string[])[], tests: readonly ((row: readonly string[]) => boolean)[]): { index: number; named: boolean } {
  const n = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (const t of tests) for (let i = 0; i < n; i++) if (t(rows[i])) return { index: i, named: true };
  const far = Math.min(rows.length, HEADER_SEARCH_MAX_ROWS);
  for (const t of tests) for (let i = n; i < far; i++) if (t(rows[i])) return { index: i, named: true };
  for (let i = 0; i < n; i++) if (rows[i].filter((c) => c.trim() !== '').length >= 2) return { index: i, named: false };
  return { index: 0, named: false };
}

/**
 * Where the header of a table naming no coordinates was looked for, said after the "no coordinate
 * columns" message: the file and the rows searched.
 * @param file - the file (or file/sheet) as the user knows it
 * @param searched - the rows searched (at most {@link HEADER_SEARCH_MAX_ROWS})
 * @param more - whether the table has rows past them
 */
export function headerNotFound(file: string, searched: number, more: boolean): I18nText {
  return more
    ? { zh: `在“${file}”的前 ${searched} 行中查找了表头，没有一行含坐标列；如果表头在更下面，请删去其上方的说明行后重新导入。`, en: `The header was looked for in the first ${searched} rows of "${file}" and none names coordinate columns; if the header is further down, delete the rows above it and import again.` }
    : { zh: `在“${file}”的全部 ${searched} 行中查找了表头，没有一行含坐标列。`, en: `The header was looked for in all ${searched} rows of "${file}" and none names coordinate columns.` };
}

/**
 * What a table's rows above its header were: skipped, with their 1-based row numbers.
 * @param headerRowNumber - the header's (lowest) row
 * @param headerTop - the first row of a header over two or three rows (its upper rows name columns
 * the lowest leaves blank, and are read, not skipped); the header row itself when it is one row
 */
export function rowsAboveHeader(headerRowNumber: number, headerTop = headerRowNumber): I18nText {
  const span = headerTop === 2 ? '1' : `1–${headerTop - 1}`;
  const header = headerTop === headerRowNumber ? `${headerRowNumber}` : `${headerTop}–${headerRowNumber}`;
  return {
    zh: `第 ${span} 行在表头（第 ${header} 行）之上（标题、填报单位等），已跳过。`,
    en: `Row ${span} above the header (row ${header}) — a title, 填报单位 and the like — ${headerTop === 2 ? 'was' : 'were'} skipped.`,
  };
}

/**
 * Whether a data row is the header again (two exports pasted together): its coordinate cells hold
 * the header's names.
 * @param cells - the row's text at each of `columns`
 * @param names - the header's text at each of `columns`
 */
export function isRepeatedHeader(cells: readonly string[], names: readonly string[]): boolean {
  if (names.length === 0) return false;
  for (let k = 0; k < names.length; k++) {
    const key = headerKey(names[k]);
    if (key === '' || headerKey(cells[k] ?? '') !== key) return false;
  }
  return true;
}

/** A row that repeats the header, skipped. */
export function repeatedHeader(row: number): I18nText {
  return { zh: `第 ${row} 行与表头相同（可能是两个表格拼接在一起），已跳过。`, en: `Row ${row} repeats the header (two tables pasted together?); skipped.` };
}

/** Headers of one column holding both coordinates, longitude first by name. */
export const LONLAT_PAIR_HEADERS = ['经纬度', '经度纬度', '经度,纬度', '经度/纬度', 'lonlat', 'lnglat', 'lon,lat', 'lng,lat', 'lon/lat', 'lng/lat', 'longitude,latitude', 'longitude/latitude'];
/** Headers of one column holding both coordinates, latitude first by name. */
export const LATLON_PAIR_HEADERS = ['纬度经度', '纬经度', '纬度,经度', '纬度/经度', 'latlon', 'latlng', 'lat,lon', 'lat,lng', 'lat/lon', 'lat/lng', 'latitude,longitude', 'latitude/longitude'];
/** Headers of one column holding both coordinates in an order the name does not give. */
export const UNORDERED_PAIR_HEADERS = ['坐标', '位置坐标', '点位坐标', '坐标位置', 'gps', 'gps坐标', 'coordinates', 'coordinate', 'coords', 'coord'];
/** Headers of a well-known-text geometry column (GDAL's CSV `GEOMETRY=AS_WKT`, QGIS's `wkt_geom`): `POINT (x y)`, x first. */
export const WKT_HEADERS = ['wkt', 'wkt_geom', 'geometry', 'geom', 'the_geom', 'shape'];

/** The order a coordinate-pair column's name gives: lon first, lat first, or not said. */
export type PairOrder = 'lonlat' | 'latlon' | 'unordered';

/**
 * The column holding both coordinates in one cell (`坐标`, `经纬度`, `lonlat`, `纬度经度` …), with
 * the order its name gives; a unit in brackets after the name is ignored (`坐标(WGS84)`).
 * @returns the column's index and order, or null
 */
export function pairColumn(header: readonly string[]): { column: number; order: PairOrder } | null {
  const keys = header.map((h) => headerKey(h).replace(/，/g, ',').replace(/\([^()]*\)$/, ''));
  for (const [names, order] of [
    [LONLAT_PAIR_HEADERS, 'lonlat'],
    [WKT_HEADERS, 'lonlat'],
    [LATLON_PAIR_HEADERS, 'latlon'],
    [UNORDERED_PAIR_HEADERS, 'unordered'],
  ] as const) {
    const column = keys.findIndex((k) => (names as readonly string[]).includes(k));
    if (column >= 0) return { column, order };
  }
  return null;
}

/**
 * Two numbers in one cell: split at one comma (ASCII or full-width), semicolon or 、, else at one
 * run of spaces (`114,75 38,6`: decimal commas from a European export, read by parseCoordinateText).
 */
function pairParts(text: string): [string, string] | null {
  let t = normaliseText(text);
  // WKT / EWKT: POINT (114.75 38.6), POINT Z (x y z), SRID=4490;POINT(x y)
  const wkt = /^(?:srid=\d+;)?\s*point\s*(?:z|m|zm)?\s*\(\s*([^()]*?)\s*\)$/i.exec(t);
  if (wkt) {
    const p = wkt[1].split(/\s+/);
    return p.length >= 2 && p.length <= 4 ? [p[0], p[1]] : null;
  }
  // in brackets: (114.75, 38.6), [114.75,38.6]
  const inBrackets = /^[([{]\s*([^()[\]{}]*?)\s*[)\]}]$/.exec(t);
  if (inBrackets) t = inBrackets[1];
  const bySign = t.split(/\s*[,;；、]\s*/);
  if (bySign.length === 2) return [bySign[0], bySign[1]];
  const bySpace = t.split(/\s+/);
  return bySpace.length === 2 ? [bySpace[0], bySpace[1]] : null;
}

/** A coordinate pair read from one cell, or why it cannot be. */
export interface PairReading {
  lon: number;
  lat: number;
  /** Set when the cell was not read (lon and lat NaN). */
  problem?: 'unreadable' | 'order';
}

/**
 * Read a cell holding both coordinates (`114.75,38.6`, `114.75, 38.6`, `114.75 38.6`,
 * `114.75，38.6`, each part decimal or 度分秒). The order is the header's; under a header that does
 * not give it (`坐标`), a pair is read only when it is plainly longitude first in China (the first
 * number a longitude there, the second a latitude); any other pair is refused (`problem: 'order'`)
 * rather than guessed.
 * @param text - the cell
 * @param order - the order the column's name gives
 * @returns lon/lat, NaN with `problem` when the cell cannot be read
 */
export function splitCoordinatePair(text: string, order: PairOrder): PairReading {
  const parts = pairParts(text);
  if (!parts) return { lon: NaN, lat: NaN, problem: 'unreadable' };
  const a = parseCoordinateText(parts[0]);
  const b = parseCoordinateText(parts[1]);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { lon: NaN, lat: NaN, problem: 'unreadable' };
  if (order === 'lonlat') return { lon: a, lat: b };
  if (order === 'latlon') return { lon: b, lat: a };
  return inChina(a, b) ? { lon: a, lat: b } : { lon: NaN, lat: NaN, problem: 'order' };
}

/** Why a coordinate-pair cell was not read (its row is kept without a position or not loaded, as the caller says). */
export function pairProblem(problem: 'unreadable' | 'order', column: string, text: string, row: number, fate: 'unlocated' | 'rejected'): I18nText {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  const then = fate === 'unlocated' ? { zh: '该行导入为无位置要素。', en: 'The row is imported without a position.' } : { zh: '该行未加载。', en: 'The row was not loaded.' };
  if (problem === 'order') {
    return {
      zh: `第 ${row} 行“${column}”列的“${shown}”无法确定经纬度顺序（列名没有说明是“经度,纬度”还是“纬度,经度”，且前一个数不是中国范围内的经度），未读取，以免猜错；${then.zh}请把列名改为“经纬度”（经度在前）或“纬度经度”（纬度在前）后重新导入。`,
      en: `Row ${row}: "${shown}" in column "${column}" has no clear order (the name does not say lon,lat or lat,lon, and the first number is not a longitude in China); it was not read rather than guessed. ${then.en} Rename the column 经纬度 / lonlat (longitude first) or 纬度经度 / latlon (latitude first) and import again.`,
    };
  }
  return {
    zh: `第 ${row} 行“${column}”列的“${shown}”不是两个坐标（应为“经度,纬度”这样的两个数）；${then.zh}`,
    en: `Row ${row}: "${shown}" in column "${column}" is not two coordinates (expected two numbers such as "114.75,38.6"). ${then.en}`,
  };
}

/**
 * Labels of a total row at the foot of a ledger (合计, 小计 …), lower case without spaces or a
 * trailing colon; also the indicator ledger's (layers/load/ledger/mapping.ts).
 */
export const TOTAL_LABELS: ReadonlySet<string> = new Set(['合计', '总计', '小计', '共计', '累计', '总数', '总合计', '合计数', '全区', '全县', '全市', '全县合计', '全镇合计', 'total', 'totals', 'subtotal', 'grandtotal', 'sum']);

/**
 * The label of a total row (合计 / 小计 / Total …), or null when the row is not one: its first
 * filled cell that is not a bare number (a 序号) is such a label. Only rows without coordinates are
 * asked, so a place named 合计 with a position stays a feature. Cells are read only up to that one.
 */
export function totalRowLabel(cells: Iterable<string>): string | null {
  for (const c of cells) {
    const k = headerKey(c).replace(/[:：]$/, '');
    if (k !== '' && !/^\d+$/.test(k)) return TOTAL_LABELS.has(k) ? normaliseText(c) : null;
  }
  return null;
}

/** A total row (合计) at the foot of a ledger, skipped. */
export function totalRow(row: number, label: string): I18nText {
  return { zh: `第 ${row} 行是“${label}”行（汇总，不是一条记录），已跳过。`, en: `Row ${row} is a "${label}" (total) row, not a record; skipped.` };
}

/** Cells of a units row under a header (单位 row: 度, °, m …), compared as {@link headerKey} without brackets. */
const UNIT_WORDS: ReadonlySet<string> = new Set(['度', '°', 'deg', 'degree', 'degrees', 'dd', '十进制度', '小数度', '度分秒', 'm', '米', '单位', 'unit', 'units', 'wgs84', 'cgcs2000']);

/** A unit word, bare or in brackets (（度）). */
function isUnitWord(key: string): boolean {
  return UNIT_WORDS.has(key.replace(/^\((.*)\)$/, '$1'));
}

/**
 * Whether the first row under a header is a units row (单位: 度 度 人), not a record: every one of
 * its coordinate cells is a unit word, or — the cell of a 坐标 / 经纬度 / WKT column — two unit
 * words as a pair is written (`度,度`).
 * @param cells - the row's coordinate cells (one for a column holding both coordinates)
 */
export function isUnitsRow(cells: readonly string[]): boolean {
  return (
    cells.length > 0 &&
    cells.every((c) => {
      const key = headerKey(c).replace(/，/g, ',');
      if (isUnitWord(key)) return true;
      const parts = key.split(/[,;；、/]/);
      return parts.length === 2 && parts.every(isUnitWord);
    })
  );
}

/** A units row under the header, skipped. */
export function unitsRow(row: number): I18nText {
  return { zh: `第 ${row} 行是单位行（度、米等），不是一条记录，已跳过。`, en: `Row ${row} is a units row (degrees, metres …), not a record; skipped.` };
}
