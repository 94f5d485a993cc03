import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strToU8 } from 'fflate';
import { BOUNDARY_POINT_LIMITS, isBoundaryPointTable, readBoundaryPoints, selfIntersection } from '../../layers/load/foreign/boundary-points.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/import');
function createFile(name: string) {
  return { name, bytes: new Uint8Array(readFileSync(resolve(DIR, name))) };
}
function planarArea(r: number[][]): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return Math.abs(s / 2);
}
function polygonArea(rings: number[][][]): number {
  return planarArea(rings[0]) - rings.slice(1).reduce((a, r) => a + planarArea(r), 0);
}

describe('readBoundaryPoints: 界址点坐标表 (GBK CSV with a title row, and the same table as XLSX)', () => {
  test.each(['界址点坐标表.csv', '界址点坐标表.xlsx'])('%s: one polygon per 地块编号, easting first, hand-checked areas', (name) => {
    const r = readBoundaryPoints(createFile(name));
    expect(r.issues).toEqual([]);
    expect(r.layers).toHaveLength(1);
    const l = r.layers[0];
    expect(l.name).toBe('界址点坐标表');
    expect(l.crs).toBeNull();
    expect(l.fields).toEqual(['地块编号', '用地性质', '亩数', 'point_count']);
    expect(l.features.map((f) => f.properties)).toEqual([
      { 地块编号: 'DK-001', 用地性质: '教育用地', 亩数: '7.5', point_count: 4 },
      { 地块编号: 'DK-002', 用地性质: '住宅', 亩数: '14.4', point_count: 8 },
      { 地块编号: 'DK-003', 用地性质: '商业', 亩数: '1.8', point_count: 3 },
    ]);
    const polys = l.features.map((f) => f.geometry!.coordinates as number[][][]);
    // X = northing, Y = easting: the first point of DK-001 is X 3300000, Y 38500000
    expect(polys[0][0][0]).toEqual([38500000, 3300000]);
    expect(polys[0][0][1]).toEqual([38500100, 3300000]);
    expect(polys.map((p) => p.map((r) => r.length))).toEqual([[5], [5, 5], [4]]);
    expect(polys.map(polygonArea)).toEqual([5000, 9600, 1200]);
  });
});

describe('readBoundaryPoints: the coordinate exchange format (坐标交换格式)', () => {
  test('plot lines give the attributes, 圈号 the rings; X northing, Y easting', () => {
    const r = readBoundaryPoints(createFile('界址点-交换格式.txt'));
    expect(r.issues).toEqual([]);
    const l = r.layers[0];
    expect(l.fields).toEqual(['地块编号', '面积(公顷)', '地块名称', '图幅号', '地块用途', '地类编码', '面积(亩)', 'point_count']);
    expect(l.features.map((f) => f.properties)).toEqual([
      { 地块编号: 'DK-001', '面积(公顷)': '0.5', 地块名称: '城关幼儿园地块', 图幅号: 'H50G001001', 地块用途: '教育用地', 地类编码: '0802', '面积(亩)': '7.5', point_count: 4 },
      { 地块编号: 'DK-002', '面积(公顷)': '0.96', 地块名称: '东关住宅地块', 图幅号: 'H50G001001', 地块用途: '住宅', 地类编码: '0701', '面积(亩)': '14.4', point_count: 8 },
    ]);
    const polys = l.features.map((f) => f.geometry!.coordinates as number[][][]);
    expect(polys[0][0][0]).toEqual([38500000, 3300000]);
    // the stated 0.5 / 0.96 公顷 agree with the rings (5,000 / 9,600 m²), and 1 公顷 = 15 亩
    expect(polys.map(polygonArea)).toEqual([5000, 9600]);
    // 2000国家大地坐标系, 3° zone 38, eastings with the zone number: stated, so the import step need not ask
    expect(l.crs).toEqual({ kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 38500000, zoneWidth: 3, zone: 38 });
  });

  test('a bad coordinate names the line of the file', () => {
    const text = new TextDecoder('gb18030').decode(createFile('界址点-交换格式.txt').bytes).replace('J3,1,3300050.000', 'J3,1,33000X0.000');
    const r = readBoundaryPoints({ name: 'x.txt', bytes: strToU8(text) });
    expect(r.issues[0]).toMatchObject({ code: 'boundary-coordinate', row: 16, field: 'X' });
  });
});

describe('readBoundaryPoints: rings, numbering and bad rows', () => {
  test('errors name the file, row, field and plot id; good plots are kept', () => {
    const r = readBoundaryPoints(createFile('界址点-错误.csv'));
    expect(r.layers[0].features.map((f) => f.properties.地块编号)).toEqual(['DK-103']);
    expect(r.issues.map((i) => [i.code, i.row, i.field])).toEqual([
      ['boundary-coordinate', 9, 'X'],
      ['boundary-points', 2, '地块编号'],
      ['boundary-self-intersection', 6, '地块编号'],
      // DK-103 lost its J2 (not a number), so its numbering J1, J3 skips
      ['boundary-numbering', 10, '地块编号'],
    ]);
    expect(r.issues[1].message.zh).toContain('DK-101');
    expect(r.issues[2].message.zh).toContain('DK-102');
    expect(r.issues[2].message.en).toContain('J3');
  });

  test('a 圈号 column makes the rings; tab-separated text works', () => {
    const t = ['宗地号\t圈号\t点号\tX\tY', 'A\t1\tJ1\t0\t0', 'A\t1\tJ2\t0\t10', 'A\t1\tJ3\t10\t10', 'A\t1\tJ4\t10\t0', 'A\t2\tJ5\t2\t2', 'A\t2\tJ6\t2\t4', 'A\t2\tJ7\t4\t4'].join('\n');
    const r = readBoundaryPoints({ name: 'p.txt', bytes: strToU8(t) });
    expect(r.issues).toEqual([]);
    const rings = r.layers[0].features[0].geometry!.coordinates as number[][][];
    expect(rings.map((x) => x.length)).toEqual([5, 4]);
    expect(polygonArea(rings)).toBe(100 - 2);
    expect(r.layers[0].features[0].properties).toEqual({ 宗地号: 'A', point_count: 7 });
  });

  test('a gap in the J numbering is a warning with the row', () => {
    const t = '地块编号,点号,X,Y\nA,J1,0,0\nA,J2,0,10\nA,J4,10,10\nA,J5,10,0\n';
    const r = readBoundaryPoints({ name: 'p.csv', bytes: strToU8(t) });
    expect(r.layers[0].features).toHaveLength(1);
    expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['warning', 'boundary-numbering', 4]]);
  });

  test('X holding zone-prefixed eastings is flagged as swapped columns', () => {
    const t = '地块编号,点号,X,Y\nA,J1,38500000,3300000\nA,J2,38500010,3300000\nA,J3,38500010,3300010\n';
    expect(readBoundaryPoints({ name: 'p.csv', bytes: strToU8(t) }).issues.map((i) => i.code)).toEqual(['boundary-swapped']);
  });

  test('a table without X/Y columns is one error', () => {
    const r = readBoundaryPoints({ name: 'p.csv', bytes: strToU8('名称,经度\n甲,114\n') });
    expect(r.layers).toEqual([]);
    expect(r.issues[0].code).toBe('boundary-header');
  });

  test('selfIntersection finds a bow tie and passes a square', () => {
    expect(selfIntersection([[0, 0], [10, 10], [10, 0], [0, 10]])).toEqual([0, 2]);
    expect(selfIntersection([[0, 0], [10, 0], [10, 10], [0, 10]])).toBeNull();
  });
});

describe('isBoundaryPointTable: told apart from a surveyed point list', () => {
  const file = (name: string, text: string) => ({ name, bytes: strToU8(text) });
  test.each([
    ['a plot-id column', file('a.csv', '宗地号,点号,X,Y\nA,1,0,0\n'), true],
    ['J numbering without a plot column', file('a.csv', '点号,X,Y\nJ1,0,0\nJ2,0,1\nJ3,1,1\n'), true],
    ['the name', file('某地块界址点.csv', 'x'), true],
    ['a surveyed point list', file('测量点.csv', '点号,X,Y,状态\n1,4274787.486,38563369.872,完好\n'), false],
    ['a list with a plain 编号', file('b.csv', '编号,点号,X,Y\nA,1,0,0\n'), false],
  ])('%s', (_label, f, want) => {
    expect(isBoundaryPointTable(f)).toBe(want);
  });
});

describe('readBoundaryPoints: size and row caps (session 20)', () => {
  /** `head` then `row` repeated `n` times, built in memory by doubling (no file written). */
  function repeated(head: string, row: string, n: number): Uint8Array {
    const h = strToU8(head);
    const r = strToU8(row);
    const out = new Uint8Array(h.length + r.length * n);
    out.set(h, 0);
    out.set(r, h.length);
    let filled = r.length;
    while (filled < r.length * n) {
      const k = Math.min(filled, r.length * n - filled);
      out.copyWithin(h.length + filled, h.length, h.length + k);
      filled += k;
    }
    return out;
  }

  test(`a text table of ${(BOUNDARY_POINT_LIMITS.maxRows + 1).toLocaleString('en-US')} rows is refused naming the file, its rows and the cap (was read row by row)`, () => {
    // header + 5,000,000 corner rows = 5,000,001 lines, 45 MB
    const bytes = repeated('地块编号,点号,X,Y\n', 'A,J1,1,1\n', BOUNDARY_POINT_LIMITS.maxRows);
    const r = readBoundaryPoints({ name: '全县界址点.csv', bytes });
    expect(r.layers).toEqual([]);
    expect(r.issues).toEqual([
      {
        severity: 'error',
        code: 'too-many-rows',
        file: '全县界址点.csv',
        message: {
          zh: '全县界址点.csv：共 5,000,001 行，超过界址点坐标表 5,000,000 行的上限，未读取；请按地块分成几个文件导入',
          en: '全县界址点.csv: 5,000,001 rows, more than the 5,000,000 a boundary-point table may have; it was not read. Split it by plot into several files',
        },
      },
    ]);
  });

  test('a file over 256 MB is refused with its size and the cap before it is decoded', () => {
    const bytes = new Uint8Array(BOUNDARY_POINT_LIMITS.maxBytes + 1);
    bytes.set(strToU8('地块编号,点号,X,Y\nA,J1,1,1\n'));
    const r = readBoundaryPoints({ name: '界址点.txt', bytes });
    expect(r.layers).toEqual([]);
    expect(r.issues.map((i) => [i.code, i.file])).toEqual([['too-large', '界址点.txt']]);
    expect(r.issues[0].message.zh).toBe('界址点.txt：文件过大（256 MB），界址点坐标表上限为 256 MB，未读取；请按地块分成几个文件导入');
    expect(r.issues[0].message.en).toContain('boundary-point tables are limited to 256 MB');
  });

  test('the row count is exact at the cap (last line with or without a line break; CR-only; UTF-16 characters whose byte is 0x0A are no breaks)', () => {
    const limits = { ...BOUNDARY_POINT_LIMITS, maxRows: 5 };
    const table = '地块编号,点号,X,Y\nA,J1,0,0\nA,J2,10,0\nA,J3,10,10\nA,J4,0,10';
    for (const text of [table, `${table}\n`, table.replace(/\n/g, '\r'), `${table.replace(/\n/g, '\r\n')}\r\n`]) {
      const r = readBoundaryPoints({ name: '界址点.csv', bytes: strToU8(text) }, limits);
      expect(r.issues.filter((i) => i.severity === 'error'), JSON.stringify(text)).toEqual([]);
      expect(r.layers[0].features).toHaveLength(1);
    }
    expect(readBoundaryPoints({ name: '界址点.csv', bytes: strToU8(`${table}\nA,J5,5,15`) }, limits).issues.map((i) => i.code)).toEqual(['too-many-rows']);
    // UTF-16LE with a BOM: 上 is U+4E0A (bytes 0A 4E): five lines, not more
    const utf16 = `\ufeff${table.replace('地块编号', '上上上上')}`;
    const le = new Uint8Array(utf16.length * 2);
    for (let i = 0; i < utf16.length; i++) {
      le[2 * i] = utf16.charCodeAt(i) & 0xff;
      le[2 * i + 1] = utf16.charCodeAt(i) >> 8;
    }
    expect(readBoundaryPoints({ name: '界址点.csv', bytes: le }, limits).issues.filter((i) => i.code === 'too-many-rows')).toEqual([]);
  });

  test('a workbook beyond the cell cap is refused naming the file (readXlsx given the boundary-point caps)', () => {
    const r = readBoundaryPoints(createFile('界址点坐标表.xlsx'), { ...BOUNDARY_POINT_LIMITS, maxCells: 10 });
    expect(r.layers).toEqual([]);
    expect(r.issues.map((i) => [i.severity, i.code, i.file])).toEqual([['error', 'boundary-xlsx', '界址点坐标表.xlsx']]);
    expect(r.issues[0].message.zh).toContain('界址点坐标表.xlsx');
  });
});
