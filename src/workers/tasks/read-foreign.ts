import { readForeignFiles, type ForeignFile, type ForeignReadResult } from '../../../layers/load/foreign/index';
import { convertOldXls } from '../../../layers/load/foreign/xls';
import type { TaskFn } from '../protocol';

/** Fewest milliseconds between two progress messages (a message per stage of a small file is fine, a flood is not). */
const PROGRESS_EVERY_MS = 100;

/**
 * Worker task: read picked files in foreign formats (Shapefile, zip, KML/KMZ, DXF, point tables …)
 * off the main thread, reporting how far it has got. The main thread cancels by terminating the
 * worker (runTask's signal); nothing is applied to the project by reading.
 * @param input - the files and the user's attribute encoding ('' = automatic)
 */
export const readForeignTask: TaskFn<{ files: ForeignFile[]; encoding?: string }, ForeignReadResult> = async (input, progress) => {
  let last = -Infinity;
  // old .xls files become .xlsx first (SheetJS, loaded only when one is picked)
  const files = await convertOldXls(input.files);
  return readForeignFiles(files, {
    encoding: input.encoding ? { '*': input.encoding } : undefined,
    onProgress: (p) => {
      const now = Date.now();
      if (p.fraction < 1 && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      progress(p);
    },
  });
};
