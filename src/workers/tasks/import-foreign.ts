import { importForeign, type ForeignImportResult, type ForeignLayer, type ImportTarget, type LoadedProject } from '../../../layers/load/foreign/index';
import type { TaskFn } from '../protocol';

/**
 * Worker task: the import step (convert, map fields, run every contract check, add or replace) off
 * the main thread. Pure like importForeign: the result is applied only by the caller.
 */
export const importForeignTask: TaskFn<{ current: LoadedProject | null; foreign: ForeignLayer[]; targets: ImportTarget[] }, ForeignImportResult> = (input, progress) => {
  progress({ fraction: 0, stage: 'import' });
  return importForeign(input.current, input.foreign, input.targets);
};
