import { describe, expect, test } from 'vitest';
import type { Feature } from 'geojson';
import { COUNT_PROPERTY } from '../../src/map/aggregate-points';
import { LAZY_RESULT_POINTS, lazyPointIndexes, lazyResultData } from '../../src/map/lazy-result';

const cell = (lon: number, lat: number, n: number): Feature => ({ type: 'Feature', properties: { [COUNT_PROPERTY]: n }, geometry: { type: 'Point', coordinates: [lon, lat] } });
const point = (lon: number, lat: number, id: string): Feature => ({ type: 'Feature', properties: { id }, geometry: { type: 'Point', coordinates: [lon, lat] } });

/** Two aggregate cells, then `n` points on a line from (114, 38) east by 0.001° each. */
function layer(n: number) {
  const features = [cell(114.002, 38, 3), cell(114.5, 38, 1)];
  for (let i = 0; i < n; i++) features.push(point(114 + i * 0.001, 38, `h${i}`));
  return { type: 'FeatureCollection' as const, features };
}

describe('large aggregated result layers are fed to the map per view', () => {
  test('only a layer with aggregate cells and at least LAZY_RESULT_POINTS points is lazy', () => {
    expect(lazyPointIndexes(layer(LAZY_RESULT_POINTS - 1))).toBeNull();
    const idx = lazyPointIndexes(layer(LAZY_RESULT_POINTS))!;
    expect(idx.length).toBe(LAZY_RESULT_POINTS);
    expect(idx[0]).toBe(2); // after the two cells
    // points without cells are drawn at every zoom: never lazy
    const noCells = layer(LAZY_RESULT_POINTS);
    noCells.features.splice(0, 2);
    expect(lazyPointIndexes(noCells)).toBeNull();
  });

  test('the source holds every cell, and the points inside the area with their index in the result as id', () => {
    const data = layer(LAZY_RESULT_POINTS);
    const idx = lazyPointIndexes(data)!;
    expect(lazyResultData(data, idx, null).features.map((f) => f.id)).toEqual([0, 1]);
    // 114.0025 … 114.0045 takes points 3 and 4 (114.003, 114.004); edges are included
    const out = lazyResultData(data, idx, [114.0025, 37.9, 114.004, 38.1]);
    expect(out.features.map((f) => f.id)).toEqual([0, 1, 5, 6]);
    expect(out.features[2].properties).toEqual({ id: 'h3' });
    expect(out.features[3].properties).toEqual({ id: 'h4' });
  });
});
