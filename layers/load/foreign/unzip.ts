import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import type { I18nText } from '../../types.ts';

/** A zip that cannot be read, or is beyond a limit. */
export class ZipError extends Error {
  constructor(
    readonly reason: I18nText,
    /** What went wrong: not a zip, damaged or cut off, more entries or more inflated bytes than allowed. */
    readonly kind: 'not-zip' | 'damaged' | 'too-many-entries' | 'too-large' = 'damaged',
  ) {
    super(reason.en);
    this.name = 'ZipError';
  }
}

/** Limits of {@link unzipEntries}. */
export interface UnzipLimits {
  /** Total inflated bytes of the entries kept. */
  maxBytes: number;
  /** Entries in the archive. */
  maxEntries: number;
}

/**
 * Inflate the entries of a zip that `wanted` picks, streaming and counting the bytes actually
 * produced, so a zip bomb or a header that lies about sizes stops at `maxBytes`. An entry whose data
 * stops before its end (a cut-off download) is a {@link ZipError}, as is a file with no zip header.
 *
 * @returns the names of all entries in archive order, and the bytes of the wanted ones
 */
export function unzipEntries(bytes: Uint8Array, wanted: (name: string) => boolean, limits: UnzipLimits): { names: string[]; files: Map<string, Uint8Array> } {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new ZipError({ zh: '不是 ZIP 压缩包（没有 ZIP 文件头）', en: 'not a zip archive (no zip signature)' }, 'not-zip');
  }
  const names: string[] = [];
  const parts = new Map<string, { chunks: Uint8Array[]; done: boolean }>();
  // the central directory: each entry's CRC-32, and its name in GBK or UTF-8 when the zip does not
  // flag UTF-8 (Windows' 发送到压缩文件夹, 好压, WinRAR write GBK names)
  const central = centralDirectory(bytes);
  const shown = (raw: string) => central?.names.get(raw) ?? raw;
  let total = 0;
  let failure: ZipError | null = null;
  const fail = (err: unknown) => {
    const m = err instanceof Error ? err.message : String(err);
    failure ??= new ZipError({ zh: `压缩包已损坏（${zipFailureZh(m)}）`, en: `the zip archive is damaged (${m})` });
  };
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  unzip.onfile = (entry) => {
    if (failure) return;
    const name = shown(entry.name);
    names.push(name);
    if (names.length > limits.maxEntries) {
      failure = new ZipError({ zh: `压缩包内文件超过 ${limits.maxEntries} 个，不予读取`, en: `the zip holds more than ${limits.maxEntries} entries; refused` }, 'too-many-entries');
      return;
    }
    if (!wanted(name) || parts.has(name)) return;
    const part = { chunks: [] as Uint8Array[], done: false };
    parts.set(name, part);
    entry.ondata = (err, data, final) => {
      if (failure) return;
      if (err) {
        fail(err);
        return;
      }
      total += data.length;
      if (total > limits.maxBytes) {
        const mb = Math.round(limits.maxBytes / 1048576);
        failure = new ZipError({ zh: `解压后超过 ${mb} MB（可能是压缩炸弹），不予读取`, en: `inflates to more than ${mb} MB (a zip bomb?); refused` }, 'too-large');
        entry.terminate();
        return;
      }
      part.chunks.push(data);
      if (final) part.done = true;
    };
    try {
      entry.start();
    } catch (err) {
      fail(err);
    }
  };
  try {
    unzip.push(bytes, true);
  } catch (err) {
    fail(err);
  }
  if (failure) throw failure;
  const files = new Map<string, Uint8Array>();
  // fflate's streaming reader does not check the CRC-32: a flipped byte in a stored entry (or one
  // that still inflates) would come through as different coordinates without a word
  const crcs = parts.size ? central?.crcs : null;
  for (const [name, part] of parts) {
    if (!part.done) {
      throw new ZipError({ zh: `压缩包被截断：“${name}”的数据不完整`, en: `the zip archive is cut off: "${name}" is incomplete` });
    }
    const n = part.chunks.reduce((a, c) => a + c.length, 0);
    const buf = new Uint8Array(n);
    let o = 0;
    for (const c of part.chunks) {
      buf.set(c, o);
      o += c.length;
    }
    const want = crcs?.get(name);
    if (want !== undefined && crc32(buf) !== want) {
      throw new ZipError({ zh: `压缩包已损坏：“${name}”的校验和（CRC-32）不符，内容与压缩时不同`, en: `the zip archive is damaged: the checksum (CRC-32) of "${name}" does not match; its content is not what was packed` });
    }
    files.set(name, buf);
  }
  return { names, files };
}

/** fflate's reasons for a zip it cannot inflate, in Chinese (any other is kept as it is). */
const ZIP_FAILURES_ZH: Record<string, string> = {
  'unexpected EOF': '数据意外结束，文件可能被截断',
  'invalid block type': '压缩数据块类型无效',
  'invalid length/literal': '压缩数据无效（长度/字面量）',
  'invalid distance': '压缩数据无效（回溯距离）',
  'invalid zip data': 'ZIP 结构无效，文件可能被截断',
  'filename too long': '文件名过长',
  'extra field too long': '扩展字段过长',
};

function zipFailureZh(m: string): string {
  const unknown = /^unknown compression type (\d+)/.exec(m);
  if (unknown) return `不支持的压缩方式 ${unknown[1]}`;
  return ZIP_FAILURES_ZH[m] ?? m;
}

let crcTable: Uint32Array | null = null;

/** The CRC-32 (ISO-HDLC, as zip uses) of `data`. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  const t = crcTable;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The zip's central directory: the CRC-32 of each entry by its shown name, and the shown name of
 * each entry by the name fflate gives it (UTF-8 when the entry's flag says so, else one character
 * per byte). Without the UTF-8 flag a name that is valid UTF-8 is read so (Info-ZIP, macOS), else as
 * GB18030 (GBK); the first of a repeated name counts. Null when there is no readable central
 * directory (a cut-off zip: then names stay as fflate reads them and nothing is checked).
 */
function centralDirectory(bytes: Uint8Array): { crcs: Map<string, number>; names: Map<string, string> } | null {
  if (bytes.length < 22) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = dv.getUint16(eocd + 10, true);
  const start = dv.getUint32(eocd + 16, true);
  // zip64 (0xFFFF entries / 0xFFFFFFFF offset) or a directory outside the file: not read
  if (count === 0xffff || start === 0xffffffff || start >= eocd) return null;
  const utf8 = new TextDecoder();
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  const gbk = new TextDecoder('gb18030');
  const crcs = new Map<string, number>();
  const names = new Map<string, string>();
  let p = start;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || dv.getUint32(p, true) !== 0x02014b50) return null;
    const flags = dv.getUint16(p + 8, true);
    const crc = dv.getUint32(p + 16, true);
    const nameLen = dv.getUint16(p + 28, true);
    const end = p + 46 + nameLen + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
    if (end > eocd) return null;
    const raw = bytes.subarray(p + 46, p + 46 + nameLen);
    let read: string;
    let name: string;
    if (flags & 0x800) read = name = utf8.decode(raw);
    else {
      read = '';
      for (let i = 0; i < raw.length; i++) read += String.fromCharCode(raw[i]);
      name = read;
      if (raw.some((b) => b >= 0x80)) {
        try {
          name = strictUtf8.decode(raw);
        } catch {
          name = gbk.decode(raw);
        }
      }
    }
    if (!names.has(read)) names.set(read, name);
    if (!crcs.has(name)) crcs.set(name, crc);
    p = end;
  }
  return { crcs, names };
}
