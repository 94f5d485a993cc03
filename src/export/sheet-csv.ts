import { toCsv } from '../../analysis/csv-export';
import type { XlsxSheet } from '../../analysis/xlsx-export';
import { downloadText } from '../panels/radii/ui';

/** A workbook sheet as CSV text: UTF-8 with BOM, formula-safe, the same header and rows as the sheet. */
export function sheetCsv(sheet: XlsxSheet): string {
  return toCsv(sheet.header, sheet.rows);
}

/** Saves a sheet as a .csv file. */
export function downloadSheetCsv(name: string, sheet: XlsxSheet): void {
  downloadText(name.endsWith('.csv') ? name : `${name}.csv`, sheetCsv(sheet), 'text/csv;charset=utf-8');
}
