import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ColumnLayerData } from '../../layers/types';
import { columnValue } from './columns-to-geojson';

/** Property holding the number of rows in an aggregated cell. */
export const COUNT_PROPERTY = '__count';

/**
 * Aggregates a large point layer into a square grid (cells of `cellDeg` degrees) for drawing at
 * low zoom: one point per non-empty cell at the mean position of its rows, with the row count in
 * `__count`, and for every named column the most common value in the cell (numbers: the mean).
 * Ties go to the value seen first. Rows without finite coordinates are skipped. Linear in rows.
 * @param layer - the columnar layer (not modified)
 * @param properties - columns to summarise (those the style reads)
 * @param cellDeg - cell edge in degrees of longitude and latitude, > 0
 * @param tallies - when given, receives for every summarised text/enum/boolean column the count of
 *   each value per cell (indexed like the returned features), for a cell's popup
 * @example
 * aggregatePoints(households, ['heating'], 0.004) // ≈ 350 m × 450 m cells at 38° N
 */
export function aggregatePoints(
  layer: ColumnLayerData,
  properties: readonly string[],
  cellDeg: number,
  tallies?: Map<string, Map<string | boolean, number>[]>,
): FeatureCollection<Point> {
  if (!layer || layer.kind !== 'columns') throw new Error('aggregatePoints: a columnar layer is required');
  if (!(cellDeg > 0) || !Number.isFinite(cellDeg)) throw new Error('aggregatePoints: cellDeg must be a positive number');
  const cols = properties.filter((p) => layer.columns[p]).map((p) => [p, layer.columns[p]] as const);
  const cellOf = new Map<number, number>();
  const sumLon: number[] = [];
  const sumLat: number[] = [];
  const count: number[] = [];
  const rowCell = new Int32Array(layer.count).fill(-1);
  for (let i = 0; i < layer.count; i++) {
    const lon = layer.lon[i];
    const lat = layer.lat[i];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const key = Math.floor((lon + 180) / cellDeg) * 1e6 + Math.floor((lat + 90) / cellDeg);
    let c = cellOf.get(key);
    if (c === undefined) {
      c = count.length;
      cellOf.set(key, c);
      sumLon.push(0);
      sumLat.push(0);
      count.push(0);
    }
    rowCell[i] = c;
    sumLon[c] += lon;
    sumLat[c] += lat;
    count[c]++;
  }
  const n = count.length;
  const props: Record<string, string | number | boolean | null>[] = Array.from({ length: n }, (_, c) => ({ [COUNT_PROPERTY]: count[c] }));
  for (const [name, col] of cols) {
    if (col.type === 'number') {
      const sum = new Float64Array(n);
      const k = new Int32Array(n);
      for (let i = 0; i < layer.count; i++) {
        const c = rowCell[i];
        const v = col.values[i];
        if (c < 0 || Number.isNaN(v)) continue;
        sum[c] += v;
        k[c]++;
      }
      for (let c = 0; c < n; c++) props[c][name] = k[c] ? sum[c] / k[c] : null;
      continue;
    }
    // mode per cell: counts per (cell, value)
    const cellTallies: Map<string | boolean, number>[] = Array.from({ length: n }, () => new Map());
    for (let i = 0; i < layer.count; i++) {
      const c = rowCell[i];
      if (c < 0) continue;
      const v = columnValue(col, i);
      if (v === null || typeof v === 'number') continue;
      const t = cellTallies[c];
      t.set(v, (t.get(v) ?? 0) + 1);
    }
    for (let c = 0; c < n; c++) {
      let best: string | boolean | null = null;
      let bestN = 0;
      for (const [v, m] of cellTallies[c]) {
        if (m > bestN) {
          best = v;
          bestN = m;
        }
      }
      props[c][name] = best;
    }
    tallies?.set(name, cellTallies);
  }
  const features: Feature<Point>[] = [];
  for (let c = 0; c < n; c++) {
    features.push({ type: 'Feature', id: c, properties: props[c], geometry: { type: 'Point', coordinates: [sumLon[c] / count[c], sumLat[c] / count[c]] } });
  }
  return { type: 'FeatureCollection', features };
}
