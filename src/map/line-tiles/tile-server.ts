import { LineTileIndex } from './line-index';
import type { LinesAheadMessage, LineTilesReply, LineTilesRequest } from './protocol';

/**
 * The line-tile worker's work (src/workers/line-tiles.worker.ts), apart from the worker: one index
 * per line set, built when its lines arrive — from the page, or straight from a project's load
 * worker on a port the page set up (src/map/line-tiles/tile-worker.ts) — and the tiles MapLibre
 * asks for, cut from it and answered through `reply`.
 */
export class LineTileServer {
  private indexes = new Map<string, LineTileIndex>();
  /** Keys whose lines are on their way from a load worker, with the requests waiting for them (and where their answers go). */
  private expected = new Map<string, { m: LineTilesRequest; reply: (r: LineTilesReply) => void }[]>();
  /** Key prefixes of ended loads, with the keys of theirs still drawn: other lines with the prefix are not kept. */
  private ended = new Map<string, Set<string>>();
  /** Tile requests seen (a waiting one is handled again once its lines are in). */
  private asked = new WeakSet<LineTilesRequest>();

  constructor(private reply: (r: LineTilesReply) => void) {}

  /** The line sets held (for tests: what a drop or a forget left). */
  get keys(): string[] {
    return [...this.indexes.keys()];
  }

  /** Handles a message; a tile request is answered through `reply` (by default the one given at construction). */
  handle(m: LineTilesRequest, reply: (r: LineTilesReply) => void = this.reply): void {
    if (m.type === 'channel') {
      // MapLibre's workers ask here (public/line-tiles-protocol.mjs); each answer goes to its asker
      const channel = new BroadcastChannel(m.name);
      channel.onmessage = (e: MessageEvent<Extract<LineTilesRequest, { type: 'tile' }> & { from: string }>) => {
        if (e.data?.type !== 'tile') return;
        const from = e.data.from;
        this.handle(e.data, (r) => channel.postMessage({ ...r, to: from }));
      };
      return;
    }
    if (m.type === 'port') {
      m.port.onmessage = (e: MessageEvent<LinesAheadMessage>) => (e.data.type === 'end' ? m.port.close() : this.handle(e.data));
      return;
    }
    if (m.type === 'expect') {
      if (!this.indexes.has(m.key) && !this.expected.has(m.key)) this.expected.set(m.key, []);
      return;
    }
    if (m.type === 'add') {
      for (const [prefix, keep] of this.ended) if (m.key.startsWith(prefix) && !keep.has(m.key)) return;
      performance.mark(`coverage:tiles:add`);
      this.indexes.set(m.key, new LineTileIndex(m.lines, m.options));
      performance.mark(`coverage:tiles:indexed`);
      const waiting = this.expected.get(m.key);
      this.expected.delete(m.key);
      for (const w of waiting ?? []) this.handle(w.m, w.reply);
      return;
    }
    if (m.type === 'forget') {
      this.ended.set(m.prefix, new Set(m.keep));
      for (const key of [...this.indexes.keys(), ...this.expected.keys()]) if (key.startsWith(m.prefix) && !m.keep.includes(key)) this.handle({ type: 'drop', key });
      return;
    }
    if (m.type === 'drop') {
      this.indexes.delete(m.key);
      const waiting = this.expected.get(m.key);
      this.expected.delete(m.key);
      // the requests left waiting get an empty tile, as any request for a dropped set
      for (const w of waiting ?? []) if (w.m.type === 'tile') this.handle(w.m, w.reply);
      return;
    }
    const index = this.indexes.get(m.key);
    // for benchmarks: when MapLibre asked for a tile (test/bench/first-screen-marks.mts), before it waits for its lines
    if (m.type === 'tile' && !this.asked.has(m)) {
      this.asked.add(m);
      performance.mark(`coverage:tiles:asked:${m.z}/${m.x}/${m.y}`);
    }
    if (!index && this.expected.has(m.key)) {
      this.expected.get(m.key)!.push({ m, reply });
      return;
    }
    if (m.type === 'warm') {
      for (const [z, x, y] of m.tiles) index?.tile(z, x, y);
      return;
    }
    // a request that was on its way when its map source moved on to newer data: nothing to draw
    if (!index) return reply({ type: 'tile', req: m.req, bytes: new ArrayBuffer(0) });
    let answer: LineTilesReply;
    try {
      const bytes = index.tile(m.z, m.x, m.y).slice();
      answer = { type: 'tile', req: m.req, bytes: bytes.buffer };
    } catch (err) {
      answer = { type: 'tile', req: m.req, error: `line tiles ${m.key} ${m.z}/${m.x}/${m.y}: ${(err as Error).message}` };
    }
    performance.mark(`coverage:tiles:tile:${m.z}/${m.x}/${m.y}`);
    reply(answer);
  }
}
