import { describe, expect, test } from 'vitest';
import { csvCell, toCsv } from '../../analysis/csv-export.ts';

describe('csvCell', () => {
  test('prefixes text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+86 123')).toBe("'+86 123");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
  });

  test('keeps numbers (negative too) as numbers and blanks missing values', () => {
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  test('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('东旺乡')).toBe('东旺乡');
  });
});

describe('toCsv', () => {
  test('writes a BOM, a header and CRLF rows', () => {
    const text = toCsv(['id', 'township'], [['H1', '恒州镇'], ['H2', '=1+1']]);
    expect(text).toBe('\uFEFFid,township\r\nH1,恒州镇\r\nH2,\'=1+1\r\n');
  });

  test('can leave out the BOM and use LF', () => {
    expect(toCsv(['a'], [[1]], { bom: false, newline: '\n' })).toBe('a\n1\n');
  });

  test('rejects a row with the wrong number of cells, naming the line', () => {
    expect(() => toCsv(['a', 'b'], [[1, 2], [3]])).toThrow(/row 3/);
  });

  test('rejects an empty header', () => {
    expect(() => toCsv([], [])).toThrow(/header/);
  });
});
