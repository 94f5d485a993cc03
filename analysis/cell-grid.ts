import type { FeatureCollection, Geometry, Position } from 'geojson';
import { metresPerDegree, type LocalProjection } from './geo.ts';
import { userError } from './user-error.ts';

/**
 * A regular grid of square cells in a local metric projection. Cell (c, r) spans
 * x ∈ [originX + c·size, originX + (c+1)·size], y likewise with r growing northwards; its index is
 * r·cols + c.
 */
export interface CellGrid {
  projection: LocalProjection;
  originX: number;
  originY: number;
  cellSizeMeters: number;
  cols: number;
  rows: number;
}

/** Area of one cell in km², in the grid's plane (true at the plane's own latitude). */
export function cellAreaKm2(grid: CellGrid): number {
  return (grid.cellSizeMeters * grid.cellSizeMeters) / 1e6;
}

/**
 * The ellipsoidal area (km²) of a cell in each row of the grid: a cell spans the same degrees in
 * every row, so on the ground it is s² × (mx(φ)/mx₀) × (my(φ)/my₀) at its row's latitude φ
 * (metres per degree, {@link metresPerDegree}) — the plane's s² is true only at its own latitude
 * (the demo county spans 38.47–38.84° N: at its north and south edges s² is 0.25 % off). What
 * PostGIS `ST_Area(geography)` gives for the cell's outline, to about 1e-7.
 * @example cellRowAreasKm2(grid)[0] // ≈ 0.01 for 100 m cells
 */
export function cellRowAreasKm2(grid: CellGrid): Float64Array {
  const { projection: p, originY, cellSizeMeters: s, rows } = grid;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const { mx, my } = metresPerDegree(p.lat(originY + (r + 0.5) * s));
    out[r] = ((s * s) / 1e6) * (mx / p.mx) * (my / p.my);
  }
  return out;
}

/** Σ of the true areas (km², {@link cellRowAreasKm2}) of the cells where `mask` is set (non-zero). */
export function maskAreaKm2(grid: CellGrid, rowKm2: Float64Array, mask: ArrayLike<number>): number {
  let km2 = 0;
  for (let r = 0, i = 0; r < grid.rows; r++) {
    let n = 0;
    for (let c = 0; c < grid.cols; c++, i++) if (mask[i]) n++;
    km2 += n * rowKm2[r];
  }
  return km2;
}

/**
 * A grid covering a lon/lat extent, padded by `padMeters`.
 * @param extent - [minLon, minLat, maxLon, maxLat]
 */
export function makeCellGrid(projection: LocalProjection, extent: [number, number, number, number], cellSizeMeters: number, padMeters = 0): CellGrid {
  if (!(cellSizeMeters > 0)) throw new Error('cellSizeMeters must be positive');
  const [w, s, e, n] = extent;
  if (!(e >= w && n >= s)) throw new Error('grid extent is empty');
  const x0 = projection.x(w) - padMeters, y0 = projection.y(s) - padMeters;
  const x1 = projection.x(e) + padMeters, y1 = projection.y(n) + padMeters;
  const cols = Math.max(1, Math.ceil((x1 - x0) / cellSizeMeters));
  const rows = Math.max(1, Math.ceil((y1 - y0) / cellSizeMeters));
  if (cols * rows > 50_000_000) {
    throw userError({
      zh: `分析栅格为 ${cols}×${rows} 个单元，过大（上限 5000 万）；请加大栅格边长（当前 ${cellSizeMeters} m）。`,
      en: `An analysis grid of ${cols}×${rows} cells is too large (at most 50 million); use a larger cell size (now ${cellSizeMeters} m).`,
    });
  }
  return { projection, originX: x0, originY: y0, cellSizeMeters, cols, rows };
}

/** Cell centres as lon/lat columns. */
export function cellCentres(grid: CellGrid): { lon: Float64Array; lat: Float64Array } {
  const n = grid.cols * grid.rows;
  const lon = new Float64Array(n), lat = new Float64Array(n);
  const { projection: p, originX, originY, cellSizeMeters: s, cols } = grid;
  for (let r = 0; r < grid.rows; r++) {
    const la = p.lat(originY + (r + 0.5) * s);
    for (let c = 0; c < cols; c++) {
      lon[r * cols + c] = p.lon(originX + (c + 0.5) * s);
      lat[r * cols + c] = la;
    }
  }
  return { lon, lat };
}

function polygonsOf(g: Geometry | null): Position[][][] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(polygonsOf);
  return [];
}

/**
 * Mark the cells whose centre lies inside any polygon of a layer (scanline, even–odd per polygon
 * so holes are respected). Writes `value` (or `value(featureIndex)`) into `out` (a new Uint8Array
 * by default); later features overwrite earlier ones.
 */
export function rasterizePolygons<A extends Uint8Array | Int32Array = Uint8Array>(grid: CellGrid, layer: FeatureCollection<Geometry | null>, out?: A, value: number | ((featureIndex: number) => number) = 1): A {
  const { projection: p, originX, originY, cellSizeMeters: s, cols, rows } = grid;
  const mask = (out ?? new Uint8Array(cols * rows)) as A;
  const xs: number[] = [];
  layer.features.forEach((f, fi) => {
    const v = typeof value === 'function' ? value(fi) : value;
    for (const poly of polygonsOf(f.geometry)) {
      const rings = poly.map((ring) => {
        const r = new Float64Array(ring.length * 2);
        ring.forEach((c, i) => {
          r[2 * i] = p.x(c[0]);
          r[2 * i + 1] = p.y(c[1]);
        });
        return r;
      });
      let minY = Infinity, maxY = -Infinity;
      for (const r of rings) for (let i = 1; i < r.length; i += 2) {
        if (r[i] < minY) minY = r[i];
        if (r[i] > maxY) maxY = r[i];
      }
      const r0 = Math.max(0, Math.ceil((minY - originY) / s - 0.5));
      const r1 = Math.min(rows - 1, Math.floor((maxY - originY) / s - 0.5));
      for (let row = r0; row <= r1; row++) {
        const y = originY + (row + 0.5) * s;
        xs.length = 0;
        for (const r of rings) {
          const m = r.length / 2;
          for (let i = 0, j = m - 1; i < m; j = i++) {
            const yi = r[2 * i + 1], yj = r[2 * j + 1];
            if (yi > y !== yj > y) xs.push(r[2 * i] + ((y - yi) * (r[2 * j] - r[2 * i])) / (yj - yi));
          }
        }
        xs.sort((a, b) => a - b);
        for (let k = 0; k + 1 < xs.length; k += 2) {
          const c0 = Math.max(0, Math.ceil((xs[k] - originX) / s - 0.5));
          const c1 = Math.min(cols - 1, Math.ceil((xs[k + 1] - originX) / s - 0.5) - 1);
          for (let c = c0; c <= c1; c++) mask[row * cols + c] = v;
        }
      }
    }
  });
  return mask;
}
