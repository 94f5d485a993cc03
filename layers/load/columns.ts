import type { Column, ColumnLayerData, FieldDef, LayerDefinition } from '../types.ts';
import { EnumMatcher, parseNumberText } from './values.ts';

/** Most columns outside the schema kept for a columnar layer; further ones are dropped (reported). */
export const MAX_EXTRA_COLUMNS = 200;

/** A growable typed column. `set` writes row `i`; every row writes every column. */
export type ColumnWriter =
  | { type: 'number'; field?: FieldDef; values: Float64Array }
  | { type: 'boolean'; field?: FieldDef; values: Uint8Array }
  | { type: 'category'; field?: FieldDef; codes: Int32Array; dict: string[]; index: Map<string, number> }
  | { type: 'string'; field?: FieldDef; values: (string | null)[] };

/**
 * Builds a {@link ColumnLayerData}: lon/lat, ids and one typed column per schema field (plus text
 * columns for extra properties), growing by doubling. Enum columns are dictionaries pre-filled with
 * the field's codes in definition order, so code numbers are stable across files.
 */
export class ColumnBuilder {
  lon: Float64Array;
  lat: Float64Array;
  /** Line (CSV) or 0-based feature index (GeoJSON) each row came from. */
  source: Int32Array;
  ids: string[] = [];
  readonly columns = new Map<string, ColumnWriter>();
  count = 0;
  private capacity: number;

  constructor(
    readonly def: LayerDefinition,
    capacity: number,
  ) {
    this.capacity = Math.max(16, capacity);
    this.lon = new Float64Array(this.capacity);
    this.lat = new Float64Array(this.capacity);
    this.source = new Int32Array(this.capacity);
    for (const f of def.fields) if (f.name !== def.idField) this.columns.set(f.name, this.create(f.type === 'string' && f.categorical ? 'category' : f.type, f));
  }

  /** Extra columns made so far (see {@link MAX_EXTRA_COLUMNS}). */
  extraCount = 0;

  /**
   * A text column for a property outside the schema (dictionary-encoded), or null once
   * {@link MAX_EXTRA_COLUMNS} have been made: every column holds a cell per row, so a file with
   * a hundred thousand distinct keys must not allocate a hundred thousand full columns.
   */
  addExtra(name: string): ColumnWriter | null {
    let c = this.columns.get(name);
    if (!c) {
      if (this.extraCount >= MAX_EXTRA_COLUMNS) return null;
      this.extraCount++;
      c = this.create('category');
      this.columns.set(name, c);
    }
    return c;
  }

  private create(type: FieldDef['type'] | 'category', field?: FieldDef): ColumnWriter {
    const n = this.capacity;
    if (type === 'number') return { type, field, values: new Float64Array(n).fill(NaN) };
    if (type === 'boolean') return { type, field, values: new Uint8Array(n).fill(255) };
    if (type === 'string') return { type, field, values: [] };
    const dict = type === 'enum' && field ? new EnumMatcher(field).codes.slice() : [];
    const index = new Map(dict.map((d, i) => [d, i]));
    return { type: 'category', field, codes: new Int32Array(n).fill(-1), dict, index };
  }

  /** Make room for row `count`. */
  ensureRow(): void {
    if (this.count < this.capacity) return;
    const n = this.capacity * 2;
    this.lon = grow(this.lon, n, 0);
    this.lat = grow(this.lat, n, 0);
    const src = new Int32Array(n);
    src.set(this.source);
    this.source = src;
    for (const c of this.columns.values()) {
      if (c.type === 'number') c.values = grow(c.values, n, NaN);
      else if (c.type === 'boolean') c.values = growU8(c.values, n, 255);
      else if (c.type === 'category') c.codes = growI32(c.codes, n, -1);
    }
    this.capacity = n;
  }

  /** Keep only rows with `keep[i] === 1`, in order. */
  compact(keep: Uint8Array): void {
    let w = 0;
    for (let r = 0; r < this.count; r++) {
      if (!keep[r]) continue;
      if (w !== r) {
        this.lon[w] = this.lon[r];
        this.lat[w] = this.lat[r];
        this.source[w] = this.source[r];
        this.ids[w] = this.ids[r];
        for (const c of this.columns.values()) {
          if (c.type === 'category') c.codes[w] = c.codes[r];
          else c.values[w] = c.values[r];
        }
      }
      w++;
    }
    this.count = w;
    this.ids.length = w;
    for (const c of this.columns.values()) if (c.type === 'string') c.values.length = w;
  }

  /** The finished layer, with arrays trimmed to the row count. */
  finish(): ColumnLayerData {
    const n = this.count;
    // Nearly full arrays are handed out as views (no second copy of 5 million rows at the peak);
    // half-empty ones are copied so the spare room is freed.
    const view = n >= this.capacity * 0.9;
    const cut = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => (view ? (a.subarray(0, n) as T) : (a.slice(0, n) as T));
    const columns: Record<string, Column> = {};
    for (const [name, c] of this.columns) {
      if (c.type === 'number') columns[name] = { type: 'number', values: cut(c.values) };
      else if (c.type === 'boolean') columns[name] = { type: 'boolean', values: cut(c.values) };
      else if (c.type === 'category') columns[name] = { type: 'category', codes: cut(c.codes), dict: c.dict };
      else {
        c.values.length = n;
        for (let i = 0; i < n; i++) if (c.values[i] === undefined) c.values[i] = null;
        columns[name] = { type: 'string', values: c.values };
      }
    }
    this.ids.length = n;
    return { kind: 'columns', id: this.def.id, count: n, lon: cut(this.lon), lat: cut(this.lat), ids: this.ids, columns };
  }
}

/** Set a category cell from text (added to the dictionary when new). */
export function setCategory(c: Extract<ColumnWriter, { type: 'category' }>, row: number, s: string | null): void {
  if (s === null) {
    c.codes[row] = -1;
    return;
  }
  let k = c.index.get(s);
  if (k === undefined) {
    k = c.dict.length;
    c.dict.push(s);
    c.index.set(s, k);
  }
  c.codes[row] = k;
}

function grow(a: Float64Array, n: number, fill: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
function growU8(a: Uint8Array, n: number, fill: number): Uint8Array {
  const b = new Uint8Array(n);
  b.set(a);
  b.fill(fill, a.length);
  return b;
}
function growI32(a: Int32Array, n: number, fill: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  b.fill(fill, a.length);
  return b;
}

/**
 * Parse a plain decimal number in `s[start, end)` without allocating: `-12.345`, `114.5`. Returns
 * NaN for anything else (exponents, units, separators), which callers then read the slow way.
 * Exact: an integer mantissa below 2^53 divided by an exact power of ten rounds correctly.
 */
export function fastNumber(s: string, start: number, end: number): number {
  let i = start;
  while (i < end && s.charCodeAt(i) === 32) i++;
  while (end > i && s.charCodeAt(end - 1) === 32) end--;
  if (i >= end) return NaN;
  let neg = false;
  const c0 = s.charCodeAt(i);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let frac = -1;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = frac > 0 ? mant / POW10[frac] : mant;
  return neg ? -v : v;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Read a number cell the slow way (units, separators, full-width digits); null when not a number. */
export function slowNumber(text: string, field?: FieldDef): number | null {
  return parseNumberText(text, field)?.value ?? null;
}
