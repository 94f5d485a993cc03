/** Result of {@link parseJsonText}. */
export type JsonResult =
  | { ok: true; value: unknown; nonFinite: boolean }
  | { ok: false; line: number; column: number; detail: string };

/**
 * JSON.parse with a line/column on failure. Hand-made files with bare `NaN`/`Infinity` in
 * arrays are read with those values as null (then reported per feature) and `nonFinite` set.
 */
export function parseJsonText(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text), nonFinite: false };
  } catch (err) {
    if (/(?:NaN|Infinity)/.test(text)) {
      const patched = text.replace(/([[,:]\s*)[+-]?(?:NaN|Infinity)(?=\s*[\],}])/g, '$1null');
      if (patched !== text) {
        try {
          return { ok: true, value: JSON.parse(patched), nonFinite: true };
        } catch {
          // fall through to report the original error
        }
      }
    }
    const detail = err instanceof Error ? err.message : String(err);
    const pos = errorPosition(detail, text);
    const { line, column } = lineColumn(text, pos);
    return { ok: false, line, column, detail };
  }
}

function errorPosition(message: string, text: string): number {
  try {
    return findJsonError(text);
  } catch {
    const p = /position (\d+)/.exec(message);
    return p ? Number(p[1]) : text.length;
  }
}

/**
 * Offset of the first JSON syntax error, found by a small scanner (engines word and place their
 * errors differently, and some give no position at all). Returns the length for valid text.
 */
export function findJsonError(t: string): number {
  const n = t.length;
  let i = 0;
  class At {
    constructor(readonly pos: number) {}
  }
  const ws = (): void => {
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const str = (): void => {
    i++;
    for (;;) {
      if (i >= n) throw new At(n);
      const c = t.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) throw new At(i);
      i += c === 92 ? 2 : 1;
    }
  };
  const num = (): void => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(t.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') throw new At(i);
    i += m[0].length;
  };
  const lit = (w: string): void => {
    for (let k = 0; k < w.length; k++) if (t[i + k] !== w[k]) throw new At(i + k);
    i += w.length;
  };
  const value = (): void => {
    ws();
    if (i >= n) throw new At(n);
    const c = t[i];
    if (c === '{') {
      i++;
      ws();
      if (t[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (t[i] !== '"') throw new At(i >= n ? n : i);
        str();
        ws();
        if (t[i] !== ':') throw new At(i >= n ? n : i);
        i++;
        value();
        ws();
        if (t[i] === ',') {
          i++;
          continue;
        }
        if (t[i] === '}') {
          i++;
          return;
        }
        throw new At(i >= n ? n : i);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (t[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (t[i] === ',') {
          i++;
          continue;
        }
        if (t[i] === ']') {
          i++;
          return;
        }
        throw new At(i >= n ? n : i);
      }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    if (c === '-' || (c >= '0' && c <= '9')) return num();
    throw new At(i);
  };
  try {
    value();
    ws();
    return i < n ? i : n;
  } catch (e) {
    if (e instanceof At) return e.pos;
    throw e;
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
