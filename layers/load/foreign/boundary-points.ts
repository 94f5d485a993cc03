import type { ForeignFeature, ForeignFile, ForeignIssue, ForeignLayer, ForeignReadResult, StatedCrs } from './types.ts';
import type { ForeignReader } from './index.ts';
import { mergeResults } from './kml.ts';
import { CUT_UTF8, decodeText } from '../decode.ts';
import { readXlsx, XlsxError } from './xlsx.ts';

/**
 * What a boundary-point table may hold; beyond it the file is refused, naming the file, its size or
 * rows and the cap (zh + en), before it is decoded or split into rows. 5,000,000 rows (one row a
 * corner): a reserve plot has tens of corners and a county's reserve or land-supply tables a few
 * thousand plots (~10⁵ rows); even 100,000 cadastral parcels of 50 corners each stay within it. In a
 * workbook the same 20,000,000 cells as the point-table reader allows (5 million rows of 4 columns).
 * 256 MB: the KML and DXF cap; 5 million rows of about 50 bytes. Without a cap a text file of a few
 * hundred MB was decoded into one string (past the browser's string limit: "file unreadable") or
 * split into millions of row arrays until the tab ran out of memory.
 */
export const BOUNDARY_POINT_LIMITS = { maxBytes: 256 * 1024 * 1024, maxRows: 5_000_000, maxCells: 20_000_000 };

/** Rows searched for the header line (a title such as 界址点坐标表 often comes first). */
const HEADER_SEARCH_ROWS = 20;

const norm = (s: string) =>
  s
    .replace(/\s+/g, '')
    .replace(/[（(]\s*(m|米|M)\s*[)）]/g, '')
    .toLowerCase();

const PLOT = /^(地块编号|地块号|地块|宗地号|宗地编号|宗地代码|地块名称|图斑编号|编号)$/;
/** Plot-id headers that only a boundary-point table has (a point list may have a plain 编号). */
const PLOT_WORD = /^(地块编号|地块号|宗地号|宗地编号|宗地代码|图斑编号)$/;
const POINT = /^(点号|界址点号|界址点|点名|点)$/;
const X_COL = /^(x|x坐标|纵坐标|纵坐标x|x纵坐标|北坐标|北坐标x|n)$/;
const Y_COL = /^(y|y坐标|横坐标|横坐标y|y横坐标|东坐标|东坐标y|e)$/;
const RING = /^(圈号|环号|圈|环)$/;
const SKIP = /^(序号|边长|距离|边长m|备注说明|图形属性)$/;

interface Columns {
  header: number;
  plot: number;
  point: number;
  x: number;
  y: number;
  ring: number;
  others: number[];
  names: string[];
}

interface PointRow {
  row: number;
  point: string;
  east: number;
  north: number;
  ring: string;
}

/** Split one delimited line, honouring double quotes. */
function splitLine(line: string, delim: string): string[] {
  if (delim === ' ') return line.trim().split(/\s+/);
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"' && cur === '') q = true;
    else if (c === delim) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

function textRows(text: string): string[][] {
  const lines = text.split(/\r\n|\r|\n/);
  const sample = lines.slice(0, HEADER_SEARCH_ROWS).join('\n');
  const delim = sample.includes('\t') ? '\t' : sample.includes(',') ? ',' : sample.includes('，') ? '，' : ' ';
  return lines.map((l) => (l.trim() === '' ? [] : splitLine(l, delim)));
}

/** True for the land-resources coordinate exchange format (坐标交换格式: `[属性描述]`, `[地块坐标]`). */
function isExchangeFormat(text: string): boolean {
  return /^\s*\[地块坐标\]\s*$/m.test(text);
}

/** The columns a plot line of the exchange format gives, in order (after 界址点数). */
const EXCHANGE_PLOT = ['面积(公顷)', '地块编号', '地块名称', '图形属性', '图幅号', '地块用途', '地类编码'];
/**
 * The exchange format states areas in 公顷; the reserve-plot layer's `area_mu` is in 亩 (1 公顷 =
 * 15 亩 exactly). The converted column is added beside the stated one, so the import suggests it
 * for `area_mu` and a hectare figure is never taken for 亩.
 */
const EXCHANGE_MU = '面积(亩)';
const muOfHectares = (ha: string): string => {
  const n = Number(ha);
  return ha.trim() !== '' && Number.isFinite(n) ? String(Math.round(n * 15 * 1e4) / 1e4) : '';
};

/**
 * The exchange format as table rows aligned with its lines (so issues name the file's own line):
 * a plot line `点数,面积,编号,名称,面,图幅号,用途,地类编码,@` sets the plot for the point lines
 * `点号,圈号,X,Y` that follow; a synthetic header takes the place of the first line, a section
 * marker. Lines before `[地块坐标]` (the `[属性描述]` block) are left out.
 */
function exchangeRows(text: string): string[][] {
  const lines = text.split(/\r\n|\r|\n/);
  const rows: string[][] = lines.map(() => []);
  rows[0] = [...EXCHANGE_PLOT, EXCHANGE_MU, '点号', '圈号', 'X', 'Y'];
  const start = lines.findIndex((l) => l.trim() === '[地块坐标]');
  let plot: string[] = [...EXCHANGE_PLOT.map(() => ''), ''];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('[')) continue;
    const cells = line.split(/\s*,\s*/);
    if (cells[cells.length - 1] === '@') {
      plot = [...EXCHANGE_PLOT.map((_, k) => cells[k + 1] ?? ''), muOfHectares(cells[1] ?? '')];
      continue;
    }
    rows[i] = [...plot, cells[0] ?? '', cells[1] ?? '', cells[2] ?? '', cells[3] ?? ''];
  }
  return rows;
}

/**
 * The CRS an exchange-format header states: 2000国家大地坐标系 (or 80西安 / 54北京) with 几度分带 and
 * 带号 give a Gauss-Krüger zone; whether eastings carry the zone number is read from the first
 * easting. Null when the header does not say enough.
 */
function exchangeCrs(text: string, rows: string[][]): StatedCrs | null {
  const head = text.slice(0, Math.max(0, text.indexOf('[地块坐标]')));
  const get = (k: string) => new RegExp(`^\\s*${k}\\s*=\\s*(.*?)\\s*$`, 'm').exec(head)?.[1] ?? '';
  const cs = get('坐标系');
  const datum = /2000/.test(cs) ? 'CGCS2000' : /80|西安/.test(cs) ? 'Xian1980' : /54|北京/.test(cs) ? 'Beijing1954' : null;
  const width = Number(get('几度分带'));
  const zone = Number(get('带号'));
  if (!datum || (width !== 3 && width !== 6) || !Number.isInteger(zone) || zone <= 0) return null;
  const centralMeridian = width === 3 ? zone * 3 : zone * 6 - 3;
  const firstEasting = Number(rows.find((r) => r.length > 0 && r !== rows[0])?.[EXCHANGE_PLOT.length + 1 + 3]);
  const prefixed = Number.isFinite(firstEasting) && firstEasting >= 1_000_000;
  return { kind: 'gauss-kruger', datum, centralMeridian, falseEasting: prefixed ? zone * 1_000_000 + 500_000 : 500_000, zoneWidth: width, zone };
}

function findColumns(rows: string[][]): Columns | null {
  for (let r = 0; r < Math.min(rows.length, HEADER_SEARCH_ROWS); r++) {
    const cells = rows[r].map(norm);
    const x = cells.findIndex((c) => X_COL.test(c));
    const y = cells.findIndex((c) => Y_COL.test(c));
    if (x < 0 || y < 0) continue;
    const plot = cells.findIndex((c) => PLOT.test(c));
    const point = cells.findIndex((c) => POINT.test(c));
    const ring = cells.findIndex((c) => RING.test(c));
    const used = new Set([x, y, plot, point, ring]);
    const others = cells.map((c, i) => i).filter((i) => !used.has(i) && cells[i] !== '' && !SKIP.test(cells[i]));
    return { header: r, plot, point, x, y, ring, others, names: rows[r].map((s) => s.trim()) };
  }
  return null;
}

function stem(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function isXlsx(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b;
}

/**
 * Read a boundary-point table (界址点坐标表) in CSV/TXT (comma, tab or spaces; UTF-8 or GBK) or
 * XLSX: a header row (found within the first rows, after any title) with X and Y columns, and
 * usually 地块编号 (plot id), 点号 (point number) and 圈号 (ring number). Following the surveying
 * convention X is the northing and Y the easting, so each output position is `[Y, X]`
 * (easting first). Each plot id gives one polygon with its points in table order; a blank plot id
 * continues the plot above (merged cells); the closing point may be given or not. Rings: by the 圈号
 * column when there is one, otherwise a ring ends where its first point comes again and later points
 * start the next ring; the first ring is the outer boundary, later ones holes.
 *
 * The land-resources coordinate exchange format (坐标交换格式, a `.txt` with `[属性描述]` and
 * `[地块坐标]` sections, plot lines ending in `@` and point lines `点号,圈号,X,Y`) is read the same
 * way, its plot line giving 面积, 地块编号, 地块名称, 地块用途 and 地类编码.
 *
 * Errors name the file, the row and the field: a coordinate that is not a number, a ring with fewer
 * than 3 distinct points or a self-intersecting ring (that plot is left out). Other columns keep the
 * first value given for the plot. Coordinates are as written; the CRS is unknown (null).
 *
 * @param file - the picked file
 * @returns one layer per table (per sheet in a workbook) and the issues met; never throws for a bad file
 * @example
 * readBoundaryPoints({ name: '界址点.csv', bytes }).layers[0].features[0].properties.地块编号; // "DK-001"
 */
export function readBoundaryPoints(file: ForeignFile, limits: typeof BOUNDARY_POINT_LIMITS = BOUNDARY_POINT_LIMITS): ForeignReadResult {
  const issues: ForeignIssue[] = [];
  const tooLarge = tooLargeIssue(file, limits);
  if (tooLarge) return { layers: [], issues: [tooLarge] };
  let tables: { name: string; source: string; rows: string[][]; encoding?: string; crs?: StatedCrs | null }[];
  if (isXlsx(file.bytes)) {
    try {
      tables = readXlsx(file.bytes, { name: file.name, maxBytes: limits.maxBytes, maxCells: limits.maxCells, maxArea: 2 * limits.maxCells }).map((s) => ({ name: s.name, source: `${file.name}/${s.name}`, rows: s.rows }));
    } catch (err) {
      if (!(err instanceof XlsxError)) throw err;
      issues.push({ severity: 'error', code: 'boundary-xlsx', file: file.name, message: { zh: err.zh, en: err.en } });
      return { layers: [], issues };
    }
  } else {
    const d = decodeText(file.bytes);
    if (d.cutLine !== undefined) issues.push({ severity: 'warning', code: 'cut-utf8', file: file.name, row: d.cutLine, message: CUT_UTF8 });
    if (isExchangeFormat(d.text)) {
      const rows = exchangeRows(d.text);
      tables = [{ name: stem(file.name), source: file.name, rows, encoding: d.encoding, crs: exchangeCrs(d.text, rows) }];
    } else tables = [{ name: stem(file.name), source: file.name, rows: textRows(d.text), encoding: d.encoding }];
  }
  const layers: ForeignLayer[] = [];
  for (const t of tables) {
    const cols = findColumns(t.rows);
    if (!cols) {
      if (tables.length === 1) {
        issues.push({
          severity: 'error',
          code: 'boundary-header',
          file: t.source,
          message: {
            zh: `${t.source}：前 ${HEADER_SEARCH_ROWS} 行中没有找到含 X 和 Y（纵坐标、横坐标）列的表头，不是界址点坐标表`,
            en: `${t.source}: no header with X and Y columns in the first ${HEADER_SEARCH_ROWS} rows; not a boundary-point table`,
          },
        });
      }
      continue;
    }
    const layer = readTable(t.rows, cols, t.source, stem(file.name), issues);
    layers.push({ ...layer, name: tables.length === 1 ? stem(file.name) : t.name, crs: t.crs ?? null, ...(t.encoding ? { encoding: t.encoding } : {}) });
  }
  return { layers, issues };
}

/**
 * The refusal of a boundary-point table beyond {@link BOUNDARY_POINT_LIMITS}: more bytes than
 * `maxBytes`, or (a text table) more lines than `maxRows`, counted on the bytes (line feeds, else
 * carriage returns) before anything is decoded. A workbook's cells are capped by readXlsx.
 */
function tooLargeIssue(file: ForeignFile, limits: typeof BOUNDARY_POINT_LIMITS): ForeignIssue | null {
  const mb = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;
  const n = file.bytes.length;
  if (n > limits.maxBytes) {
    return {
      severity: 'error',
      code: 'too-large',
      file: file.name,
      message: {
        zh: `${file.name}：文件过大（${mb(n)}），界址点坐标表上限为 ${mb(limits.maxBytes)}，未读取；请按地块分成几个文件导入`,
        en: `${file.name}: the file is too large (${mb(n)}); boundary-point tables are limited to ${mb(limits.maxBytes)} and it was not read. Split it by plot into several files`,
      },
    };
  }
  if (isXlsx(file.bytes)) return null;
  const b = file.bytes;
  // UTF-16 (a BOM): count 16-bit units, so a character whose one byte is 0x0A is no line break
  const le = b[0] === 0xff && b[1] === 0xfe;
  const be = b[0] === 0xfe && b[1] === 0xff;
  const step = le || be ? 2 : 1;
  const unit = (i: number) => (le ? b[i] | (b[i + 1] << 8) : be ? (b[i] << 8) | b[i + 1] : b[i]);
  let lf = 0;
  let cr = 0;
  let last = 0;
  for (let i = step === 2 ? 2 : 0; i + step <= n; i += step) {
    last = unit(i);
    if (last === 10) lf++;
    else if (last === 13) cr++;
  }
  // the last line without a line break is a line too
  const lines = (lf > 0 ? lf : cr) + (n > 0 && last !== 10 && last !== 13 ? 1 : 0);
  if (lines <= limits.maxRows) return null;
  const count = (v: number) => v.toLocaleString('en-US');
  return {
    severity: 'error',
    code: 'too-many-rows',
    file: file.name,
    message: {
      zh: `${file.name}：共 ${count(lines)} 行，超过界址点坐标表 ${count(limits.maxRows)} 行的上限，未读取；请按地块分成几个文件导入`,
      en: `${file.name}: ${count(lines)} rows, more than the ${count(limits.maxRows)} a boundary-point table may have; it was not read. Split it by plot into several files`,
    },
  };
}

function readTable(rows: string[][], cols: Columns, source: string, fallbackId: string, issues: ForeignIssue[]): ForeignLayer {
  const plotField = cols.plot >= 0 ? cols.names[cols.plot] || '地块编号' : '地块编号';
  const plots = new Map<string, { firstRow: number; points: PointRow[]; extra: Record<string, string> }>();
  let lastId = fallbackId;
  const cell = (r: string[], c: number) => (c >= 0 && c < r.length ? (r[c] ?? '').trim() : '');
  for (let r = cols.header + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.every((c) => c.trim() === '')) continue;
    const rowNo = r + 1;
    const id = cols.plot >= 0 ? cell(row, cols.plot) || lastId : fallbackId;
    lastId = id;
    const xs = cell(row, cols.x);
    const ys = cell(row, cols.y);
    const north = Number(xs);
    const east = Number(ys);
    const bad = xs === '' || !Number.isFinite(north) ? cols.x : ys === '' || !Number.isFinite(east) ? cols.y : -1;
    if (bad >= 0) {
      const v = cell(row, bad);
      issues.push({
        severity: 'error',
        code: 'boundary-coordinate',
        file: source,
        row: rowNo,
        field: cols.names[bad],
        message: { zh: `${source}，第 ${rowNo} 行，“${cols.names[bad]}”列：“${v.slice(0, 30)}”不是数字（地块 ${id}），该点已舍弃`, en: `${source}, row ${rowNo}, column "${cols.names[bad]}": "${v.slice(0, 30)}" is not a number (plot ${id}); point dropped` },
      });
      continue;
    }
    let p = plots.get(id);
    if (!p) plots.set(id, (p = { firstRow: rowNo, points: [], extra: {} }));
    p.points.push({ row: rowNo, point: cell(row, cols.point), east, north, ring: cols.ring >= 0 ? cell(row, cols.ring) : '' });
    for (const c of cols.others) {
      const v = cell(row, c);
      if (v !== '' && !(cols.names[c] in p.extra)) p.extra[cols.names[c]] = v;
    }
  }
  const otherNames = cols.others.map((c) => cols.names[c]);
  const fields = [plotField, ...otherNames.filter((n) => n !== plotField), 'point_count'];
  const features: ForeignFeature[] = [];
  let swapped = 0;
  for (const [id, p] of plots) {
    const rings = splitRings(p.points, cols.ring >= 0);
    const coords: number[][][] = [];
    let ok = true;
    rings.forEach((ring, k) => {
      const where = { zh: `${source}，地块 ${id}${rings.length > 1 ? ` 第 ${k + 1} 圈` : ''}（第 ${ring[0].row} 行起）`, en: `${source}, plot ${id}${rings.length > 1 ? ` ring ${k + 1}` : ''} (from row ${ring[0].row})` };
      const pts = ring.map((q) => [q.east, q.north]);
      const first = pts[0];
      const last = pts[pts.length - 1];
      if (pts.length > 1 && first[0] === last[0] && first[1] === last[1]) pts.pop();
      const distinct = new Set(pts.map((q) => `${q[0]},${q[1]}`)).size;
      if (distinct < 3) {
        issues.push({ severity: 'error', code: 'boundary-points', file: source, row: ring[0].row, field: plotField, message: { zh: `${where.zh}：只有 ${distinct} 个不同的界址点，不能构成地块（至少要 3 个）`, en: `${where.en}: only ${distinct} distinct boundary point(s); a plot needs 3` } });
        ok = false;
        return;
      }
      const cross = selfIntersection(pts);
      if (cross) {
        const a = ring[cross[0]]?.point || `#${cross[0] + 1}`;
        const b = ring[cross[1]]?.point || `#${cross[1] + 1}`;
        issues.push({
          severity: 'error',
          code: 'boundary-self-intersection',
          file: source,
          row: ring[cross[1]]?.row ?? ring[0].row,
          field: plotField,
          message: { zh: `${where.zh}：边界自相交（从 ${a} 出发的边与从 ${b} 出发的边相交），请核对点号顺序`, en: `${where.en}: the boundary crosses itself (the edge from ${a} meets the edge from ${b}); check the point order` },
        });
        ok = false;
        return;
      }
      numbering(ring, where, source, plotField, issues);
      if (first[1] > 10_000_000 && first[0] < 10_000_000) swapped++;
      coords.push([...pts, [pts[0][0], pts[0][1]]]);
    });
    if (!ok || coords.length === 0) continue;
    const properties: Record<string, string | number | boolean | null> = { [plotField]: id };
    for (const n of otherNames) if (n !== plotField) properties[n] = p.extra[n] ?? null;
    properties.point_count = coords.reduce((a, r) => a + r.length - 1, 0);
    features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: coords }, properties });
  }
  if (swapped > 0) {
    issues.push({
      severity: 'warning',
      code: 'boundary-swapped',
      file: source,
      field: cols.names[cols.x],
      message: {
        zh: `${source}：${swapped} 个地块的 X 列像是带带号的东坐标（超过 1000 万）；界址点表中 X 应为北坐标、Y 为东坐标，请核对列是否填反`,
        en: `${source}: in ${swapped} plot(s) the X column looks like an easting with a zone prefix (over 10,000,000); in a boundary-point table X is the northing and Y the easting: check whether the columns are swapped`,
      },
    });
  }
  return { source, name: '', geometry: 'Polygon', features, fields, crs: null };
}

/** Rings of one plot: by the ring column, or closed by the first point coming again. */
function splitRings(points: PointRow[], byColumn: boolean): PointRow[][] {
  if (byColumn) {
    const m = new Map<string, PointRow[]>();
    for (const p of points) {
      let g = m.get(p.ring);
      if (!g) m.set(p.ring, (g = []));
      g.push(p);
    }
    return [...m.values()];
  }
  const rings: PointRow[][] = [];
  let cur: PointRow[] = [];
  for (const p of points) {
    cur.push(p);
    const f = cur[0];
    const closes = cur.length > 3 && ((p.east === f.east && p.north === f.north) || (p.point !== '' && p.point === f.point));
    if (closes) {
      rings.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) rings.push(cur);
  return rings;
}

/** A warning when point numbers such as J1, J2, J4 skip or go back within a ring. */
function numbering(ring: PointRow[], where: { zh: string; en: string }, source: string, field: string, issues: ForeignIssue[]): void {
  const nums = ring.map((q) => /^[A-Za-z]*(\d+)$/.exec(q.point)?.[1]).map((s) => (s === undefined ? NaN : Number(s)));
  if (nums.some((n) => Number.isNaN(n))) return;
  const last = nums.length > 1 && nums[nums.length - 1] === nums[0] ? nums.length - 1 : nums.length;
  for (let i = 1; i < last; i++) {
    if (nums[i] !== nums[i - 1] + 1) {
      issues.push({
        severity: 'warning',
        code: 'boundary-numbering',
        file: source,
        row: ring[i].row,
        field,
        message: { zh: `${where.zh}：点号 ${ring[i - 1].point} 之后是 ${ring[i].point}，编号不连续，请核对是否漏点`, en: `${where.en}: point ${ring[i].point} follows ${ring[i - 1].point}; the numbering skips, check for a missing point` },
      });
      return;
    }
  }
}

/** The first pair of non-adjacent edges (by start index) of a ring that meet, or null. O(n²). */
export function selfIntersection(pts: number[][]): [number, number] | null {
  const n = pts.length;
  for (let i = 0; i < n; i++) {
    const a = pts[i];
    const b = pts[(i + 1) % n];
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsMeet(a, b, pts[j], pts[(j + 1) % n])) return [i, j];
    }
  }
  return null;
}

function orient(a: number[], b: number[], c: number[]): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: number[], b: number[], p: number[]): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

function segmentsMeet(a: number[], b: number[], c: number[], d: number[]): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/** Workbooks larger than this are not opened to sniff for a boundary-point table (the name still counts). */
const SNIFF_XLSX_BYTES = 4 * 1024 * 1024;

/**
 * True when a file is a boundary-point table rather than a point table: its name says 界址, it is in
 * the coordinate exchange format, or its header (within the first rows) has X, Y and a point-number
 * column (点号, 界址点号…) and either a plot-id column (地块编号, 宗地号…) or point numbers J1, J2….
 * A surveyed point list (点号, X, Y, 状态) stays with the point-table reader.
 */
export function isBoundaryPointTable(file: ForeignFile): boolean {
  if (/界址/.test(file.name)) return true;
  let rows: string[][][];
  if (isXlsx(file.bytes)) {
    if (file.bytes.length > SNIFF_XLSX_BYTES) return false;
    try {
      rows = readXlsx(file.bytes, { name: file.name }).map((s) => s.rows.slice(0, HEADER_SEARCH_ROWS));
    } catch {
      return false;
    }
  } else {
    const text = decodeText(file.bytes.subarray(0, 65536)).text;
    if (isExchangeFormat(text)) return true;
    rows = [textRows(text).slice(0, HEADER_SEARCH_ROWS)];
  }
  return rows.some((r) => {
    const c = findColumns(r);
    if (c === null || c.point < 0) return false;
    if (c.plot >= 0 && PLOT_WORD.test(norm(r[c.header][c.plot]))) return true;
    // no plot column: boundary points are numbered J1, J2… (a surveyed point list is not)
    const body = r.slice(c.header + 1).filter((row) => row.length > c.point && row[c.point].trim() !== '');
    return body.length >= 3 && body.every((row) => /^J\d+$/i.test(row[c.point].trim()));
  });
}

/** The boundary-point table reader for the import step's registry; it goes before the point-table reader. */
export const boundaryPointsReader: ForeignReader = {
  extensions: ['.csv', '.txt', '.tsv', '.xlsx'],
  accepts: isBoundaryPointTable,
  read: (files) => mergeResults(files.map((f) => readBoundaryPoints(f))),
};
