/** Characters Windows refuses in a file name (and `/`, which Linux refuses), and control characters. */
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001F\u007F-\u009F]/g;
/** Lone surrogate halves (a cut emoji): not a character on any file system. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Windows device names, with or without an extension (`CON`, `con.csv`, `COM1`, `LPT¹`). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/**
 * Bytes (UTF-8) a downloaded file name may take: Linux allows 255 per name and Windows 255 UTF-16
 * units; 200 leaves room for the " (1)" a browser adds to a name already in the folder.
 */
export const MAX_FILE_NAME_BYTES = 200;

const encoder = new TextEncoder();

/** The longest start of `text` whose UTF-8 takes at most `bytes`, never inside a character. */
function cutToBytes(text: string, bytes: number): string {
  if (encoder.encode(text).length <= bytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (used + n > bytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/**
 * A download's file name made from user text (a scenario, a table or a print title), safe to save on
 * Windows and Linux: characters either refuses (`<>:"/\|?*`, control characters, a cut emoji) become
 * `_`; leading dots and spaces (`../a`, a hidden file on Linux) and trailing dots and spaces (dropped
 * by Windows) go; a Windows device name (`CON`, `nul.csv`, `COM1`) gets `_` after it; the name is cut
 * to {@link MAX_FILE_NAME_BYTES} bytes on a character, the extension kept; and an empty name becomes
 * `fallback`. Chinese, other letters and whole emoji are kept as written.
 * @param name - the name as built, with its extension (`方案比较-现状-../a.xlsx`)
 * @param fallback - the stem used when nothing is left of the name's own
 * @returns the name to give the browser
 * @example
 * safeFileName('表格-a:b*?.csv'); // '表格-a_b__.csv'
 * safeFileName('CON.xlsx');       // 'CON_.xlsx'
 * safeFileName('nul.a.csv');      // 'nul_.a.csv'
 * safeFileName('.xlsx');          // '导出.xlsx'
 */
export function safeFileName(name: string, fallback = '导出'): string {
  const m = /^(.*?)((?:\.[A-Za-z0-9]{1,8})?)$/s.exec(name.normalize('NFC'));
  const ext = m ? m[2] : '';
  const clean = (s: string) =>
    s
      .replace(LONE_SURROGATE, '')
      .replace(/\s+/g, ' ')
      .replace(FORBIDDEN, '_')
      .replace(/^[\s.]+/, '')
      .replace(/[\s.]+$/, '');
  let stem = clean(m ? m[1] : name);
  if (stem === '' || /^_+$/.test(stem)) stem = clean(fallback) || 'download';
  // Windows reads CON.anything as the device too: the mark goes after the device word
  const word = /^[^.]*/.exec(stem)?.[0] ?? '';
  if (RESERVED.test(word.trimEnd())) stem = `${word}_${stem.slice(word.length)}`;
  stem = clean(cutToBytes(stem, MAX_FILE_NAME_BYTES - encoder.encode(ext).length));
  return stem + ext;
}

/**
 * Save a blob as a file through a temporary object URL (no network, no HTML), under
 * {@link safeFileName} of `name`: the one place the app names a download.
 * @param keepUrlMs - how long the URL stays valid after the click (a large PNG takes longer to save)
 */
export function downloadBlob(name: string, blob: Blob, keepUrlMs = 1000): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), keepUrlMs);
}
