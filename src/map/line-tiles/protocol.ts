import type { FlatLines, LineTileOptions } from './line-index';

/** Messages to the line-tile worker (src/workers/line-tiles.worker.ts). */
export type LineTilesRequest =
  | { type: 'add'; key: string; lines: FlatLines; options: LineTileOptions }
  | { type: 'drop'; key: string }
  /** Cut these tiles now (the view's), before MapLibre asks for them. */
  | { type: 'warm'; key: string; tiles: [number, number, number][] }
  | { type: 'tile'; key: string; z: number; x: number; y: number; req: number };

/** The worker's answer to a `tile` request: the MVT bytes (moved), or why not. */
export interface LineTilesReply {
  type: 'tile';
  req: number;
  bytes?: ArrayBuffer;
  error?: string;
}
