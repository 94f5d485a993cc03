import type { ColumnLayerData, FieldDef, I18nText, LayerDefinition, LayerLoadCounts } from '../types.ts';
import { ColumnBuilder, fastNumber, MAX_EXTRA_COLUMNS, setCategory, type ColumnWriter } from './columns.ts';
import { coordinateFix, type CoordinateOptions } from './coordinate-fix.ts';
import { crsMessage, guessCrs, inChina, inLonLatRange } from './crs.ts';
import { CUT_UTF8, cutUtf8Tail, decodeMixed, decodeText, ENCODING_LINE, mostlyUtf8 } from './decode.ts';
import { FieldReader, hintedColumns, inRange, UNSAFE_KEYS } from './fields.ts';
import { checkFeatures, FIRST_NAMED, IdKeeper, readValue } from './geojson-layer.ts';
import { IssueSink } from './issues.ts';
import { findHeaderRow, HEADER_SEARCH_MAX_ROWS, HEADER_SEARCH_ROWS, headerNotFound, isRepeatedHeader, totalRowLabel, isUnitsRow, totalRow, unitsRow, pairColumn, pairProblem, repeatedHeader, rowsAboveHeader, splitCoordinatePair, type PairOrder } from './table-header.ts';
import { sniffDelimiter } from './foreign/csv.ts';
import { normaliseText, parseCoordinateText } from './values.ts';

/** Header names read as longitude (after trimming and lower-casing). */
export const LON_HEADERS = ['lon', 'lng', 'long', 'longitude', 'x', '经度', '东经', 'point_x'];
/** Header names read as latitude (after trimming and lower-casing). */
export const LAT_HEADERS = ['lat', 'latitude', 'y', '纬度', '北纬', 'point_y'];

/** A header cell as the coordinate names are compared: lower case, and a unit or hemisphere in brackets after the name dropped (经度(°), 纬度（N）, lon (WGS84)), as the import step reads them. */
function coordinateKey(name: string): string {
  return name.toLowerCase().replace(/\s/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/\([^()]*\)$/, '');
}

function isLon(name: string): boolean {
  const lower = name.toLowerCase();
  return LON_HEADERS.includes(lower) || LON_HEADERS.includes(coordinateKey(name));
}

function isLat(name: string): boolean {
  const lower = name.toLowerCase();
  return LAT_HEADERS.includes(lower) || LAT_HEADERS.includes(coordinateKey(name));
}

/** Whether a row, read as a households.csv header, names a longitude and a latitude column. */
function namesLonLat(row: readonly string[]): boolean {
  const names = row.map((c) => normaliseText(c.replace(/^\uFEFF/, '')));
  return names.some(isLon) && names.some(isLat);
}

/** Whether a row, read as a households.csv header, names one column holding both coordinates (坐标, 经纬度). */
function namesPair(row: readonly string[]): boolean {
  return pairColumn(row) !== null;
}

/** Bytes decoded at a time, so a multi-gigabyte CSV never becomes one giant string. */
export const CSV_CHUNK_BYTES = 32 * 1024 * 1024;

/** A columnar layer as loaded, with where each row came from (for messages about rows later on). */
export interface ColumnsLoaded {
  data: ColumnLayerData;
  counts: LayerLoadCounts;
  /** The CSV line (`sourceKind: 'row'`) or 0-based feature index of each loaded row. */
  source: Int32Array;
  sourceKind: 'row' | 'featureIndex';
}

/** Write one typed value (already normalised) into a column. */
function writeValue(c: ColumnWriter, row: number, v: unknown): void {
  switch (c.type) {
    case 'number':
      c.values[row] = typeof v === 'number' ? v : NaN;
      return;
    case 'boolean':
      c.values[row] = v === true ? 1 : v === false ? 0 : 255;
      return;
    case 'category':
      setCategory(c, row, v === null || v === undefined ? null : String(v));
      return;
    case 'string':
      c.values[row] = v === null || v === undefined ? null : String(v);
  }
}

/**
 * Load a GeoJSON point layer into columns (same checks as other GeoJSON layers).
 * @param features - the parsed features
 */
export function loadColumnsFromFeatures(
  def: LayerDefinition,
  file: string,
  features: unknown[],
  sink: IssueSink,
  coordinates?: CoordinateOptions,
  takenIds?: Iterable<string>,
): ColumnsLoaded {
  const b = new ColumnBuilder(def, features.length);
  const ids = new IdKeeper(def, file, sink, features.length, takenIds);
  const idField = def.idField as string;
  const dropped = new Set<string>();
  const counts = checkFeatures(def, file, features, sink, (c) => {
    b.ensureRow();
    const r = b.count;
    const g = c.geometry as { coordinates: number[] } | null;
    b.lon[r] = g ? g.coordinates[0] : NaN;
    b.lat[r] = g ? g.coordinates[1] : NaN;
    b.source[r] = c.index;
    b.ids[r] = ids.unique((c.properties[idField] as string | undefined) ?? null, { featureIndex: c.index }, c.index + 1);
    for (const [name, col] of b.columns) if (col.field) writeValue(col, r, c.properties[name]);
    for (const key of c.extra) {
      const v = c.properties[key];
      const col = b.addExtra(key);
      if (col) writeValue(col, r, v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : v);
      else dropped.add(key);
    }
    b.count++;
  }, coordinates);
  if (dropped.size > 0) sink.add('warning', 'too-many-columns', file, {}, tooManyColumns(dropped.size));
  return { data: b.finish(), counts, source: b.source.slice(0, b.count), sourceKind: 'featureIndex' };
}

/** Longest quoted cell a chunk boundary waits for (see {@link chunkBounds}). */
const MAX_QUOTED_BYTES = 1 << 20;

/**
 * Chunk boundaries at line ends outside quotes, about every `size` bytes. Quote parity is tracked
 * over the whole file (`""` escapes flip it twice); in UTF-8 and GB18030 neither `"` nor `\n` is ever
 * part of a multi-byte character, so cutting at such a newline never splits a character or a field.
 */
function chunkBounds(bytes: Uint8Array, size: number): number[] {
  const bounds = [0];
  let inQuotes = false;
  // The next quote at or after the scan position (-1: none left), so a file without quotes is
  // never scanned for them more than once.
  let nextQuote = bytes.indexOf(0x22);
  const passQuotesBefore = (end: number): void => {
    while (nextQuote !== -1 && nextQuote < end) {
      inQuotes = !inQuotes;
      nextQuote = bytes.indexOf(0x22, nextQuote + 1);
    }
  };
  let last = 0;
  while (bytes.length - last > size) {
    let pos = last + size;
    passQuotesBefore(pos);
    let found = -1;
    for (;;) {
      const nl = bytes.indexOf(0x0a, pos);
      if (nl === -1) break;
      passQuotesBefore(nl);
      pos = nl + 1;
      // A quoted cell longer than a chunk (and a megabyte) is a stray quote, not data: cut anyway,
      // so one bad quote cannot make the rest of a huge file a single chunk.
      if (!inQuotes || nl - (last + size) > Math.max(size, MAX_QUOTED_BYTES)) {
        inQuotes = false;
        found = nl;
        break;
      }
    }
    if (found === -1) break;
    last = found + 1;
    bounds.push(last);
  }
  if (bounds[bounds.length - 1] !== bytes.length) bounds.push(bytes.length);
  return bounds;
}

function countLines(bytes: Uint8Array): number {
  let n = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

class EncodingError extends Error {}

/**
 * Text chunks of a CSV file, decoded as UTF-8 (BOM stripped), UTF-16, or GB18030. In UTF-8 mode a
 * file with a few lines that are not UTF-8 keeps its UTF-8 text: just those lines are read as
 * GB18030 and their 1-based line numbers pushed to `foreignLines`; a file that is mostly not UTF-8
 * throws {@link EncodingError} (the caller reads it again as GB18030). A UTF-8 file cut off in the
 * middle of a character is read without that character's bytes, and the line is noted in `cut.line`.
 */
function* textChunks(bytes: Uint8Array, encoding: 'utf-8' | 'gb18030', chunkBytes: number, foreignLines: number[] = [], cut: { line?: number } = {}): Generator<string> {
  if (decodeText(bytes.subarray(0, Math.min(bytes.length, 512))).encoding.startsWith('utf-16')) {
    yield decodeText(bytes).text;
    return;
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let body = bytes.subarray(start);
  const tail = encoding === 'utf-8' ? cutUtf8Tail(body) : 0;
  if (tail > 0) {
    body = body.subarray(0, body.length - tail);
    cut.line = countLines(body);
  }
  const bounds = chunkBounds(body, chunkBytes);
  const dec = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let mixed: boolean | null = null;
  let line = 1;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const chunk = body.subarray(bounds[k], bounds[k + 1]);
    let text: string;
    try {
      text = dec.decode(chunk);
    } catch {
      mixed ??= mostlyUtf8(body);
      if (!mixed) throw new EncodingError();
      text = decodeMixed(chunk, line, foreignLines);
    }
    if (encoding === 'utf-8') line += countLines(chunk) - 1;
    yield text;
  }
}

/** A row read before the header was found (see `findHeader` in {@link loadCsvColumns}). */
type Pending = { cells: string[]; at: number; badQuote: number; cutOff: boolean };

type Role = { kind: 'lon' } | { kind: 'lat' } | { kind: 'pair' } | { kind: 'id' } | { kind: 'field'; field: FieldDef; col: ColumnWriter } | { kind: 'extra'; col: ColumnWriter } | { kind: 'skip' };

/**
 * Load a CSV point layer (lon/lat columns) straight into typed columns, without per-row objects.
 * Handles a UTF-8 BOM, UTF-16, GBK/GB18030 (when the bytes are not valid UTF-8), `,` `;` or tab
 * delimiters (from the header), CRLF, and quoted fields with `""` escapes and newlines.
 * @param chunkBytes - bytes decoded at a time (a test can make it tiny to cross many chunk ends)
 */
export function loadCsvColumns(
  def: LayerDefinition,
  file: string,
  bytes: Uint8Array,
  sink: IssueSink,
  coordinates?: CoordinateOptions,
  chunkBytes: number = CSV_CHUNK_BYTES,
): ColumnsLoaded {
  try {
    return parseCsv(def, file, bytes, sink, 'utf-8', coordinates, chunkBytes);
  } catch (err) {
    if (!(err instanceof EncodingError)) throw err;
    sink.add('info', 'encoding-gb18030', file, {}, {
      zh: '文件不是 UTF-8 编码，已按 GBK/GB18030 读取。',
      en: 'The file is not UTF-8; it was read as GBK/GB18030.',
    });
    return parseCsv(def, file, bytes, sink, 'gb18030', coordinates, chunkBytes);
  }
}

/** A cell analysis/csv-export.ts's csvCell prefixed with ' because it starts like a formula. */
const FORMULA_GUARDED = /^'[=+\-@\t\r]/;

function parseCsv(
  def: LayerDefinition,
  file: string,
  bytes: Uint8Array,
  parentSink: IssueSink,
  encoding: 'utf-8' | 'gb18030',
  coordinates: CoordinateOptions | undefined,
  chunkBytes: number,
): ColumnsLoaded {
  // Issues go to a private sink first: a UTF-8 attempt that fails half-way must not leave any.
  const sink = new IssueSink();
  const lines = countLines(bytes);
  const b = new ColumnBuilder(def, lines);
  const reader = new FieldReader(def, file, sink);
  const ids = new IdKeeper(def, file, sink, lines);
  const counts: LayerLoadCounts = { read: 0, loaded: 0, rejected: 0, unlocated: 0 };
  let roles: Role[] | null = null;
  let delim = 44;
  let lonCol = -1;
  let latCol = -1;
  // one column holding both coordinates (坐标 "114.75,38.6"), when there are no lon and lat columns
  let pairCol = -1;
  let pairOrder: PairOrder = 'unordered';
  let headerLine = 1;
  // set when no row searched named the coordinates: how many rows were, and whether more followed
  let notFound: { rows: number; more: boolean } | null = null;
  let repeated = 0;
  let line = 1;
  const starts: number[] = [];
  const ends: number[] = [];
  const escaped: boolean[] = [];

  let absent: ColumnWriter[] = [];
  // Households come sorted by village: a category cell equal to the one above reuses its code.
  const lastText: (string | undefined)[] = [];
  const lastCode: number[] = [];
  const cellText = (s: string, k: number): string => {
    const t = escaped[k] ? s.slice(starts[k], ends[k]).replaceAll('""', '"') : s.slice(starts[k], ends[k]);
    // a cell our CSV writer guarded against formulas (csvCell: '-3组, '+8601; 导出项目's households.csv) reads as it was
    return t.charCodeAt(0) === 39 && FORMULA_GUARDED.test(t) ? t.slice(1) : t;
  };
  const cellOrEmpty = (s: string, k: number, nCells: number): string => (k < nCells ? cellText(s, k) : '');

  const headerNames: string[] = [];
  const keptRoles: number[] = [];
  const requiredRoles: number[] = [];
  let droppedColumns = 0;
  /** Index of the last header column read (not skipped); a row with no cell there is short. */
  let lastUsedColumn = -1;
  // columns without a name (skipped): how many rows hold a value there, and the first such row, so
  // data under an empty header cell is not dropped without a word (at most 20 watched: a header of
  // thousands of trailing commas must not cost a step per column per row)
  const unnamed: { k: number; n: number; first: number }[] = [];
  const header = (s: string, nCells: number, at: number): void => {
    roles = [];
    headerLine = at;
    const extras: string[] = [];
    const used = new Set<string>();
    const fieldCol = new Map<string, number>();
    for (let k = 0; k < nCells; k++) headerNames.push(normaliseText(cellText(s, k).replace(/^\uFEFF/, '')));
    const pair = namesLonLat(headerNames) ? null : pairColumn(headerNames);
    if (pair) {
      pairCol = pair.column;
      pairOrder = pair.order;
    }
    // a ledger's words for the fields no column names (编号 → id, 户人数 → persons), as the import step suggests
    const hinted = new Map<number, FieldDef>();
    for (const [field, k] of hintedColumns(reader, headerNames)) {
      if (k === pairCol || isLon(headerNames[k]) || isLat(headerNames[k])) continue;
      hinted.set(k, def.fields.find((x) => x.name === field) as FieldDef);
    }
    const readAs: number[] = [];
    for (let k = 0; k < nCells; k++) {
      const name = headerNames[k];
      const lower = name.toLowerCase();
      const f = reader.fieldFor(name) ?? hinted.get(k);
      if (k === pairCol) {
        roles.push({ kind: 'pair' });
      } else if (lonCol < 0 && isLon(name)) {
        lonCol = k;
        roles.push({ kind: 'lon' });
      } else if (latCol < 0 && isLat(name)) {
        latCol = k;
        roles.push({ kind: 'lat' });
      } else if (f && !used.has(f.name)) {
        used.add(f.name);
        fieldCol.set(f.name, k);
        if (hinted.get(k) === f) readAs.push(k);
        roles.push(f.name === def.idField ? { kind: 'id' } : { kind: 'field', field: f, col: b.columns.get(f.name) as ColumnWriter });
      } else if (name === '' || UNSAFE_KEYS.has(name) || used.has(name)) {
        roles.push({ kind: 'skip' });
        if (name === '' && unnamed.length < 20) unnamed.push({ k, n: 0, first: 0 });
        if (name !== '') {
          sink.add('warning', UNSAFE_KEYS.has(name) ? 'unsafe-key' : 'duplicate-column', file, { row: headerLine, field: name }, {
            zh: `列名“${name}”${UNSAFE_KEYS.has(name) ? '不安全' : '重复'}，该列已忽略。`,
            en: `Column "${name}" is ${UNSAFE_KEYS.has(name) ? 'unsafe' : 'repeated'}; ignored.`,
          });
        }
      } else {
        // A second column for what an earlier one gives (a second "lon", or "人口" after "persons"):
        // only the first is read; this one is kept as text, and the user is told which was read.
        const first = LON_HEADERS.includes(lower) ? lonCol : LAT_HEADERS.includes(lower) ? latCol : f ? fieldCol.get(f.name) : undefined;
        if (first !== undefined && first >= 0) {
          sink.add('warning', 'duplicate-column', file, { row: headerLine, field: name }, {
            zh: `列“${name}”与第 ${first + 1} 列“${headerNames[first]}”表示同一内容；只读取第 ${first + 1} 列，该列作为文本保留，请确认用的是哪一列。`,
            en: `Column "${name}" gives the same thing as column ${first + 1} "${headerNames[first]}"; only column ${first + 1} is read and this one is kept as text. Please check which one is meant.`,
          });
        }
        used.add(name);
        const col = b.addExtra(name);
        if (col) {
          extras.push(name);
          roles.push({ kind: 'extra', col });
        } else {
          roles.push({ kind: 'skip' });
          droppedColumns++;
        }
      }
    }
    if (droppedColumns > 0) sink.add('warning', 'too-many-columns', file, { row: headerLine }, tooManyColumns(droppedColumns));
    const named = readAs.map((k) => ({ name: headerNames[k], f: hinted.get(k) as FieldDef }));
    if (named.length > 0) {
      sink.add('info', 'column-read-as', file, { row: headerLine }, {
        zh: named.map(({ name, f }) => `列“${name}”按“${f.label.zh}（${f.name}）”读取`).join('，') + '。',
        en: named.map(({ name, f }) => `Column "${name}" was read as "${f.label.en}" (${f.name})`).join('; ') + '.',
      });
    }
    roles.forEach((x, k) => {
      if (x.kind !== 'skip') lastUsedColumn = k;
      if (x.kind === 'field' || x.kind === 'extra' || x.kind === 'id') keptRoles.push(k);
      if (x.kind === 'field' && x.field.required) requiredRoles.push(k);
    });
    const present = new Set(roles.map((x) => (x.kind === 'field' || x.kind === 'extra' ? x.col : null)));
    absent = [...b.columns.values()].filter((c) => !present.has(c));
    if ((lonCol < 0 || latCol < 0) && pairCol < 0) {
      const where = notFound ? headerNotFound(file, notFound.rows, notFound.more) : null;
      sink.add('error', 'no-coordinates', file, { row: headerLine }, {
        zh: `找不到经度、纬度列（列名应为 lon/lat、经度/纬度 或 x/y，或一列“经纬度”“坐标”）；所有行作为“无位置”读取，地图上不显示。${where ? where.zh : ''}`,
        en: `No longitude/latitude columns found (name them lon/lat, 经度/纬度 or x/y, or one column 经纬度 / 坐标 / lonlat); all rows were read as unlocated and are not drawn.${where ? ` ${where.en}` : ''}`,
      });
    }
    if (extras.length) {
      sink.add('info', 'extra-columns', file, { row: headerLine }, {
        zh: `以下列不在数据规范中，已作为文本保留：${extras.join('、')}。`,
        en: `These columns are not in the data contract and were kept as text: ${extras.join(', ')}.`,
      });
    }
  };

  const row = (s: string, nCells: number, at: number, badQuote: number, cutOff = false): void => {
    if (!roles) return findHeader(s, nCells, at, badQuote, cutOff);
    if (nCells === 1 && starts[0] === ends[0]) return;
    counts.read++;
    const loc = { row: at };
    if (badQuote >= 0) {
      counts.rejected++;
      sink.add('error', 'unterminated-quote', file, { ...loc, field: headerNames[badQuote] ?? `#${badQuote + 1}` }, {
        zh: '这一格以引号开头，但引号没有正确闭合（其后没有配对的引号，或配对的引号在几行之后）；该行未加载，其后各行照常读取。',
        en: 'This cell opens a quote that is not closed properly (no matching quote follows, or the match is lines later); the row was not loaded, and the rows after it were read as usual.',
      });
      return;
    }
    if (nCells > roles.length && hasText(starts, ends, roles.length, nCells)) {
      sink.add('warning', 'extra-cells', file, loc, {
        zh: `该行有 ${nCells} 个值，多于表头的 ${roles.length} 列；多余的值已忽略（分隔符或引号可能有误）。`,
        en: `The row has ${nCells} values, more than the ${roles.length} header columns; the extra values were ignored (check delimiters and quotes).`,
      });
    }
    for (const u of unnamed) {
      if (u.k < nCells && starts[u.k] !== ends[u.k] && (u.n++ === 0)) u.first = at;
    }
    if (cutOff && nCells <= lastUsedColumn) {
      // The last line ends without a line break and short of the header: the file was cut off
      // there, and what the row holds may be cut too (a latitude 38.7 for 38.76509). A short row
      // elsewhere is a CSV habit (trailing empty cells left out) and is read as it is.
      sink.add('warning', 'cut-off-row', file, loc, {
        zh: `文件最后一行没有换行符，且只有 ${nCells} 个值，少于表头的 ${roles.length} 列：文件可能被截断，该行的值可能不完整（缺少的按空值处理），请核对。`,
        en: `The last line has no line break and only ${nCells} values, fewer than the ${roles.length} header columns: the file may be cut off and this row incomplete (the missing values were read as empty). Please check it.`,
      });
    }
    let lon = NaN;
    let lat = NaN;
    if (pairCol >= 0 && pairCol < nCells && starts[pairCol] !== ends[pairCol]) {
      const text = cellText(s, pairCol);
      const p = splitCoordinatePair(text, pairOrder);
      if (p.problem) {
        if (isRepeatedHeader([text], [headerNames[pairCol]])) return skipRepeatedHeader(at);
        // a units row (度, or 度,度, or WGS84) right under the header
        if (counts.read === 1 && isUnitsRow([text])) {
          counts.read--;
          sink.add('info', 'units-row', file, loc, unitsRow(at));
          return;
        }
        counts.rejected++;
        sink.add('error', p.problem === 'order' ? 'coordinate-order' : 'bad-coordinate', file, { ...loc, field: headerNames[pairCol] }, pairProblem(p.problem, headerNames[pairCol], text, at, 'rejected'));
        return;
      }
      lon = p.lon;
      lat = p.lat;
    } else if (lonCol >= 0 && latCol >= 0) {
      const lonEmpty = lonCol >= nCells || starts[lonCol] === ends[lonCol];
      const latEmpty = latCol >= nCells || starts[latCol] === ends[latCol];
      if (!(lonEmpty && latEmpty)) {
        lon = lonEmpty ? NaN : fastNumber(s, starts[lonCol], ends[lonCol]);
        lat = latEmpty ? NaN : fastNumber(s, starts[latCol], ends[latCol]);
        if (Number.isNaN(lon) && !lonEmpty) lon = parseCoordinateText(cellText(s, lonCol));
        if (Number.isNaN(lat) && !latEmpty) lat = parseCoordinateText(cellText(s, latCol));
        if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
          const cells = [cellOrEmpty(s, lonCol, nCells), cellOrEmpty(s, latCol, nCells)];
          if (isRepeatedHeader(cells, [headerNames[lonCol], headerNames[latCol]])) return skipRepeatedHeader(at);
          // a units row (度, 度, 人) right under the header
          if (counts.read === 1 && isUnitsRow(cells)) {
            counts.read--;
            sink.add('info', 'units-row', file, loc, unitsRow(at));
            return;
          }
          counts.rejected++;
          sink.add('error', 'bad-coordinate', file, { ...loc, field: Number.isFinite(lon) ? 'lat' : 'lon' }, {
            zh: `坐标“${cellOrEmpty(s, lonCol, nCells)}, ${cellOrEmpty(s, latCol, nCells)}”不是有效数字（空值、NaN 或无穷大），该行未加载。`,
            en: `Coordinates "${cellOrEmpty(s, lonCol, nCells)}, ${cellOrEmpty(s, latCol, nCells)}" are not valid numbers (empty, NaN or infinite); the row was not loaded.`,
          });
          return;
        }
      }
    }
    if (Number.isNaN(lon)) {
      // a 合计 / 小计 row at the foot of a ledger is not a household (its 人口 would count twice)
      const label = totalRowLabel((function* () {
        for (let k = 0; k < nCells; k++) yield cellText(s, k);
      })());
      if (label !== null) {
        counts.read--;
        sink.add('warning', 'total-row', file, loc, totalRow(at, label));
        return;
      }
    }
    const rs = roles as Role[];
    // Required fields first, so a rejected row writes nothing.
    for (const k of requiredRoles) {
      const role = rs[k];
      if (role.kind !== 'field') continue;
      const text = k < nCells ? cellText(s, k) : '';
      const ok = !FieldReader.isMissing(text) && readValue(reader, role.field, text, loc) !== null;
      if (!ok) {
        if (FieldReader.isMissing(text)) reader.missingRequired(role.field, loc);
        counts.rejected++;
        return;
      }
    }
    b.ensureRow();
    const r = b.count;
    b.lon[r] = lon;
    b.lat[r] = lat;
    b.source[r] = at;
    let id: string | null = null;
    // Only the columns kept (schema fields, id, at most MAX_EXTRA_COLUMNS extras): a header of
    // 100 000 skipped columns over short rows must not cost 100 000 steps per row.
    for (const k of keptRoles) {
      const role = rs[k];
      if (role.kind === 'lon' || role.kind === 'lat' || role.kind === 'pair' || role.kind === 'skip') continue;
      const empty = k >= nCells || starts[k] === ends[k];
      if (role.kind === 'id') {
        id = empty ? null : FieldReader.readString(cellText(s, k));
        continue;
      }
      const col = role.col;
      if (empty) {
        writeValue(col, r, null);
        continue;
      }
      if (role.kind === 'extra') {
        writeValue(col, r, FieldReader.readString(cellText(s, k)));
        continue;
      }
      if (col.type === 'number') {
        const v = fastNumber(s, starts[k], ends[k]);
        col.values[r] = Number.isNaN(v) ? (reader.readNumber(role.field, cellText(s, k), loc) ?? NaN) : inRange(role.field, v) ? v : (reader.checkRange(role.field, v, cellText(s, k), loc) ?? NaN);
        continue;
      }
      if (col.type === 'category') {
        const prev = lastText[k];
        if (prev !== undefined && !escaped[k] && ends[k] - starts[k] === prev.length && s.startsWith(prev, starts[k])) {
          col.codes[r] = lastCode[k];
          continue;
        }
      }
      const text = cellText(s, k);
      writeValue(col, r, FieldReader.isMissing(text) ? null : readValue(reader, role.field, text, loc));
      if (col.type === 'category' && col.codes[r] >= 0) {
        lastText[k] = text;
        lastCode[k] = col.codes[r];
      }
    }
    // Columns the header does not have stay missing for this row.
    for (const col of absent) writeValue(col, r, null);
    b.ids[r] = ids.unique(id, loc, at);
    if (Number.isNaN(lon)) counts.unlocated++;
    b.count++;
  };

  /** The header again in the middle (two exports pasted together): not a row, said. */
  const skipRepeatedHeader = (at: number): void => {
    counts.read--;
    if (repeated++ < FIRST_NAMED) sink.add('warning', 'repeated-header', file, { row: at }, repeatedHeader(at));
  };

  // Rows before the header is known: a title block (某某县农户台账, 填报单位 …) may sit above it.
  // The first row naming lon and lat is the header (else one naming a 坐标 column among the first
  // rows, else further down, see findHeaderRow); the usual file has it first and buffers nothing.
  let pending: Pending[] = [];
  /** Lay a buffered row's cells out in one string, as {@link row} reads them. */
  const layOut = (cells: readonly string[]): string => {
    let text = '';
    cells.forEach((c, k) => {
      starts[k] = text.length;
      text += c;
      ends[k] = text.length;
      escaped[k] = false;
      text += '\n';
    });
    return text;
  };
  const noteRowsAbove = (above: number): void => {
    if (above > 0) sink.add('info', 'rows-above-header', file, { row: headerLine }, rowsAboveHeader(headerLine));
  };
  const settleHeader = (more: boolean): void => {
    const rows = pending;
    pending = [];
    const { index: h, named } = findHeaderRow(rows.map((p) => p.cells), [namesLonLat, namesPair]);
    if (!named) notFound = { rows: rows.length, more };
    header(layOut(rows[h].cells), rows[h].cells.length, rows[h].at);
    noteRowsAbove(h);
    for (const p of rows.slice(h + 1)) row(layOut(p.cells), p.cells.length, p.at, p.badQuote, p.cutOff);
  };
  const findHeader = (s: string, nCells: number, at: number, badQuote: number, cutOff: boolean): void => {
    const cells: string[] = [];
    for (let k = 0; k < nCells; k++) cells.push(cellText(s, k));
    if (namesLonLat(cells)) {
      const above = pending.length;
      pending = [];
      header(s, nCells, at);
      noteRowsAbove(above);
      return;
    }
    pending.push({ cells, at, badQuote, cutOff });
    // a 坐标 column named in the first rows is the header (see findHeaderRow); else a long 说明
    // block may hide it further down
    if (pending.length === HEADER_SEARCH_ROWS && pending.some((p) => namesPair(p.cells))) settleHeader(true);
    else if (pending.length >= HEADER_SEARCH_MAX_ROWS) settleHeader(true);
  };

  const foreignLines: number[] = [];
  const cut: { line?: number } = {};
  // the last row read (the header counts), for the field a cut-off file stops in
  let lastCells = 0;
  let lastIsHeader = true;
  for (const s of textChunks(bytes, encoding, chunkBytes, foreignLines, cut)) {
    if (roles === null) delim = sniffDelimiter(s.slice(0, 65536), CSV_DELIMITERS, (cells) => namesLonLat(cells) || namesPair(cells)).charCodeAt(0);
    const n = s.length;
    let i = 0;
    // Next newline at or after the current quoted cell (found once per line, not once per cell).
    let nextNl = -2;
    while (i < n) {
      const at = line;
      let nCells = 0;
      let badQuote = -1;
      for (;;) {
        let start: number;
        let end: number;
        let esc = false;
        if (s.charCodeAt(i) === 34) {
          start = i + 1;
          let j = start;
          let closed = true;
          for (;;) {
            const q = s.indexOf('"', j);
            if (q === -1) {
              closed = false;
              end = n;
              i = n;
              break;
            }
            if (s.charCodeAt(q + 1) === 34) {
              esc = true;
              j = q + 2;
              continue;
            }
            end = q;
            i = q + 1;
            break;
          }
          const after = i < n ? s.charCodeAt(i) : -1;
          const closedWell = closed && (after === -1 || after === delim || after === 10 || after === 13);
          if (nextNl !== -1 && nextNl < start) nextNl = s.indexOf('\n', start);
          const nl = nextNl;
          if (!closedWell && (!closed || (nl !== -1 && nl < end))) {
            // A quote never closed, or "closed" by a stray quote lines later: rows would vanish
            // into one cell. Read it as a plain character instead; the row is reported.
            if (badQuote < 0) badQuote = nCells;
            start = start - 1;
            i = start + 1;
            esc = false;
            while (i < n) {
              const c = s.charCodeAt(i);
              if (c === delim || c === 10 || c === 13) break;
              i++;
            }
            end = i;
          } else {
            for (let k = nl; k !== -1 && k < end; k = s.indexOf('\n', k + 1)) line++;
            while (i < n) {
              const c = s.charCodeAt(i);
              if (c === delim || c === 10 || c === 13) break;
              i++;
            }
          }
        } else {
          start = i;
          while (i < n) {
            const c = s.charCodeAt(i);
            if (c === delim || c === 10 || c === 13) break;
            i++;
          }
          end = i;
        }
        starts[nCells] = start;
        ends[nCells] = end;
        escaped[nCells] = esc;
        nCells++;
        if (i >= n) break;
        const c = s.charCodeAt(i);
        if (c === delim) {
          i++;
          continue;
        }
        if (c === 13) i++;
        if (s.charCodeAt(i) === 10) i++;
        line++;
        break;
      }
      // Chunks end after a line break, but for the file's last line when the file ends without one.
      const last = n > 0 ? s.charCodeAt(n - 1) : 10;
      lastCells = nCells;
      lastIsHeader = roles === null;
      row(s, nCells, at, badQuote, i >= n && last !== 10 && last !== 13);
    }
  }
  if (roles === null && pending.length > 0) settleHeader(false);
  if (roles === null) {
    sink.add('error', 'empty-file', file, {}, { zh: 'CSV 文件没有表头和数据。', en: 'The CSV file has no header and no rows.' });
  } else if (counts.read === 0) {
    sink.add('warning', 'no-rows', file, {}, {
      zh: 'CSV 文件只有表头，没有数据行；导入它会把该图层换成空图层。',
      en: 'The CSV file has a header but no rows; importing it would replace the layer with an empty one.',
    });
  }
  for (const at of foreignLines) {
    sink.add('warning', 'encoding-line', file, { row: at }, ENCODING_LINE);
  }
  for (const u of unnamed) {
    if (u.n === 0) continue;
    sink.add('warning', 'unnamed-column', file, { row: headerLine, field: `#${u.k + 1}` }, {
      zh: `第 ${u.k + 1} 列没有列名，但有 ${u.n} 行在这一列有值（第一处在第 ${u.first} 行）；该列未读取。如需保留，请在表头给它起个名字。`,
      en: `Column ${u.k + 1} has no name but ${u.n} row(s) hold a value in it (the first on row ${u.first}); the column was not read. To keep it, give it a name in the header.`,
    });
  }
  if (cut.line !== undefined) {
    const field = lastIsHeader ? undefined : (headerNames[lastCells - 1] ?? `#${lastCells}`);
    sink.add('warning', 'cut-utf8', file, field === undefined ? { row: cut.line } : { row: cut.line, field }, CUT_UTF8);
  }

  finishCoordinates(b, file, sink, counts, coordinates);
  parentSink.absorb(sink);
  return { data: b.finish(), counts, source: b.source.slice(0, b.count), sourceKind: 'row' };
}

function hasText(starts: number[], ends: number[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (ends[k] > starts[k]) return true;
  return false;
}

/** Delimiters of a households.csv: comma, semicolon (a European Excel), tab, full-width comma. */
const CSV_DELIMITERS = [',', ';', '\t', '，'];

/**
 * After all rows are in: guess the coordinate system; drop rows whose coordinates are projected,
 * swapped or out of lon/lat range (reported), and count rows outside China's box.
 */
function finishCoordinates(b: ColumnBuilder, file: string, sink: IssueSink, counts: LayerLoadCounts, coordinates: CoordinateOptions | undefined): void {
  const n = b.count;
  let guess = guessCrs(b.lon.subarray(0, n), b.lat.subarray(0, n));
  const fix = coordinateFix(coordinates, guess, file, sink);
  if (fix) {
    let changed = 0;
    for (let r = 0; r < n; r++) {
      if (Number.isNaN(b.lon[r])) continue;
      const [lon, lat] = fix.transform(b.lon[r], b.lat[r]);
      b.lon[r] = lon;
      b.lat[r] = lat;
      changed++;
    }
    sink.add('info', 'converted-coordinates', file, {}, fix.done(changed));
    guess = guessCrs(b.lon.subarray(0, n), b.lat.subarray(0, n));
  }
  let keep: Uint8Array | null = null;
  let crsRejected = 0;
  let outside = 0;
  const outsideRows: number[] = [];
  for (let r = 0; r < n; r++) {
    const x = b.lon[r];
    const y = b.lat[r];
    if (Number.isNaN(x)) continue;
    const swapped = guess.kind === 'swapped' && inChina(y, x) && !inChina(x, y);
    if (swapped || !inLonLatRange(x, y)) {
      keep ??= new Uint8Array(n).fill(1);
      keep[r] = 0;
      counts.rejected++;
      if (guess.kind !== 'lonlat') crsRejected++;
      else {
        sink.add('error', 'coordinate-out-of-range', file, { row: b.source[r] }, outOfRange(x, y));
      }
      continue;
    }
    if (!inChina(x, y) && outside++ < FIRST_NAMED) outsideRows.push(b.source[r]);
  }
  if (crsRejected > 0) sink.add('error', guess.kind === 'swapped' ? 'swapped-coordinates' : 'projected-coordinates', file, {}, crsMessage(guess, crsRejected));
  if (outside > 0) {
    sink.add('warning', 'outside-china', file, {}, {
      zh: `${outside} 行位于中国范围（经度 73°–136°、纬度 3°–54°）之外（第 ${outsideRows.join('、')} 行${outside > FIRST_NAMED ? ' 等' : ''}），请检查坐标。`,
      en: `${outside} rows lie outside China's bounding box (lon 73°–136°, lat 3°–54°) (row ${outsideRows.join(', ')}${outside > FIRST_NAMED ? ' …' : ''}); please check their coordinates.`,
    });
  }
  if (counts.unlocated > 0) {
    sink.add('info', 'unlocated', file, {}, {
      zh: `${counts.unlocated} 行没有坐标，已作为“无位置”保留，地图上不显示。`,
      en: `${counts.unlocated} rows have no coordinates; kept as unlocated and not drawn.`,
    });
  }
  if (keep) {
    for (let r = 0; r < n; r++) if (!keep[r] && Number.isNaN(b.lon[r])) counts.unlocated--;
    b.compact(keep);
  }
  counts.loaded = b.count;
}

function outOfRange(x: number, y: number): I18nText {
  return {
    zh: `坐标 (${x}, ${y}) 超出经纬度范围（经度 ±180°、纬度 ±90°），该行未加载。`,
    en: `Coordinates (${x}, ${y}) are outside the longitude/latitude range (±180°, ±90°); the row was not loaded.`,
  };
}

function tooManyColumns(n: number): I18nText {
  return {
    zh: `不在数据规范中的列（属性）超过 ${MAX_EXTRA_COLUMNS} 个，其余 ${n} 个未保留。`,
    en: `More than ${MAX_EXTRA_COLUMNS} columns (properties) are outside the data contract; ${n} more were not kept.`,
  };
}
