/// <reference lib="webworker" />
import type { TaskMessage, TaskRequest } from './protocol';
import { collectTransferables } from './transferables';

/**
 * The body of a task worker: runs the named task of `tasks` (name → TaskFn, protocol.ts) for each request and posts its
 * progress, then its output (typed arrays transferred) or its error.
 */
export function serveTasks(tasks: object): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const post = (m: TaskMessage, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
  scope.onmessage = async (e: MessageEvent<TaskRequest>) => {
    const { name, input } = e.data;
    try {
      const task = (tasks as Record<string, ((i: unknown, p: (x: unknown) => void) => unknown) | undefined>)[name];
      if (!task) throw new Error(`unknown task "${name}"`);
      const output = await task(input, (progress) => post({ type: 'progress', progress: progress as never }));
      post({ type: 'done', output }, collectTransferables(output));
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      post({ type: 'error', message: error.message, errorName: error.name });
    }
  };
}
