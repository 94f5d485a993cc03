import { describe, expect, test } from 'vitest';
import area from '@turf/area';
import booleanClockwise from '@turf/boolean-clockwise';
import { LocalProjection } from '../../analysis/geo.ts';
import type { CellGrid } from '../../analysis/cell-grid.ts';
import { cellsToMultiPolygon } from '../../analysis/isochrones.ts';
import { LAT0, LON0 } from './fire-coverage-fixtures.ts';

function createGrid(cols: number, rows: number): CellGrid {
  return { projection: new LocalProjection(LON0, LAT0), originX: 0, originY: 0, cellSizeMeters: 100, cols, rows };
}

/** Mask from rows of '#' (selected) and '.', top row first. */
function mask(picture: string[]): Uint8Array {
  const rows = picture.length, cols = picture[0].length;
  const m = new Uint8Array(rows * cols);
  picture.forEach((line, k) => {
    const r = rows - 1 - k;
    for (let c = 0; c < cols; c++) m[r * cols + c] = line[c] === '#' ? 1 : 0;
  });
  return m;
}

describe('cellsToMultiPolygon', () => {
  test('one cell → one square of 0.01 km²', () => {
    const g = cellsToMultiPolygon(createGrid(3, 3), mask(['...', '.#.', '...']));
    expect(g.coordinates).toHaveLength(1);
    expect(g.coordinates[0]).toHaveLength(1);
    expect(g.coordinates[0][0]).toHaveLength(5); // 4 corners + closing
    // 100 m × 100 m = 0.01 km²
    expect(area({ type: 'Feature', properties: {}, geometry: g }) / 1e6).toBeCloseTo(0.01, 4);
  });

  test('an L of three cells → one ring of 6 corners (collinear corners dropped)', () => {
    const g = cellsToMultiPolygon(createGrid(2, 2), mask(['#.', '##']));
    expect(g.coordinates).toHaveLength(1);
    expect(g.coordinates[0][0]).toHaveLength(7);
    expect(area({ type: 'Feature', properties: {}, geometry: g }) / 1e6).toBeCloseTo(0.03, 4);
  });

  test('a 3×3 block with its centre missing → an outer ring (counter-clockwise) and a hole (clockwise)', () => {
    const g = cellsToMultiPolygon(createGrid(3, 3), mask(['###', '#.#', '###']));
    expect(g.coordinates).toHaveLength(1);
    const [outer, hole] = g.coordinates[0];
    expect(g.coordinates[0]).toHaveLength(2);
    expect(outer).toHaveLength(5);
    expect(hole).toHaveLength(5);
    expect(booleanClockwise(outer)).toBe(false);
    expect(booleanClockwise(hole)).toBe(true);
    // 9 − 1 = 8 cells = 0.08 km²
    expect(area({ type: 'Feature', properties: {}, geometry: g }) / 1e6).toBeCloseTo(0.08, 3);
  });

  test('cells touching only at a corner stay two polygons', () => {
    const g = cellsToMultiPolygon(createGrid(2, 2), mask(['#.', '.#']));
    expect(g.coordinates).toHaveLength(2);
    for (const p of g.coordinates) expect(p[0]).toHaveLength(5);
  });

  test('a ring of cells whose inside touches it at a saddle keeps its area', () => {
    // two holes touching each other at a corner (a saddle); turf area is spherical, so ±0.1 %
    const g = cellsToMultiPolygon(createGrid(4, 4), mask(['####', '#.##', '##.#', '####']));
    const total = area({ type: 'Feature', properties: {}, geometry: g }) / 1e6;
    expect(total).toBeCloseTo(0.14, 3); // 16 − 2 = 14 cells
  });

  test('nothing selected → empty, wrong length → error', () => {
    expect(cellsToMultiPolygon(createGrid(2, 2), new Uint8Array(4)).coordinates).toEqual([]);
    expect(() => cellsToMultiPolygon(createGrid(2, 2), new Uint8Array(3))).toThrow(/one entry per cell/);
  });
});
