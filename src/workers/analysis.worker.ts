/// <reference lib="webworker" />
import { TASKS } from './tasks';
import type { TaskMessage, TaskRequest } from './protocol';
import { collectTransferables } from './transferables';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(m: TaskMessage, transfer: Transferable[] = []): void {
  scope.postMessage(m, transfer);
}

scope.onmessage = async (e: MessageEvent<TaskRequest>) => {
  const { name, input } = e.data;
  try {
    const task = (TASKS as Record<string, (i: unknown, p: (x: unknown) => void) => unknown>)[name];
    if (!task) throw new Error(`unknown task "${name}"`);
    const output = await task(input, (progress) => post({ type: 'progress', progress: progress as never }));
    post({ type: 'done', output }, collectTransferables(output));
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    post({ type: 'error', message: error.message, errorName: error.name });
  }
};
