import type { ForeignFile } from './types';
import { xlsKind } from './point-table';

/**
 * Old Excel files (.xls, Excel 97–2003, BIFF8 in a compound file) are turned into .xlsx bytes by
 * SheetJS (the npm republish `@e965/xlsx`, maintained; loaded only when such a file is picked, so
 * the app and the CLI never load it otherwise), keeping the file's name. The point-table reader then
 * reads them as it reads any .xlsx named .xls: the same sheets, header detection, coordinate columns
 * and per-row messages. A file that SheetJS cannot read stays as it was, and the reader reports it
 * as an old .xls it cannot read, with the advice to save it as .xlsx.
 * @param files - the picked files (returned unchanged when none is an old .xls)
 * @returns the files, each old .xls replaced by its .xlsx bytes under the same name
 */
export async function convertOldXls(files: readonly ForeignFile[]): Promise<ForeignFile[]> {
  const old = files.filter((f) => /\.xlsx?$/i.test(f.name) && xlsKind(f.bytes) === 'biff');
  if (old.length === 0) return [...files];
  const XLSX = await import('@e965/xlsx');
  return files.map((f) => {
    if (!old.includes(f)) return f;
    try {
      const wb = XLSX.read(f.bytes, { type: 'array', cellDates: false, cellFormula: false, cellHTML: false, cellStyles: false, cellNF: true, dense: true });
      const out = XLSX.write(wb, { bookType: 'xlsx', type: 'array', compression: true }) as ArrayBuffer;
      return { ...f, bytes: new Uint8Array(out) };
    } catch {
      return f;
    }
  });
}
