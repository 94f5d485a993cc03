import type { I18nText } from '../types.ts';

/** The message for a line that is not UTF-8 in a UTF-8 file (read as GB18030). */
export const ENCODING_LINE: I18nText = {
  zh: '这一行不是 UTF-8 编码（文件其余部分是 UTF-8），已按 GBK/GB18030 读取，请核对该行文字。',
  en: 'This line is not UTF-8 like the rest of the file; it was read as GBK/GB18030. Please check its text.',
};

/** The message for a UTF-8 file whose last line stops in the middle of a character (the file is cut off there). */
export const CUT_UTF8: I18nText = {
  zh: '文件在这一行的一个字符（多字节 UTF-8 字符，如汉字）中间截断：文件不完整（可能复制或下载未完成）。该行已按 UTF-8 读取，缺少被截断的字符，请核对，或重新获取完整的文件。',
  en: 'The file stops in the middle of a character (a multi-byte UTF-8 character such as a Chinese one) on this line: the file is incomplete (a copy or download may not have finished). The line was read as UTF-8 without the cut character; check it, or get the whole file again.',
};

/** What the first bytes of a file say it is, when that is not text. */
export function sniffBinary(bytes: Uint8Array): I18nText | null {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5 || b[2] === 7)) {
    return {
      zh: '这是一个 ZIP 压缩包（也可能是 Excel .xlsx 或 Shapefile 压缩包），不是文本文件；请导出为 GeoJSON 或 CSV（UTF-8）后再导入。',
      en: 'This is a ZIP archive (maybe an Excel .xlsx or a zipped Shapefile), not a text file; export it as GeoJSON or CSV (UTF-8) and import that.',
    };
  }
  if (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    return { zh: '这是旧版 Excel（.xls）文件；请另存为 CSV（UTF-8）。', en: 'This is an old Excel (.xls) file; save it as CSV (UTF-8).' };
  }
  if (b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) {
    return { zh: '这是 PDF 文件，不是数据文件。', en: 'This is a PDF file, not a data file.' };
  }
  if (b.length >= 4 && ((b[0] === 0x89 && b[1] === 0x50) || (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff))) {
    return { zh: '这是图片文件，不是数据文件。', en: 'This is an image, not a data file.' };
  }
  return null;
}

/** Text of a file and how it was decoded. */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  bom: boolean;
  /** 1-based lines of a UTF-8 file that were not UTF-8 and were read as GB18030. */
  foreignLines?: number[];
  /** 1-based line on which a UTF-8 file stops in the middle of a character (the bytes of that character are left out). */
  cutLine?: number;
}

/**
 * Decode file bytes to text: a UTF-8 or UTF-16 BOM is honoured and stripped; UTF-16 without a BOM
 * is recognised from its zero bytes; bytes that are not valid UTF-8 are read as GB18030 (which
 * covers GBK and GB2312), except in a file that is mostly UTF-8: there only the lines that are not
 * UTF-8 are read as GB18030, and their numbers are listed in `foreignLines`.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { ...decodeUtf8OrGb(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  }
  const utf16 = guessUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, bom: false };
  const d = decodeUtf8OrGb(bytes);
  return { ...d, bom: false };
}

function decodeUtf8OrGb(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030'; foreignLines?: number[]; cutLine?: number } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // cut off in the middle of a UTF-8 character: the text before it is UTF-8, not GBK
    const body = bytes.subarray(0, bytes.length - cutUtf8Tail(bytes));
    if (body.length < bytes.length) {
      const d = decodeUtf8(body);
      if (d) return { ...d, cutLine: lineCount(body) };
    }
    return decodeUtf8(bytes) ?? { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** UTF-8 text of bytes that are UTF-8, or mostly (a few lines read as GB18030); null for a GBK file. */
function decodeUtf8(bytes: Uint8Array): { text: string; encoding: 'utf-8'; foreignLines?: number[] } | null {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    if (!mostlyUtf8(bytes)) return null;
    const foreignLines: number[] = [];
    return { text: decodeMixed(bytes, 1, foreignLines), encoding: 'utf-8', foreignLines };
  }
}

/** Number of lines of the bytes (line breaks + 1). */
function lineCount(b: Uint8Array): number {
  let n = 1;
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * How many bytes at the end of `b` begin a UTF-8 character and stop before it is complete (1–3),
 * when the rest of the last line is valid UTF-8: a UTF-8 file cut off in the middle of a
 * character. 0 otherwise (the end is complete, or the last line is not UTF-8 at all: a GBK file
 * whose last byte happens to look like the start of a UTF-8 character).
 * @example cutUtf8Tail(new TextEncoder().encode('甲乙').subarray(0, 4)) // 1 (乙 is 3 bytes; 1 of them is left)
 */
export function cutUtf8Tail(b: Uint8Array): number {
  const end = b.length;
  for (let k = 1; k <= 3 && k <= end; k++) {
    const c = b[end - k];
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: the character starts further back
    const size = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (size <= k) return 0; // ASCII, a complete character, or no UTF-8 lead byte
    if (k >= 2) {
      // the second byte's range for the lead bytes with one (no overlongs or surrogates)
      const c1 = b[end - k + 1];
      const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
      if (c1 < lo || c1 > hi) return 0;
    }
    const lineStart = end - k > 0 ? b.lastIndexOf(0x0a, end - k - 1) + 1 : 0;
    return isUtf8(b, lineStart, end - k) ? k : 0;
  }
  return 0;
}

/** UTF-16 text of ASCII-heavy content has a zero in every other byte of its first characters. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length & ~1, 512);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > half * 0.4 && evenZero === 0) return 'utf-16le';
  if (evenZero > half * 0.4 && oddZero === 0) return 'utf-16be';
  return null;
}

/** True when text looks like an HTML page (a download that saved an error page, a renamed .html). */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 512).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<?xml') || head.startsWith('<head') || head.startsWith('<body');
}

/**
 * True when bytes [start, end) are valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF), checked by hand so one line can be tested without a decoder exception.
 */
export function isUtf8(b: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return false;
    if (i + n >= end) return false;
    const c1 = b[i + 1];
    if (c1 < lo || c1 > hi) return false;
    for (let k = 2; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return false;
    i += n + 1;
  }
  return true;
}

/**
 * Whether a file that is not valid UTF-8 is mostly UTF-8 with a few lines in another encoding
 * (one GBK line pasted into a UTF-8 file) rather than a GBK file: more lines with valid non-ASCII
 * UTF-8 than invalid lines. Stops early once a file clearly reads as GBK.
 */
export function mostlyUtf8(b: Uint8Array): boolean {
  let good = 0;
  let bad = 0;
  for (let p = 0; p < b.length; ) {
    const nl = b.indexOf(0x0a, p);
    const end = nl === -1 ? b.length : nl + 1;
    let ascii = true;
    for (let i = p; i < end; i++) {
      if (b[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      if (isUtf8(b, p, end)) good++;
      else bad++;
      if (bad >= 20 && bad > good * 4) return false;
    }
    p = end;
  }
  return good >= bad;
}

/** A chunk whose lines are UTF-8 except some, which are read as GB18030 (their numbers recorded). */
export function decodeMixed(chunk: Uint8Array, firstLine: number, foreignLines: number[]): string {
  const utf8 = new TextDecoder('utf-8');
  const gb = new TextDecoder('gb18030');
  const parts: string[] = [];
  let seg = 0;
  let line = firstLine;
  for (let p = 0; p < chunk.length; line++) {
    const nl = chunk.indexOf(0x0a, p);
    const end = nl === -1 ? chunk.length : nl + 1;
    if (!isUtf8(chunk, p, end)) {
      if (p > seg) parts.push(utf8.decode(chunk.subarray(seg, p)));
      parts.push(gb.decode(chunk.subarray(p, end)));
      foreignLines.push(line);
      seg = end;
    }
    p = end;
  }
  if (seg < chunk.length) parts.push(utf8.decode(chunk.subarray(seg)));
  return parts.join('');
}

