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
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const line = Number(lc[1]);
    let pos = 0;
    for (let l = 1; l < line && pos >= 0; l++) pos = text.indexOf('\n', pos) + 1;
    return pos + Number(lc[2]) - 1;
  }
  const p = /position (\d+)/.exec(message);
  if (p) return Number(p[1]);
  return text.length;
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
