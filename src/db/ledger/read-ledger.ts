import { decodeText } from '../../../layers/load/decode.ts';
import { parseCsv } from '../../../layers/load/foreign/csv.ts';
import { detectHeader, type LedgerTable } from './header.ts';
import { readXlsx } from '../../../layers/load/foreign/xlsx.ts';

/** A sheet of an imported ledger file, with its detected table and how the file was read. */
export interface LedgerSheet extends LedgerTable {
  sheet: string;
  format: 'csv' | 'xlsx';
  encoding?: string;
}

/**
 * Read a ledger file (CSV in UTF-8, UTF-8 with BOM or GBK/GB18030; or XLSX) and find the table in
 * each sheet ({@link detectHeader}). The format is told by the bytes, not the file name.
 * Throws a clear error for an empty file, an old .xls, or a sheet with no table.
 */
export function readLedger(name: string, bytes: Uint8Array): LedgerSheet[] {
  if (bytes.length === 0) throw new Error(`${name}: file is empty`);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return readXlsx(bytes).flatMap((s) => {
      if (s.rows.length === 0) return [];
      return [{ sheet: s.name, format: 'xlsx' as const, ...detectHeader(s.rows, s.merges) }];
    });
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new Error(`${name}: old Excel .xls is not supported; save it as .xlsx or CSV`);
  }
  const { text, encoding } = decodeText(bytes);
  const rows = parseCsv(text);
  return [{ sheet: name, format: 'csv', encoding, ...detectHeader(rows) }];
}
