// Big line layers handed from the project's load worker to the line-tile worker directly (issue
// #15, first screen): the load worker sends the lines as soon as they are parsed and keeps their
// GeoJSON for the whole project; the tile worker answers tile requests that came before the lines
// once they arrive, and forgets the sets of a load that ended without a map drawing them.
import { afterEach, describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { loadProject } from '../../layers/load/index.ts';
import { LAYERS } from '../../layers/index.ts';
import type { LayerData } from '../../layers/types.ts';
import { flattenLines, isTiledLineLayer, LINE_TILE_OPTIONS, LineTileIndex, TILED_LINES_MIN } from '../../src/map/line-tiles/line-index.ts';
import type { LinesAheadMessage, LineTilesReply } from '../../src/map/line-tiles/protocol.ts';
import { LineTileServer } from '../../src/map/line-tiles/tile-server.ts';
import { mapFields } from '../../src/map/style-fields.ts';
import type { TaskProgress } from '../../src/workers/protocol.ts';
import { loadProjectTask } from '../../src/workers/tasks/load-project.ts';
import { linesChannel } from '../support/lines-port.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const line = (coords: number[][], properties: Record<string, unknown>): Feature<Geometry> => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates: coords } });
/** `n` short road segments in a row along a parallel, each 0.001° long, alternating two classes. */
const roads = (n: number): FeatureCollection<Geometry> => ({
  type: 'FeatureCollection',
  features: Array.from({ length: n }, (_, i) => line([[114.5 + i * 0.001, 38.5], [114.501 + i * 0.001, 38.5]], { class: i % 2 ? 'primary' : 'tertiary', name: `路${i}`, width_m: 7 })),
});
const townships = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '001', name: '甲镇' }, geometry: { type: 'Polygon', coordinates: [[[114.4, 38.4], [120.7, 38.4], [120.7, 38.7], [114.4, 38.4]]] } }] });

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

describe('the load worker hands a big line layer to the line-tile worker (loadProject with `lines`)', () => {
  test('the roads go on the port as flat lines of the fields the map reads, announced, and come in the output, not ahead', async () => {
    const files = [
      { name: 'townships.geojson', bytes: enc(townships) },
      { name: 'roads.geojson', bytes: enc(JSON.stringify(roads(TILED_LINES_MIN))) },
    ];
    const { channel, got, ended } = linesChannel();
    ports.push(channel.port1);
    const progress: TaskProgress[] = [];
    const out = await loadProjectTask({ source: { kind: 'files', files }, progressive: true, lines: { port: channel.port2, prefix: 'p7-' } }, (p) => progress.push(p));
    await ended;
    // the townships went ahead as GeoJSON; the roads only as an announcement of their lines
    expect(progress.filter((p) => p.layer).map((p) => p.layer!.id)).toEqual(['townships']);
    const fields = mapFields(LAYERS.roads);
    expect(progress.filter((p) => p.linesAhead).map((p) => p.linesAhead)).toEqual([{ layer: 'roads', key: 'p7-roads', fields }]);
    expect(out.sent).toEqual(['townships']);
    expect(out.linesAhead).toEqual({ roads: 'p7-roads' });
    // the roads' GeoJSON is in the output, the same as a plain load's
    const plain = loadProject(files);
    expect(out.project.layers.roads).toEqual(plain.project.layers.roads);
    expect(out.report).toEqual(plain.report);
    // on the port: the lines (as the page would flatten them), then the end
    expect(got.map((m) => m.type)).toEqual(['add', 'end']);
    const add = got[0] as Extract<LinesAheadMessage, { type: 'add' }>;
    expect(add.key).toBe('p7-roads');
    // cut as the map cuts them, with the layer's generalisation (village roads only once zoomed in)
    expect(add.options).toEqual({ ...LINE_TILE_OPTIONS, minZoomBy: LAYERS.roads.minZoomBy });
    expect(add.options.minZoomBy?.zooms.unclassified).toBe(11);
    const roadsLayer = plain.project.layers.roads;
    if (roadsLayer.kind !== 'geojson') throw new Error('roads are GeoJSON');
    expect(add.lines).toEqual(flattenLines(roadsLayer.data, fields).lines);
    expect(add.lines.ids.length).toBe(TILED_LINES_MIN);
  });

  test('a line layer under the threshold goes ahead as GeoJSON as before, and nothing goes on the port but its end', async () => {
    const files = [{ name: 'roads.geojson', bytes: enc(JSON.stringify(roads(TILED_LINES_MIN - 1))) }];
    const { channel, got, ended } = linesChannel();
    ports.push(channel.port1);
    const progress: TaskProgress[] = [];
    const out = await loadProjectTask({ source: { kind: 'files', files }, progressive: true, lines: { port: channel.port2, prefix: 'p8-' } }, (p) => progress.push(p));
    await ended;
    expect(got.map((m) => m.type)).toEqual(['end']);
    expect(progress.some((p) => p.linesAhead)).toBe(false);
    expect(progress.filter((p) => p.layer).map((p) => p.layer!.id)).toEqual(['roads']);
    expect(out.linesAhead).toBeUndefined();
  });

  test('isTiledLineLayer: a GeoJSON line layer of at least TILED_LINES_MIN features; not points, not fewer', () => {
    const layer = (n: number) => ({ kind: 'geojson', id: 'roads', data: roads(n) }) as Extract<LayerData, { kind: 'geojson' }>;
    expect(isTiledLineLayer(LAYERS.roads, layer(TILED_LINES_MIN))).toBe(true);
    expect(isTiledLineLayer(LAYERS.roads, layer(TILED_LINES_MIN - 1))).toBe(false);
    expect(isTiledLineLayer(LAYERS.hydrants, layer(TILED_LINES_MIN))).toBe(false);
    expect(isTiledLineLayer(LAYERS.roads, undefined)).toBe(false);
  });
});

describe('LineTileServer (the line-tile worker)', () => {
  const data = roads(20);
  const flat = () => flattenLines(data, ['class']).lines;
  const reference = new LineTileIndex(flat(), LINE_TILE_OPTIONS);
  // the zoom-10 tile of lon 114.5°, lat 38.5°: x = floor((114.5 / 360 + 0.5) · 1024) = 837,
  // y = floor((0.5 − atanh(sin 38.5°) / 2π) · 1024) = floor(393.2) = 393; the 20 segments reach 114.52°, inside it
  const TILE = { z: 10, x: 837, y: 393 };

  const server = () => {
    const replies: LineTilesReply[] = [];
    return { s: new LineTileServer((r) => replies.push(r)), replies };
  };
  const size = (r: LineTilesReply) => r.bytes?.byteLength ?? -1;

  test('a tile asked for an expected set waits for its lines and is then cut; an unknown set answers an empty tile at once', () => {
    const { s, replies } = server();
    s.handle({ type: 'expect', key: 'a1-roads' });
    s.handle({ type: 'tile', key: 'a1-roads', ...TILE, req: 1 });
    s.handle({ type: 'tile', key: 'gone', ...TILE, req: 2 });
    expect(replies.map((r) => [r.req, size(r)])).toEqual([[2, 0]]);
    s.handle({ type: 'add', key: 'a1-roads', lines: flat(), options: LINE_TILE_OPTIONS });
    expect(replies.map((r) => r.req)).toEqual([2, 1]);
    const want = reference.tile(TILE.z, TILE.x, TILE.y);
    expect(want.length).toBeGreaterThan(0);
    expect(new Uint8Array(replies[1].bytes!)).toEqual(want);
  });

  test('lines that come before the page expects them are kept; expect then changes nothing', () => {
    const { s, replies } = server();
    s.handle({ type: 'add', key: 'a1-roads', lines: flat(), options: LINE_TILE_OPTIONS });
    s.handle({ type: 'expect', key: 'a1-roads' });
    s.handle({ type: 'tile', key: 'a1-roads', ...TILE, req: 1 });
    expect(replies.map((r) => [r.req, size(r) > 0])).toEqual([[1, true]]);
  });

  test('a set dropped while expected answers its waiting tiles empty', () => {
    const { s, replies } = server();
    s.handle({ type: 'expect', key: 'a1-roads' });
    s.handle({ type: 'tile', key: 'a1-roads', ...TILE, req: 1 });
    s.handle({ type: 'drop', key: 'a1-roads' });
    expect(replies.map((r) => [r.req, size(r)])).toEqual([[1, 0]]);
  });

  test('forget: the ended load’s sets but the kept ones are dropped, also lines that come later; other prefixes stay', () => {
    const { s, replies } = server();
    for (const key of ['a1-roads', 'a1-lanes', 'a11-roads', 'l3']) s.handle({ type: 'add', key, lines: flat(), options: LINE_TILE_OPTIONS });
    s.handle({ type: 'expect', key: 'a1-other' });
    s.handle({ type: 'tile', key: 'a1-other', ...TILE, req: 5 });
    s.handle({ type: 'forget', prefix: 'a1-', keep: ['a1-roads'] });
    expect(s.keys.sort()).toEqual(['a1-roads', 'a11-roads', 'l3']);
    expect(replies.map((r) => [r.req, size(r)])).toEqual([[5, 0]]);
    // lines of the ended load still on their way are not kept
    s.handle({ type: 'add', key: 'a1-late', lines: flat(), options: LINE_TILE_OPTIONS });
    expect(s.keys).not.toContain('a1-late');
  });

  test('a load worker’s port: its lines are added, its end closes the port', async () => {
    const { s, replies } = server();
    const channel = new MessageChannel();
    ports.push(channel.port2);
    s.handle({ type: 'port', port: channel.port1 });
    s.handle({ type: 'expect', key: 'a2-roads' });
    s.handle({ type: 'tile', key: 'a2-roads', ...TILE, req: 9 });
    const lines = flat();
    channel.port2.postMessage({ type: 'add', key: 'a2-roads', lines, options: LINE_TILE_OPTIONS } satisfies LinesAheadMessage);
    channel.port2.postMessage({ type: 'end' } satisfies LinesAheadMessage);
    while (replies.length === 0) await new Promise((ok) => setTimeout(ok, 5));
    expect(replies.map((r) => [r.req, size(r) > 0])).toEqual([[9, true]]);
    expect(s.keys).toEqual(['a2-roads']);
  });

  test('MapLibre’s workers ask on the page’s channel (public/line-tiles-protocol.mjs) and get their own answers; an unknown set answers empty', async () => {
    const { s } = server();
    const name = `test-lines-${Math.random().toString(36).slice(2)}`;
    s.handle({ type: 'channel', name });
    s.handle({ type: 'add', key: 'l1', lines: flat(), options: LINE_TILE_OPTIONS });
    // the module as MapLibre's worker runs it: it registers its protocol on `self`
    type Load = (params: { url: string }, abort: AbortController) => Promise<{ data: ArrayBuffer }>;
    const registered = new Map<string, Load>();
    const g = globalThis as unknown as { self?: unknown };
    const saved = g.self;
    g.self = { addProtocol: (name: string, fn: Load) => registered.set(name, fn) };
    try {
      // @ts-expect-error -- plain JavaScript served as is, without types
      await import('../../public/line-tiles-protocol.mjs');
    } finally {
      g.self = saved;
    }
    const load = registered.get('coveragelines')!;
    expect(load).toBeTypeOf('function');
    const got = await load({ url: `coveragelines://${name}/l1/${TILE.z}/${TILE.x}/${TILE.y}` }, new AbortController());
    expect(new Uint8Array(got.data)).toEqual(reference.tile(TILE.z, TILE.x, TILE.y));
    const none = await load({ url: `coveragelines://${name}/l9/${TILE.z}/${TILE.x}/${TILE.y}` }, new AbortController());
    expect(none.data.byteLength).toBe(0);
    await expect(load({ url: 'coveragelines://x/1/2' }, new AbortController())).rejects.toThrow('not a line tile');
  });
});
