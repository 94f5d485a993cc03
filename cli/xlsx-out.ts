import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { HydrantGapRow } from '../analysis/hydrant-gap-places.ts';
import type { HydrantGapsResult } from '../analysis/hydrant-gaps.ts';
import type { PlotReviewResult } from '../analysis/plot-review.ts';
import { writeXlsxStream, xlsxRowCount, type XlsxStreamSheet } from '../analysis/xlsx-export.ts';
import { partialName } from './stream-write.ts';
import { hydrantSheets } from '../src/export/hydrant-sheets.ts';
import { plotSheets } from '../src/export/plot-sheets.ts';

/**
 * Write a workbook beside a command's JSON and CSV (the same sheets as the app's 导出 Excel,
 * Chinese headers with units). Written as it is made (writeXlsxStream: rows given as a stream
 * never exist whole in memory) under `.<name>.partial`, renamed when complete, so a run that dies
 * leaves no truncated workbook. Quiet: the command's own summary line stays as it was.
 * @returns the file name written
 */
export function writeXlsx(dir: string, name: string, sheets: XlsxStreamSheet[]): string {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, partialName(name));
  const fd = openSync(tmp, 'w');
  try {
    writeXlsxStream(
      sheets.map((s) => fitSheet(name, s)),
      (bytes) => void writeSync(fd, bytes),
    );
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, join(dir, name));
  return name;
}

/** Data rows one Excel sheet holds (1,048,576 rows less the header). */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

/**
 * A sheet longer than Excel allows is replaced by one saying so (the command's CSV has every row),
 * and the CLI says it on stderr: never a workbook that Excel refuses, never rows dropped silently.
 */
function fitSheet(file: string, s: XlsxStreamSheet): XlsxStreamSheet {
  const n = xlsxRowCount(s.rows);
  if (n <= XLSX_MAX_DATA_ROWS) return s;
  const zh = `此表有 ${n} 行，超过 Excel 每表 ${XLSX_MAX_DATA_ROWS} 行的上限，未写入；全部数据见同名 CSV 文件。`;
  const en = `This sheet has ${n} rows, more than Excel's ${XLSX_MAX_DATA_ROWS} per sheet, so it was not written; the CSV file has every row.`;
  console.error(`${file}: ${s.name}: ${zh}\n${file}: ${s.name}: ${en}`);
  return { name: s.name, header: ['说明 / Note'], rows: [[zh], [en]] };
}

/** hydrants.xlsx: summary, gaps located (township, lon/lat, where an unnamed road is), spacing, proposals, by road, broken. */
export function writeHydrantsXlsx(dir: string, r: HydrantGapsResult, places: HydrantGapRow[]): string {
  return writeXlsx(dir, 'hydrants.xlsx', hydrantSheets(r, places, 'zh'));
}

/** plot-review.xlsx: summary, plot by plot with full ids and use labels, findings. */
export function writePlotsXlsx(dir: string, r: PlotReviewResult): string {
  return writeXlsx(dir, 'plot-review.xlsx', plotSheets(r, 'zh'));
}
