import { runTask } from '../workers/run-task';
import type { TaskProgress } from '../workers/protocol';
import type { LoadProjectOutput } from '../workers/tasks/load-project';
import { forgetLinesAhead, linesAheadPort } from '../map/line-tiles/tile-worker';

/**
 * The demo county's load, started by the page's small first script (src/main.tsx) before the
 * app's big bundle is fetched and run, so the load worker fetches and parses the files meanwhile.
 * The app takes it over when it opens the demo (src/project/open-project.ts) or reads saved work
 * that uses the demo's layers (src/project/start-project.ts); otherwise it is ended.
 */
export interface EarlyLoad {
  baseUrl: string;
  /** The worker's output (a progressive load: the layers sent ahead are not in it). */
  output: Promise<LoadProjectOutput>;
  /** Hands over the progress so far at once, then each new one as it comes. */
  follow(onProgress: (p: TaskProgress) => void): void;
  /**
   * Lets the worker read the households: it holds them (`progress.held`) until the map has drawn
   * the county, or until the saved work's reader needs the whole project at once.
   */
  release(): void;
  abort(): void;
  /** Prefix of the keys of the line sets its load worker cuts ahead (src/map/line-tiles/tile-worker.ts). */
  linesPrefix: string;
}

let early: EarlyLoad | null = null;

/** Starts loading the project folder at `baseUrl` in the load worker (progressive), to be taken by {@link takeEarlyLoad}. */
export function startEarlyLoad(baseUrl: string): void {
  if (early) end(early);
  const ac = new AbortController();
  const seen: TaskProgress[] = [];
  let listener: ((p: TaskProgress) => void) | null = null;
  const hold = new MessageChannel();
  // the roads' lines go from the load worker to the line-tile worker directly (src/map/line-tiles/)
  const lines = linesAheadPort();
  const output = runTask('loadProject', { source: { kind: 'url', baseUrl }, progressive: true, release: hold.port2, lines }, {
    signal: ac.signal,
    onProgress: (p) => (listener ? listener(p) : seen.push(p)),
    transfer: [hold.port2, lines.port],
  });
  // the one who takes the load handles its failure; an untaken one is only ever aborted
  output.catch(() => {});
  early = {
    baseUrl,
    output,
    follow(fn) {
      listener = fn;
      for (const p of seen.splice(0)) fn(p);
    },
    release: () => hold.port1.postMessage('release'),
    abort: () => ac.abort(),
    linesPrefix: lines.prefix,
  };
}

/** The early load of `baseUrl`, once (null when none runs or it was taken); an early load of another folder is ended. */
export function takeEarlyLoad(baseUrl: string): EarlyLoad | null {
  const e = early;
  early = null;
  if (e && e.baseUrl === baseUrl) return e;
  if (e) end(e);
  return null;
}

/** Ends the early load if nothing took it (the saved work did not need the demo). */
export function dropEarlyLoad(): void {
  if (early) end(early);
  early = null;
}

/** Ends a load nobody took, with the line sets it may have cut ahead. */
function end(e: EarlyLoad): void {
  e.abort();
  forgetLinesAhead(e.linesPrefix);
}

/** The demo county's folder, next to the app. */
export function demoBaseUrl(): string {
  return new URL('data/demo/', document.baseURI).href;
}
