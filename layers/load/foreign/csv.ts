/**
 * A quote that is never closed (a cut-off file, or a stray quote at the start of a cell): the line
 * it opened on, and the message as a userError (analysis/user-error.ts) — a Chinese line, then English.
 */
export class CsvQuoteError extends Error {
  constructor(readonly line: number) {
    super(`CSV 第 ${line} 行开始的引号一直没有闭合（文件可能被截断，或单元格开头有多余的引号）\nCSV: quote opened on line ${line} is never closed (the file may be cut off, or a cell starts with a stray quote)`);
    this.name = 'UserError';
  }
}

/**
 * Parse CSV text into rows of cells (RFC 4180: quoted cells may hold the delimiter, `""` and line
 * breaks; CRLF, LF or CR line ends). The delimiter is sniffed from the first lines (`,` `;` tab
 * `|`) unless given. A leading BOM is dropped. Throws on an unclosed quote, naming its line.
 * @example parseCsv('乡镇,任务数\n"西河镇",2540') // [['乡镇','任务数'],['西河镇','2540']]
 */
export function parseCsv(text: string, delimiter: string = sniffDelimiter(text)): string[][] {
  if (typeof text !== 'string') throw new Error('parseCsv needs text');
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw new Error(`bad CSV delimiter ${JSON.stringify(delimiter)}`);
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let line = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' && cell === '') {
      const start = line;
      let j = i + 1;
      let buf = '';
      for (;;) {
        if (j >= s.length) throw new CsvQuoteError(start);
        const d = s[j];
        if (d === '"') {
          if (s[j + 1] === '"') {
            buf += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        if (d === '\n') line++;
        buf += d;
        j++;
      }
      cell = buf;
      i = j;
      // text after the closing quote up to the delimiter is kept (lenient, as spreadsheets do)
      while (i < s.length && s[i] !== delimiter && s[i] !== '\n' && s[i] !== '\r') cell += s[i++];
      continue;
    }
    if (c === delimiter) {
      row.push(cell);
      cell = '';
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    cell += c;
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * The most consistent delimiter over the first 20 lines (default `,`): the one found on the most
 * lines, then the one whose fewest count per line is highest — so a title line above the table
 * (某某县农户台账, no delimiter) or a `sep=;` line does not decide it. With `isHeader`, a delimiter
 * under which one of the first 200 lines reads as the table's header wins over one under which none
 * does: a long block of 说明 rows above the table, prose with a `，` in each, must not make `，` the
 * delimiter of a table whose header is `id,lon,lat` below it.
 * @param candidates - delimiters to choose from, in order of preference on a tie
 * @param isHeader - whether a line's cells name the table's header (its coordinate columns)
 */
export function sniffDelimiter(text: string, candidates: readonly string[] = [',', ';', '\t', '|'], isHeader?: (cells: string[]) => boolean): string {
  const lines = text.split(/\r\n|\n|\r/, 20).filter((l) => l.trim() !== '');
  const scored: { d: string; score: number }[] = [];
  for (const d of candidates) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const withAny = counts.filter((n) => n > 0).length;
    if (withAny > 0) scored.push({ d, score: withAny * 1000 + Math.min(...counts.filter((n) => n > 0), 999) });
  }
  // best first; a tie keeps the candidates' order
  scored.sort((a, b) => b.score - a.score);
  if (isHeader) {
    // the scored ones best first, then those not on the first 20 lines (a header below them)
    const order = [...scored.map((x) => x.d), ...candidates.filter((d) => !scored.some((x) => x.d === d))];
    const far = text.slice(0, 1 << 20).split(/\r\n|\n|\r/, 200);
    const named = order.find((d) => far.some((l) => l.includes(d) && isHeader(splitLine(l, d))));
    if (named) return named;
  }
  return scored[0]?.d ?? ',';
}

/** One line's cells split at a delimiter outside quotes, quotes dropped (enough to read a header). */
function splitLine(line: string, d: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let q = false;
  for (const c of line) {
    if (c === '"') q = !q;
    else if (c === d && !q) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let q = false;
  for (const c of line) {
    if (c === '"') q = !q;
    else if (c === d && !q) n++;
  }
  return n;
}
