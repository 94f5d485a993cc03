/// <reference lib="webworker" />
import type { TaskMessage, TaskPart, TaskRequest } from './protocol';
import { collectTransferables } from './transferables';

/**
 * The body of a task worker: runs the named task of `tasks` (name → TaskFn, protocol.ts) for each request and posts its
 * progress, then its output (typed arrays transferred) or its error.
 */
export function serveTasks(tasks: object): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const post = (m: TaskMessage, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
  // a request whose input comes in parts: kept until its last part is in
  let waiting: { name: string; input: unknown; count: number; parts: unknown[] } | null = null;
  const run = async (name: string, input: unknown) => {
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
  scope.onmessage = async (e: MessageEvent<TaskRequest | TaskPart>) => {
    if ('part' in e.data) {
      if (!waiting) return;
      waiting.parts.push(e.data.part);
      if (waiting.parts.length < waiting.count) return;
      const { name, input, parts } = waiting;
      waiting = null;
      await run(name, { ...(input as object), parts });
      return;
    }
    const { name, input, parts } = e.data;
    if (parts && parts > 0) {
      waiting = { name, input, count: parts, parts: [] };
      return;
    }
    await run(name, input);
  };
}
