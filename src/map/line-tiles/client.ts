import * as maplibregl from 'maplibre-gl';
import type { FeatureCollection, Geometry, GeoJsonProperties } from 'geojson';
import { flattenLines, LINE_TILE_OPTIONS, LINE_TILES_PROTOCOL } from './line-index';

export { LINE_TILE_OPTIONS, LINE_TILES_PROTOCOL, TILED_LINES_MIN } from './line-index';
import type { LineTilesReply, LineTilesRequest } from './protocol';

let worker: Worker | null = null;
let nextReq = 1;
let nextKey = 1;
const pending = new Map<number, { ok: (b: ArrayBuffer) => void; fail: (e: Error) => void }>();
/** Registered line sets by the data they were cut from (the same roads object is sent once, also for the print map). */
interface LineSet {
  key: string;
  data: object;
  fields: string;
  refs: number;
}
const byData = new WeakMap<object, Map<string, LineSet>>();
const byKey = new Map<string, LineSet>();

function tileWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../../workers/line-tiles.worker.ts', import.meta.url), { type: 'module', name: 'line-tiles' });
  w.onmessage = (e: MessageEvent<LineTilesReply>) => {
    const p = pending.get(e.data.req);
    if (!p) return;
    pending.delete(e.data.req);
    if (e.data.bytes) p.ok(e.data.bytes);
    else p.fail(new Error(e.data.error ?? 'line tile failed'));
  };
  w.onerror = (e) => {
    for (const p of pending.values()) p.fail(new Error(e.message || 'line-tile worker failed'));
    pending.clear();
  };
  maplibregl.addProtocol(LINE_TILES_PROTOCOL, (params, abort) => {
    const m = /^coveragelines:\/\/([^/]+)\/(\d+)\/(\d+)\/(\d+)$/.exec(params.url);
    if (!m) return Promise.reject(new Error(`not a line tile: ${params.url}`));
    const req = nextReq++;
    return new Promise((ok, fail) => {
      pending.set(req, { ok: (data) => ok({ data }), fail });
      abort.signal.addEventListener('abort', () => {
        if (pending.delete(req)) fail(new DOMException('line tile aborted', 'AbortError'));
      });
      post({ type: 'tile', key: decodeURIComponent(m[1]), z: Number(m[2]), x: Number(m[3]), y: Number(m[4]), req });
    });
  });
  worker = w;
  return w;
}

function post(m: LineTilesRequest, transfer: Transferable[] = []): void {
  tileWorker().postMessage(m, transfer);
}

/** Starts the tile worker (its script fetched and compiled) before a big line layer arrives. */
export function prewarmLineTiles(): void {
  tileWorker();
}

/**
 * The tile URL of a line layer's data with only `fields` of its properties, sent to the tile
 * worker the first time (as typed arrays, moved); later calls with the same data object and fields
 * share it. Each call takes a reference that {@link releaseLineTiles} gives back.
 */
export function lineTilesUrl(data: FeatureCollection<Geometry | null, GeoJsonProperties>, fields: readonly string[]): string {
  const fkey = fields.join('\u0000');
  let perData = byData.get(data);
  if (!perData) byData.set(data, (perData = new Map()));
  let entry = perData.get(fkey);
  if (!entry) {
    const key = `l${nextKey++}`;
    const { lines, transfer } = flattenLines(data, fields);
    post({ type: 'add', key, lines, options: LINE_TILE_OPTIONS }, transfer);
    entry = { key, data, fields: fkey, refs: 0 };
    perData.set(fkey, entry);
    byKey.set(key, entry);
  }
  entry.refs++;
  return `${LINE_TILES_PROTOCOL}://${entry.key}/{z}/{x}/{y}`;
}

/** Has the worker cut these tiles of a line set now (the view's), while MapLibre sets up their source. */
export function warmLineTiles(url: string, tiles: [number, number, number][]): void {
  const key = /^coveragelines:\/\/([^/]+)\//.exec(url)?.[1];
  if (key && byKey.has(key) && tiles.length) post({ type: 'warm', key, tiles });
}

/** Gives back a reference taken by {@link lineTilesUrl}; the worker drops the tiles of a set no map uses. */
export function releaseLineTiles(url: string): void {
  const key = /^coveragelines:\/\/([^/]+)\//.exec(url)?.[1];
  const e = key ? byKey.get(key) : undefined;
  if (!key || !e) return;
  if (--e.refs > 0) return;
  byData.get(e.data)?.delete(e.fields);
  byKey.delete(key);
  post({ type: 'drop', key });
}
