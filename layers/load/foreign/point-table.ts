import { messageInLanguage } from '../../../analysis/user-error.ts';
import { CsvQuoteError, parseCsv, sniffDelimiter } from './csv.ts';
import { readXlsx, XlsxError, type MergeRange } from './xlsx.ts';
import { guessCrs } from '../crs.ts';
import { CUT_UTF8, decodeText } from '../decode.ts';
import { findHeaderRow, HEADER_SEARCH_MAX_ROWS, headerKey, headerNotFound, isRepeatedHeader, rowsAboveHeader, totalRowLabel, isUnitsRow, totalRow, unitsRow, pairColumn, pairProblem, repeatedHeader, splitCoordinatePair } from '../table-header.ts';
import { normaliseText, parseCoordinateText } from '../values.ts';
import { unexpectedFailure } from '../issues.ts';
import type { ForeignFeature, ForeignFile, ForeignIssue, ForeignLayer, ForeignReadResult } from './types.ts';

/** Header names of the east/longitude column, compared after trimming and lower-casing. */
export const EAST_HEADERS = ['lon', 'lng', 'long', 'longitude', '经度', '东经', 'point_x', 'x', 'x坐标', '东坐标', '横坐标', 'e', 'east', 'easting', 'y(东)', '东'];
/** Header names of the north/latitude column. */
export const NORTH_HEADERS = ['lat', 'latitude', '纬度', '北纬', 'point_y', 'y', 'y坐标', '北坐标', '纵坐标', 'n', 'north', 'northing', 'x(北)', '北'];

/**
 * Limits of an XLSX point table, above the ledger reader's defaults: a county's household list runs
 * to a million rows (1,000,001 rows × 5 columns is past the default 5,000,000 cells).
 */
const POINT_TABLE_LIMITS = { maxCells: 20_000_000, maxArea: 40_000_000, maxBytes: 1024 * 1048576 };

/**
 * What an old Excel file says when it is still in the old format here: `convertOldXls` (xls.ts)
 * turns readable ones into .xlsx before this reader runs, so this one could not be read (damaged,
 * encrypted, or a format older than Excel 97).
 */
export const OLD_XLS = {
  zh: '这个旧版 Excel 文件（.xls，Excel 97–2003 格式）无法读取（可能已损坏、加密或版本过旧）；请在 Excel 或 WPS 中打开，“另存为” .xlsx（Excel 工作簿）后再导入。',
  en: 'This old Excel file (.xls, the Excel 97–2003 format) cannot be read (it may be damaged, encrypted or older than Excel 97); please open it in Excel or WPS, save it as .xlsx (Excel Workbook) and import that.',
};

/**
 * What a file named .xls really holds: the old binary format (a compound file, BIFF8), an .xlsx
 * renamed (a zip), a web page (systems that "export to Excel" often write HTML), or text (tab or
 * comma separated, read as a CSV).
 */
export function xlsKind(b: Uint8Array): 'biff' | 'zip' | 'html' | 'text' {
  if (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0 && b[4] === 0xa1 && b[5] === 0xb1 && b[6] === 0x1a && b[7] === 0xe1) return 'biff';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'zip';
  const head = decodeText(b.subarray(0, Math.min(b.length, 2048))).text.trimStart().toLowerCase();
  if (head.startsWith('<') && /<(html|table|!doctype|\?xml|head|meta)/.test(head)) return 'html';
  return 'text';
}

/**
 * The coordinate columns of a table: longitude/east and latitude/north, by header (lon/lat,
 * 经度/纬度, X/Y, 东坐标/北坐标 …). Returns -1 for a column not found.
 */
export function coordinateColumns(header: readonly string[]): { east: number; north: number; byName: 'lonlat' | 'xy' | 'en' } {
  const exact = header.map(headerKey);
  // a unit or hemisphere in brackets after the name (经度(°), 纬度（N）, X(m), Longitude (WGS84)),
  // unless the bracketed name is itself a header (Y(东), X(北))
  const known = new Set([...EAST_HEADERS, ...NORTH_HEADERS]);
  const keys = exact.map((k) => (known.has(k) ? k : k.replace(/\([^()]*\)$/, '')));
  const find = (names: string[]) => {
    for (const n of names) {
      const k = keys.indexOf(n);
      if (k >= 0) return k;
    }
    return -1;
  };
  const east = find(EAST_HEADERS);
  const north = find(NORTH_HEADERS);
  const byName = keys[east] === 'x' || keys[east] === 'x坐标' ? 'xy' : /东|north|east/.test(keys[east] ?? '') ? 'en' : 'lonlat';
  return { east, north, byName };
}

/**
 * Turn a table (header + rows of text) into a point layer: coordinates from the coordinate
 * columns (decimal or 度分秒 text), every other column kept as text. A row whose coordinates
 * cannot be read is kept without a position and reported with its row and column. A table whose
 * X/Y columns hold Gauss-Krüger numbers with the northing in X (the survey habit) is swapped.
 * @param file - source name for issues
 * @param rowOffset - the 1-based row number of the header (so issues name the spreadsheet row)
 * @param notFound - set when no row searched named the coordinates (the header is a fallback): the
 * rows searched and whether more followed, said in the refusal
 */
export function tableToLayer(file: string, name: string, header: readonly string[], rows: readonly string[][], issues: ForeignIssue[], rowOffset = 1, notFound?: { rows: number; more: boolean }): ForeignLayer | null {
  const two = coordinateColumns(header);
  // both coordinates in one column (坐标 "114.75,38.6") when there are no two columns
  const pair = two.east >= 0 && two.north >= 0 ? null : pairColumn(header);
  if (!pair && (two.east < 0 || two.north < 0)) {
    const where = notFound ? headerNotFound(file, notFound.rows, notFound.more) : null;
    issues.push({ severity: 'error', code: 'no-coordinate-columns', file, row: rowOffset, message: { zh: `找不到坐标列（表头：${header.slice(0, 12).join('、')}）；需要“经度/纬度”“lon/lat”“X/Y”“东坐标/北坐标”，或一列“经纬度”“坐标”。${where ? where.zh : ''}`, en: `No coordinate columns found (header: ${header.slice(0, 12).join(', ')}); expected lon/lat, 经度/纬度, X/Y, 东坐标/北坐标, or one column 经纬度 / 坐标 / lonlat.${where ? ` ${where.en}` : ''}` } });
    return null;
  }
  const cols = pair ? { east: pair.column, north: pair.column } : two;
  const coordColumns = pair ? [pair.column] : [cols.east, cols.north];
  const coordNames = coordColumns.map((k) => header[k]);
  const fields: string[] = [];
  const used = new Set<string>();
  const keep: number[] = [];
  header.forEach((h, k) => {
    if (k === cols.east || k === cols.north) return;
    let n = normaliseText(h) || `列${k + 1}`;
    while (used.has(n)) n = `${n}_`;
    used.add(n);
    fields.push(n);
    keep.push(k);
  });
  const features: ForeignFeature[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  let extra = 0;
  let repeated = 0;
  let first = true;
  const mark = issues.length;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.every((c) => c.trim() === '')) continue;
    // a units row (度, 度) right under the header
    const firstRow = first;
    first = false;
    if (firstRow && isUnitsRow(pair ? [row[pair.column] ?? ''] : [row[cols.east] ?? '', row[cols.north] ?? ''])) {
      issues.push({ severity: 'info', code: 'units-row', file, row: rowOffset + r + 1, message: unitsRow(rowOffset + r + 1) });
      continue;
    }
    // the header again (two exports pasted together): not a feature
    if (isRepeatedHeader(coordColumns.map((k) => row[k] ?? ''), coordNames)) {
      if (repeated++ < 50) {
        const n = rowOffset + r + 1;
        issues.push({ severity: 'warning', code: 'repeated-header', file, row: n, message: repeatedHeader(n) });
      }
      continue;
    }
    // values past the header's columns have no field to go to: said, never dropped silently
    if (row.length > header.length && extra < 50) {
      const beyond = row.slice(header.length).filter((c) => c.trim() !== '');
      if (beyond.length > 0) {
        extra++;
        const n = rowOffset + r + 1;
        const shown = beyond.slice(0, 3).map((c) => (c.length > 40 ? `${c.slice(0, 40)}…` : c));
        const more = beyond.length > 3 ? { zh: ` 等 ${beyond.length} 个`, en: ` and ${beyond.length - 3} more` } : { zh: '', en: '' };
        issues.push({
          severity: 'warning',
          code: 'extra-values',
          file,
          row: n,
          message: {
            zh: `第 ${n} 行有 ${row.length} 个值，多于表头的 ${header.length} 列；多出的值（${shown.map((c) => `“${c}”`).join('')}${more.zh}）未导入（分隔符或引号可能有误）。`,
            en: `Row ${n} has ${row.length} values, more than the ${header.length} columns of the header; the extra values (${shown.map((c) => `"${c}"`).join(', ')}${more.en}) were not imported (a delimiter or quote may be wrong).`,
          },
        });
      }
    }
    const read = pair ? splitCoordinatePair(row[pair.column] ?? '', pair.order) : null;
    const x = read ? read.lon : parseCoordinateText(row[cols.east] ?? '');
    const y = read ? read.lat : parseCoordinateText(row[cols.north] ?? '');
    const props: ForeignFeature['properties'] = {};
    keep.forEach((k, j) => {
      const v = (row[k] ?? '').trim();
      props[fields[j]] = v === '' ? null : v;
    });
    const ok = Number.isFinite(x) && Number.isFinite(y);
    // a 合计 / 小计 row at the foot of a ledger is not a feature
    const total = ok ? null : totalRowLabel(row);
    if (total !== null) {
      const n = rowOffset + r + 1;
      issues.push({ severity: 'warning', code: 'total-row', file, row: n, message: totalRow(n, total) });
      continue;
    }
    if (!ok && pair && read?.problem && (row[pair.column] ?? '').trim() !== '') {
      const n = rowOffset + r + 1;
      // every row is told; readForeignFiles keeps the first 50 of a kind and says the total
      issues.push({ severity: 'warning', code: read.problem === 'order' ? 'coordinate-order' : 'bad-coordinate', file, row: n, field: header[pair.column], message: pairProblem(read.problem, header[pair.column], row[pair.column] ?? '', n, 'unlocated') });
    } else if (!ok) {
      const field = Number.isFinite(x) ? header[cols.north] : header[cols.east];
      issues.push({ severity: 'warning', code: 'bad-coordinate', file, row: rowOffset + r + 1, field, message: { zh: `第 ${rowOffset + r + 1} 行的坐标“${Number.isFinite(x) ? row[cols.north] ?? '' : row[cols.east] ?? ''}”无法读取；该行导入为无位置要素。`, en: `Row ${rowOffset + r + 1}: the coordinate "${Number.isFinite(x) ? row[cols.north] ?? '' : row[cols.east] ?? ''}" cannot be read; the row is imported without a position.` } });
    }
    if (ok) {
      xs.push(x);
      ys.push(y);
    }
    features.push({ type: 'Feature', geometry: ok ? { type: 'Point', coordinates: [x, y] } : null, properties: props });
  }
  if (pair && xs.length === 0 && features.length > 0) {
    // not one pair read (a WKT column of polygons, a 坐标 column of addresses): the table has no coordinates
    const column = header[pair.column];
    const kept = issues.splice(mark).filter((i) => i.code !== 'bad-coordinate' && i.code !== 'coordinate-order');
    issues.push(...kept, { severity: 'error', code: 'no-coordinate-columns', file, row: rowOffset, field: column, message: { zh: `“${column}”列没有一个值能读成一对坐标（应为“114.75,38.6”或 POINT (114.75 38.6) 这样的点）；找不到坐标。`, en: `Not one value of column "${column}" reads as a coordinate pair (expected a point such as "114.75,38.6" or POINT (114.75 38.6)); no coordinates found.` } });
    return null;
  }
  const g = guessCrs(xs, ys);
  if (g.kind === 'gauss-kruger' && g.northingFirst) {
    for (const f of features) if (f.geometry) f.geometry = { type: 'Point', coordinates: [(f.geometry.coordinates as number[])[1], (f.geometry.coordinates as number[])[0]] };
    issues.push({ severity: 'info', code: 'northing-first', file, message: { zh: `“${header[cols.east]}”列是北坐标、“${header[cols.north]}”列是东坐标（测量习惯 X 为北），已按此读取。`, en: `Column "${header[cols.east]}" holds northings and "${header[cols.north]}" eastings (the survey habit X = north); read that way.` } });
  }
  return { source: file, name, geometry: 'Point', features, fields, crs: null };
}

function stem(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? name;
  return base.replace(/\.[^.]+$/, '');
}

/**
 * The header row (see {@link findHeaderRow}): the first of the first 20 rows that names both
 * coordinate columns, else one coordinate-pair column (坐标, 经纬度), else the same further down
 * (up to 200 rows), so a title block above the table is skipped; when no row names them
 * (`named: false`), the first row with two or more filled cells, whose header the
 * no-coordinate-columns message then quotes.
 */
function headerIndex(rows: string[][]): { index: number; named: boolean } {
  return findHeaderRow(rows, [namesBoth, (row) => pairColumn(row) !== null]);
}

/** Whether a row, read as a header, names both coordinate columns. */
function namesBoth(row: readonly string[]): boolean {
  const c = coordinateColumns(row);
  return c.east >= 0 && c.north >= 0;
}

/** Whether a row, read as a header, names the coordinates (two columns or one pair column). */
function isHeaderRow(row: readonly string[]): boolean {
  return namesBoth(row) || pairColumn(row) !== null;
}

/**
 * The header row with its blank cells named from the header block above it (BAD-INPUTS #30: a
 * header over two rows, 编号 merged down and 坐标 merged across 经度/纬度): a merged range covering
 * the cell gives its text; otherwise the nearest text above in the same column, from the up to 3
 * rows above that have two or more filled cells (a title alone on its row never names a column).
 * @returns the names, and `top`: the 0-based first row whose text they use (`h` when only its own)
 */
function headerRow(rows: string[][], h: number, merges: readonly MergeRange[] = []): { names: string[]; top: number } {
  const header = [...rows[h]];
  let top = h;
  for (let k = 0; k < header.length; k++) {
    if (header[k].trim() !== '') continue;
    const m = merges.find((g) => g.r0 < h && h <= g.r1 && g.c0 <= k && k <= g.c1);
    if (m) {
      header[k] = rows[m.r0]?.[m.c0] ?? '';
      top = Math.min(top, m.r0);
      continue;
    }
    for (let r = h - 1; r >= Math.max(0, h - 3); r--) {
      if (rows[r].filter((c) => c.trim() !== '').length < 2) break;
      if ((rows[r][k] ?? '').trim() !== '') {
        header[k] = rows[r][k];
        top = Math.min(top, r);
        break;
      }
    }
  }
  return { names: header, top };
}

/**
 * A table's layer read from its header on: the header found, its blank cells named from above, the
 * rows under it made points; the rows above it named in an info note (as households.csv does).
 * @param src - the file (or file/sheet) for issues
 */
function readTable(src: string, name: string, rows: string[][], issues: ForeignIssue[], merges?: readonly MergeRange[]): ForeignLayer | null {
  const { index: h, named } = headerIndex(rows);
  const { names, top } = headerRow(rows, h, merges);
  const notFound = named ? undefined : { rows: Math.min(rows.length, HEADER_SEARCH_MAX_ROWS), more: rows.length > HEADER_SEARCH_MAX_ROWS };
  const mark = issues.length;
  const { rows: body, filled } = fillMergedDown(rows, h, merges ?? []);
  const layer = tableToLayer(src, name, names, body, issues, h + 1, notFound);
  if (layer && top > 0) issues.splice(mark, 0, { severity: 'info', code: 'rows-above-header', file: src, row: h + 1, message: rowsAboveHeader(h + 1, top + 1) });
  if (layer && filled.cells > 0) {
    const cols = filled.columns.map((c) => `“${names[c] || `列${c + 1}`}”`).join('、');
    const colsEn = filled.columns.map((c) => `"${names[c] || `column ${c + 1}`}"`).join(', ');
    issues.push({ severity: 'info', code: 'merged-cells-filled', file: src, row: filled.firstRow, message: { zh: `${cols}列有合并单元格（从第 ${filled.firstRow} 行起，如同一乡镇的几行合并为一格）；合并格的值已填入它覆盖的每一行，共 ${filled.cells} 格。`, en: `Column ${colsEn} has merged cells (from row ${filled.firstRow}, e.g. one township merged over several rows); the merged value was given to every row it covers, ${filled.cells} cells in all.` } });
  }
  return layer;
}

/**
 * The rows under the header `h` with each merged range of the data (乡镇 merged down over its
 * villages' rows) read as Excel shows it: its value in every row it covers, in its first column
 * (the other rows' cells of a merge are empty in the file). Merges reaching the header are the
 * header's, not touched.
 * @returns the data rows (copies where filled) and what was filled: cells, columns, first 1-based row
 */
function fillMergedDown(rows: string[][], h: number, merges: readonly MergeRange[]): { rows: string[][]; filled: { cells: number; columns: number[]; firstRow: number } } {
  const body = rows.slice(h + 1);
  const filled = { cells: 0, columns: [] as number[], firstRow: 0 };
  for (const m of merges) {
    if (m.r0 <= h || m.r1 === m.r0) continue;
    const v = rows[m.r0]?.[m.c0] ?? '';
    if (v.trim() === '') continue;
    for (let r = m.r0 + 1; r <= m.r1 && r < rows.length; r++) {
      const i = r - h - 1;
      if ((body[i][m.c0] ?? '') !== '') continue;
      body[i] = [...body[i]];
      body[i][m.c0] = v;
      filled.cells++;
      if (!filled.columns.includes(m.c0)) filled.columns.push(m.c0);
      if (filled.firstRow === 0 || m.r0 + 1 < filled.firstRow) filled.firstRow = m.r0 + 1;
    }
  }
  filled.columns.sort((a, b) => a - b);
  return { rows: body, filled };
}

/**
 * Read point tables: CSV/TXT (UTF-8 or GBK, delimiter sniffed) and XLSX (every sheet with
 * coordinate columns becomes a layer).
 */
export function readPointTables(files: readonly ForeignFile[], progress?: (fraction: number, stage: string) => void): ForeignReadResult {
  const layers: ForeignLayer[] = [];
  const issues: ForeignIssue[] = [];
  // progress by bytes: a file's cells read (most of the work), then its rows made into points
  const total = files.reduce((a, f) => a + f.bytes.length, 0) || 1;
  let done = 0;
  for (const f of files) {
    const ext = /\.[^.]+$/.exec(f.name)?.[0].toLowerCase();
    const start = done;
    done += f.bytes.length;
    const at = (part: number) => progress?.((start + f.bytes.length * part) / total, f.name);
    try {
      // what an Excel-named file really holds (BAD-INPUTS #48): systems "export to Excel" as HTML
      // or text, and files get renamed; only a zip is read as a workbook
      const kind = ext === '.xls' || ext === '.xlsx' ? xlsKind(f.bytes) : null;
      if (kind === 'biff') {
        issues.push({ severity: 'error', code: 'xls-old-format', file: f.name, message: OLD_XLS });
        continue;
      }
      if (kind === 'html') {
        issues.push({ severity: 'error', code: 'xls-html', file: f.name, message: { zh: `这个 ${ext} 文件其实是网页（HTML），常见于业务系统的“导出 Excel”；请用 Excel 或 WPS 打开后“另存为” .xlsx（Excel 工作簿）或 CSV 再导入。`, en: `This ${ext} file is really a web page (HTML), as many systems "export to Excel"; please open it in Excel or WPS and save it as .xlsx (Excel Workbook) or CSV, then import that.` } });
        continue;
      }
      if (kind === 'text' && ext === '.xlsx') {
        issues.push({ severity: 'info', code: 'xlsx-is-text', file: f.name, message: { zh: '这个 .xlsx 文件其实是文本表格（CSV 或制表符分隔），不是 Excel 工作簿；已按文本表格读取。', en: 'This .xlsx file is really a text table (CSV or tab-separated), not an Excel workbook; it was read as a text table.' } });
      }
      if (kind === 'zip') {
        const sheets = readXlsx(f.bytes, { name: f.name, ...POINT_TABLE_LIMITS });
        at(0.7);
        const before = issues.length;
        let found = 0;
        const read = sheets.map((s) => {
          if (s.rows.length === 0) return null;
          const src = sheets.length > 1 ? `${f.name}/${s.name}` : f.name;
          const sheetIssues: ForeignIssue[] = [];
          const layer = readTable(src, sheets.length > 1 ? `${stem(f.name)} ${s.name}` : stem(f.name), s.rows, sheetIssues, s.merges);
          return { sheet: s, src, layer, sheetIssues };
        });
        // A hidden sheet (old data, a lookup list) is not what the user sees in Excel: it is left out
        // when a visible sheet has points, else read; either way the user is told.
        const visiblePoints = read.some((r) => r?.layer && !r.sheet.hidden);
        for (const r of read) {
          if (!r) continue;
          const { sheet: s, src, layer: l, sheetIssues } = r;
          if (l && s.hidden) {
            issues.push({
              severity: 'warning',
              code: 'hidden-sheet',
              file: src,
              message: visiblePoints
                ? s.veryHidden
                  ? { zh: `工作表“${s.name}”在 Excel 中是“深度隐藏”的（右键“取消隐藏”里看不到），其 ${l.features.length} 行未导入（只导入可见的工作表）；如需导入，请在 Excel 的 VBA 编辑器（Alt+F11）中把该表的 Visible 属性改为 -1 - xlSheetVisible，保存后重新导入。`, en: `Sheet "${s.name}" is very hidden in Excel (the Unhide menu does not list it); its ${l.features.length} rows were not imported (only visible sheets are). To import it, set the sheet's Visible property to -1 - xlSheetVisible in Excel's VBA editor (Alt+F11), save, and import again.` }
                  : { zh: `工作表“${s.name}”在 Excel 中是隐藏的，其 ${l.features.length} 行未导入（只导入可见的工作表）；如需导入，请在 Excel 中取消隐藏后重新导入。`, en: `Sheet "${s.name}" is hidden in Excel; its ${l.features.length} rows were not imported (only visible sheets are). To import it, unhide it in Excel and import again.` }
                : { zh: `工作表“${s.name}”在 Excel 中是隐藏的，但没有可见的工作表含坐标，已导入其 ${l.features.length} 行；请确认这是要导入的数据。`, en: `Sheet "${s.name}" is hidden in Excel, but no visible sheet has coordinates, so its ${l.features.length} rows were imported; please check this is the data meant.` },
            });
            if (visiblePoints) continue;
          }
          if (l) {
            found++;
            layers.push(l);
            if (s.uncomputed) {
              const { count, first } = s.uncomputed;
              issues.push({
                severity: 'warning',
                code: 'xlsx-uncomputed',
                file: src,
                message: {
                  zh: `工作表“${s.name}”有 ${count} 个公式单元格没有保存计算结果（从 ${first} 起；文件可能由程序生成，未经 Excel 计算），已按空值读取；请用 Excel 或 WPS 打开并保存后重新导入。`,
                  en: `Sheet "${s.name}" has ${count} formula cells with no saved result (from ${first}; the file was probably written by a program and never computed in Excel); they were read as empty. Open and save it in Excel or WPS, then import again.`,
                },
              });
            }
            if (s.dates) {
              const { count, first, raw, text } = s.dates;
              issues.push({
                severity: 'info',
                code: 'xlsx-dates',
                file: src,
                message: {
                  zh: `工作表“${s.name}”有 ${count} 个日期单元格（Excel 保存为日期序号），已按日期读取（如 ${first}：${raw} → ${text}）；请核对。`,
                  en: `Sheet "${s.name}" has ${count} date cells (stored by Excel as serial numbers); they were read as dates (e.g. ${first}: ${raw} → ${text}). Please check.`,
                },
              });
            }
            for (const i of sheetIssues) issues.push(i);
          } else if (sheets.length === 1) for (const i of sheetIssues) issues.push(i);
        }
        if (found === 0 && issues.length === before) {
          issues.push({ severity: 'error', code: 'no-coordinate-columns', file: f.name, message: { zh: '没有一个工作表有坐标列（经度/纬度、X/Y 或 东坐标/北坐标）。', en: 'No sheet has coordinate columns (lon/lat, X/Y or east/north).' } });
        }
        continue;
      }
      const decoded = decodeText(f.bytes);
      if (decoded.cutLine !== undefined) issues.push({ severity: 'warning', code: 'cut-utf8', file: f.name, row: decoded.cutLine, message: CUT_UTF8 });
      const rows = parseCsv(decoded.text, sniffDelimiter(decoded.text, undefined, isHeaderRow));
      at(0.6);
      if (rows.length === 0) {
        issues.push({ severity: 'error', code: 'empty-file', file: f.name, message: { zh: '文件是空的。', en: 'The file is empty.' } });
        continue;
      }
      const l = readTable(f.name, stem(f.name), rows, issues);
      if (l) layers.push(l);
    } catch (err) {
      if (err instanceof CsvQuoteError) {
        // nothing of the file is read (a half-read table is not imported); the row is named
        const m = err.message;
        issues.push({ severity: 'error', code: 'unterminated-quote', file: f.name, row: err.line, message: { zh: `${messageInLanguage(m, 'zh')}，文件未读取。`, en: `${messageInLanguage(m, 'en')}; the file was not read.` } });
        continue;
      }
      const msg = err instanceof XlsxError ? { zh: err.zh, en: err.en } : unexpectedFailure(err);
      issues.push({ severity: 'error', code: 'unreadable', file: f.name, message: msg });
    } finally {
      at(1);
    }
  }
  return { layers, issues };
}

/** The point-table reader for the import step's registry. */
export const pointTableReader = {
  extensions: ['.csv', '.txt', '.tsv', '.xlsx', '.xls'] as const,
  read: (files: ForeignFile[], opts: { progress?: (fraction: number, stage: string) => void }) => readPointTables(files, opts.progress),
};
