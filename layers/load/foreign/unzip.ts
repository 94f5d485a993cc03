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
  let total = 0;
  let failure: ZipError | null = null;
  const fail = (err: unknown) => {
    const m = err instanceof Error ? err.message : String(err);
    failure ??= new ZipError({ zh: `压缩包已损坏（${m}）`, en: `the zip archive is damaged (${m})` });
  };
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  unzip.onfile = (entry) => {
    if (failure) return;
    names.push(entry.name);
    if (names.length > limits.maxEntries) {
      failure = new ZipError({ zh: `压缩包内文件超过 ${limits.maxEntries} 个，不予读取`, en: `the zip holds more than ${limits.maxEntries} entries; refused` }, 'too-many-entries');
      return;
    }
    if (!wanted(entry.name) || parts.has(entry.name)) return;
    const part = { chunks: [] as Uint8Array[], done: false };
    parts.set(entry.name, part);
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
    files.set(name, buf);
  }
  return { names, files };
}
