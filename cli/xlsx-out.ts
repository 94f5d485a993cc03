import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hydrantGapPlaces, villageCentres } from '../analysis/hydrant-gap-places.ts';
import type { HydrantGapsResult } from '../analysis/hydrant-gaps.ts';
import type { PlotReviewResult } from '../analysis/plot-review.ts';
import { toXlsx, type XlsxSheet } from '../analysis/xlsx-export.ts';
import type { Project } from '../layers/types.ts';
import { hydrantSheets } from '../src/export/hydrant-sheets.ts';
import { plotSheets } from '../src/export/plot-sheets.ts';
import { fcOf, householdsOf } from './radii-util.ts';

/**
 * Write a workbook beside a command's JSON and CSV (the same sheets as the app's 导出 Excel,
 * Chinese headers with units). Quiet: the command's own summary line stays as it was.
 * @returns the file name written
 */
export function writeXlsx(dir: string, name: string, sheets: XlsxSheet[]): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), toXlsx(sheets));
  return name;
}

/** hydrants.xlsx: summary, gaps located (township, lon/lat, where an unnamed road is), spacing, proposals, by road, broken. */
export function writeHydrantsXlsx(dir: string, project: Project, r: HydrantGapsResult): string {
  const places = hydrantGapPlaces(r.gapsGeoJson, { townships: fcOf(project.layers.townships), roads: fcOf(project.layers.roads), villages: villageCentres(householdsOf(project)) });
  return writeXlsx(dir, 'hydrants.xlsx', hydrantSheets(r, places, 'zh'));
}

/** plot-review.xlsx: summary, plot by plot with full ids and use labels, findings. */
export function writePlotsXlsx(dir: string, r: PlotReviewResult): string {
  return writeXlsx(dir, 'plot-review.xlsx', plotSheets(r, 'zh'));
}
