import { messageInLanguage, userError } from '../../../analysis/user-error.ts';
import { decodeText } from '../decode.ts';
import { parseCsv } from '../foreign/csv.ts';
import { detectHeader, type LedgerTable } from './header.ts';
import { readXlsx, XlsxError } from '../foreign/xlsx.ts';
import type { I18nText } from '../../types.ts';

/** A sheet of an imported ledger file, with its detected table and how the file was read. */
export interface LedgerSheet extends LedgerTable {
  sheet: string;
  format: 'csv' | 'xlsx';
  encoding?: string;
  /** What was done to the sheet's cells on reading (merged cells filled), naming file, sheet and cells. */
  notes: I18nText[];
}

/**
 * The note for merged data cells filled on reading, as the point tables give one
 * (`merged-cells-filled`): file, sheet, each range and the cells filled.
 */
export function mergedCellsNote(file: string, sheet: string, filled: LedgerTable['filledMerges']): I18nText | null {
  if (filled.length === 0) return null;
  const cells = filled.reduce((n, f) => n + f.cells, 0);
  const cols = [...new Set(filled.map((f) => f.column))];
  const shown = filled.slice(0, 10);
  const more = filled.length > shown.length;
  const zh = `${file}，工作表“${sheet}”：${cols.map((c) => `“${c}”`).join('、')}列有合并单元格（${shown.map((f) => f.range).join('、')}${more ? ` 等 ${filled.length} 处` : ''}）；合并格的值已填入它覆盖的每一行，共 ${cells} 格，请核对。`;
  const en = `${file}, sheet "${sheet}": column ${cols.map((c) => `"${c}"`).join(', ')} has merged cells (${shown.map((f) => f.range).join(', ')}${more ? `, ${filled.length} in all` : ''}); the merged value was given to every row it covers, ${cells} cells in all; please check.`;
  return { zh, en };
}

/**
 * Read a ledger file (CSV in UTF-8, UTF-8 with BOM or GBK/GB18030; or XLSX) and find the table in
 * each sheet ({@link detectHeader}). The format is told by the bytes, not the file name.
 * Throws a clear error for an empty file, an old .xls, or a sheet with no table.
 */
export function readLedger(name: string, bytes: Uint8Array): LedgerSheet[] {
  // every error is a userError naming the file (and sheet): Chinese line, then English
  if (bytes.length === 0) throw userError({ zh: `${name}：文件是空的（0 字节）`, en: `${name}: the file is empty (0 bytes)` });
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    let sheets: ReturnType<typeof readXlsx>;
    try {
      sheets = readXlsx(bytes, { name });
    } catch (err) {
      if (err instanceof XlsxError) throw userError({ zh: err.zh, en: err.en });
      throw err;
    }
    const out: LedgerSheet[] = [];
    let firstFailure: Error | null = null;
    for (const s of sheets) {
      if (s.rows.length === 0) continue;
      let table: LedgerTable;
      try {
        table = detectHeader(s.rows, s.merges);
      } catch (err) {
        // a sheet without a table (a cover page, notes) is passed over when another sheet has one
        firstFailure ??= err as Error;
        continue;
      }
      const note = mergedCellsNote(name, s.name, table.filledMerges);
      out.push({ sheet: s.name, format: 'xlsx' as const, ...table, notes: note ? [note] : [] });
    }
    if (out.length === 0) {
      const why = firstFailure ? messageInLanguage(firstFailure.message, 'zh') : '所有工作表都是空的';
      const whyEn = firstFailure ? messageInLanguage(firstFailure.message, 'en') : 'every sheet is empty';
      throw userError({ zh: `${name}：没有可导入的工作表（${why}）`, en: `${name}: no sheet can be imported (${whyEn})` });
    }
    return out;
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw userError({ zh: `${name}：不支持旧版 Excel .xls，请另存为 .xlsx 或 CSV`, en: `${name}: old Excel .xls is not supported; save it as .xlsx or CSV` });
  }
  const { text, encoding } = decodeText(bytes);
  try {
    return [{ sheet: name, format: 'csv', encoding, ...detectHeader(parseCsv(text)), notes: [] }];
  } catch (err) {
    const m = (err as Error).message;
    throw userError({ zh: `${name}：${messageInLanguage(m, 'zh')}`, en: `${name}: ${messageInLanguage(m, 'en')}` });
  }
}
