import type { Column, ColumnLayerData } from '../../layers/types.ts';

/** A reader of one household column by row: text ('' missing), number (NaN missing), boolean (null missing). */
export interface ColumnReader {
  present: boolean;
  text(i: number): string;
  num(i: number): number;
  bool(i: number): boolean | null;
}

const TRUE = new Set(['true', '是', 'yes', 'y', '1', '有']);
const FALSE = new Set(['false', '否', 'no', 'n', '0', '无']);

/** Read column `name` of a column layer; an absent column reads as missing everywhere (`present` false). */
export function columnReader(layer: ColumnLayerData | undefined, name: string): ColumnReader {
  const c: Column | undefined = layer?.columns[name];
  const textOf = (i: number): string => {
    if (!c) return '';
    switch (c.type) {
      case 'category':
        return c.codes[i] >= 0 ? c.dict[c.codes[i]] : '';
      case 'string':
        return c.values[i] ?? '';
      case 'number':
        return Number.isFinite(c.values[i]) ? String(c.values[i]) : '';
      case 'boolean':
        return c.values[i] === 255 ? '' : c.values[i] === 1 ? 'true' : 'false';
    }
  };
  return {
    present: !!c,
    text: textOf,
    num(i) {
      if (c?.type === 'number') return c.values[i];
      const s = textOf(i).trim();
      return s === '' ? NaN : Number(s);
    },
    bool(i) {
      if (c?.type === 'boolean') return c.values[i] === 255 ? null : c.values[i] === 1;
      const s = textOf(i).trim().toLowerCase();
      return TRUE.has(s) ? true : FALSE.has(s) ? false : null;
    },
  };
}
