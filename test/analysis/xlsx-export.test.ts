import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { toXlsx, writeXlsxStream, xlsxRowCount, xlsxRows, xlsxSafeText, type XlsxValue } from '../../analysis/xlsx-export.ts';
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

  test("writes a cell's Windows and old-Mac line breaks as Excel's own (LF), which is what every XML reader sees", () => {
    // Found by the LibreOffice peer check (test/bench/xlsx-peer.bench.ts): a literal CR LF in the XML
    // is read as LF by any XML parser (XML 1.0 §2.11), so the file said one thing and our reader another.
    const bytes = toXlsx([{ name: 's', header: ['备注'], rows: [['第一行\r\n第二行'], ['a\rb'], ['c\nd']] }]);
    expect(strFromU8(unzipSync(bytes)['xl/sharedStrings.xml'])).not.toContain('\r');
    expect(openXlsx(bytes).sheets[0].rows.slice(1)).toEqual([['第一行\n第二行'], ['a\nb'], ['c\nd']]);
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

describe('writeXlsxStream: a sheet written as its rows are read', () => {
  const N = 30_000;
  const header = ['编号', '乡镇', '分钟'];
  const make = (i: number): XlsxValue[] => [`H${String(i).padStart(6, '0')}`, i % 3 ? '恒州镇' : '东旺乡', i % 7 === 0 ? null : i / 10];

  test('rows from a generator give the same bytes as the same rows in an array, and the reader finds every row', () => {
    const array = Array.from({ length: N }, (_, i) => make(i));
    const fromArray = toXlsx([{ name: '不可达农户', header, rows: array }]);
    const fromStream = toXlsx([{ name: '不可达农户', header, rows: xlsxRows(N, Array.from({ length: N }, (_, i) => i).values(), make) }]);
    expect(Buffer.from(fromStream).equals(Buffer.from(fromArray))).toBe(true);
    const rows = openXlsx(fromStream).sheets[0].rows;
    expect(rows).toHaveLength(N + 1);
    expect(rows[N]).toEqual([`H0${N - 1}`, '恒州镇', String((N - 1) / 10)]);
    expect(xlsxRowCount(array)).toBe(N);
  });

  test('the file comes out in pieces while the rows are still being read: no whole sheet in memory', () => {
    let read = 0;
    function* rows() {
      for (let i = 0; i < N; i++) {
        read++;
        yield make(i);
      }
    }
    const readAtPiece: number[] = [];
    const pieces: Uint8Array[] = [];
    writeXlsxStream([{ name: 'big', header, rows: { count: N, [Symbol.iterator]: rows } }], (b) => {
      readAtPiece.push(read);
      pieces.push(b);
    });
    expect(read).toBe(N);
    // the first compressed pieces left before the last row was read
    expect(readAtPiece.filter((r) => r < N).length).toBeGreaterThan(1);
    expect(readAtPiece[0]).toBeLessThan(N / 2);
    // and they are the file toXlsx gives
    const all = Buffer.concat(pieces);
    expect(all.equals(Buffer.from(toXlsx([{ name: 'big', header, rows: Array.from({ length: N }, (_, i) => make(i)) }])))).toBe(true);
  });

  test('a row stream that gives fewer or more rows than its count is refused, naming the sheet', () => {
    const few = { count: 3, *[Symbol.iterator]() { yield make(0); yield make(1); } };
    expect(() => toXlsx([{ name: '少', header, rows: few }])).toThrow('toXlsx: sheet "少" gave 2 rows, not the 3 it said');
    const many = { count: 1, *[Symbol.iterator]() { yield make(0); yield make(1); } };
    expect(() => toXlsx([{ name: '多', header, rows: many }])).toThrow('toXlsx: sheet "多" gives more than the 1 rows it said');
  });
});
