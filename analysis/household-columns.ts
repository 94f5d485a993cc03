import type { Column, ColumnLayerData } from '../layers/types.ts';

/**
 * A column value as text (category and string columns; numbers and booleans formatted), or
 * null when missing or when the column does not exist.
 *
 * @param col - a column of a columnar layer, or undefined
 * @param i - row index
 */
export function columnText(col: Column | undefined, i: number): string | null {
  if (!col) return null;
  switch (col.type) {
    case 'category': {
      const c = col.codes[i];
      return c >= 0 ? col.dict[c] : null;
    }
    case 'string':
      return col.values[i] ?? null;
    case 'number': {
      const v = col.values[i];
      return Number.isNaN(v) ? null : String(v);
    }
    case 'boolean': {
      const v = col.values[i];
      return v === 255 ? null : v === 1 ? 'true' : 'false';
    }
  }
}

/** A numeric column value, NaN when missing, not numeric, or when the column does not exist. */
export function columnNumber(col: Column | undefined, i: number): number {
  if (!col) return NaN;
  if (col.type === 'number') return col.values[i];
  if (col.type === 'boolean') return col.values[i] === 255 ? NaN : col.values[i];
  const t = columnText(col, i);
  return t === null || t.trim() === '' ? NaN : Number(t);
}

/** Check that a value is a columnar layer with consistent lengths; throws naming `who`. */
export function checkColumns(who: string, layer: ColumnLayerData): void {
  if (!layer || layer.kind !== 'columns') throw new Error(`${who}: households must be a columnar layer (kind 'columns')`);
  if (!(layer.lon instanceof Float64Array) || !(layer.lat instanceof Float64Array)) {
    throw new Error(`${who}: households.lon and households.lat must be Float64Arrays`);
  }
  if (layer.lon.length !== layer.count || layer.lat.length !== layer.count || layer.ids.length !== layer.count) {
    throw new Error(`${who}: households has inconsistent column lengths`);
  }
}
