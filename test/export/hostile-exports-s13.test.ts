import { describe, expect, test } from 'vitest';
import { fitCellText, toXlsx, XLSX_MAX_CELL_CHARS } from '../../analysis/xlsx-export.ts';
import { toCsv } from '../../analysis/csv-export.ts';
import { openXlsx } from '../support/xlsx-check.ts';

/**
 * Session 13 red-team of the exports: a workbook and a CSV written from hostile or odd attribute
 * text, read back with an independent reader (SheetJS, `@e965/xlsx`, already a dependency for old
 * .xls files) and a plain CSV parser.
 */

/** A plain RFC 4180 parser (quoted fields, doubled quotes, CRLF), independent of our writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

async function sheetJs(bytes: Uint8Array) {
  const XLSX = await import('@e965/xlsx');
  const wb = XLSX.read(bytes, { type: 'array' });
  return { names: wb.SheetNames, rows: (i: number) => XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[i]], { header: 1, raw: true, defval: null }) };
}

const HEADER = ['备注', '数值', '身份证号', '编号', '日期'];

describe('a workbook of hostile text, read back with SheetJS', () => {
  test('a cell longer than Excel allows (32,767 characters) is cut with a note, never past a surrogate pair', async () => {
    const long = '长'.repeat(40_000);
    // emoji (surrogate pairs) from an even and from an odd position: at one of the two the cut falls inside a pair
    const emoji = [0, 1].map((odd) => 'a'.repeat(XLSX_MAX_CELL_CHARS - 200 + odd) + '😀'.repeat(200));
    for (const e of emoji) expect(fitCellText(e)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate at the cut
    const wb = await sheetJs(toXlsx([{ name: '备注', header: HEADER.slice(0, 2), rows: [[long, 1], [emoji[0], 2], [emoji[1], 3], ['短', 4]] }]));
    const rows = wb.rows(0);
    const cells = rows.slice(1, 4).map((r) => r[0] as string);
    for (const c of cells) {
      expect(c.length).toBeLessThanOrEqual(XLSX_MAX_CELL_CHARS);
      expect(c).toMatch(/…（已截断，原文 \d+ 字符 \/ truncated, \d+ characters）$/);
    }
    expect(cells[0].startsWith('长'.repeat(30_000))).toBe(true);
    expect(cells[0]).toContain('40000');
    expect(rows[4]).toEqual(['短', 4]);
  });

  test('formula text gets its apostrophe, numbers stay numbers, long digit ids and dates stay text, control characters and lone surrogates go', async () => {
    const row = ['=HYPERLINK("http://x","点")', -3.5, '130102199001011234', '000123', '2024-01-05'];
    const wb = await sheetJs(toXlsx([{ name: '表', header: HEADER, rows: [row, ['a\u0000b\u0007c\uD800d', 0, '@SUM(A1)', '+86 138', '\t=1']] }]));
    const rows = wb.rows(0);
    expect(rows[0]).toEqual(HEADER);
    expect(rows[1]).toEqual(['\'=HYPERLINK("http://x","点")', -3.5, '130102199001011234', '000123', '2024-01-05']);
    expect(rows[2]).toEqual(['abcd', 0, "'@SUM(A1)", "'+86 138", "'\t=1"]);
  });

  test('sheet names: forbidden characters, 31 characters, duplicates (case-insensitive); an empty result is a header-only sheet', async () => {
    const wb = await sheetJs(
      toXlsx([
        { name: '不可达农户[含]:*?/\\很长很长很长很长很长很长很长很长很长很长', header: HEADER, rows: [] },
        { name: 'Sheet', header: ['x'], rows: [] },
        { name: 'sheet', header: ['x'], rows: [] },
        { name: 'History', header: ['x'], rows: [] },
      ]),
    );
    expect(wb.names[3]).toBe('History_'); // Excel reserves History
    expect(wb.names.every((n) => n.length <= 31 && !/[[\]:*?/\\]/.test(n))).toBe(true);
    expect(new Set(wb.names.map((n) => n.toLowerCase())).size).toBe(4);
    expect(wb.rows(0)).toEqual([HEADER]);
  });
});

describe('a CSV of hostile text, read back with a plain parser', () => {
  test('BOM, CRLF, Chinese header, formula prefix, negative numbers, and the same text as the workbook (control characters dropped in both)', () => {
    const rows = [
      ['=1+1', -3.5, '130102199001011234', '000123', '2024-01-05'],
      ['a\u0000b\u0007c\u001fd', 2, '-x', 'two\r\nlines', ''],
    ];
    const csv = toCsv(HEADER, rows);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.replace(/"[^"]*"/g, '').split('\r\n').length).toBe(4); // every record ends in CRLF, no bare LF
    const back = parseCsv(csv.slice(1));
    expect(back[0]).toEqual(HEADER);
    expect(back[1]).toEqual(["'=1+1", '-3.5', '130102199001011234', '000123', '2024-01-05']);
    expect(back[2]).toEqual(['abcd', '2', "'-x", 'two\r\nlines', '']);
    // the workbook of the same rows carries the same text
    const { sheets } = openXlsx(toXlsx([{ name: 's', header: HEADER, rows }]));
    expect(sheets[0].rows[2][0]).toBe(back[2][0]);
  });

  test('an empty result is the header alone', () => {
    expect(parseCsv(toCsv(HEADER, []).slice(1))).toEqual([HEADER]);
  });
});

describe('a Shapefile of odd field names and values, read back with the npm shapefile reader', () => {
  const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
  const feature = (x: number, properties: Record<string, unknown>) => ({ geometry: { type: 'Point', coordinates: [114.7 + x, 38.6] }, properties });

  test.each(['gbk', 'utf-8'] as const)('%s: names a DBF cannot hold stay distinct and the mapping names the field as written; a text past 254 bytes is cut on a character and counted; a number wider than the field keeps its value', async (encoding) => {
    // @ts-expect-error the package has no type declarations
    const shapefile = await import('shapefile');
    const { writeShapefile } = await import('../../layers/load/foreign/shapefile-write.ts');
    const { unzipSync } = await import('fflate');
    const props = { '名称😀': '甲', '名称😁': '乙', '消防站名称（全称）': '曲阳县消防救援站', '消防站名称（简称）': '曲阳站', 备注: '长'.repeat(200), 面积: 1e20, 小数: 0.123456789012345 };
    const w = writeShapefile([{ name: 'pts', features: [feature(0, props), feature(0.01, { ...props, 备注: '短', 面积: -2.5 })] }], { crs: { kind: 'wgs84' }, encoding });
    const files = unzipSync(w.zip);
    expect(new TextDecoder().decode(files['pts.cpg'])).toBe(encoding === 'gbk' ? 'GBK' : 'UTF-8');
    const fc = (await shapefile.read(buf(files['pts.shp']), buf(files['pts.dbf']), { encoding })) as { features: { properties: Record<string, unknown> }[] };
    const names = w.fieldNames.pts;
    // every property has its own field, and the field the mapping names is the one in the file
    expect(new Set(Object.values(names).map((n) => n.toUpperCase())).size).toBe(Object.keys(props).length);
    expect(Object.keys(fc.features[0].properties).sort()).toEqual(Object.values(names).sort());
    const got = (i: number, k: string) => fc.features[i].properties[names[k]];
    expect([got(0, '名称😀'), got(0, '名称😁'), got(1, '消防站名称（简称）')]).toEqual(['甲', '乙', '曲阳站']);
    const note = String(got(0, '备注'));
    expect(note).toMatch(/^长+$/); // cut on a character, no half a character
    expect(new TextEncoder().encode(note).length).toBeLessThanOrEqual(encoding === 'gbk' ? 254 * 1.5 : 254);
    expect(w.truncated).toEqual({ pts: { 备注: 1 } });
    expect(got(0, '面积')).toBe(1e20); // was cut to 19 digits: 1e18
    expect(got(1, '面积')).toBe(-2.5);
    expect(got(0, '小数')).toBeCloseTo(0.123456789012345, 14);
  });
});
