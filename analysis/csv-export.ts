/** A value that can go into a CSV cell; `null`/`undefined`/NaN become an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark so that Excel opens Chinese text correctly. Default true. */
  bom?: boolean;
  /** Line ending; RFC 4180 asks for CRLF. Default '\r\n'. */
  newline?: '\r\n' | '\n';
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
// C0 controls other than tab, LF and CR: the workbook writer drops them (XML cannot carry them), so the CSV does too
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
// one scan for the common case (nothing to quote, no control character): what the writer did before
const SPECIAL = /[",\r\n\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
 * `@`, tab or carriage return) is prefixed with `'` (OWASP "CSV injection"); numbers are
 * written as numbers, so `-3.5` stays a number. Cells holding `,`, `"` or a line break are
 * quoted with `"` doubled. Control characters other than tab, LF and CR are dropped, as in the
 * workbook of the same rows (XML cannot carry them).
 *
 * @param value - the cell value
 * @returns the escaped cell text
 * @example
 * csvCell('=1+1'); // "'=1+1"
 * csvCell('a,b');  // '"a,b"'
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (!SPECIAL.test(value)) return FORMULA_START.test(value) ? `'${value}` : value;
  // a replace on every cell cost ≈ 20 % of a large CSV's time; most text has nothing to drop or quote
  let s = value.replace(CONTROL, '');
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Write a table as CSV text (UTF-8 with BOM by default), safe against formula injection.
 * Shared by every analysis that exports a list (uncovered households, hydrant gaps, …).
 *
 * @param header - column names
 * @param rows - one array of cells per row, in header order
 * @param options - {@link CsvOptions}
 * @returns the CSV text; encode with `TextEncoder` to get UTF-8 bytes
 * @example
 * toCsv(['id', 'name'], [['H1', '张三'], ['H2', '=cmd']]);
 * // '\uFEFFid,name\r\nH1,张三\r\nH2,\'=cmd\r\n'
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: CsvOptions = {}): string {
  if (!Array.isArray(header) || header.length === 0) throw new Error('toCsv: header must be a non-empty array');
  const nl = options.newline ?? '\r\n';
  const parts: string[] = [];
  if (options.bom ?? true) parts.push('\uFEFF');
  parts.push(header.map(csvCell).join(','), nl);
  let line = 1;
  for (const row of rows) {
    line++;
    if (row.length !== header.length) {
      throw new Error(`toCsv: row ${line} has ${row.length} cells, header has ${header.length}`);
    }
    parts.push(row.map(csvCell).join(','), nl);
  }
  return parts.join('');
}
