/// <reference lib="webworker" />
import { LineTileServer } from '../map/line-tiles/tile-server';
import type { LineTilesRequest } from '../map/line-tiles/protocol';

// Cuts the map's big line layers into vector tiles on request (src/map/line-tiles/): one index per
// layer version, built when its lines arrive (from the page, or from a project's load worker);
// MapLibre's worker then only decodes the tiles in view.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const server = new LineTileServer((r) => scope.postMessage(r, r.bytes ? [r.bytes] : []));
self.onmessage = (e: MessageEvent<LineTilesRequest>) => server.handle(e.data);
