import Flatbush from 'flatbush';
import type { FeatureCollection, Geometry, GeoJsonProperties, Position } from 'geojson';
import { encodeLineTile, type TileLine, type TileValue } from './mvt';
import type { LayerData, LayerDefinition, MinZoomBy } from '../../../layers/types';

/**
 * A big GeoJSON line layer (the demo's 41,217 road segments) cut into vector tiles on request,
 * in a worker (src/workers/line-tiles.worker.ts) instead of MapLibre's own: its GeoJSON source
 * copies every feature into its one worker, builds a geojson-vt index and cuts every zoom from 0
 * down to the first tile (≈ 1.9 s of that worker in a row for the demo's roads); here the lines
 * arrive as a few typed arrays (moved, not copied), a flat R-tree finds a tile's lines, and only
 * the tiles MapLibre asks for are cut, clipped, simplified and encoded (MVT).
 */

/** The lines of a layer as flat typed arrays (moved to the tile worker), from {@link flattenLines}. */
export interface FlatLines {
  /** lon, lat of every vertex, part after part. */
  coords: Float64Array;
  /** First vertex of each part; one more entry than parts (the end). */
  partStart: Uint32Array;
  /** First part of each feature; one more entry than features. */
  featurePart: Uint32Array;
  /** Each feature's id on the map: its index in the layer. */
  ids: Uint32Array;
  /** The properties the map reads: per name, the distinct values and each feature's (-1: none). */
  props: { name: string; values: TileValue[]; index: Int32Array }[];
}

/**
 * The line features of a layer (LineString and MultiLineString; others and empty geometries are
 * left out) as {@link FlatLines}, each with its index in the layer as id and only `fields` of its
 * properties (the ones the map's style reads, like {@link ../display-features.ts}).
 * @example
 * flattenLines({ type: 'FeatureCollection', features: [roadA, null-geometry feature, roadB] }, ['class']).ids // Uint32Array [0, 2]
 */
export function flattenLines(data: FeatureCollection<Geometry | null, GeoJsonProperties>, fields: readonly string[]): { lines: FlatLines; transfer: ArrayBuffer[] } {
  const src = data.features;
  const none: Position[][] = [];
  const partsOf = (g: Geometry | null): Position[][] => (g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : none);
  let nf = 0;
  let np = 0;
  let nv = 0;
  for (const f of src) {
    let has = false;
    for (const p of partsOf(f.geometry)) {
      if (p.length < 2) continue;
      np++;
      nv += p.length;
      has = true;
    }
    if (has) nf++;
  }
  const coords = new Float64Array(nv * 2);
  const partStart = new Uint32Array(np + 1);
  const featurePart = new Uint32Array(nf + 1);
  const ids = new Uint32Array(nf);
  // Map keys compare by type and value: the number 1 and the string '1' stay apart
  const props = fields.map((name) => ({ name, values: [] as TileValue[], index: new Int32Array(nf).fill(-1), seen: new Map<TileValue, number>() }));
  let fi = 0;
  let pi = 0;
  let vi = 0;
  for (let i = 0; i < src.length; i++) {
    const f = src[i];
    const parts = partsOf(f.geometry);
    let has = false;
    for (const p of parts) {
      if (p.length < 2) continue;
      if (!has) featurePart[fi] = pi;
      has = true;
      partStart[pi++] = vi;
      for (const c of p) {
        coords[2 * vi] = c[0];
        coords[2 * vi + 1] = c[1];
        vi++;
      }
    }
    if (!has) continue;
    ids[fi] = i;
    const all = f.properties ?? {};
    for (const pr of props) {
      const v = all[pr.name];
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
      let k = pr.seen.get(v);
      if (k === undefined) {
        pr.seen.set(v, (k = pr.values.length));
        pr.values.push(v);
      }
      pr.index[fi] = k;
    }
    fi++;
  }
  partStart[np] = vi;
  featurePart[nf] = np;
  const lines: FlatLines = { coords, partStart, featurePart, ids, props: props.map(({ name, values, index }) => ({ name, values, index })) };
  return { lines, transfer: [coords.buffer, partStart.buffer, featurePart.buffer, ids.buffer, ...props.map((p) => p.index.buffer)] };
}

/** How tiles are cut: the same choices as MapLibre's GeoJSON source of the map's data layers. */
export interface LineTileOptions {
  /** Tile coordinates per tile edge (MVT extent). */
  extent: number;
  /** Lines are kept this far outside the tile (tile units), so joins and labels do not break at its edge. */
  buffer: number;
  /** Vertices closer than this to the simplified line are dropped, and parts shorter than it (tile units); none from `maxZoom` on. */
  tolerance: number;
  /** The deepest zoom tiles are cut for (deeper ones are MapLibre's overzoom of it). */
  maxZoom: number;
  /** Name of the tiles' one layer (`source-layer` of the style layers). */
  layerName: string;
  /**
   * The layer's generalisation: a feature whose field has a value listed is left out of the tiles
   * below its zoom, as the style's filter would hide it there (src/map/build-layers.ts
   * `minZoomFilter`), so neither this worker nor MapLibre's spends anything on it. The field must be
   * one of the lines' properties.
   */
  minZoomBy?: MinZoomBy;
}

/**
 * A GeoJSON line layer with at least this many features is drawn from vector tiles cut in the
 * line-tile worker (a `vector` source read through {@link LINE_TILES_PROTOCOL}) instead of a
 * GeoJSON source: the demo's roads (41,217 segments) are. Smaller line layers (fire lanes,
 * barriers, a township's own few roads) stay GeoJSON sources.
 */
export const TILED_LINES_MIN = 5000;

/**
 * True when a layer is drawn from line tiles ({@link TILED_LINES_MIN}): the one test the map and
 * the project's load worker (which cuts them ahead, src/workers/tasks/load-project.ts) both use.
 */
export function isTiledLineLayer(def: Pick<LayerDefinition, 'geometry'>, layer: LayerData | undefined): layer is Extract<LayerData, { kind: 'geojson' }> {
  return layer?.kind === 'geojson' && def.geometry === 'LineString' && layer.data.features.length >= TILED_LINES_MIN;
}

/** URL scheme of the line tiles: `coveragelines://<channel>/<key>/{z}/{x}/{y}` (the page's channel, src/map/line-tiles/tile-worker.ts). */
export const LINE_TILES_PROTOCOL = 'coveragelines';

/**
 * The tiles' cut, as MapLibre's GeoJSON source cuts the other data layers (map-controller.ts:
 * `buffer: 32`, `tolerance: 0.4`, `maxzoom: 16`, on 512-pixel tiles), in its units (8192 per
 * tile), so the lines land on the same pixels.
 */
export const LINE_TILE_OPTIONS: LineTileOptions = { extent: 8192, buffer: (32 * 8192) / 512, tolerance: (0.4 * 8192) / 512, maxZoom: 16, layerName: 'lines' };

/** The cut of a layer's line tiles: {@link LINE_TILE_OPTIONS} with the layer's generalisation (`minZoomBy`). */
export function lineTileOptions(def: Pick<LayerDefinition, 'minZoomBy'>): LineTileOptions {
  return def.minZoomBy ? { ...LINE_TILE_OPTIONS, minZoomBy: def.minZoomBy } : LINE_TILE_OPTIONS;
}

/**
 * Each feature's first zoom under `rule` (0: every zoom), or null when the rule leaves every feature
 * at every zoom (no rule, or its field not among the lines' properties).
 * @example
 * featureMinZooms({ …, props: [{ name: 'class', values: ['trunk', 'track'], index: Int32Array.of(0, 1, -1) }] }, { field: 'class', zooms: { track: 12 } }) // Uint8Array [0, 12, 0]
 */
export function featureMinZooms(lines: Pick<FlatLines, 'ids' | 'props'>, rule: MinZoomBy | undefined): Uint8Array | null {
  const pr = rule && lines.props.find((p) => p.name === rule.field);
  if (!rule || !pr) return null;
  const byValue = pr.values.map((v) => (typeof v === 'string' && Object.hasOwn(rule.zooms, v) ? rule.zooms[v] : 0));
  if (!byValue.some((z) => z > 0)) return null;
  const out = new Uint8Array(lines.ids.length);
  for (let f = 0; f < out.length; f++) {
    const i = pr.index[f];
    if (i >= 0) out[f] = Math.max(0, Math.min(255, Math.ceil(byValue[i])));
  }
  return out;
}

const MAX_LAT = 85.0511287798066;

/** Web Mercator x in [0, 1] of a longitude. */
const mercX = (lon: number) => lon / 360 + 0.5;
/** Web Mercator y in [0, 1] (north at 0) of a latitude. */
function mercY(lat: number): number {
  const l = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const s = Math.sin((l * Math.PI) / 180);
  return 0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI;
}

/**
 * The tiles MapLibre asks for to show bounds `[west, south, east, north]` at `zoom` (512-pixel
 * tiles: zoom level floor(zoom), at most `maxZoom`), at most `limit` of them (none when more).
 * @example
 * viewTiles([-10, -10, 10, 10], 1.5, 16) // [[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]]
 */
export function viewTiles(bounds: [number, number, number, number], zoom: number, maxZoom: number, limit = 16): [number, number, number][] {
  const z = Math.max(0, Math.min(maxZoom, Math.floor(zoom)));
  const n = 2 ** z;
  const tile = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v * n)));
  const [x0, x1, y0, y1] = [tile(mercX(bounds[0])), tile(mercX(bounds[2])), tile(mercY(bounds[3])), tile(mercY(bounds[1]))];
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > limit) return [];
  const out: [number, number, number][] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push([z, x, y]);
  return out;
}

/** Douglas–Peucker on `pts` [x0, y0, …] (float tile units) keeping vertices farther than √sqTol; returns the kept ones. */
function simplify(pts: number[], sqTol: number): number[] {
  const n = pts.length / 2;
  if (n <= 2 || sqTol <= 0) return pts;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack = [0, n - 1];
  while (stack.length) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    const ax = pts[2 * first];
    const ay = pts[2 * first + 1];
    const dx = pts[2 * last] - ax;
    const dy = pts[2 * last + 1] - ay;
    const len2 = dx * dx + dy * dy;
    let maxD = sqTol;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      let px = pts[2 * i] - ax;
      let py = pts[2 * i + 1] - ay;
      if (len2 > 0) {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        px -= t * dx;
        py -= t * dy;
      }
      const d = px * px + py * py;
      if (d > maxD) {
        maxD = d;
        index = i;
      }
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push(first, index, index, last);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(pts[2 * i], pts[2 * i + 1]);
  return out;
}

/**
 * Clips a polyline (float tile units) to the square [lo, hi]²: the pieces inside, each as
 * [x0, y0, x1, y1, …] (Liang–Barsky per segment; a piece ends where the line leaves the square).
 * @example
 * clipLine([-10, 2, 10, 2], 0, 4) // [[0, 2, 4, 2]]
 */
export function clipLine(pts: ArrayLike<number>, lo: number, hi: number): number[][] {
  const out: number[][] = [];
  let cur: number[] | null = null;
  for (let i = 0; i + 3 < pts.length; i += 2) {
    const x0 = pts[i];
    const y0 = pts[i + 1];
    const dx = pts[i + 2] - x0;
    const dy = pts[i + 3] - y0;
    const t = clipT(x0, y0, dx, dy, lo, hi);
    if (t === null) {
      cur = null;
      continue;
    }
    const [t0, t1] = t;
    if (!cur || t0 > 0) {
      cur = [x0 + t0 * dx, y0 + t0 * dy];
      out.push(cur);
    }
    cur.push(x0 + t1 * dx, y0 + t1 * dy);
    if (t1 < 1) cur = null;
  }
  return out;
}

const tPair: [number, number] = [0, 1];
/** The part [t0, t1] of segment (x0, y0) + t·(dx, dy) inside [lo, hi]², or null (Liang–Barsky). The pair is reused. */
function clipT(x0: number, y0: number, dx: number, dy: number, lo: number, hi: number): [number, number] | null {
  let t0 = 0;
  let t1 = 1;
  for (let side = 0; side < 4; side++) {
    const p = side === 0 ? -dx : side === 1 ? dx : side === 2 ? -dy : dy;
    const q = side === 0 ? x0 - lo : side === 1 ? hi - x0 : side === 2 ? y0 - lo : hi - y0;
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return null;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return null;
      if (r < t1) t1 = r;
    }
  }
  tPair[0] = t0;
  tPair[1] = t1;
  return tPair;
}

/**
 * The tiles of one line layer: built once from {@link FlatLines}, then {@link LineTileIndex.tile}
 * cuts any tile on request (the last ones kept, up to `cacheBytes`).
 */
export class LineTileIndex {
  private readonly merc: Float64Array;
  private readonly tree: Flatbush | null;
  /** Each feature's first zoom ({@link LineTileOptions.minZoomBy}), or null: every feature at every zoom. */
  private readonly minZoom: Uint8Array | null;
  private readonly cache = new Map<string, Uint8Array>();
  private cached = 0;

  constructor(
    private readonly lines: FlatLines,
    private readonly opts: LineTileOptions,
    private readonly cacheBytes = 32 * 1024 * 1024,
  ) {
    const c = lines.coords;
    const merc = new Float64Array(c.length);
    for (let i = 0; i < c.length; i += 2) {
      merc[i] = mercX(c[i]);
      merc[i + 1] = mercY(c[i + 1]);
    }
    this.merc = merc;
    this.minZoom = featureMinZooms(lines, opts.minZoomBy);
    const nf = lines.ids.length;
    if (nf === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(nf);
    for (let f = 0; f < nf; f++) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let v = lines.partStart[lines.featurePart[f]]; v < lines.partStart[lines.featurePart[f + 1]]; v++) {
        const x = merc[2 * v];
        const y = merc[2 * v + 1];
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      tree.add(minX, minY, maxX, maxY);
    }
    tree.finish();
    this.tree = tree;
  }

  /** Number of features. */
  get size(): number {
    return this.lines.ids.length;
  }

  /** The MVT bytes of tile z/x/y (empty when no line comes within its buffer). */
  tile(z: number, x: number, y: number): Uint8Array {
    const key = `${z}/${x}/${y}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const bytes = this.cut(z, x, y);
    this.cache.set(key, bytes);
    this.cached += bytes.length;
    for (const [k, b] of this.cache) {
      if (this.cached <= this.cacheBytes || k === key) break;
      this.cache.delete(k);
      this.cached -= b.length;
    }
    return bytes;
  }

  private cut(z: number, x: number, y: number): Uint8Array {
    const { extent, buffer, maxZoom, layerName } = this.opts;
    if (!this.tree) return new Uint8Array(0);
    const n = 2 ** z;
    const pad = buffer / extent;
    const found = this.tree.search((x - pad) / n, (y - pad) / n, (x + 1 + pad) / n, (y + 1 + pad) / n);
    // in the layer's order, as MapLibre's GeoJSON source draws them
    const order = Uint32Array.from(found).sort();
    const tol = z >= maxZoom ? 0 : this.opts.tolerance;
    const k = extent * n;
    const lines = this.lines;
    const features: TileLine[] = [];
    const minZoom = this.minZoom;
    // the tile's key and value tables: only what its features use, each once
    const keys: string[] = [];
    const values: TileValue[] = [];
    const keyOf = new Int32Array(lines.props.length).fill(-1);
    const valueOf = lines.props.map((pr) => new Int32Array(pr.values.length).fill(-1));
    for (const f of order) {
      // generalised away at this zoom (a village road in the county-wide view)
      if (minZoom && minZoom[f] > z) continue;
      const parts: Int32Array[] = [];
      for (let p = lines.featurePart[f]; p < lines.featurePart[f + 1]; p++) {
        const pts: number[] = [];
        let length = 0;
        let inside = true;
        for (let v = lines.partStart[p]; v < lines.partStart[p + 1]; v++) {
          const tx = this.merc[2 * v] * k - x * extent;
          const ty = this.merc[2 * v + 1] * k - y * extent;
          if (pts.length) {
            const dx = tx - pts[pts.length - 2];
            const dy = ty - pts[pts.length - 1];
            length += Math.sqrt(dx * dx + dy * dy);
          }
          if (tx < -buffer || tx > extent + buffer || ty < -buffer || ty > extent + buffer) inside = false;
          pts.push(tx, ty);
        }
        // a part shorter than the tolerance would be a dot at this zoom
        if (tol > 0 && length < tol) continue;
        for (const piece of inside ? [pts] : clipLine(pts, -buffer, extent + buffer)) {
          const kept = simplify(piece, tol * tol);
          const out: number[] = [];
          for (let i = 0; i < kept.length; i += 2) {
            const ix = Math.round(kept[i]);
            const iy = Math.round(kept[i + 1]);
            if (out.length && out[out.length - 2] === ix && out[out.length - 1] === iy) continue;
            out.push(ix, iy);
          }
          if (out.length >= 4) parts.push(Int32Array.from(out));
        }
      }
      if (parts.length === 0) continue;
      const tags: number[] = [];
      for (let pi = 0; pi < lines.props.length; pi++) {
        const pr = lines.props[pi];
        const i = pr.index[f];
        if (i < 0) continue;
        if (keyOf[pi] < 0) keyOf[pi] = keys.push(pr.name) - 1;
        if (valueOf[pi][i] < 0) valueOf[pi][i] = values.push(pr.values[i]) - 1;
        tags.push(keyOf[pi], valueOf[pi][i]);
      }
      features.push({ id: lines.ids[f], parts, tags });
    }
    return features.length ? encodeLineTile({ name: layerName, extent, keys, values }, features) : new Uint8Array(0);
  }
}
