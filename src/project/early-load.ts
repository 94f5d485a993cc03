import { runTask } from '../workers/run-task';
import type { TaskProgress } from '../workers/protocol';
import type { LoadProjectOutput } from '../workers/tasks/load-project';

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
}

let early: EarlyLoad | null = null;

/** Starts loading the project folder at `baseUrl` in the load worker (progressive), to be taken by {@link takeEarlyLoad}. */
export function startEarlyLoad(baseUrl: string): void {
  early?.abort();
  const ac = new AbortController();
  const seen: TaskProgress[] = [];
  let listener: ((p: TaskProgress) => void) | null = null;
  const hold = new MessageChannel();
  const output = runTask('loadProject', { source: { kind: 'url', baseUrl }, progressive: true, release: hold.port2 }, {
    signal: ac.signal,
    onProgress: (p) => (listener ? listener(p) : seen.push(p)),
    transfer: [hold.port2],
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
  };
}

/** The early load of `baseUrl`, once (null when none runs or it was taken); an early load of another folder is ended. */
export function takeEarlyLoad(baseUrl: string): EarlyLoad | null {
  const e = early;
  early = null;
  if (e && e.baseUrl === baseUrl) return e;
  e?.abort();
  return null;
}

/** Ends the early load if nothing took it (the saved work did not need the demo). */
export function dropEarlyLoad(): void {
  early?.abort();
  early = null;
}

/** The demo county's folder, next to the app. */
export function demoBaseUrl(): string {
  return new URL('data/demo/', document.baseURI).href;
}
