/// <reference lib="webworker" />
import { LineTileIndex } from '../map/line-tiles/line-index';
import type { LineTilesRequest, LineTilesReply } from '../map/line-tiles/protocol';

// Cuts the map's big line layers into vector tiles on request (src/map/line-tiles/): one index per
// layer version, built when its lines arrive; MapLibre's worker then only decodes the tiles in view.
const indexes = new Map<string, LineTileIndex>();

self.onmessage = (e: MessageEvent<LineTilesRequest>) => {
  const m = e.data;
  if (m.type === 'add') {
    indexes.set(m.key, new LineTileIndex(m.lines, m.options));
    return;
  }
  if (m.type === 'warm') {
    const index = indexes.get(m.key);
    for (const [z, x, y] of m.tiles) index?.tile(z, x, y);
    return;
  }
  if (m.type === 'drop') {
    indexes.delete(m.key);
    return;
  }
  let reply: LineTilesReply;
  const index = indexes.get(m.key);
  // a request that was on its way when its map source moved on to newer data: nothing to draw
  if (!index) reply = { type: 'tile', req: m.req, bytes: new ArrayBuffer(0) };
  else {
    try {
      const bytes = index.tile(m.z, m.x, m.y).slice();
      reply = { type: 'tile', req: m.req, bytes: bytes.buffer };
    } catch (err) {
      reply = { type: 'tile', req: m.req, error: `line tiles ${m.key} ${m.z}/${m.x}/${m.y}: ${(err as Error).message}` };
    }
  }
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, reply.bytes ? [reply.bytes] : []);
};
