/**
 * The distinct ArrayBuffers behind the typed arrays (and bare ArrayBuffers) in a value, so they
 * can be transferred instead of copied. Walks plain objects and arrays; arrays whose first element
 * is a primitive are not walked (large coordinate or string lists hold no buffers).
 * @param value - a structured-cloneable value
 * @returns the buffers, each once
 * @example
 * postMessage(out, collectTransferables(out));
 */
export function collectTransferables(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (seen.has(v)) continue;
    seen.add(v);
    if (v instanceof ArrayBuffer) {
      found.add(v);
    } else if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer);
    } else if (Array.isArray(v)) {
      if (v.length && (v[0] === null || typeof v[0] !== 'object')) continue;
      for (const x of v) stack.push(x);
    } else if (v instanceof Map) {
      for (const x of v.values()) stack.push(x);
    } else {
      for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return [...found];
}
