import type { ForeignIssue } from './types.ts';

/** One DBF field descriptor. */
export interface DbfField {
  name: string;
  type: string;
  length: number;
  decimals: number;
  offset: number;
}

/** A DBF table read whole: field list, rows (deleted records left out), the encoding used. */
export interface DbfTable {
  fields: DbfField[];
  /** Values per record in file order, index = record number − 1; null for a deleted record. */
  rows: (Record<string, string | number | boolean | null> | null)[];
  encoding: string;
  /** Where the encoding came from. */
  encodingFrom: 'override' | 'cpg' | 'ldid' | 'detected';
}

/**
 * The WHATWG encoding label for a `.cpg` text as written in the wild (`CP936`, `936`, `GBK`,
 * `GB2312`, `ANSI 936`, `UTF-8`, `65001` …), or null when unknown. GBK and GB2312 are read with
 * the GB18030 decoder (a superset of both).
 */
export function encodingFromCpg(text: string): string | null {
  const s = text.replace(/^\uFEFF/, '').trim().toUpperCase().replace(/^ANSI\s*/, '').replace(/^(CP|WINDOWS-|MS)/, '').replace(/[\s_]/g, '');
  if (['936', 'GBK', 'GB2312', 'GB18030', 'EUC-CN', 'EUCCN', '54936', '20936'].includes(s)) return 'gb18030';
  if (['UTF-8', 'UTF8', '65001'].includes(s)) return 'utf-8';
  if (['950', 'BIG5', 'BIG-5'].includes(s)) return 'big5';
  if (['1252', 'ISO-8859-1', 'ISO88591', 'LATIN1', '88591'].includes(s)) return 'windows-1252';
  if (['437', 'OEM', 'ASCII', 'US-ASCII'].includes(s)) return 'windows-1252';
  if (['932', 'SHIFT_JIS', 'SJIS', 'SHIFT-JIS'].includes(s)) return 'shift_jis';
  if (['949', 'EUC-KR', 'EUCKR'].includes(s)) return 'euc-kr';
  return null;
}

/** The encoding a DBF language-driver byte (offset 29) names, or null (0 = not stated). */
export function encodingFromLdid(b: number): string | null {
  switch (b) {
    case 0x4d:
    case 0x7a:
      return 'gb18030';
    case 0x4f:
    case 0x78:
      return 'big5';
    case 0x7b:
    case 0x13:
      return 'shift_jis';
    case 0x4e:
    case 0x79:
      return 'euc-kr';
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x57:
    case 0x58:
    case 0x59:
      return 'windows-1252';
    default:
      return null;
  }
}

/** Bytes that are valid UTF-8 and hold at least one non-ASCII character → 'utf-8'; invalid → 'gb18030'; plain ASCII → null. */
export function detectEncoding(bytes: Uint8Array): 'utf-8' | 'gb18030' | null {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function u8(b: Uint8Array, o: number): number {
  return b[o];
}

function isAscii(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] >= 0x80) return false;
  return true;
}

function latin(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

/**
 * Read a dBASE III/IV table (the .dbf of a Shapefile): C, N, F, L and D fields (others kept as
 * text), deleted records left out, the encoding from the user's override, else the `.cpg`, else
 * the language-driver byte, else detected from the text bytes. Sizes in the header are checked
 * against the file: a table that claims more records than it holds is read up to the last whole
 * record and reported, naming the first missing record. Linear in the file size.
 * @param bytes - the .dbf file
 * @param file - its name, for issues
 * @param enc - override and .cpg text
 */
export function readDbf(bytes: Uint8Array, file: string, enc: { override?: string; cpg?: string }, issues: ForeignIssue[], onChunk?: (fraction: number) => void): DbfTable | null {
  if (bytes.length < 33) {
    issues.push({ severity: 'error', code: 'dbf-too-short', file, message: { zh: 'DBF 文件太短，不是有效的属性表。', en: 'The DBF file is too short to be an attribute table.' } });
    return null;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nRecords = dv.getUint32(4, true);
  const headerLen = dv.getUint16(8, true);
  const recordLen = dv.getUint16(10, true);
  const ldid = u8(bytes, 29);
  if (headerLen < 33 || headerLen > bytes.length || recordLen < 1) {
    issues.push({ severity: 'error', code: 'dbf-bad-header', file, message: { zh: `DBF 文件头不对（头长 ${headerLen}、记录长 ${recordLen}，文件 ${bytes.length} 字节），未读取属性。`, en: `The DBF header is wrong (header ${headerLen}, record ${recordLen} bytes, file ${bytes.length} bytes); attributes not read.` } });
    return null;
  }
  const rawFields: { nameBytes: Uint8Array; type: string; length: number; decimals: number; offset: number }[] = [];
  let offset = 1;
  for (let p = 32; p + 32 <= headerLen && bytes[p] !== 0x0d; p += 32) {
    let end = p;
    while (end < p + 11 && bytes[end] !== 0) end++;
    const length = u8(bytes, p + 16);
    rawFields.push({ nameBytes: bytes.subarray(p, end), type: String.fromCharCode(bytes[p + 11]).toUpperCase(), length, decimals: u8(bytes, p + 17), offset });
    offset += length;
  }
  if (offset > recordLen) {
    issues.push({ severity: 'error', code: 'dbf-bad-header', file, message: { zh: `DBF 字段总长 ${offset} 超过记录长度 ${recordLen}，未读取属性。`, en: `The DBF fields take ${offset} bytes, more than the record length ${recordLen}; attributes not read.` } });
    return null;
  }
  let encoding: string | null = null;
  let encodingFrom: DbfTable['encodingFrom'] = 'detected';
  if (enc.override) {
    encoding = encodingFromCpg(enc.override) ?? enc.override;
    encodingFrom = 'override';
  } else if (enc.cpg !== undefined) {
    encoding = encodingFromCpg(enc.cpg);
    if (encoding) encodingFrom = 'cpg';
    else issues.push({ severity: 'warning', code: 'unknown-cpg', file, message: { zh: `.cpg 文件写的编码“${enc.cpg.trim().slice(0, 30)}”无法识别，已自动判断编码。`, en: `The encoding "${enc.cpg.trim().slice(0, 30)}" in the .cpg file is not known; the encoding was detected.` } });
  }
  if (!encoding) {
    encoding = encodingFromLdid(ldid);
    if (encoding) encodingFrom = 'ldid';
  }
  const available = Math.max(0, Math.floor((bytes.length - headerLen) / recordLen));
  let n = nRecords;
  if (nRecords > available) {
    // A final 0x1A end mark may leave a last partial byte; anything shorter than a record is missing.
    issues.push({ severity: 'error', code: 'dbf-truncated', file, row: available + 1, message: { zh: `DBF 文件头说有 ${nRecords} 条记录，但文件只容得下 ${available} 条；从第 ${available + 1} 条记录起缺失（文件可能被截断）。`, en: `The DBF header claims ${nRecords} records but the file holds only ${available}; records from ${available + 1} on are missing (the file may be truncated).` } });
    n = available;
  }
  if (!encoding) {
    const sample = bytes.subarray(headerLen, headerLen + Math.min(n * recordLen, 4 * 1024 * 1024));
    encoding = detectEncoding(sample) ?? 'utf-8';
    const header = detectEncoding(bytes.subarray(32, headerLen));
    if (header && header !== encoding && detectEncoding(sample) === null) encoding = header;
  }
  if (encodingFrom === 'cpg' && (encoding === 'utf-8' || encoding === 'gb18030')) {
    // a .cpg written by hand or by a tool that did not know: the text bytes say otherwise
    const sample = bytes.subarray(headerLen, headerLen + Math.min(n * recordLen, 4 * 1024 * 1024));
    const found = detectEncoding(sample);
    if (found && found !== encoding) {
      const said = encoding === 'utf-8' ? 'UTF-8' : 'GBK';
      issues.push({
        severity: 'warning',
        code: 'cpg-wrong',
        file,
        message: found === 'gb18030'
          ? { zh: `.cpg 文件写的编码是 ${said}，但属性文字不是有效的 UTF-8；已按 GBK（GB18030）读取，请在预览中核对，必要时选择编码。`, en: `The .cpg file says ${said}, but the attribute text is not valid UTF-8; read as GBK (GB18030). Please check the preview and choose the encoding if needed.` }
          : { zh: `.cpg 文件写的编码是 ${said}，但属性文字是有效的 UTF-8（按 GBK 读会是乱码）；已按 UTF-8 读取，请在预览中核对，必要时选择编码。`, en: `The .cpg file says ${said}, but the attribute text is valid UTF-8 (and not what GBK would give); read as UTF-8. Please check the preview and choose the encoding if needed.` },
      });
      encoding = found;
      encodingFrom = 'detected';
    }
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    issues.push({ severity: 'warning', code: 'unknown-encoding', file, message: { zh: `不支持编码“${encoding}”，已按 UTF-8 读取。`, en: `The encoding "${encoding}" is not supported; read as UTF-8.` } });
    encoding = 'utf-8';
    decoder = new TextDecoder('utf-8');
  }
  const text = (b: Uint8Array, s: number, e: number): string => (isAscii(b, s, e) ? latin(b, s, e) : decoder.decode(b.subarray(s, e)));
  const fields: DbfField[] = [];
  const seen = new Set<string>();
  for (const f of rawFields) {
    let name = text(f.nameBytes, 0, f.nameBytes.length).trim() || `FIELD${fields.length + 1}`;
    while (seen.has(name)) name = `${name}_`;
    seen.add(name);
    fields.push({ name, type: f.type, length: f.length, decimals: f.decimals, offset: f.offset });
  }
  const rows: DbfTable['rows'] = new Array(n);
  let badNumbers = 0;
  for (let r = 0; r < n; r++) {
    if (onChunk && (r & 0xffff) === 0xffff) onChunk(r / n);
    const base = headerLen + r * recordLen;
    if (bytes[base] === 0x2a) {
      rows[r] = null;
      continue;
    }
    const row: Record<string, string | number | boolean | null> = {};
    for (const f of fields) {
      const s = base + f.offset;
      let e = s + f.length;
      let b = s;
      while (e > b && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0)) e--;
      if (f.type === 'C') {
        row[f.name] = e > b ? text(bytes, b, e) : null;
        continue;
      }
      while (b < e && bytes[b] === 0x20) b++;
      const raw = latin(bytes, b, e);
      if (f.type === 'N' || f.type === 'F') {
        // asterisks are how shapelib/GDAL write a null number (dBASE has no null)
        if (raw === '' || /^\*+$/.test(raw)) row[f.name] = null;
        else {
          const v = Number(raw);
          if (Number.isFinite(v)) row[f.name] = v;
          else {
            row[f.name] = null;
            if (badNumbers++ < 20) issues.push({ severity: 'warning', code: 'dbf-bad-number', file, row: r + 1, field: f.name, message: { zh: `第 ${r + 1} 条记录的数值“${raw}”不是数字，按空值处理。`, en: `Record ${r + 1}: the number "${raw}" is not a number; read as empty.` } });
          }
        }
      } else if (f.type === 'L') {
        const c = raw.toUpperCase();
        row[f.name] = c === 'Y' || c === 'T' ? true : c === 'N' || c === 'F' ? false : null;
      } else if (f.type === 'D') {
        row[f.name] = raw === '' || /^0+$/.test(raw) ? null : /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : raw;
      } else {
        row[f.name] = e > b ? text(bytes, b, e) : null;
      }
    }
    rows[r] = row;
  }
  return { fields, rows, encoding, encodingFrom };
}
