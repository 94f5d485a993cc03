import type { LayerData, LayerId } from '../../layers/types';

/** Progress reported by a task: a fraction 0…1 when known, and/or the stage it is in. */
export interface TaskProgress {
  fraction?: number;
  stage?: string;
  /** A layer of a project being loaded, sent ahead of the whole project (loadProject with `progressive`). */
  layer?: { id: LayerId; data: LayerData };
  /**
   * A big line layer's lines were handed to the line-tile worker (loadProject with `lines`; its
   * GeoJSON comes with the whole project): the map can draw their tiles (key `key`, with only
   * `fields` of the properties) now.
   */
  linesAhead?: { layer: LayerId; key: string; fields: string[] };
  /** A first result sent ahead of the task's output (siting: the plan, before its coverage-vs-P curve). */
  partial?: unknown;
  /** The load waits for its release before it reads the households (loadProject with `release`). */
  held?: boolean;
}

/**
 * A task that runs in the analysis worker: a plain function of its (structured-cloned) input.
 * Its output's typed arrays are transferred back, not copied.
 */
export type TaskFn<I, O> = (input: I, progress: (p: TaskProgress) => void) => O | Promise<O>;

/**
 * Main thread → worker. With `parts`, that many `{ part }` messages follow and the task runs on
 * `{ ...input, parts: [the parts, in order] }` (RunTaskOptions.parts: a big input cloned piece by
 * piece, so no single postMessage blocks the main thread for long).
 */
export interface TaskRequest {
  name: string;
  input: unknown;
  parts?: number;
}

/** Main thread → worker: one piece of a request's input (see {@link TaskRequest.parts}). */
export interface TaskPart {
  part: unknown;
}

/** Worker → main thread. */
export type TaskMessage =
  | { type: 'progress'; progress: TaskProgress }
  | { type: 'done'; output: unknown }
  | { type: 'error'; message: string; errorName: string };
