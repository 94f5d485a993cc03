// Ids made of digits in the CSV exports (户号 000123, 18-digit ID-card-like numbers): the session-14
// decision (docs/exports.md) keeps the CSV's text exactly as the data has it — no `="000123"`
// formula, no tab prefix — because its other readers take the cell as written; Excel / WPS users
// get the workbook, where the same ids are text. These tests pin what those readers see.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, test } from 'vitest';
import { toCsv } from '../../analysis/csv-export.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tmp = tempDirs();
const IDS = ['000123', '130634198001011234', '0012345678901234567890', '123'];

describe('digit ids in a CSV export and its workbook', () => {
  test('the CSV cell is the id as written: no formula, apostrophe or tab before it', () => {
    const csv = toCsv(['户号', '人口'], IDS.map((id) => [id, 3]));
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.slice(1, 1 + IDS.length).map((l) => l.split(',')[0])).toEqual(IDS);
  });

  test('DuckDB reads the CSV back with every id exact, as text', async () => {
    const dir = tmp('csv-ids-');
    const file = join(dir, 'uncovered.csv');
    writeFileSync(file, toCsv(['id', 'persons'], IDS.map((id) => [id, 3])));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const r = await c.runAndReadAll(`SELECT id, typeof(id) AS t FROM read_csv('${file.replace(/'/g, "''")}')`);
      expect(r.getRows()).toEqual(IDS.map((id) => [id, 'VARCHAR']));
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
  // the workbook keeping them as text is pinned in hostile-exports-s13.test.ts (read back with SheetJS)
});
