import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
// MapLibre's own dependencies (not the app's): the reference decoder of the tiles the app encodes
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { clipLine, featureMinZooms, flattenLines, LINE_TILE_OPTIONS, LineTileIndex, viewTiles, type LineTileOptions } from '../../src/map/line-tiles/line-index';
import { encodeLineTile } from '../../src/map/line-tiles/mvt';

const line = (coords: number[][], properties: Record<string, unknown> = {}): Feature<Geometry> => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates: coords } });
const fc = (...features: Feature<Geometry | null>[]): FeatureCollection<Geometry | null> => ({ type: 'FeatureCollection', features });

/** The decoded features of a tile's `lines` layer: id, properties, geometry as [x, y] per part. */
function decode(bytes: Uint8Array): { id: number | undefined; type: number; properties: Record<string, unknown>; parts: number[][][] }[] {
  const layer = new VectorTile(new PbfReader(bytes)).layers.lines;
  if (!layer) return [];
  const out = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    out.push({ id: f.id, type: f.type, properties: f.properties, parts: f.loadGeometry().map((part) => part.map((p) => [p.x, p.y])) });
  }
  return out;
}

/** The app's cut (LINE_TILE_OPTIONS) at half its extent, for round figures: 4096 units per tile, buffer 256, tolerance 3.2. */
const OPTS: LineTileOptions = { ...LINE_TILE_OPTIONS, extent: 4096, buffer: 256, tolerance: 3.2 };
const index = (data: FeatureCollection<Geometry | null>, fields: string[], opts: Partial<LineTileOptions> = {}) => new LineTileIndex(flattenLines(data, fields).lines, { ...OPTS, ...opts });

// Hand-checked positions, extent 4096 per tile, buffer 256: at zoom 1 the world is 8192 units wide;
// lon −90 → x 2048, lon 0 → 4096, lon 90 → 6144; lat 45 → y = (0.5 − atanh(sin 45°)/2π) · 8192 = 2946.8.
const Y45 = 2947;

describe('line tiles: MVT encoding', () => {
  test('a feature reads back with its id, properties of each kind, and its parts', () => {
    const bytes = encodeLineTile({ name: 'lines', extent: 4096, keys: ['class', 'speed', 'grade', 'lit', 'w'], values: ['primary', 40, -3, true, 2.5] }, [
      { id: 41216, parts: [Int32Array.of(0, 0, 10, 0, 10, 20), Int32Array.of(-5, -5, 100, 200)], tags: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4] },
      { id: 3, parts: [Int32Array.of(1, 1, 2, 2)], tags: [] },
    ]);
    const layer = new VectorTile(new PbfReader(bytes)).layers.lines;
    expect(layer.version).toBe(2);
    expect(layer.extent).toBe(4096);
    const [a, b] = decode(bytes);
    expect(a).toEqual({ id: 41216, type: 2, properties: { class: 'primary', speed: 40, grade: -3, lit: true, w: 2.5 }, parts: [[[0, 0], [10, 0], [10, 20]], [[-5, -5], [100, 200]]] });
    expect(b).toEqual({ id: 3, type: 2, properties: {}, parts: [[[1, 1], [2, 2]]] });
  });

  test('long messages (a 300-vertex line, a 20,000-character name) get their longer length prefix', () => {
    const pts = Int32Array.from({ length: 600 }, (_, i) => (i % 2 ? 7 * i : i * i));
    const name = '路'.repeat(20_000); // 60,000 bytes of UTF-8
    const [f] = decode(encodeLineTile({ name: 'lines', extent: 4096, keys: ['name'], values: [name] }, [{ id: 1, parts: [pts], tags: [0, 0] }]));
    expect(f.properties.name).toBe(name);
    expect(f.parts[0].length).toBe(300);
    expect(f.parts[0][299]).toEqual([pts[598], pts[599]]);
  });
});

describe('line tiles: cutting', () => {
  test('a segment across a tile edge is clipped at the buffer on each side', () => {
    const idx = index(fc(line([[-90, 45], [90, 45]], { class: 'primary' })), ['class']);
    expect(decode(idx.tile(1, 0, 0))).toEqual([{ id: 0, type: 2, properties: { class: 'primary' }, parts: [[[2048, Y45], [4096 + 256, Y45]]] }]);
    expect(decode(idx.tile(1, 1, 0))[0].parts).toEqual([[[-256, Y45], [2048, Y45]]]);
  });

  test('a vertex on the tile edge: inside the tile on one side, inside the buffer on the other', () => {
    const idx = index(fc(line([[-90, 45], [0, 45]])), []);
    expect(decode(idx.tile(1, 0, 0))[0].parts).toEqual([[[2048, Y45], [4096, Y45]]]);
    expect(decode(idx.tile(1, 1, 0))[0].parts).toEqual([[[-256, Y45], [0, Y45]]]);
  });

  test('a tile with nothing in it (or in its buffer) is empty: no bytes, no layer', () => {
    const idx = index(fc(line([[-90, 45], [90, 45]])), []);
    expect(idx.tile(1, 0, 1).length).toBe(0);
    expect(idx.tile(5, 0, 0).length).toBe(0);
    expect(Object.keys(new VectorTile(new PbfReader(idx.tile(1, 1, 1))).layers)).toEqual([]);
    expect(index(fc(), []).tile(0, 0, 0).length).toBe(0);
  });

  test('a line leaving and re-entering the tile becomes two parts of one feature', () => {
    // zoom 1, tile 0/0: x 1024 → 6144 (out past 4352) → back to 1024, 1024 units lower
    const idx = index(fc(line([[-135, 45], [90, 45], [-135, 45 - 10]])), []);
    const [f] = decode(idx.tile(1, 0, 0));
    expect(f.parts.length).toBe(2);
    expect(f.parts[0]).toEqual([[1024, Y45], [4352, Y45]]);
    expect(f.parts[1][0][0]).toBe(4352);
    expect(f.parts[1][1][0]).toBe(1024);
  });

  test('below maxZoom a bump under the tolerance is straightened and a shorter line left out; at maxZoom both stay', () => {
    // at zoom 0 one unit is 360°/4096 ≈ 0.088° of longitude; near the equator about as much latitude
    const bump = line([[-90, 0], [0, 0.088], [90, 0]], { class: 'trunk' });
    const dot = line([[10, 10], [10.2, 10]]); // 2.3 units long: under the tolerance of 3.2
    const low = decode(index(fc(bump, dot), ['class']).tile(0, 0, 0));
    expect(low.map((f) => f.id)).toEqual([0]);
    expect(low[0].parts).toEqual([[[1024, 2048], [3072, 2048]]]);
    const atMax = decode(index(fc(bump, dot), ['class'], { maxZoom: 0 }).tile(0, 0, 0));
    expect(atMax.map((f) => f.id)).toEqual([0, 1]);
    expect(atMax[0].parts).toEqual([[[1024, 2048], [2048, 2047], [3072, 2048]]]);
  });

  test('ids are the features’ indexes in the layer (geometry-less and non-line features skipped), in layer order, with only the asked fields', () => {
    const data = fc(
      line([[1, 1], [2, 2]], { class: 'primary', name: '南环路', width_m: 30 }),
      { type: 'Feature', properties: { class: 'x' }, geometry: null },
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 1] } },
      { type: 'Feature', properties: { class: 'service', oneway: true }, geometry: { type: 'MultiLineString', coordinates: [[[1, 2], [2, 1]], [[1.5, 1], [1.5, 2]]] } },
      line([[1, 1.5], [2, 1.5]], { name: '北街' }),
    );
    const { lines } = flattenLines(data, ['class', 'name', 'oneway']);
    expect([...lines.ids]).toEqual([0, 3, 4]);
    const fs = decode(new LineTileIndex(lines, { ...OPTS, maxZoom: 0 }).tile(0, 0, 0));
    expect(fs.map((f) => f.id)).toEqual([0, 3, 4]);
    expect(fs.map((f) => f.properties)).toEqual([{ class: 'primary', name: '南环路' }, { class: 'service', oneway: true }, { name: '北街' }]);
    expect(fs[1].parts.length).toBe(2);
  });

  test('a layer drawn by zoom (minZoomBy): a feature is left out of the tiles below its zoom, kept from it on; the others at every zoom', () => {
    const data = fc(
      line([[-90, 13], [90, 13]], { class: 'primary' }),
      line([[-90, 12], [90, 12]], { class: 'unclassified' }),
      line([[-90, 11], [90, 11]], { class: 'track' }),
      line([[-90, 10], [90, 10]], {}),
    );
    const minZoomBy = { field: 'class', zooms: { unclassified: 2, track: 2.5 } };
    const idx = index(data, ['class'], { minZoomBy });
    // the tile north-west of (0, 0) at each zoom: every line crosses it
    const ids = (z: number) => decode(idx.tile(z, 2 ** z / 2 - 1, 2 ** z / 2 - 1)).map((f) => f.id);
    expect(ids(1)).toEqual([0, 3]);
    // a whole zoom: 2.5 is drawn from zoom 3 (MapLibre evaluates the filter at the tile's zoom)
    expect(ids(2)).toEqual([0, 1, 3]);
    expect(ids(3)).toEqual([0, 1, 2, 3]);
    // the field must be among the lines' properties; without it (or a rule) every feature is kept
    expect(decode(index(data, ['name'], { minZoomBy }).tile(1, 0, 0)).map((f) => f.id)).toEqual([0, 1, 2, 3]);
    expect(featureMinZooms(flattenLines(data, ['class']).lines, minZoomBy)).toEqual(Uint8Array.of(0, 2, 3, 0));
    expect(featureMinZooms(flattenLines(data, ['class']).lines, { field: 'class', zooms: { motorway: 9 } })).toBeNull();
  });

  test('tiles are kept: a second request is the same bytes without cutting again', () => {
    const idx = index(fc(line([[-90, 45], [90, 45]])), []);
    expect(idx.tile(1, 0, 0)).toBe(idx.tile(1, 0, 0));
    // a cache of 0 bytes keeps only the last tile cut
    const none = new LineTileIndex(flattenLines(fc(line([[-90, 45], [90, 45]])), []).lines, OPTS, 0);
    const a = none.tile(1, 0, 0);
    none.tile(1, 1, 0);
    const b = none.tile(1, 0, 0);
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
  });
});

describe('line tiles: helpers', () => {
  test('the app cuts like its GeoJSON sources: 8192 units per 512-pixel tile, 32 px buffer, 0.4 px tolerance, to zoom 16', () => {
    expect(LINE_TILE_OPTIONS).toEqual({ extent: 8192, buffer: 512, tolerance: 6.4, maxZoom: 16, layerName: 'lines' });
  });

  test('clipLine keeps what is inside the square', () => {
    expect(clipLine([-10, 2, 10, 2], 0, 4)).toEqual([[0, 2, 4, 2]]);
    expect(clipLine([-10, 5, 10, 5], 0, 4)).toEqual([]);
    expect(clipLine([1, 1, 3, 3, 3, 1], 0, 4)).toEqual([[1, 1, 3, 3, 3, 1]]);
  });

  test('viewTiles: the 512-pixel tiles of a view at floor(zoom), none when too many', () => {
    expect(viewTiles([-10, -10, 10, 10], 1.5, 16)).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [1, 0, 1],
      [1, 1, 1],
    ]);
    expect(viewTiles([100, 30, 100.1, 30.1], 20, 16)).toEqual(viewTiles([100, 30, 100.1, 30.1], 16.9, 16));
    expect(viewTiles([-180, -80, 180, 80], 8, 16)).toEqual([]);
  });
});
