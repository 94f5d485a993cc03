import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';

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
}

/** Limits against zip bombs and oversized sheets. */
export interface XlsxLimits {
  /** Total inflated bytes of the parts read. Default 200 MB. */
  maxBytes?: number;
  /** Entries in the archive. Default 10,000. */
  maxEntries?: number;
  /** Cells per sheet. Default 5,000,000. */
  maxCells?: number;
}

/**
 * Read the worksheets of an .xlsx file (Office Open XML) as text cells with their merged ranges.
 * A small reader on fflate rather than the npm `xlsx` 0.18.5 (CVE-2023-30533 prototype pollution,
 * CVE-2024-22363 ReDoS): it only reads workbook.xml, its relations, sharedStrings.xml and the
 * sheets, builds arrays (never objects keyed by file content), scans XML with linear regexes, and
 * caps inflated size and entry count. Numbers come back as their stored text (Excel dates stay
 * serial numbers); formulas as their cached value. Inflation is streamed and counted, so a zip bomb
 * or a header that lies about sizes stops at the limit.
 * Throws a clear error for a file that is not an xlsx zip.
 */
export function readXlsx(bytes: Uint8Array, limits: XlsxLimits = {}): SheetData[] {
  const maxBytes = limits.maxBytes ?? 200 * 1024 * 1024;
  const maxEntries = limits.maxEntries ?? 10_000;
  const maxCells = limits.maxCells ?? 5_000_000;
  if (!(bytes instanceof Uint8Array) || bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new Error('not an .xlsx file (no ZIP signature)');
  }
  const files = inflateParts(bytes, isWanted, maxBytes, maxEntries);
  const text = (name: string) => (files[name] ? new TextDecoder('utf-8').decode(files[name]) : null);
  const workbook = text('xl/workbook.xml');
  if (workbook === null) throw new Error('cannot read .xlsx: xl/workbook.xml is missing');
  const shared = parseSharedStrings(text('xl/sharedStrings.xml') ?? '');
  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attr(m[1], 'Id');
    const target = attr(m[1], 'Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: SheetData[] = [];
  let n = 0;
  for (const m of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    n++;
    const name = decodeXml(attr(m[1], 'name') ?? `Sheet${n}`);
    const rid = attr(m[1], 'r:id');
    const path = (rid && rels.get(rid)) ?? `xl/worksheets/sheet${n}.xml`;
    const xml = text(path);
    if (xml === null) continue;
    sheets.push({ name, ...parseSheet(xml, shared, maxCells) });
  }
  if (sheets.length === 0) throw new Error('cannot read .xlsx: no worksheet found');
  return sheets;
}

function isWanted(name: string): boolean {
  return name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels' || name === 'xl/sharedStrings.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(name);
}

/**
 * Inflate the wanted entries with fflate's streaming Unzip, counting the bytes actually produced:
 * a zip whose headers lie about sizes is stopped at `maxBytes`, not after it has filled memory.
 */
function inflateParts(bytes: Uint8Array, wanted: (name: string) => boolean, maxBytes: number, maxEntries: number): Record<string, Uint8Array> {
  const parts = new Map<string, Uint8Array[]>();
  let entries = 0;
  let total = 0;
  let failure: Error | null = null;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  unzip.onfile = (file) => {
    if (failure) return;
    if (++entries > maxEntries) {
      failure = new Error(`xlsx has more than ${maxEntries} entries`);
      return;
    }
    if (!wanted(file.name) || parts.has(file.name)) return;
    const chunks: Uint8Array[] = [];
    parts.set(file.name, chunks);
    file.ondata = (err, data) => {
      if (failure) return;
      if (err) {
        failure = err;
        return;
      }
      total += data.length;
      if (total > maxBytes) {
        failure = new Error(`xlsx inflates to more than ${Math.round(maxBytes / 1048576)} MB`);
        file.terminate();
        return;
      }
      chunks.push(data);
    };
    try {
      file.start();
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
  };
  try {
    unzip.push(bytes, true);
  } catch (err) {
    if (!failure) failure = err instanceof Error ? err : new Error(String(err));
  }
  if (failure) throw new Error(`cannot read .xlsx: ${(failure as Error).message}`);
  const out: Record<string, Uint8Array> = Object.create(null);
  for (const [name, chunks] of parts) {
    const n = chunks.reduce((a, c) => a + c.length, 0);
    const buf = new Uint8Array(n);
    let o = 0;
    for (const c of chunks) {
      buf.set(c, o);
      o += c.length;
    }
    out[name] = buf;
  }
  return out;
}

function attr(attrs: string, name: string): string | null {
  const re = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}\\s*=\\s*("([^"]*)"|'([^']*)')`);
  const m = re.exec(attrs);
  return m ? (m[2] ?? m[3]) : null;
}

function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) out.push(m[1] === undefined ? '' : runText(m[1]));
  return out;
}

/** Text of `<t>` runs, skipping phonetic `<rPh>` runs. */
function runText(inner: string): string {
  const body = inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let s = '';
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) s += m[1];
  return decodeXml(s);
}

function parseSheet(xml: string, shared: string[], maxCells: number): { rows: string[][]; merges: MergeRange[] } {
  const rows: string[][] = [];
  let cells = 0;
  let rowIndex = -1;
  for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = attr(rm[1], 'r');
    rowIndex = r ? Number(r) - 1 : rowIndex + 1;
    if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex > 1_048_575) throw new Error('cannot read .xlsx: bad row number');
    const body = rm[2] ?? '';
    let col = -1;
    for (const cm of body.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = attr(cm[1], 'r');
      col = ref ? colIndex(ref) : col + 1;
      const v = cellText(attr(cm[1], 't'), cm[2] ?? '', shared);
      if (v === '') continue;
      if (++cells > maxCells) throw new Error(`sheet has more than ${maxCells} cells`);
      while (rows.length <= rowIndex) rows.push([]);
      const row = rows[rowIndex];
      while (row.length < col) row.push('');
      row[col] = v;
    }
  }
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (const r of rows) while (r.length < width) r.push('');
  const merges: MergeRange[] = [];
  for (const m of xml.matchAll(/<mergeCell\b([^>]*)\/?>/g)) {
    const ref = attr(m[1], 'ref');
    if (!ref) continue;
    const [a, b = a] = ref.split(':');
    const p = cellRef(a);
    const q = cellRef(b);
    merges.push({ r0: Math.min(p.r, q.r), c0: Math.min(p.c, q.c), r1: Math.max(p.r, q.r), c1: Math.max(p.c, q.c) });
  }
  return { rows, merges };
}

function cellText(type: string | null, inner: string, shared: string[]): string {
  if (type === 'inlineStr') {
    const is = /<is>([\s\S]*?)<\/is>/.exec(inner);
    return is ? runText(is[1]) : '';
  }
  const v = /<v>([\s\S]*?)<\/v>/.exec(inner);
  if (!v) return '';
  const raw = decodeXml(v[1]);
  if (type === 's') {
    const k = Number(raw);
    return Number.isInteger(k) && k >= 0 && k < shared.length ? shared[k] : '';
  }
  if (type === 'b') return raw === '1' ? 'TRUE' : 'FALSE';
  return raw;
}

function colIndex(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const k = ref.charCodeAt(i);
    if (k < 65 || k > 90) break;
    c = c * 26 + (k - 64);
  }
  if (c === 0 || c > 16384) throw new Error(`cannot read .xlsx: bad cell reference ${ref}`);
  return c - 1;
}

function cellRef(ref: string): { r: number; c: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref.trim());
  if (!m) throw new Error(`cannot read .xlsx: bad cell reference ${ref}`);
  return { c: colIndex(m[1]), r: Number(m[2]) - 1 };
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities and Excel's `_xHHHH_` escapes. */
function decodeXml(s: string): string {
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
      if (e[0] !== '#') return ENTITIES[e];
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}
