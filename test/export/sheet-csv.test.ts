import { describe, expect, test } from 'vitest';
import { sheetCsv } from '../../src/export/sheet-csv';

describe('sheetCsv', () => {
  test('the sheet header and rows as UTF-8 CSV with BOM, numbers as numbers, formulas defused, commas quoted', () => {
    const csv = sheetCsv({ name: '数据', header: ['乡镇', '农户（户）', '备注'], rows: [['恒州镇', 1200, '=1+1'], ['灵山镇', null, 'a,b']] });
    expect(csv).toBe('\uFEFF乡镇,农户（户）,备注\r\n恒州镇,1200,\'=1+1\r\n灵山镇,,"a,b"\r\n');
  });
});
