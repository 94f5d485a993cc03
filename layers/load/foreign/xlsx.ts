import { unzipEntries, ZipError } from './unzip';
import { tokenizeXml, type XmlBreak } from './xml';

/** A merged range, 0-based inclusive. */
export interface MergeRange {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** One worksheet: cells as text (rows × columns, '' when empty) and its merged ranges. */
export interface SheetData {
  name: string;
  rows: string[][];
  merges: MergeRange[];
  /** True for a sheet hidden in Excel (`state="hidden"` or `"veryHidden"` in workbook.xml). */
  hidden?: boolean;
  /** True for a very hidden sheet (`state="veryHidden"`): Excel's 取消隐藏 menu does not list it. */
  veryHidden?: boolean;
  /**
   * Formula cells with no saved value (a file written by a script or program that does not
   * compute formulas): read as empty; their count and the first one's reference, e.g. "B2".
   */
  uncomputed?: { count: number; first: string };
  /**
   * Number cells whose number format is a date or time (Excel stores dates as serial numbers of
   * days): read as `2024-01-05`, `2024-01-05 12:30` or `12:30` instead of `45296`; their count and
   * the first one's reference, stored number and text.
   */
  dates?: { count: number; first: string; raw: string; text: string };
}

/** Limits against zip bombs and oversized sheets. */
export interface XlsxLimits {
  /** Total inflated bytes of the parts read. Default 200 MB. */
  maxBytes?: number;
  /** Entries in the archive. Default 10,000. */
  maxEntries?: number;
  /** Non-empty cells per sheet (and shared strings per file). Default 5,000,000. */
  maxCells?: number;
  /**
   * Rows × columns of a sheet's used range (from A1 to the last row and column holding a value),
   * which is what the sheet becomes as a table; also the total area of its merged ranges.
   * Default 10,000,000 (e.g. 200,000 rows × 50 columns).
   */
  maxArea?: number;
  /** Merged ranges per sheet. Default 100,000. */
  maxMerges?: number;
}

/** Options of {@link readXlsx}: limits, and the file name used in messages. */
export interface XlsxOptions extends XlsxLimits {
  /** The file's name, for messages (e.g. '任务表.xlsx'). */
  name?: string;
}

/** A file that cannot be read as .xlsx, or is beyond a limit; `message` is Chinese then English. */
export class XlsxError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
    this.name = 'XlsxError';
  }
}

/**
 * Read the worksheets of an .xlsx file (Office Open XML) as text cells with their merged ranges.
 * A small reader on fflate rather than the npm `xlsx` 0.18.5 (CVE-2023-30533 prototype pollution,
 * CVE-2024-22363 ReDoS): it only reads workbook.xml, its relations, sharedStrings.xml and the
 * sheets, builds arrays (never objects keyed by file content), and caps inflated size and entry
 * count. Numbers come back as their stored text, except in cells whose number format (xl/styles.xml)
 * is a date or time: those come back as the date Excel shows (`2024-01-05`, 1900 or 1904 date
 * system), counted in `dates`. Formulas come back as their cached value. Inflation is streamed and counted, so a zip bomb or a header that lies about
 * sizes stops at the limit.
 *
 * Linear in the input: the XML is read by one forward scan (no backtracking regular expressions),
 * so unclosed tags, deep nesting or millions of shared strings cost time in proportion to their
 * bytes. Cells are collected sparsely and the table is sized to the cells that hold a value (a
 * `<dimension>` or an empty styled cell at XFD1048576 does not count); a used range larger than
 * `maxArea` is refused with a message naming the file and the sheet, before anything that size is
 * allocated.
 *
 * Throws {@link XlsxError} (Chinese and English) for a file that is not an xlsx zip, is cut off, or
 * is beyond a limit.
 */
export function readXlsx(bytes: Uint8Array, options: XlsxOptions = {}): SheetData[] {
  const maxBytes = options.maxBytes ?? 200 * 1024 * 1024;
  const maxEntries = options.maxEntries ?? 10_000;
  const limits: SheetLimits = {
    file: options.name ?? '.xlsx',
    maxCells: options.maxCells ?? 5_000_000,
    maxArea: options.maxArea ?? 10_000_000,
    maxMerges: options.maxMerges ?? 100_000,
  };
  const file = limits.file;
  if (!(bytes instanceof Uint8Array) || bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new XlsxError(`${file}：不是 .xlsx 文件（没有 ZIP 文件头）`, `${file}: not an .xlsx file (no ZIP signature)`);
  }
  const files = inflateParts(bytes, isWanted, maxBytes, maxEntries, file);
  const text = (name: string) => (files[name] ? new TextDecoder('utf-8').decode(files[name]) : null);
  const workbook = text('xl/workbook.xml');
  if (workbook === null) throw new XlsxError(`${file}：无法读取，缺少 xl/workbook.xml`, `cannot read ${file}: xl/workbook.xml is missing`);
  const shared = parseSharedStrings(text('xl/sharedStrings.xml') ?? '', limits);
  const dateStyles = parseDateStyles(text('xl/styles.xml') ?? '', file);
  const rels = new Map<string, string>();
  scanXml(text('xl/_rels/workbook.xml.rels') ?? '', 'xl/_rels/workbook.xml.rels', file, {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const id = attr(attrs, 'Id');
      const target = attr(attrs, 'Target');
      if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    },
  });
  const entries: { name: string; rid: string | null; hidden: boolean; veryHidden: boolean }[] = [];
  let date1904 = false;
  scanXml(workbook, 'xl/workbook.xml', file, {
    open(name, attrs) {
      if (name === 'workbookPr') {
        const d = attr(attrs, 'date1904');
        date1904 = d === '1' || d === 'true';
      }
      if (name !== 'sheet') return;
      const state = attr(attrs, 'state');
      entries.push({ name: decodeXml(attr(attrs, 'name') ?? `Sheet${entries.length + 1}`), rid: attr(attrs, 'r:id'), hidden: state === 'hidden' || state === 'veryHidden', veryHidden: state === 'veryHidden' });
    },
  });
  const sheets: SheetData[] = [];
  entries.forEach((e, k) => {
    const path = (e.rid && rels.get(e.rid)) ?? `xl/worksheets/sheet${k + 1}.xml`;
    const xml = text(path);
    if (xml === null) return;
    sheets.push({ name: e.name, ...parseSheet(xml, path, e.name, shared, limits, { styles: dateStyles, date1904 }), ...(e.hidden ? { hidden: true } : {}), ...(e.veryHidden ? { veryHidden: true } : {}) });
  });
  if (sheets.length === 0) throw new XlsxError(`${file}：无法读取，没有工作表`, `cannot read ${file}: no worksheet found`);
  return sheets;
}

interface SheetLimits {
  file: string;
  maxCells: number;
  maxArea: number;
  maxMerges: number;
}

function isWanted(name: string): boolean {
  return name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels' || name === 'xl/sharedStrings.xml' || name === 'xl/styles.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(name);
}

/**
 * Inflate the wanted entries (layers/load/foreign/unzip.ts: streaming, counting the bytes actually
 * produced, so a zip whose headers lie about sizes is stopped at `maxBytes`, not after it has
 * filled memory).
 */
function inflateParts(bytes: Uint8Array, wanted: (name: string) => boolean, maxBytes: number, maxEntries: number, file: string): Record<string, Uint8Array> {
  try {
    return Object.assign(Object.create(null) as Record<string, Uint8Array>, Object.fromEntries(unzipEntries(bytes, wanted, { maxBytes, maxEntries }).files));
  } catch (err) {
    if (!(err instanceof ZipError)) throw err;
    const { zh, en } = err.reason;
    throw new XlsxError(`${file}：无法读取 .xlsx（${zh}）`, `cannot read ${file}: the .xlsx is a zip, and ${en}`);
  }
}

/** Callbacks of {@link scanXml}; names are local names (a namespace prefix such as `x:` removed). */
interface XmlHandler {
  open?(name: string, attrs: string, selfClosing: boolean): void;
  close?(name: string): void;
  /** Character data between tags, entities decoded (CDATA as is). Called only while `wantText()`. */
  text?(s: string): void;
  wantText?(): boolean;
}

const localName = (qname: string) => {
  const colon = qname.indexOf(':');
  return colon >= 0 ? qname.slice(colon + 1) : qname;
};

const CUT: Record<Exclude<XmlBreak, 'doctype'>, [string, string]> = { cdata: ['CDATA section', ' CDATA 段'], comment: ['comment', '注释'], pi: ['processing instruction', '处理指令'], tag: ['tag', '标签'] };

/**
 * One pass of the shared tokenizer ({@link tokenizeXml}: linear whatever the text's shape, DOCTYPE
 * refused) over a part of the workbook, with local names and only a depth count (callers keep the
 * little state they need). Errors name the file, the part and the character offset.
 */
function scanXml(xml: string, part: string, file: string, h: XmlHandler): void {
  let depth = 0;
  tokenizeXml(
    xml,
    {
      open(qname, attrs, selfClosing) {
        if (!selfClosing) depth++;
        const name = localName(qname);
        h.open?.(name, attrs, selfClosing);
        if (selfClosing) h.close?.(name);
      },
      close(qname, at) {
        if (--depth < 0) throw new XlsxError(`${file}：${part} 在第 ${at} 个字符处有多余的结束标签`, `cannot read ${file}: ${part} has an end tag without a start at character ${at}`);
        h.close?.(localName(qname));
      },
      text: h.text ? (raw, cdata) => h.text!(cdata ? raw : decodeXml(raw)) : undefined,
      wantText: h.wantText,
    },
    (what, at) => {
      if (what === 'doctype') throw new XlsxError(`${file}：${part} 含有 DOCTYPE 声明，.xlsx 中不应出现，不予读取`, `cannot read ${file}: ${part} has a DOCTYPE declaration, which an .xlsx never has`);
      const [en, zh] = CUT[what];
      throw new XlsxError(`${file}：${part} 在第 ${at} 个字符处的${zh}没有结束（文件被截断或已损坏）`, `cannot read ${file}: ${part} is cut off or damaged: the ${en} at character ${at} is never closed`);
    },
  );
  if (depth > 0) {
    throw new XlsxError(`${file}：${part} 在 ${depth} 个元素结束之前就结束了（文件被截断或已损坏）`, `cannot read ${file}: ${part} is cut off or damaged: it ends with ${depth} element(s) still open`);
  }
}

/** One attribute's value (raw, entities not decoded) from a tag's attribute text; linear. */
function attr(attrs: string, name: string): string | null {
  let from = 0;
  for (;;) {
    const at = attrs.indexOf(name, from);
    if (at < 0) return null;
    from = at + name.length;
    if (at > 0 && !isSpace(attrs.charCodeAt(at - 1))) continue;
    let p = from;
    while (p < attrs.length && isSpace(attrs.charCodeAt(p))) p++;
    if (attrs[p] !== '=') continue;
    p++;
    while (p < attrs.length && isSpace(attrs.charCodeAt(p))) p++;
    const q = attrs[p];
    if (q !== '"' && q !== "'") continue;
    const end = attrs.indexOf(q, p + 1);
    if (end < 0) return null;
    return attrs.slice(p + 1, end);
  }
}

/** Shared strings: the text of each `<si>` (its `<t>` runs, phonetic `<rPh>` runs skipped). */
function parseSharedStrings(xml: string, limits: SheetLimits): string[] {
  const out: string[] = [];
  let inSi = false;
  let inT = 0;
  let inRph = 0;
  let buf: string[] = [];
  scanXml(xml, 'xl/sharedStrings.xml', limits.file, {
    open(name) {
      if (name === 'si') {
        inSi = true;
        buf = [];
      } else if (name === 't') inT++;
      else if (name === 'rPh') inRph++;
    },
    close(name) {
      if (name === 'si' && inSi) {
        inSi = false;
        if (out.length >= limits.maxCells) {
          throw new XlsxError(`${limits.file}：共享字符串超过 ${limits.maxCells} 个，不予读取`, `cannot read ${limits.file}: more than ${limits.maxCells} shared strings`);
        }
        out.push(buf.join(''));
        inT = 0;
        inRph = 0;
      } else if (name === 't' && inT > 0) inT--;
      else if (name === 'rPh' && inRph > 0) inRph--;
    },
    wantText: () => inSi && inT > 0 && inRph === 0,
    text(s) {
      buf.push(s);
    },
  });
  return out;
}

/** What a number format shows: a date, a date and time, a time of day, or (null) a number. */
type DateKind = 'date' | 'datetime' | 'time' | null;

/** Built-in number formats (ECMA-376 18.8.30, and the East Asian ones 27–36 and 50–58 of a zh-CN Excel) that show dates or times. */
const BUILTIN_DATE_FORMATS: Record<number, DateKind> = {
  14: 'date', 15: 'date', 16: 'date', 17: 'date', 22: 'datetime', 18: 'time', 19: 'time', 20: 'time', 21: 'time', 45: 'time', 46: 'time', 47: 'time',
  27: 'date', 28: 'date', 29: 'date', 30: 'date', 31: 'date', 36: 'date', 50: 'date', 51: 'date', 52: 'date', 53: 'date', 54: 'date', 57: 'date', 58: 'date',
  32: 'time', 33: 'time', 34: 'time', 35: 'time', 55: 'time', 56: 'time',
};

/**
 * Whether a format code shows a date or time: its letters outside quoted text, escapes, `_x`/`*x`
 * padding and `[…]` (colours, conditions, locales) are date letters (y, d; m without h or s) or
 * time letters (h, s). An elapsed time (`[h]:mm`) is a duration, not a date: null.
 * @example dateKindOfFormat('yyyy"年"m"月"d"日"') // 'date'
 */
export function dateKindOfFormat(code: string): DateKind {
  if (/\[(h+|m+|s+)\]/i.test(code)) return null;
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/am\/pm|a\/p|上午\/下午/gi, '')
    .split(';')[0]
    .toLowerCase();
  if (bare.includes('general')) return null;
  const date = /[yd]/.test(bare) || (/m/.test(bare) && !/[hs]/.test(bare));
  const time = /[hs]/.test(bare);
  return date && time ? 'datetime' : date ? 'date' : time ? 'time' : null;
}

/** The date kind of each cell style (`cellXfs` index) from xl/styles.xml; empty when there is none. */
function parseDateStyles(xml: string, file: string): DateKind[] {
  if (xml === '') return [];
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  scanXml(xml, 'xl/styles.xml', file, {
    open(name, attrs) {
      if (name === 'numFmt') {
        const id = Number(attr(attrs, 'numFmtId'));
        const code = attr(attrs, 'formatCode');
        if (Number.isInteger(id) && code !== null && custom.size < 10_000) custom.set(id, decodeXml(code));
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs && xfs.length < 100_000) xfs.push(Number(attr(attrs, 'numFmtId') ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfs.map((id) => (custom.has(id) ? dateKindOfFormat(custom.get(id)!) : (BUILTIN_DATE_FORMATS[id] ?? null)));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The date or time an Excel serial number shows: days since 1899-12-31 (with Excel's fictitious
 * 1900-02-29 as day 60) or, in the 1904 date system, since 1904-01-01; the fraction is the time of
 * day. Null for a number that is no date (negative, day 0 of 1900, past 9999-12-31).
 * @example excelSerialText(45296, 'date', false) // '2024-01-05'
 */
export function excelSerialText(serial: number, kind: Exclude<DateKind, null>, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2_958_466) return null;
  let days = Math.floor(serial);
  let secs = Math.round((serial - days) * 86400);
  if (secs >= 86400) {
    days++;
    secs -= 86400;
  }
  const hms = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}${secs % 60 ? `:${pad2(secs % 60)}` : ''}`;
  if (kind === 'time') return hms;
  let ymd: string;
  if (date1904) {
    ymd = new Date(Date.UTC(1904, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
  } else {
    if (days === 0) return null;
    ymd = days === 60 ? '1900-02-29' : new Date(Date.UTC(1899, 11, days < 60 ? 31 : 30) + days * 86_400_000).toISOString().slice(0, 10);
  }
  return kind === 'datetime' && secs > 0 ? `${ymd} ${hms}` : ymd;
}

function parseSheet(
  xml: string,
  part: string,
  sheet: string,
  shared: string[],
  limits: SheetLimits,
  dating: { styles: DateKind[]; date1904: boolean } = { styles: [], date1904: false },
): { rows: string[][]; merges: MergeRange[]; uncomputed?: { count: number; first: string }; dates?: { count: number; first: string; raw: string; text: string } } {
  const { file } = limits;
  // Sparse cells: parallel lists of row, column and text; the table is built once the extent is known.
  const cellRow: number[] = [];
  const cellCol: number[] = [];
  const cellText: string[] = [];
  const merges: MergeRange[] = [];
  let rowIndex = -1;
  let col = -1;
  let type: string | null = null;
  let inCell = false;
  let capture: 'v' | 't' | null = null;
  let inIs = false;
  let inRph = 0;
  let v = '';
  let inline = '';
  let hasV = false;
  let hasF = false;
  let uncomputed = 0;
  let firstUncomputed = '';
  let style = -1;
  let dated = 0;
  let firstDate = { ref: '', raw: '', text: '' };
  let maxRow = -1;
  let maxCol = -1;
  const where = () => `${file}，工作表“${sheet}”`;
  const whereEn = () => `${file}, sheet "${sheet}"`;
  const commit = () => {
    let text: string;
    if (type === 'inlineStr') text = inline;
    else if (!hasV) {
      text = '';
      if (hasF && uncomputed++ === 0) firstUncomputed = `${colName(col)}${(rowIndex < 0 ? 0 : rowIndex) + 1}`;
    }
    else {
      const raw = v;
      if (type === 's') {
        const k = Number(raw);
        text = Number.isInteger(k) && k >= 0 && k < shared.length ? shared[k] : '';
      } else if (type === 'b') text = raw === '1' ? 'TRUE' : 'FALSE';
      else {
        text = raw;
        const kind = (type === null || type === 'n') && style >= 0 ? dating.styles[style] : null;
        const shown = kind ? excelSerialText(Number(raw.trim() || NaN), kind, dating.date1904) : null;
        if (shown !== null) {
          text = shown;
          if (dated++ === 0) firstDate = { ref: `${colName(col)}${(rowIndex < 0 ? 0 : rowIndex) + 1}`, raw, text: shown };
        }
      }
    }
    if (text === '') return;
    if (cellText.length >= limits.maxCells) {
      throw new XlsxError(`${where()}：非空单元格超过 ${limits.maxCells} 个，不予读取`, `${whereEn()}: sheet has more than ${limits.maxCells} cells`);
    }
    const r = rowIndex < 0 ? 0 : rowIndex;
    cellRow.push(r);
    cellCol.push(col);
    cellText.push(text);
    if (r > maxRow) maxRow = r;
    if (col > maxCol) maxCol = col;
  };
  scanXml(xml, part, file, {
    open(name, attrs) {
      switch (name) {
        case 'row': {
          const r = attr(attrs, 'r');
          rowIndex = r ? Number(r) - 1 : rowIndex + 1;
          if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex > 1_048_575) {
            throw new XlsxError(`${where()}：行号“${r}”无效`, `${whereEn()}: bad row number "${r}"`);
          }
          col = -1;
          return;
        }
        case 'c': {
          const ref = attr(attrs, 'r');
          col = ref ? colIndex(ref, where, whereEn) : col + 1;
          if (col > 16383) throw new XlsxError(`${where()}：第 ${rowIndex + 1} 行的单元格超过 XFD 列`, `${whereEn()}: row ${rowIndex + 1} has a cell beyond column XFD`);
          type = attr(attrs, 't');
          style = Number(attr(attrs, 's') ?? -1);
          if (!Number.isInteger(style)) style = -1;
          inCell = true;
          hasV = false;
          hasF = false;
          v = '';
          inline = '';
          inIs = false;
          inRph = 0;
          return;
        }
        case 'v':
          if (inCell) {
            capture = 'v';
            hasV = true;
            v = '';
          }
          return;
        case 'f':
          if (inCell) hasF = true;
          return;
        case 'is':
          if (inCell) inIs = true;
          return;
        case 'rPh':
          if (inIs) inRph++;
          return;
        case 't':
          if (inIs && inRph === 0) capture = 't';
          return;
        case 'mergeCell': {
          const ref = attr(attrs, 'ref');
          if (!ref) return;
          if (merges.length >= limits.maxMerges) {
            throw new XlsxError(`${where()}：合并单元格超过 ${limits.maxMerges} 处，不予读取`, `${whereEn()}: more than ${limits.maxMerges} merged ranges`);
          }
          const [a, b = a] = ref.split(':');
          const p = cellRef(a, where, whereEn);
          const q = cellRef(b, where, whereEn);
          merges.push({ r0: Math.min(p.r, q.r), c0: Math.min(p.c, q.c), r1: Math.max(p.r, q.r), c1: Math.max(p.c, q.c) });
          return;
        }
      }
    },
    close(name) {
      if (name === 'v' || name === 't') capture = null;
      else if (name === 'rPh' && inRph > 0) inRph--;
      else if (name === 'is') inIs = false;
      else if (name === 'c' && inCell) {
        inCell = false;
        capture = null;
        commit();
      }
    },
    wantText: () => capture !== null,
    text(s) {
      if (capture === 'v') v += s;
      else inline += s;
    },
  });
  const height = maxRow + 1;
  const width = maxCol + 1;
  if (height * width > limits.maxArea) {
    throw new XlsxError(
      `${where()}：有内容的单元格分布在 ${height.toLocaleString('en')} 行 × ${width.toLocaleString('en')} 列（至 ${colName(maxCol)}${height}），超过可读取的 ${limits.maxArea.toLocaleString('en')} 个单元格；请删除远离表格的零散单元格，或把表格拆成几个文件。`,
      `${whereEn()}: its values span ${height.toLocaleString('en')} rows × ${width.toLocaleString('en')} columns (to ${colName(maxCol)}${height}), more than the ${limits.maxArea.toLocaleString('en')} cells this reader takes; delete stray cells far from the table, or split it into several files.`,
    );
  }
  let mergedArea = 0;
  for (const m of merges) {
    if (m.r0 >= height || m.c0 >= width) continue;
    mergedArea += (Math.min(m.r1, height - 1) - m.r0 + 1) * (Math.min(m.c1, width - 1) - m.c0 + 1);
  }
  if (mergedArea > limits.maxArea) {
    throw new XlsxError(
      `${where()}：合并单元格的总面积（${mergedArea.toLocaleString('en')} 个单元格）超过 ${limits.maxArea.toLocaleString('en')}，合并区域可能相互重叠，不予读取`,
      `${whereEn()}: its merged ranges cover ${mergedArea.toLocaleString('en')} cells in all, more than ${limits.maxArea.toLocaleString('en')} (overlapping merges?)`,
    );
  }
  const rows: string[][] = new Array(height);
  for (let r = 0; r < height; r++) rows[r] = new Array<string>(width).fill('');
  for (let k = 0; k < cellText.length; k++) rows[cellRow[k]][cellCol[k]] = cellText[k];
  return {
    rows,
    merges,
    ...(uncomputed > 0 ? { uncomputed: { count: uncomputed, first: firstUncomputed } } : {}),
    ...(dated > 0 ? { dates: { count: dated, first: firstDate.ref, raw: firstDate.raw, text: firstDate.text } } : {}),
  };
}

/** The letters of a 0-based column as Excel names it (0 → A, 26 → AA). */
export function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function colIndex(ref: string, where: () => string, whereEn: () => string): number {
  let c = 0;
  for (let i = 0; i < ref.length && i < 4; i++) {
    const k = ref.charCodeAt(i);
    if (k < 65 || k > 90) break;
    c = c * 26 + (k - 64);
  }
  if (c === 0 || c > 16384) throw new XlsxError(`${where()}：单元格引用“${ref.slice(0, 20)}”无效`, `${whereEn()}: bad cell reference ${ref.slice(0, 20)}`);
  return c - 1;
}

function cellRef(ref: string, where: () => string, whereEn: () => string): { r: number; c: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m || Number(m[2]) < 1) throw new XlsxError(`${where()}：单元格引用“${ref.slice(0, 20)}”无效`, `${whereEn()}: bad cell reference ${ref.slice(0, 20)}`);
  return { c: colIndex(m[1], where, whereEn), r: Number(m[2]) - 1 };
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML white space (and the other characters `\s` matches that can stand in a tag), by code. */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * XML entities and Excel's `_xHHHH_` escapes, after XML's line-end rule (1.0 §2.11: a literal CR LF
 * or CR is LF; an escaped `&#13;` stays CR), as Excel, WPS and LibreOffice read them. Text without
 * `&`, `_x` or CR is returned as it is.
 */
function decodeXml(raw: string): string {
  const s = raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') < 0 && s.indexOf('_x') < 0) return s;
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
      if (e[0] !== '#') return ENTITIES[e];
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}
