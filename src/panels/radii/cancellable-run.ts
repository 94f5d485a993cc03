import { useRef, useState } from 'react';
import type { TaskProgress } from '../../workers/protocol';

/** What a panel shows while its analysis runs: the stage and fraction last reported, or null when idle. */
export type RunState = TaskProgress | null;

/** The abort reason of a run the user cancelled. */
function isAbort(e: unknown): boolean {
  return e instanceof Error || e instanceof DOMException ? (e as Error).name === 'AbortError' : false;
}

/**
 * One cancellable analysis run per panel. `start` gives the task an AbortSignal (runTask ends the
 * worker when it fires) and a progress callback; it resolves with the output, or with `undefined`
 * when the run was cancelled or superseded, so the panel keeps its previous result and shows no half
 * result. Errors other than the abort are re-thrown for the panel to show.
 * @example
 * const job = useCancellableRun();
 * const out = await job.start((signal, onProgress) => runTask('siteFacilities', input, { signal, onProgress }));
 * if (out === undefined) return; // cancelled
 */
export function useCancellableRun() {
  const [busy, setBusy] = useState<RunState>(null);
  const current = useRef<AbortController | null>(null);

  async function start<T>(fn: (signal: AbortSignal, onProgress: (p: TaskProgress) => void) => Promise<T>): Promise<T | undefined> {
    current.current?.abort();
    const ac = new AbortController();
    current.current = ac;
    setBusy({});
    try {
      const out = await fn(ac.signal, (p) => {
        if (current.current === ac) setBusy(p);
      });
      return ac.signal.aborted ? undefined : out;
    } catch (e) {
      if (ac.signal.aborted || isAbort(e)) return undefined;
      throw e;
    } finally {
      if (current.current === ac) {
        current.current = null;
        setBusy(null);
      }
    }
  }

  /** Stop the running analysis (its worker is ended); the panel goes back to idle. */
  function cancel(): void {
    const ac = current.current;
    if (!ac) return;
    current.current = null;
    ac.abort();
    setBusy(null);
  }

  return { busy, start, cancel };
}
