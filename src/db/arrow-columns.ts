import { Bool, Dictionary, Float64, Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import type { TableColumn } from './tabular-db.ts';

/**
 * Turn typed columns into an Arrow IPC stream (what DuckDB's `insertArrowFromIPCStream` reads).
 * Numbers keep their Float64Array (NaN → NULL through a validity bitmap); booleans are bit-packed;
 * categories become Arrow dictionary vectors, so 1 M rows of a 20-value column cost 4 MB, not 1 M strings.
 * Throws when columns differ in length or there are none.
 */
export function columnsToArrowIpc(columns: Record<string, TableColumn>): Uint8Array {
  const names = Object.keys(columns);
  if (names.length === 0) throw new Error('insertTable needs at least one column');
  const vectors: Record<string, Vector> = Object.create(null);
  let length = -1;
  for (const name of names) {
    const v = toVector(name, columns[name]);
    if (length === -1) length = v.length;
    else if (v.length !== length) throw new Error(`column "${name}" has ${v.length} rows, expected ${length}`);
    vectors[name] = v;
  }
  // A table without rows has no record batch, so no dictionary batch either, and DuckDB refuses a
  // stream whose schema announces dictionaries it never sends: empty category columns go as text.
  if (length === 0) for (const name of names) if (columns[name].type === 'category') vectors[name] = utf8Vector([]);
  return tableToIPC(new Table(vectors), 'stream');
}

function toVector(name: string, col: TableColumn): Vector {
  switch (col.type) {
    case 'double': {
      const values = col.values instanceof Float64Array ? col.values : Float64Array.from(col.values, (x) => (x === null ? NaN : x));
      const bitmap = new Uint8Array((values.length + 7) >> 3);
      let nulls = 0;
      for (let i = 0; i < values.length; i++) {
        const x = values[i];
        if (x - x === 0) bitmap[i >> 3] |= 1 << (i & 7);
        else nulls++;
      }
      return makeVector(makeData({ type: new Float64(), length: values.length, data: values, nullBitmap: nulls ? bitmap : undefined, nullCount: nulls }));
    }
    case 'boolean': {
      const n = col.values.length;
      const get = col.values instanceof Uint8Array ? (i: number) => (col.values as Uint8Array)[i] : (i: number) => boolCode((col.values as (boolean | null)[])[i]);
      const bits = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (get(i) === 1) bits[i >> 3] |= 1 << (i & 7);
      const { bitmap, nulls } = validity(n, (i) => get(i) === 0 || get(i) === 1);
      return makeVector(makeData({ type: new Bool(), length: n, data: bits, nullBitmap: nulls ? bitmap : undefined, nullCount: nulls }));
    }
    case 'varchar':
      return utf8Vector(col.values);
    case 'category': {
      const { codes, dict } = col;
      const dictVector = utf8Vector(dict);
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i];
        if (c < -1 || c >= dict.length) throw new Error(`column "${name}": code ${c} at row ${i} is outside its dictionary`);
      }
      const { bitmap, nulls } = validity(codes.length, (i) => codes[i] >= 0);
      const type = new Dictionary(new Utf8(), new Int32());
      return makeVector(makeData({ type, length: codes.length, data: codes, nullBitmap: nulls ? bitmap : undefined, nullCount: nulls, dictionary: dictVector }));
    }
    default:
      throw new Error(`column "${name}": unknown type`);
  }
}

const encoder = new TextEncoder();

/** Build a Utf8 vector in one buffer (apache-arrow's vectorFromArray takes seconds for 1 M ids). */
function utf8Vector(values: readonly (string | null | undefined)[]): Vector {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  let cap = 16;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'string') cap += v.length * 3;
  }
  let bytes = new Uint8Array(cap);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'string') {
      bitmap[i >> 3] |= 1 << (i & 7);
      let ascii = true;
      for (let k = 0; k < v.length; k++) {
        const c = v.charCodeAt(k);
        if (c > 127) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        for (let k = 0; k < v.length; k++) bytes[pos + k] = v.charCodeAt(k);
        pos += v.length;
      } else {
        pos += encoder.encodeInto(v, bytes.subarray(pos)).written;
      }
    } else {
      nulls++;
    }
    offsets[i + 1] = pos;
  }
  bytes = bytes.subarray(0, pos);
  return makeVector(makeData({ type: new Utf8(), length: n, valueOffsets: offsets, data: bytes, nullBitmap: nulls ? bitmap : undefined, nullCount: nulls }));
}

function boolCode(v: boolean | null | undefined): number {
  if (v === true) return 1;
  if (v === false) return 0;
  return 255;
}

function validity(n: number, valid: (i: number) => boolean): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (valid(i)) bitmap[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return { bitmap, nulls };
}
