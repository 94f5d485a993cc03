import type { I18nText } from '../types.ts';

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
}

/**
 * Decode file bytes to text: a UTF-8 or UTF-16 BOM is honoured and stripped; UTF-16 without a BOM
 * is recognised from its zero bytes; bytes that are not valid UTF-8 are read as GB18030 (which
 * covers GBK and GB2312).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8OrGb(bytes.subarray(3)).text, encoding: 'utf-8', bom: true };
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

function decodeUtf8OrGb(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
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
