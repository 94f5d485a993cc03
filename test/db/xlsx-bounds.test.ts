import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { readXlsx, XlsxError } from '../../layers/load/foreign/xlsx.ts';

/**
 * An .xlsx with one sheet named 台账 whose sheet XML (and shared strings) are given as raw text,
 * so malformed and hostile XML can be built by hand.
 */
function createRawXlsx(sheetXml: string, sharedXml?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'xl/workbook.xml': strToU8('<?xml version="1.0"?><workbook xmlns:r="r"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0"?><Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': strToU8(sheetXml),
  };
  if (sharedXml !== undefined) files['xl/sharedStrings.xml'] = strToU8(sharedXml);
  return zipSync(files);
}

const sheet = (body: string, after = '') => `<?xml version="1.0"?><worksheet><sheetData>${body}</sheetData>${after}</worksheet>`;
const TABLE = '<row r="1"><c r="A1" t="inlineStr"><is><t>乡镇</t></is></c><c r="B1" t="inlineStr"><is><t>任务数</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>西河镇</t></is></c><c r="B2"><v>2540</v></c></row>';

function errorOf(fn: () => unknown): XlsxError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(XlsxError);
    return e as XlsxError;
  }
  throw new Error('expected an XlsxError');
}

describe('readXlsx: the table is sized to the cells that hold a value', () => {
  test('a <dimension> of A1:XFD1048576 and an empty styled cell at XFD1048576 do not grow the table', () => {
    const xml = `<?xml version="1.0"?><worksheet><dimension ref="A1:XFD1048576"/><sheetData>${TABLE}<row r="1048576"><c r="XFD1048576" s="3"/></row></sheetData></worksheet>`;
    const [s] = readXlsx(createRawXlsx(xml));
    expect(s.rows).toEqual([
      ['乡镇', '任务数'],
      ['西河镇', '2540'],
    ]);
  });

  test('one value at XFD1048576 beside a small table is refused, naming file, sheet and extent (zh and en)', () => {
    const xml = sheet(`${TABLE}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`);
    const e = errorOf(() => readXlsx(createRawXlsx(xml), { name: '任务表.xlsx' }));
    expect(e.zh).toContain('任务表.xlsx，工作表“台账”');
    expect(e.zh).toContain('1,048,576 行 × 16,384 列（至 XFD1048576）');
    expect(e.en).toContain('任务表.xlsx, sheet "台账": its values span 1,048,576 rows × 16,384 columns (to XFD1048576)');
    expect(e.en).toMatch(/more than the 10,000,000 cells/);
    expect(e.message).toBe(`${e.zh}\n${e.en}`);
  });

  test('the area limit is rows × columns of the used range', () => {
    const cells = Array.from({ length: 100 }, (_, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>${r}</v></c><c r="J${r + 1}"><v>${r}</v></c></row>`).join('');
    expect(readXlsx(createRawXlsx(sheet(cells)), { maxArea: 1000 })[0].rows).toHaveLength(100);
    expect(errorOf(() => readXlsx(createRawXlsx(sheet(cells)), { maxArea: 999 })).en).toMatch(/100 rows × 10 columns \(to J100\)/);
  });

  test('cells out of order and rows without r land where their references say', () => {
    const xml = sheet('<row r="3"><c r="B3"><v>b3</v></c><c r="A3"><v>a3</v></c></row><row><c><v>x</v></c><c><v>y</v></c></row><row r="1"><c r="C1"><v>c1</v></c></row>');
    expect(readXlsx(createRawXlsx(xml))[0].rows).toEqual([
      ['', '', 'c1'],
      ['', '', ''],
      ['a3', 'b3', ''],
      ['x', 'y', ''],
    ]);
  });
});

describe('readXlsx: hostile XML is read in one pass or refused with a clear message', () => {
  test('a sheet cut off inside a tag of 20,000 attributes (no ">"): refused naming the part and offset', () => {
    const xml = `<worksheet><sheetData><row r="1"><c r="A1"${' s="1"'.repeat(20_000)}`;
    const e = errorOf(() => readXlsx(createRawXlsx(xml), { name: 'x.xlsx' }));
    expect(e.en).toMatch(/cannot read x\.xlsx: xl\/worksheets\/sheet1\.xml is cut off or damaged: the tag at character \d+ is never closed/);
    expect(e.zh).toMatch(/标签没有结束/);
  });

  test('50,000 rows and cells whose end tags never come: refused as cut off, not read quadratically', () => {
    const body = Array.from({ length: 50_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v>`).join('');
    const e = errorOf(() => readXlsx(createRawXlsx(`<worksheet><sheetData>${body}`)));
    expect(e.en).toMatch(/it ends with 100002 element\(s\) still open/);
  });

  test('a file cut off inside a comment, a CDATA section or a processing instruction', () => {
    for (const [tail, what] of [
      ['<!-- never ends', 'comment'],
      ['<![CDATA[ never ends', 'CDATA section'],
      ['<?pi never ends', 'processing instruction'],
    ]) {
      expect(errorOf(() => readXlsx(createRawXlsx(sheet(TABLE) + tail))).en).toContain(`the ${what} at character`);
    }
  });

  test('an end tag without a start', () => {
    expect(errorOf(() => readXlsx(createRawXlsx(`${sheet(TABLE)}</worksheet>`))).en).toMatch(/end tag without a start/);
  });

  test('200,000 levels of nesting around a cell: read without recursion', () => {
    const depth = 200_000;
    const xml = sheet(`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>${'<x:ext>'.repeat(depth)}${'</x:ext>'.repeat(depth)}`);
    expect(readXlsx(createRawXlsx(xml))[0].rows).toEqual([['1', '2']]);
  });

  test('a DOCTYPE (entity expansion, "billion laughs") is refused', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>`;
    expect(errorOf(() => readXlsx(createRawXlsx(xml))).en).toMatch(/DOCTYPE/);
  });

  test('a ">" inside a quoted attribute value does not end the tag', () => {
    const xml = sheet('<row r="1" note="a>b"><c r="A1" t="inlineStr"><is><t>x&gt;y &amp; &#x4E2D;</t></is></c><c r="B1"><v>2</v></c></row>');
    expect(readXlsx(createRawXlsx(xml))[0].rows).toEqual([['x>y & 中', '2']]);
  });

  test('300,000 shared strings, rich text and phonetic runs; the last one is found', () => {
    const n = 300_000;
    const si = Array.from({ length: n }, (_, i) => `<si><t>s${i}</t></si>`).join('');
    const shared = `<sst count="${n + 1}">${si}<si><r><t>恒州</t></r><r><rPr><b/></rPr><t>镇</t></r><rPh><t>ヘン</t></rPh></si></sst>`;
    const xml = sheet(`<row r="1"><c r="A1" t="s"><v>${n - 1}</v></c><c r="B1" t="s"><v>${n}</v></c><c r="C1" t="s"><v>${n + 5}</v></c></row>`);
    expect(readXlsx(createRawXlsx(xml, shared))[0].rows).toEqual([[`s${n - 1}`, '恒州镇']]); // C1 points past the table: empty
    expect(errorOf(() => readXlsx(createRawXlsx(xml, shared), { maxCells: 1000, name: 's.xlsx' })).en).toBe('cannot read s.xlsx: more than 1000 shared strings');
  });

  test('overlapping merged ranges covering more than the area limit are refused; a merge beyond the values is clipped', () => {
    const one = '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="A4:XFD1048576"/></mergeCells>';
    const ok = readXlsx(createRawXlsx(sheet(TABLE, one)), { maxArea: 10 })[0];
    expect(ok.merges).toContainEqual({ r0: 3, c0: 0, r1: 1_048_575, c1: 16_383 });
    const many = `<mergeCells>${'<mergeCell ref="A1:B2"/>'.repeat(3)}</mergeCells>`;
    expect(errorOf(() => readXlsx(createRawXlsx(sheet(TABLE, many)), { maxArea: 10 })).en).toMatch(/merged ranges cover 12 cells in all, more than 10/);
    const lots = `<mergeCells>${'<mergeCell ref="A1:A1"/>'.repeat(11)}</mergeCells>`;
    expect(errorOf(() => readXlsx(createRawXlsx(sheet(TABLE, lots)), { maxMerges: 10 })).en).toMatch(/more than 10 merged ranges/);
  });

  test('bad references are named', () => {
    expect(errorOf(() => readXlsx(createRawXlsx(sheet('<row r="1"><c r="AAAA1"><v>1</v></c></row>')))).en).toMatch(/bad cell reference AAAA1/);
    expect(errorOf(() => readXlsx(createRawXlsx(sheet('<row r="0"><c r="A1"><v>1</v></c></row>')))).en).toMatch(/bad row number "0"/);
  });
});
