import type { I18nText } from '../types.ts';

/** The message for a line that is not UTF-8 in a UTF-8 file (read as GB18030). */
export const ENCODING_LINE: I18nText = {
  zh: '这一行不是 UTF-8 编码（文件其余部分是 UTF-8），已按 GBK/GB18030 读取，请核对该行文字。',
  en: 'This line is not UTF-8 like the rest of the file; it was read as GBK/GB18030. Please check its text.',
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

function decodeUtf8OrGb(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030'; foreignLines?: number[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    if (mostlyUtf8(bytes)) {
      const foreignLines: number[] = [];
      return { text: decodeMixed(bytes, 1, foreignLines), encoding: 'utf-8', foreignLines };
    }
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
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

