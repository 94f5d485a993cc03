/** Deepest nesting of objects and arrays read (GeoJSON needs about 10; a MultiPolygon is 8 deep). */
export const MAX_JSON_DEPTH = 256;

/** Duplicate keys listed per file; the rest are only counted. */
const MAX_DUPLICATES = 1000;

/** A key written twice in one JSON object (JSON.parse keeps only the last value). */
export interface DuplicateKey {
  key: string;
  /** Where the object is: keys and array indices from the root, e.g. ['features', 3, 'properties']. */
  path: (string | number)[];
  /** Character offset of the second occurrence. */
  offset: number;
}

/** Result of {@link parseJsonText}. */
export type JsonResult =
  | {
      ok: true;
      value: unknown;
      nonFinite: boolean;
      duplicates: DuplicateKey[];
      duplicateCount: number;
      /** Integers written with more digits than a double holds exactly, read as strings: their count and the first one. */
      bigIntegers?: { count: number; first: string };
    }
  | { ok: false; line: number; column: number; detail: string; tooDeep: boolean };

/** What one linear pass over JSON text found. */
export interface JsonScan {
  /** Offset of the first syntax error, or -1 when the text is JSON (bare NaN/Infinity allowed). */
  error: number;
  /** True when the error is nesting deeper than {@link MAX_JSON_DEPTH}. */
  tooDeep: boolean;
  /** [start, end) of every bare `NaN`, `Infinity`, `-Infinity`, `+Infinity` in a value position. */
  nonFinite: number[];
  duplicates: DuplicateKey[];
  duplicateCount: number;
  /** [start, end) of every integer token a double does not hold exactly (130102000000000001). */
  bigIntegers: number[];
}

/**
 * JSON.parse with a line/column on failure, a nesting limit ({@link MAX_JSON_DEPTH}) and the keys
 * written twice in one object. Hand-made files with bare `NaN`/`Infinity` as values are read with
 * those values as null (then reported per feature) and `nonFinite` set: only those value tokens
 * are replaced, never text inside strings. Integers longer than a double holds exactly (a database
 * bigint id such as 130102000000000001, which JSON.parse would read as …000) are read as strings
 * with every digit, and counted in `bigIntegers`. One pass over the text, no recursion.
 */
export function parseJsonText(text: string): JsonResult {
  // Most files are plain JSON without a repeated key: JSON.parse, then a lean pass that only looks
  // for keys and depth (about 5× faster than the full scan); anything else takes the full scan below.
  let value: unknown;
  let parsed = false;
  try {
    value = JSON.parse(text);
    parsed = true;
  } catch {
    /* the full scan places the error */
  }
  if (parsed && plainJsonKeys(text)) return { ok: true, value, nonFinite: false, duplicates: [], duplicateCount: 0 };
  const scan = scanJson(text);
  const fail = (pos: number, detail: string, tooDeep: boolean): JsonResult => ({ ok: false, ...lineColumn(text, pos), detail, tooDeep });
  if (scan.tooDeep) return fail(scan.error, `nesting deeper than ${MAX_JSON_DEPTH}`, true);
  // accepted by JSON.parse and nothing to replace: its value stands (the scan only placed the repeated keys)
  if (parsed && scan.bigIntegers.length === 0) return { ok: true, value, nonFinite: false, duplicates: scan.duplicates, duplicateCount: scan.duplicateCount };
  const changed = scan.error < 0 && (scan.nonFinite.length > 0 || scan.bigIntegers.length > 0);
  const source = changed ? replaceTokens(text, scan.nonFinite, scan.bigIntegers) : text;
  try {
    const value = JSON.parse(source);
    const big = scan.bigIntegers;
    return {
      ok: true,
      value,
      nonFinite: changed && scan.nonFinite.length > 0,
      duplicates: scan.duplicates,
      duplicateCount: scan.duplicateCount,
      ...(big.length > 0 && changed ? { bigIntegers: { count: big.length / 2, first: text.slice(big[0], big[1]) } } : {}),
    };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (scan.error >= 0) return fail(scan.error, detail, false);
    const p = /position (\d+)/.exec(detail);
    return fail(p ? Number(p[1]) : text.length, detail, false);
  }
}

/**
 * For text JSON.parse has accepted: true when no object repeats a key, nothing nests deeper than
 * {@link MAX_JSON_DEPTH} and no integer has 16 or more digits (false sends {@link parseJsonText} to
 * the full {@link scanJson}, which places each repeat and keeps a bigint id's digits). Only strings,
 * brackets and digit runs are looked at: the text is known to be JSON.
 */
export function plainJsonKeys(t: string): boolean {
  const n = t.length;
  // keys of each open object (null for an array), innermost last
  const open: (string[] | Set<string> | null)[] = [];
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 34) {
      const start = i;
      // the closing quote: one not escaped by an odd run of backslashes
      for (;;) {
        i = t.indexOf('"', i + 1);
        let b = i - 1;
        while (t.charCodeAt(b) === 92) b--;
        if ((i - 1 - b) % 2 === 0) break;
      }
      const keys = open[open.length - 1];
      if (!keys) continue;
      // a string inside an object is a key when a colon follows it
      let j = i + 1;
      let d = t.charCodeAt(j);
      while (d === 32 || d === 9 || d === 10 || d === 13) d = t.charCodeAt(++j);
      if (d !== 58) continue;
      let key = t.slice(start + 1, i);
      if (key.includes('\\')) key = JSON.parse(t.slice(start, i + 1)) as string;
      if (Array.isArray(keys)) {
        if (keys.includes(key)) return false;
        keys.push(key);
        if (keys.length > 8) open[open.length - 1] = new Set(keys);
      } else {
        if (keys.has(key)) return false;
        keys.add(key);
      }
      i = j;
    } else if (c === 123 || c === 91) {
      if (open.length >= MAX_JSON_DEPTH) return false;
      open.push(c === 123 ? [] : null);
    } else if (c === 125 || c === 93) open.pop();
    else if (c >= 48 && c <= 57) {
      // a number's digits; an integer part of 16+ digits may be a bigint id JSON.parse would round:
      // the full scan decides (a fraction's digits, after '.', are skipped)
      let j = i + 1;
      while (j < n && t.charCodeAt(j) >= 48 && t.charCodeAt(j) <= 57) j++;
      if (j - i >= 16 && t.charCodeAt(i - 1) !== 46) {
        const e = t.charCodeAt(j);
        if (e !== 46 && e !== 101 && e !== 69) return false;
      }
      i = j - 1;
    }
  }
  return true;
}

/** The text with each non-finite token as `null` and each big integer token quoted (both lists ascending). */
function replaceTokens(text: string, nonFinite: number[], big: number[]): string {
  const parts: string[] = [];
  let at = 0;
  let a = 0;
  let b = 0;
  while (a < nonFinite.length || b < big.length) {
    const takeBig = a >= nonFinite.length || (b < big.length && big[b] < nonFinite[a]);
    const [s, e] = takeBig ? [big[b], big[b + 1]] : [nonFinite[a], nonFinite[a + 1]];
    parts.push(text.slice(at, s), takeBig ? `"${text.slice(s, e)}"` : 'null');
    at = e;
    if (takeBig) b += 2;
    else a += 2;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Offset of the first JSON syntax error, found by a small scanner (engines word and place their
 * errors differently, and some give no position at all). Returns the length for valid text.
 */
export function findJsonError(t: string): number {
  const s = scanJson(t, false);
  return s.error < 0 ? t.length : s.error;
}

interface Frame {
  array: boolean;
  /** Element index (arrays) or the current key (objects). */
  at: number | string;
  keys: string[] | Set<string> | null;
}

const enum State {
  Value,
  Key,
  After,
}

/**
 * One linear, non-recursive pass over JSON text: the first syntax error, nesting depth, bare
 * non-finite number tokens and duplicate keys (with the path of their object).
 * @param t - the text
 * @param allowNonFinite - accept bare NaN/Infinity as values (default true)
 */
export function scanJson(t: string, allowNonFinite = true): JsonScan {
  const n = t.length;
  const res: JsonScan = { error: -1, tooDeep: false, nonFinite: [], duplicates: [], duplicateCount: 0, bigIntegers: [] };
  const stack: Frame[] = [];
  let i = 0;
  let state = State.Value;
  const ws = (): void => {
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  /** Scans a string starting at the quote at i; returns false on error (res.error set). */
  const str = (): boolean => {
    i++;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) {
        res.error = i;
        return false;
      }
      i += c === 92 ? 2 : 1;
    }
    res.error = n;
    return false;
  };
  const word = (w: string): boolean => {
    for (let k = 0; k < w.length; k++) {
      if (t.charCodeAt(i + k) !== w.charCodeAt(k)) {
        res.error = Math.min(i + k, n);
        return false;
      }
    }
    i += w.length;
    return true;
  };
  const digits = (): number => {
    const s = i;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    return i - s;
  };
  const num = (): boolean => {
    const start = i;
    if (t.charCodeAt(i) === 45) i++;
    const c0 = t.charCodeAt(i);
    if (c0 === 48) i++;
    else if (c0 >= 49 && c0 <= 57) {
      // an integer of 16+ digits that a double does not hold exactly (a bigint id): kept as text
      if (digits() >= 16 && t.charCodeAt(i) !== 46 && t.charCodeAt(i) !== 101 && t.charCodeAt(i) !== 69) {
        const tok = t.slice(start, i);
        if (String(Number(tok)) !== tok) res.bigIntegers.push(start, i);
      }
    } else {
      res.error = Math.min(i, n);
      return false;
    }
    if (t.charCodeAt(i) === 46) {
      i++;
      if (digits() === 0) {
        res.error = Math.min(i, n);
        return false;
      }
    }
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = t.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (digits() === 0) {
        res.error = Math.min(i, n);
        return false;
      }
    }
    return true;
  };
  const nonFinite = (): boolean => {
    const start = i;
    const c = t.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    const w = t.charCodeAt(i) === 78 ? 'NaN' : 'Infinity';
    if (!word(w)) return false;
    res.nonFinite.push(start, i);
    return true;
  };
  const push = (array: boolean): boolean => {
    if (stack.length >= MAX_JSON_DEPTH) {
      res.error = i;
      res.tooDeep = true;
      return false;
    }
    stack.push({ array, at: array ? 0 : '', keys: null });
    i++;
    return true;
  };
  const addKey = (f: Frame, key: string, offset: number): void => {
    f.at = key;
    if (f.keys === null) {
      f.keys = [key];
      return;
    }
    let dup: boolean;
    if (Array.isArray(f.keys)) {
      dup = f.keys.includes(key);
      if (!dup) {
        f.keys.push(key);
        if (f.keys.length > 8) f.keys = new Set(f.keys);
      }
    } else {
      dup = f.keys.has(key);
      if (!dup) f.keys.add(key);
    }
    if (!dup) return;
    res.duplicateCount++;
    if (res.duplicates.length < MAX_DUPLICATES) {
      res.duplicates.push({ key, path: stack.slice(0, -1).map((s) => s.at), offset });
    }
  };

  for (;;) {
    ws();
    if (state === State.Value) {
      if (i >= n) {
        res.error = n;
        return res;
      }
      const c = t.charCodeAt(i);
      if (c === 123 || c === 91) {
        if (!push(c === 91)) return res;
        ws();
        const close = t.charCodeAt(i);
        if (close === (c === 91 ? 93 : 125)) {
          stack.pop();
          i++;
          state = State.After;
        } else state = c === 91 ? State.Value : State.Key;
        continue;
      }
      let ok: boolean;
      if (c === 34) ok = str();
      else if (c === 116) ok = word('true');
      else if (c === 102) ok = word('false');
      else if (c === 110) ok = word('null');
      else if (allowNonFinite && (c === 78 || c === 73 || ((c === 45 || c === 43) && (t.charCodeAt(i + 1) === 73 || t.charCodeAt(i + 1) === 78)))) ok = nonFinite();
      else if (c === 45 || (c >= 48 && c <= 57)) ok = num();
      else {
        res.error = i;
        ok = false;
      }
      if (!ok) return res;
      state = State.After;
      continue;
    }
    if (state === State.Key) {
      if (t.charCodeAt(i) !== 34) {
        res.error = Math.min(i, n);
        return res;
      }
      const start = i;
      if (!str()) return res;
      let key = t.slice(start + 1, i - 1);
      if (key.includes('\\')) {
        try {
          key = JSON.parse(t.slice(start, i)) as string;
        } catch {
          res.error = start;
          return res;
        }
      }
      addKey(stack[stack.length - 1], key, start);
      ws();
      if (t.charCodeAt(i) !== 58) {
        res.error = Math.min(i, n);
        return res;
      }
      i++;
      state = State.Value;
      continue;
    }
    // State.After: a value ended.
    const top = stack[stack.length - 1];
    if (!top) {
      if (i < n) res.error = i;
      return res;
    }
    const c = t.charCodeAt(i);
    if (c === 44) {
      i++;
      if (top.array) {
        top.at = (top.at as number) + 1;
        state = State.Value;
      } else state = State.Key;
      continue;
    }
    if (c === (top.array ? 93 : 125)) {
      stack.pop();
      i++;
      continue;
    }
    res.error = Math.min(i, n);
    return res;
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(pos, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** 1-based line numbers of ascending character offsets, in one pass. */
export function lineNumbers(text: string, offsets: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let nl = text.indexOf('\n');
  for (const pos of offsets) {
    while (nl !== -1 && nl < pos) {
      line++;
      nl = text.indexOf('\n', nl + 1);
    }
    out.push(line);
  }
  return out;
}
