import * as maplibregl from 'maplibre-gl';
import type { FeatureCollection, Geometry, GeoJsonProperties } from 'geojson';
import type { LayerId, Project } from '../../../layers/types';
import { flattenLines, LINE_TILE_OPTIONS, LINE_TILES_PROTOCOL, type LineTileOptions } from './line-index';
import { forgetLinesAhead, lineTilesChannel, lineTileWorker, onLineTileReplies, postLineTiles } from './tile-worker';

export { isTiledLineLayer, LINE_TILE_OPTIONS, LINE_TILES_PROTOCOL, lineTileOptions, TILED_LINES_MIN } from './line-index';

declare global {
  interface Window {
    /** Line tiles MapLibre asked of the page rather than over the channel (before its worker had the channel's script), for browser tests. */
    __coverageLineTilesOnPage?: number;
  }
}

let protocolAdded = false;
let nextReq = 1;
let nextKey = 1;
const pending = new Map<number, { ok: (b: ArrayBuffer) => void; fail: (e: Error) => void }>();
/**
 * Registered line sets by the data they were cut from (the same roads object is sent once, also for
 * the print map). A set a load worker cut ahead has no data until its GeoJSON reaches the page
 * ({@link adoptLineTiles}).
 */
interface LineSet {
  key: string;
  data: object | null;
  fields: string;
  refs: number;
}
const byData = new WeakMap<object, Map<string, LineSet>>();
const byKey = new Map<string, LineSet>();

/** The tile worker, with MapLibre reading its tiles through {@link LINE_TILES_PROTOCOL}. */
function tileWorker(): Worker {
  const w = lineTileWorker();
  if (protocolAdded) return w;
  protocolAdded = true;
  onLineTileReplies(
    (r) => {
      const p = pending.get(r.req);
      if (!p) return;
      pending.delete(r.req);
      if (r.bytes) p.ok(r.bytes);
      else p.fail(new Error(r.error ?? 'line tile failed'));
    },
    (message) => {
      for (const p of pending.values()) p.fail(new Error(message));
      pending.clear();
    },
  );
  // MapLibre's workers ask the tile worker themselves (public/line-tiles-protocol.mjs, over this
  // page's BroadcastChannel): a tile does not wait for the main thread between two frames. Until
  // that script is in (and should it fail) they ask the page, which asks the tile worker here.
  void maplibregl.importScriptInWorkers(new URL('line-tiles-protocol.mjs', document.baseURI).href).catch(() => {});
  maplibregl.addProtocol(LINE_TILES_PROTOCOL, (params, abort) => {
    const m = /^coveragelines:\/\/[^/]+\/([^/]+)\/(\d+)\/(\d+)\/(\d+)$/.exec(params.url);
    if (!m) return Promise.reject(new Error(`not a line tile: ${params.url}`));
    const req = nextReq++;
    window.__coverageLineTilesOnPage = (window.__coverageLineTilesOnPage ?? 0) + 1;
    return new Promise((ok, fail) => {
      pending.set(req, { ok: (data) => ok({ data }), fail });
      abort.signal.addEventListener('abort', () => {
        if (pending.delete(req)) fail(new DOMException('line tile aborted', 'AbortError'));
      });
      postLineTiles({ type: 'tile', key: decodeURIComponent(m[1]), z: Number(m[2]), x: Number(m[3]), y: Number(m[4]), req });
    });
  });
  return w;
}

/** Starts the tile worker (its script fetched and compiled) before a big line layer arrives. */
export function prewarmLineTiles(): void {
  tileWorker();
}

const urlOf = (key: string) => `${LINE_TILES_PROTOCOL}://${lineTilesChannel()}/${key}/{z}/{x}/{y}`;
const keyOf = (url: string) => /^coveragelines:\/\/[^/]+\/([^/]+)\//.exec(url)?.[1];

/**
 * The tile URL of a line layer's data with only `fields` of its properties, sent to the tile
 * worker the first time (as typed arrays, moved) and cut with `options` (the layer's: {@link lineTileOptions});
 * later calls with the same data object and fields share it (the same data is the same layer, cut
 * the same way). Each call takes a reference that {@link releaseLineTiles} gives back.
 */
export function lineTilesUrl(data: FeatureCollection<Geometry | null, GeoJsonProperties>, fields: readonly string[], options: LineTileOptions = LINE_TILE_OPTIONS): string {
  const fkey = fields.join('\u0000');
  let perData = byData.get(data);
  if (!perData) byData.set(data, (perData = new Map()));
  let entry = perData.get(fkey);
  if (!entry) {
    const key = `l${nextKey++}`;
    const { lines, transfer } = flattenLines(data, fields);
    tileWorker();
    postLineTiles({ type: 'add', key, lines, options }, transfer);
    entry = { key, data, fields: fkey, refs: 0 };
    perData.set(fkey, entry);
    byKey.set(key, entry);
  }
  entry.refs++;
  return urlOf(entry.key);
}

/**
 * A line set a project's load worker is cutting ahead of its layer's GeoJSON (`key`, with only
 * `fields` of the properties; src/workers/tasks/load-project.ts): its tile URL, to draw at once.
 * Tiles asked for before its lines reach the tile worker wait for them. Takes no reference:
 * {@link retainLineTiles} does. Once the GeoJSON is in, {@link adoptLineTiles} ties the set to it,
 * so {@link lineTilesUrl} of that data gives this same URL.
 */
export function expectLineTiles(key: string, fields: readonly string[]): string {
  if (!byKey.has(key)) {
    byKey.set(key, { key, data: null, fields: fields.join('\u0000'), refs: 0 });
    tileWorker();
    postLineTiles({ type: 'expect', key });
  }
  return urlOf(key);
}

/**
 * A project whose load cut line sets ahead (`linesAhead`: key by layer id) is in: those sets are
 * its layers' tiles, so {@link lineTilesUrl} of these layers' data gives the URLs drawn so far.
 */
export function adoptLinesAhead(project: Project, linesAhead: Partial<Record<LayerId, string>> | undefined): void {
  for (const [id, key] of Object.entries(linesAhead ?? {})) {
    const layer = project.layers[id as LayerId];
    if (key && layer?.kind === 'geojson') adoptLineTiles(key, layer.data);
  }
}

/** The GeoJSON of a line set cut ahead ({@link expectLineTiles}) has arrived: its tiles are this data's. */
function adoptLineTiles(key: string, data: FeatureCollection<Geometry | null, GeoJsonProperties>): void {
  const entry = byKey.get(key);
  if (!entry || entry.data) return;
  let perData = byData.get(data);
  if (!perData) byData.set(data, (perData = new Map()));
  if (perData.has(entry.fields)) return;
  entry.data = data;
  perData.set(entry.fields, entry);
}

/** Takes a reference on the line set of a tile URL (from {@link expectLineTiles}); false when it is gone. */
export function retainLineTiles(url: string): boolean {
  const e = byKey.get(keyOf(url) ?? '');
  if (e) e.refs++;
  return !!e;
}

/**
 * A project's load that cut line sets ahead under keys starting with `prefix` has ended: the ones
 * no map draws (its project went nowhere, or saved work replaced the layer) are forgotten, here
 * and in the tile worker.
 */
export function endLinesAhead(prefix: string): void {
  const keep: string[] = [];
  for (const [key, e] of [...byKey]) {
    if (!key.startsWith(prefix)) continue;
    if (e.refs > 0) keep.push(key);
    else {
      if (e.data) byData.get(e.data)?.delete(e.fields);
      byKey.delete(key);
    }
  }
  forgetLinesAhead(prefix, keep);
}

/** Has the worker cut these tiles of a line set now (the view's), while MapLibre sets up their source. */
export function warmLineTiles(url: string, tiles: [number, number, number][]): void {
  const key = keyOf(url);
  if (key && byKey.has(key) && tiles.length) postLineTiles({ type: 'warm', key, tiles });
}

/** Gives back a reference taken by {@link lineTilesUrl}; the worker drops the tiles of a set no map uses. */
export function releaseLineTiles(url: string): void {
  const key = keyOf(url);
  const e = key ? byKey.get(key) : undefined;
  if (!key || !e) return;
  if (--e.refs > 0) return;
  if (e.data) byData.get(e.data)?.delete(e.fields);
  byKey.delete(key);
  postLineTiles({ type: 'drop', key });
}
