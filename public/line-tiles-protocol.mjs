// Loaded into MapLibre's worker (maplibregl.importScriptInWorkers, src/map/line-tiles/client.ts):
// the big line layers' tiles (coveragelines://<channel>/<key>/<z>/<x>/<y>) are asked of the page's
// line-tile worker over the BroadcastChannel named in the URL, so a tile goes from one worker to
// the other without waiting for the page's main thread (busy drawing frames while the county
// loads). The tile worker answers on the same channel (src/map/line-tiles/tile-server.ts). Plain
// JavaScript, served as is: MapLibre imports it by its URL.
const channels = new Map();
const pending = new Map();
const me = Math.random().toString(36).slice(2);
let next = 1;

function channel(name) {
  let c = channels.get(name);
  if (!c) {
    c = new BroadcastChannel(name);
    c.onmessage = (e) => {
      const r = e.data;
      if (!r || r.type !== 'tile' || r.to !== me) return;
      const p = pending.get(r.req);
      if (!p) return;
      pending.delete(r.req);
      if (r.bytes) p.ok({ data: r.bytes });
      else p.fail(new Error(r.error || 'line tile failed'));
    };
    channels.set(name, c);
  }
  return c;
}

self.addProtocol('coveragelines', (params, abort) => {
  const m = /^coveragelines:\/\/([^/]+)\/([^/]+)\/(\d+)\/(\d+)\/(\d+)$/.exec(params.url);
  if (!m) return Promise.reject(new Error(`not a line tile: ${params.url}`));
  const req = next++;
  return new Promise((ok, fail) => {
    pending.set(req, { ok, fail });
    abort.signal.addEventListener('abort', () => {
      if (pending.delete(req)) fail(new DOMException('line tile aborted', 'AbortError'));
    });
    channel(decodeURIComponent(m[1])).postMessage({ type: 'tile', key: decodeURIComponent(m[2]), z: Number(m[3]), x: Number(m[4]), y: Number(m[5]), req, from: me });
  });
});
