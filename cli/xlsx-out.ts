import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { HydrantGapRow } from '../analysis/hydrant-gap-places.ts';
import type { HydrantGapsResult } from '../analysis/hydrant-gaps.ts';
import type { PlotReviewResult } from '../analysis/plot-review.ts';
import { writeXlsxStream, xlsxRowCount, type XlsxStreamSheet } from '../analysis/xlsx-export.ts';
import { partialName } from './stream-write.ts';
import { hydrantSheets } from '../src/export/hydrant-sheets.ts';
import { plotSheets } from '../src/export/plot-sheets.ts';
import { ABOUT_PARAMS, aboutSheet } from '../src/export/about-sheet.ts';
import type { Project } from '../layers/types.ts';
import { checkParams, fromCli, fromProject } from '../analysis/params.ts';

/** What a command's workbook was computed from, for its 说明 sheet: the project (under its scenario) and the command's options. */
export interface CliAbout {
  project: Project;
  scenario: string | null;
  options: Record<string, string>;
}

/**
 * Write a workbook beside a command's JSON and CSV (the same sheets as the app's 导出 Excel,
 * Chinese headers with units), ending with the 说明 sheet as the app's (project, scenario, the
 * parameters not at their defaults — no time, so that the same input gives the same file).
 * Written as it is made (writeXlsxStream: rows given as a stream never exist whole in memory)
 * under `.<name>.partial`, renamed when complete, so a run that dies leaves no truncated
 * workbook. Quiet: the command's own summary line stays as it was.
 * @returns the file name written
 */
export function writeXlsx(dir: string, name: string, sheets: XlsxStreamSheet[], about?: CliAbout): string {
  mkdirSync(dir, { recursive: true });
  // checkParams never throws: a project.json value refused for another analysis (its own command says so) must not stop this file
  const last = about ? [aboutSheet({ title: name.replace(/\.xlsx$/, ''), project: about.project.name, scenario: about.scenario, params: checkParams<Record<string, unknown>>(ABOUT_PARAMS, fromProject(about.project.params), fromCli(about.options)).values, defs: ABOUT_PARAMS }, 'zh')] : [];
  const tmp = join(dir, partialName(name));
  const fd = openSync(tmp, 'w');
  try {
    writeXlsxStream(
      [...sheets, ...last].map((s) => fitSheet(name, s)),
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
export function writeHydrantsXlsx(dir: string, r: HydrantGapsResult, places: HydrantGapRow[], about?: CliAbout): string {
  return writeXlsx(dir, 'hydrants.xlsx', hydrantSheets(r, places, 'zh'), about);
}

/** plot-review.xlsx: summary, plot by plot with full ids and use labels, findings. */
export function writePlotsXlsx(dir: string, r: PlotReviewResult, about?: CliAbout): string {
  return writeXlsx(dir, 'plot-review.xlsx', plotSheets(r, 'zh'), about);
}
