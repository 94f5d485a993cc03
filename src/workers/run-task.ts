import type { TaskMap } from './tasks';
import type { TaskMessage, TaskProgress } from './protocol';

export type TaskName = keyof TaskMap;
export type TaskInput<N extends TaskName> = Parameters<TaskMap[N]>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<TaskMap[N]>>;

export interface RunTaskOptions {
  onProgress?: (p: TaskProgress) => void;
  /** Aborting terminates the worker and rejects with an AbortError. */
  signal?: AbortSignal;
  /** Buffers of the input to move to the worker instead of copying (the caller loses them). */
  transfer?: Transferable[];
  /**
   * The input's big pieces, sent one message each after the input with a turn of the event loop
   * between them (the task gets them as `input.parts`): cloning a county's layers in one
   * postMessage blocked the main thread for ~0.5 s.
   */
  parts?: readonly unknown[];
}

/** An error thrown inside a task, re-thrown on the main thread with the task's message. */
export class TaskError extends Error {
  constructor(
    message: string,
    readonly task: string,
    readonly errorName: string,
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

/**
 * Runs a registered task (src/workers/tasks.ts) in a fresh same-origin module worker (the project
 * loader in its own smaller one, load.worker.ts), so the map never blocks. Typed arrays in the output are transferred back.
 * @example
 * const ac = new AbortController();
 * const out = await runTask('loadProject', { source: { kind: 'url', baseUrl: '/data/demo' } }, {
 *   signal: ac.signal, onProgress: (p) => console.log(p.stage),
 * });
 */
export function runTask<N extends TaskName>(name: N, input: TaskInput<N>, opts: RunTaskOptions = {}): Promise<TaskOutput<N>> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new DOMException(`task ${String(name)} aborted`, 'AbortError'));
      return;
    }
    // a project's load gets the small worker with the loader only (load.worker.ts)
    const worker =
      name === 'loadProject'
        ? new Worker(new URL('./load.worker.ts', import.meta.url), { type: 'module', name: `task:${String(name)}` })
        : new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: `task:${String(name)}` });
    const finish = () => {
      worker.terminate();
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new DOMException(`task ${String(name)} aborted`, 'AbortError'));
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (e: MessageEvent<TaskMessage>) => {
      const m = e.data;
      if (m.type === 'progress') {
        opts.onProgress?.(m.progress);
      } else if (m.type === 'done') {
        finish();
        resolve(m.output as TaskOutput<N>);
      } else {
        finish();
        reject(new TaskError(m.message, String(name), m.errorName));
      }
    };
    worker.onerror = (e) => {
      finish();
      reject(new TaskError(e.message || 'worker failed to start', String(name), 'WorkerError'));
    };
    const parts = opts.parts ?? [];
    worker.postMessage({ name, input, ...(parts.length ? { parts: parts.length } : {}) }, opts.transfer ?? []);
    void (async () => {
      for (const part of parts) {
        await new Promise((r) => setTimeout(r, 0));
        if (opts.signal?.aborted) return;
        worker.postMessage({ part });
      }
    })();
  });
}
