import { describe, expect, test } from 'vitest';
import { toXlsx, xlsxSafeText } from '../../analysis/xlsx-export.ts';
import { assertWellFormedXml, openXlsx } from '../support/xlsx-check.ts';

function createWorkbook() {
  return toXlsx([
    {
      name: '消火栓缺口',
      header: ['道路', '乡镇', '长度（米）', '起点经度', '在用'],
      rows: [
        ['（未命名道路）', '恒州镇', 120.5, 116.1234567, true],
        ['=HYPERLINK("http://x")', '东旺乡', -3, 116.2, false],
        ['a & b <c> "d"', null, 0, NaN, undefined],
      ],
    },
    { name: '建议新增', header: ['编号', '经度', '纬度'], rows: [['P1', 116.5, 39.25]] },
  ]);
}

describe('toXlsx', () => {
  test('is a zip of well-formed XML parts that the ledger reader opens with every sheet, row and Chinese text', () => {
    const { sheets } = openXlsx(createWorkbook());
    expect(sheets.map((s) => s.name)).toEqual(['消火栓缺口', '建议新增']);
    expect(sheets[0].rows).toEqual([
      ['道路', '乡镇', '长度（米）', '起点经度', '在用'],
      ['（未命名道路）', '恒州镇', '120.5', '116.1234567', 'TRUE'],
      [`'=HYPERLINK("http://x")`, '东旺乡', '-3', '116.2', 'FALSE'],
      ['a & b <c> "d"', '', '0', '', ''],
    ]);
    expect(sheets[1].rows).toEqual([
      ['编号', '经度', '纬度'],
      ['P1', '116.5', '39.25'],
    ]);
  });

  test('stores numbers as numbers and text as shared strings', () => {
    const { sheets, parts } = openXlsx(createWorkbook());
    const c = sheets[0].cells;
    expect(c.get('C2')).toEqual({ t: null, v: '120.5' });
    expect(c.get('C3')).toEqual({ t: null, v: '-3' });
    expect(c.get('D2')).toEqual({ t: null, v: '116.1234567' });
    expect(c.get('E2')).toEqual({ t: 'b', v: '1' });
    expect(c.get('A2')?.t).toBe('s');
    expect(c.has('D4')).toBe(false); // NaN → empty
    expect(parts['xl/sharedStrings.xml']).toContain('（未命名道路）');
  });

  test('prefixes formula-like text with an apostrophe, as the CSV export does', () => {
    for (const s of ['=1+1', '+86', '-x', '@SUM(A1)', '\tx', '\rx']) expect(xlsxSafeText(s)).toBe(`'${s}`);
    expect(xlsxSafeText('恒州镇')).toBe('恒州镇');
    const { parts } = openXlsx(toXlsx([{ name: 'x', header: ['=cmd|calc'], rows: [['@A1']] }]));
    expect(parts['xl/sharedStrings.xml']).toContain(`'=cmd|calc`);
    expect(parts['xl/sharedStrings.xml']).toContain(`'@A1`);
    expect(parts['xl/sharedStrings.xml']).not.toMatch(/<t[^>]*>=/);
  });

  test('makes the header bold and frozen and sets column widths', () => {
    const { sheets, parts } = openXlsx(createWorkbook());
    expect(sheets[0].xml).toContain('state="frozen"');
    expect(sheets[0].xml).toMatch(/<row r="1"><c r="A1" s="1" t="s">/);
    expect(parts['xl/styles.xml']).toMatch(/<font><b\/>/);
    expect([...sheets[0].xml.matchAll(/<col min="(\d+)"[^>]*width="([\d.]+)"/g)].map((m) => Number(m[2]) > 0)).toEqual([true, true, true, true, true]);
  });

  test('cleans sheet names Excel refuses and keeps them unique', () => {
    const { sheets } = openXlsx(
      toXlsx([
        { name: 'a/b:c', header: ['x'], rows: [] },
        { name: 'A/B:C', header: ['x'], rows: [] },
        { name: '很长的名字'.repeat(10), header: ['x'], rows: [] },
      ]),
    );
    expect(sheets.map((s) => s.name)).toEqual(['a_b_c', 'A_B_C (2)', '很长的名字'.repeat(7).slice(0, 31)]);
  });

  test('drops characters XML cannot carry and keeps literal _xHHHH_ text', () => {
    const { sheets } = openXlsx(toXlsx([{ name: 's', header: ['t'], rows: [['a\u0001b_x0041_']] }]));
    expect(sheets[0].rows[1]).toEqual(['ab_x0041_']);
  });

  test('refuses no sheets, an empty header and a row of the wrong length', () => {
    expect(() => toXlsx([])).toThrow(/at least one sheet/);
    expect(() => toXlsx([{ name: 's', header: [], rows: [] }])).toThrow(/non-empty header/);
    expect(() => toXlsx([{ name: 's', header: ['a', 'b'], rows: [[1]] }])).toThrow(/row 2 has 1 cells, header has 2/);
  });

  test('the XML check catches broken XML', () => {
    expect(() => assertWellFormedXml('<a><b></a></b>')).toThrow();
    expect(() => assertWellFormedXml('<a>x & y</a>')).toThrow();
    expect(() => assertWellFormedXml('<a x="1" x="2"/>')).toThrow();
    expect(() => assertWellFormedXml('<a/><b/>')).toThrow();
    // tags without attributes (the checker's quick path) obey the same name rule
    expect(() => assertWellFormedXml('<a><9/></a>')).toThrow(/malformed tag/);
    expect(() => assertWellFormedXml('<a b></a>')).toThrow(/malformed tag/);
    expect(() => assertWellFormedXml('<a x="1" y="2" x="3"/>')).toThrow(/repeated attribute/);
    expect(() => assertWellFormedXml('<a><b  /><c>1</c ></a >')).not.toThrow();
    expect(() => assertWellFormedXml('<?xml version="1.0"?>\n<a x="&amp;">&lt;</a>')).not.toThrow();
  });
});
