import type { FlatLines, LineTileOptions } from './line-index';

/** Messages to the line-tile worker (src/workers/line-tiles.worker.ts). */
export type LineTilesRequest =
  | { type: 'add'; key: string; lines: FlatLines; options: LineTileOptions }
  | { type: 'drop'; key: string }
  /** Cut these tiles now (the view's), before MapLibre asks for them. */
  | { type: 'warm'; key: string; tiles: [number, number, number][] }
  | { type: 'tile'; key: string; z: number; x: number; y: number; req: number }
  /**
   * The BroadcastChannel MapLibre's workers ask this page's tiles on (public/line-tiles-protocol.mjs):
   * a `tile` request there carries `from`, its answer goes back on the channel with `to`.
   */
  | { type: 'channel'; name: string }
  /** A port a project's load worker sends line sets on ({@link LinesAheadMessage}). */
  | { type: 'port'; port: MessagePort }
  /**
   * The lines of `key` are on their way through a load worker's port: tile and warm requests for
   * it wait for them (instead of an empty tile) until they arrive or the key is dropped.
   */
  | { type: 'expect'; key: string }
  /**
   * A load whose port used keys starting with `prefix` has ended: its line sets other than `keep`
   * (those a map draws) are dropped, also any that arrive later.
   */
  | { type: 'forget'; prefix: string; keep: string[] };

/** Messages of a load worker to the line-tile worker, on the port the page gave both ({@link LinesAhead}). */
export type LinesAheadMessage =
  | { type: 'add'; key: string; lines: FlatLines; options: LineTileOptions }
  /** The lines of `key` follow once parsed: tile requests for it wait for them (as {@link LineTilesRequest} `expect`). */
  | { type: 'expect'; key: string }
  | { type: 'end' };

/**
 * What a project's load worker needs to hand a big line layer to the line-tile worker itself, as
 * soon as it is parsed (src/workers/tasks/load-project.ts): the port, and the prefix of the keys
 * it names its line sets by (unique in the page).
 */
export interface LinesAhead {
  port: MessagePort;
  prefix: string;
}

/** The worker's answer to a `tile` request: the MVT bytes (moved), or why not; `to`: the asker on the channel. */
export interface LineTilesReply {
  type: 'tile';
  req: number;
  bytes?: ArrayBuffer;
  error?: string;
  to?: string;
}
