import { strToU8, Zip, ZipDeflate } from 'fflate';

/** A value that can go into a sheet cell; `null`/`undefined`/NaN/±Infinity become an empty cell. */
export type XlsxValue = string | number | boolean | null | undefined;

/**
 * Rows handed over one at a time, their number known up front: a sheet of a million households
 * without an array of them (see {@link writeXlsxStream}).
 */
export interface XlsxRowStream {
  readonly count: number;
  [Symbol.iterator](): Iterator<readonly XlsxValue[]>;
}

/** One worksheet: a header row (bold, frozen) and data rows in header order. */
export interface XlsxSheet {
  /** Sheet name; characters Excel forbids (`[]:*?/\`) are replaced and it is cut to 31 characters. */
  name: string;
  header: readonly string[];
  rows: readonly (readonly XlsxValue[])[];
  /** Column widths in characters; default from the longest text in each column (CJK counts double). */
  widths?: readonly number[];
}

const FORMULA_START = /^[=+\-@\t\r]/;
// XML 1.0 forbids C0 controls other than tab, LF, CR, and lone surrogates.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAX_ROWS = 1_048_576;
/**
 * The most characters (UTF-16 code units) one Excel cell holds. Excel and WPS report a file with a
 * longer text as damaged ("found unreadable content") and drop or cut it while repairing.
 */
export const XLSX_MAX_CELL_CHARS = 32_767;
const MAX_COLS = 16_384;

/**
 * The text a cell shows: text that a spreadsheet would run as a formula (starting with `=`, `+`,
 * `-`, `@`, tab or carriage return) is prefixed with `'`, as in the CSV export.
 *
 * @param s - the cell text
 * @returns the safe text
 * @example
 * xlsxSafeText('=1+1'); // "'=1+1"
 */
export function xlsxSafeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/**
 * Text cut to {@link XLSX_MAX_CELL_CHARS} with a note saying so and how long it was (zh + en);
 * a surrogate pair is never split. Shorter text is returned as it is.
 *
 * @example fitCellText('长'.repeat(40000)).endsWith('…（已截断，原文 40000 字符 / truncated, 40000 characters）') // true
 */
export function fitCellText(s: string): string {
  if (s.length <= XLSX_MAX_CELL_CHARS) return s;
  const note = `…（已截断，原文 ${s.length} 字符 / truncated, ${s.length} characters）`;
  let cut = XLSX_MAX_CELL_CHARS - note.length;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return s.slice(0, cut) + note;
}

function escapeXml(s: string): string {
  return s
    .replace(XML_INVALID, '')
    // a cell's line break is LF, as Excel writes it: a literal CR LF (or CR) in XML is read as LF by
    // every reader anyway (XML 1.0 §2.11), so the file then says what its readers see
    .replace(/\r\n?/g, '\n')
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1') // keep literal "_x0041_" text from being read as an escape
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Column letters of a 0-based column index (0 → A, 26 → AA). */
function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function sheetName(name: string, used: Set<string>): string {
  let base = name.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
  // Excel keeps "History" for its change tracking and will not open a sheet of that name as is (a SQL table called history)
  if (base.toLowerCase() === 'history') base = `${base}_`;
  let out = base;
  for (let k = 2; used.has(out.toLowerCase()); k++) {
    const tail = ` (${k})`;
    out = base.slice(0, 31 - tail.length) + tail;
  }
  used.add(out.toLowerCase());
  return out;
}

function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1;
  return w;
}

/** Shared-string table: each distinct text once. */
class SharedStrings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  count = 0;
  id(s: string): number {
    this.count++;
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.list.length;
      this.list.push(s);
      this.index.set(s, k);
    }
    return k;
  }
}

function cellXml(ref: string, v: XlsxValue, style: number, sst: SharedStrings): string {
  const s = style ? ` s="${style}"` : '';
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  if (v === '') return '';
  return `<c r="${ref}"${s} t="s"><v>${sst.id(fitCellText(xlsxSafeText(v)))}</v></c>`;
}

/** A sheet whose rows may come one at a time ({@link XlsxRowStream}): what {@link writeXlsxStream} writes. */
export interface XlsxStreamSheet extends Omit<XlsxSheet, 'rows'> {
  rows: XlsxSheet['rows'] | XlsxRowStream;
}

/** The number of data rows of a sheet. */
export function xlsxRowCount(rows: XlsxStreamSheet['rows']): number {
  return 'length' in rows ? rows.length : rows.count;
}

/** Rows given by `map` for each of `items` (a generator, `count` of them), as a sheet's {@link XlsxRowStream}. */
export function xlsxRows<T>(count: number, items: Iterable<T>, map: (item: T) => readonly XlsxValue[]): XlsxRowStream {
  return {
    count,
    *[Symbol.iterator]() {
      for (const x of items) yield map(x);
    },
  };
}

/** Rows whose widths are measured (the first ones) before the sheet is written. */
const WIDTH_ROWS = 1000;

/** A sheet's XML, handed to `push` a piece at a time (the rows are read once, in order). */
function worksheetXml(sheet: XlsxStreamSheet, sst: SharedStrings, push: (xml: string) => void): void {
  const n = sheet.header.length;
  const count = xlsxRowCount(sheet.rows);
  const it = sheet.rows[Symbol.iterator]();
  const head: (readonly XlsxValue[])[] = [];
  for (let k = 0; k < WIDTH_ROWS; k++) {
    const x = it.next();
    if (x.done) break;
    head.push(x.value);
  }
  const widths = sheet.header.map((h, c) => {
    const given = sheet.widths?.[c];
    if (given !== undefined) return given;
    let w = textWidth(h) + 2;
    for (const row of head) {
      const v = row[c];
      const t = typeof v === 'number' ? String(Math.round(v * 100) / 100) : typeof v === 'string' ? v : '';
      w = Math.max(w, textWidth(t) + 1);
    }
    return Math.min(60, Math.max(6, w));
  });
  push(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<dimension ref="A1:${colName(n - 1)}${count + 1}"/>` +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
      '<sheetFormatPr defaultRowHeight="15"/>' +
      '<cols>' +
      widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${Math.round(w * 10) / 10}" customWidth="1"/>`).join('') +
      '</cols><sheetData>' +
      `<row r="1">${sheet.header.map((h, c) => cellXml(`${colName(c)}1`, h, 1, sst)).join('')}</row>`,
  );
  const cols = sheet.header.map((_h, c) => colName(c));
  let r = 0;
  const emit = (row: readonly XlsxValue[]) => {
    if (row.length !== n) throw new Error(`toXlsx: sheet "${sheet.name}" row ${r + 2} has ${row.length} cells, header has ${n}`);
    if (r >= count) throw new Error(`toXlsx: sheet "${sheet.name}" gives more than the ${count} rows it said`);
    let cells = '';
    for (let c = 0; c < n; c++) cells += cellXml(`${cols[c]}${r + 2}`, row[c], 0, sst);
    push(`<row r="${r + 2}">${cells}</row>`);
    r++;
  };
  for (const row of head) emit(row);
  for (let x = it.next(); !x.done; x = it.next()) emit(x.value);
  if (r !== count) throw new Error(`toXlsx: sheet "${sheet.name}" gave ${r} rows, not the ${count} it said`);
  push('</sheetData></worksheet>');
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/**
 * Deflate level of the .xlsx zip. On the demo county's fire workbook (61 MB of sheet XML: 188k
 * households not reached) level 3 takes about 0.5× the time of level 6 (e.g. 4.7 s against 8.9 s
 * on a busy 2-core machine, same run) for a file 3.6 % larger (7.76 MB against 7.49 MB); level 1
 * is faster again but 25 % larger. The app builds the workbook on the main thread, so this is time
 * the user waits after clicking an export.
 */
export const XLSX_DEFLATE_LEVEL = 3;

/** Text is deflated in pieces of about this many characters. */
const PIECE_CHARS = 1 << 18;

/**
 * Write a workbook as an .xlsx file (Office Open XML, zipped with fflate): one sheet per table,
 * a bold and frozen header row, column widths from the content (its first 1,000 rows), numbers
 * stored as numbers, text as shared strings, and text that a spreadsheet would run as a formula
 * prefixed with `'`. The file goes to `write` a compressed piece at a time as the rows are read,
 * so a sheet of a million rows (given as an {@link XlsxRowStream}) never exists whole in memory,
 * as rows, as XML or as bytes; only the shared-string table (each distinct text once) grows with it.
 * Pure: the same code runs in the app ({@link toXlsx}, a download) and the CLI (a file).
 *
 * @param sheets - the tables, in tab order; at least one, each with a non-empty header
 * @param write - called with each piece of the file's bytes, in order
 * @throws Error when there is no sheet, a header is empty, a row has the wrong number of cells or a
 *   row stream gives another number of rows than its `count`
 */
export function writeXlsxStream(sheets: readonly XlsxStreamSheet[], write: (bytes: Uint8Array) => void): void {
  if (!Array.isArray(sheets) || sheets.length === 0) throw new Error('toXlsx: at least one sheet is required');
  const names: string[] = [];
  const used = new Set<string>();
  for (const sheet of sheets) {
    if (!Array.isArray(sheet.header) || sheet.header.length === 0) throw new Error(`toXlsx: sheet "${sheet.name}" needs a non-empty header`);
    if (sheet.header.length > MAX_COLS) throw new Error(`toXlsx: sheet "${sheet.name}" has more than ${MAX_COLS} columns`);
    if (xlsxRowCount(sheet.rows) + 1 > MAX_ROWS) throw new Error(`toXlsx: sheet "${sheet.name}" has more than ${MAX_ROWS - 1} rows`);
    names.push(sheetName(sheet.name, used));
  }
  let failed: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failed ??= err;
    else write(data);
  });
  const mtime = new Date(Date.UTC(2020, 0, 1));
  const file = (name: string, body: (push: (xml: string) => void) => void) => {
    const f = new ZipDeflate(name, { level: XLSX_DEFLATE_LEVEL });
    f.mtime = mtime;
    zip.add(f);
    let piece = '';
    body((xml) => {
      piece += xml;
      if (piece.length >= PIECE_CHARS) {
        f.push(strToU8(piece));
        piece = '';
      }
    });
    f.push(strToU8(piece), true);
    if (failed) throw failed;
  };
  const sst = new SharedStrings();
  sheets.forEach((sheet, i) => file(`xl/worksheets/sheet${i + 1}.xml`, (push) => worksheetXml(sheet, sst, push)));
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  file('[Content_Types].xml', (push) =>
    push(
      xml +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        names.map((_n, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '</Types>',
    ),
  );
  file('_rels/.rels', (push) =>
    push(
      xml +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
  );
  file('xl/workbook.xml', (push) =>
    push(
      xml +
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<sheets>' +
        names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ),
  );
  const k = names.length;
  file('xl/_rels/workbook.xml.rels', (push) =>
    push(
      xml +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        names.map((_n, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId${k + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
        '</Relationships>',
    ),
  );
  file('xl/styles.xml', (push) => push(STYLES));
  file('xl/sharedStrings.xml', (push) => {
    push(xml + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sst.count}" uniqueCount="${sst.list.length}">`);
    for (const t of sst.list) push(`<si><t xml:space="preserve">${escapeXml(t)}</t></si>`);
    push('</sst>');
  });
  zip.end();
  if (failed) throw failed;
}

/**
 * A workbook as the bytes of an .xlsx file ({@link writeXlsxStream}, collected).
 *
 * @param sheets - the tables, in tab order; at least one, each with a non-empty header
 * @returns the file bytes
 * @throws Error when there is no sheet, a header is empty or a row has the wrong number of cells
 * @example
 * const bytes = toXlsx([{ name: '缺口', header: ['道路', '长度（米）'], rows: [['（未命名道路）', 120.5]] }]);
 */
export function toXlsx(sheets: readonly XlsxStreamSheet[]): Uint8Array {
  const pieces: Uint8Array[] = [];
  let size = 0;
  writeXlsxStream(sheets, (b) => {
    pieces.push(b);
    size += b.length;
  });
  const out = new Uint8Array(size);
  let at = 0;
  for (const b of pieces) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
