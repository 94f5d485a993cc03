import { toCsv, type CsvValue } from '../../analysis/csv-export.ts';
import type { Column, LayerData, LayerDefinition } from '../types.ts';

function cell(col: Column, i: number): string | number | boolean | null {
  switch (col.type) {
    case 'number':
      return Number.isNaN(col.values[i]) ? null : col.values[i];
    case 'boolean':
      return col.values[i] === 255 ? null : col.values[i] === 1;
    case 'category':
      return col.codes[i] < 0 ? null : (col.dict[col.codes[i]] ?? null);
    case 'string':
      return col.values[i] ?? null;
  }
}

/**
 * A loaded layer written back as the data contract's file content: GeoJSON (features with their
 * properties; a value the user wrote in Chinese — kept under `__orig` — is written as written, so
 * loading the file again gives the same codes and the same text) or, for a columnar layer, CSV
 * with `lon`, `lat`, the id and every column. `__invalid` marks are left out (the loader finds
 * them again).
 * @returns the file name (e.g. `hydrants.geojson`) and its text
 */
export function layerDocument(def: LayerDefinition, data: LayerData): { name: string; text: string } {
  if (data.kind === 'columns') {
    const names = Object.keys(data.columns);
    const header = ['lon', 'lat', def.idField ?? 'id', ...names];
    const cols = names.map((n) => data.columns[n]);
    const d = data;
    function* rows(): Generator<CsvValue[]> {
      for (let i = 0; i < d.count; i++) {
        const lon = d.lon[i];
        yield [Number.isNaN(lon) ? null : lon, Number.isNaN(d.lat[i]) ? null : d.lat[i], d.ids[i], ...cols.map((c) => cell(c, i))];
      }
    }
    return { name: `${def.file}.csv`, text: toCsv(header, rows(), { bom: false, newline: '\n' }) };
  }
  const features = data.data.features.map((f) => {
    const { __orig, __invalid, ...rest } = (f.properties ?? {}) as Record<string, unknown> & { __orig?: Record<string, string> };
    void __invalid;
    const props: Record<string, unknown> = { ...rest };
    if (__orig) for (const [k, v] of Object.entries(__orig)) props[k] = v;
    return { type: 'Feature', properties: props, geometry: f.geometry };
  });
  return { name: `${def.file}.geojson`, text: JSON.stringify({ type: 'FeatureCollection', features }) };
}
