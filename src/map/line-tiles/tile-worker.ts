import type { LinesAhead, LineTilesReply, LineTilesRequest } from './protocol';

// The page's one line-tile worker, without MapLibre: the page's first script (src/main.tsx,
// src/project/early-load.ts) starts it to give the demo's load worker a port to it, before the
// app's bundle (and MapLibre) runs; src/map/line-tiles/client.ts asks it for tiles.

let worker: Worker | null = null;
let onReply: (r: LineTilesReply) => void = () => {};
let onFailure: (message: string) => void = () => {};
let nextLoad = 1;
/**
 * The BroadcastChannel MapLibre's workers ask this page's line tiles on (public/line-tiles-protocol.mjs),
 * named in each tile URL: one per page, so two tabs of the app never answer each other's tiles.
 */
let channel = '';

/** The name of this page's line-tile channel (in the tile URLs: `coveragelines://<channel>/<key>/…`). */
export function lineTilesChannel(): string {
  lineTileWorker();
  return channel;
}

/** The line-tile worker (src/workers/line-tiles.worker.ts), started on first use. */
export function lineTileWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../../workers/line-tiles.worker.ts', import.meta.url), { type: 'module', name: 'line-tiles' });
  w.onmessage = (e: MessageEvent<LineTilesReply>) => onReply(e.data);
  w.onerror = (e) => onFailure(e.message || 'line-tile worker failed');
  // crypto.getRandomValues, not randomUUID: an intranet server over plain http is no secure context
  channel = `coverage-lines-${[...crypto.getRandomValues(new Uint32Array(2))].map((n) => n.toString(36)).join('')}`;
  w.postMessage({ type: 'channel', name: channel } satisfies LineTilesRequest);
  worker = w;
  return w;
}

/** Where the worker's tile replies and its failure go (client.ts). */
export function onLineTileReplies(reply: (r: LineTilesReply) => void, failure: (message: string) => void): void {
  onReply = reply;
  onFailure = failure;
}

/** Posts a message to the line-tile worker (started if need be). */
export function postLineTiles(m: LineTilesRequest, transfer: Transferable[] = []): void {
  lineTileWorker().postMessage(m, transfer);
}

/**
 * A port to the line-tile worker for one project load: its load worker sends a big line layer's
 * lines on it as soon as they are parsed, under keys starting with `prefix`, while the page still
 * takes the layer's GeoJSON in. Transfer `port` to the load worker.
 */
export function linesAheadPort(): LinesAhead {
  const channel = new MessageChannel();
  postLineTiles({ type: 'port', port: channel.port1 }, [channel.port1]);
  return { port: channel.port2, prefix: `a${nextLoad++}-` };
}

/**
 * The load that used `prefix` ({@link linesAheadPort}) has ended: the tile worker drops its line
 * sets but `keep` (the ones a map draws), and any of them still on their way.
 */
export function forgetLinesAhead(prefix: string, keep: readonly string[] = []): void {
  if (worker) postLineTiles({ type: 'forget', prefix, keep: [...keep] });
}
