// Import leftovers of session 13 and a fresh red team of the readers (session 14): a households.csv
// of a project folder (loadProject) and the import step's readers (readForeignFiles) on table habits
// and files nobody had tried.
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { detectLayerOffset, importForeign, readForeignFiles, suggestTargets, toContractCollection } from '../../layers/load/foreign/index.ts';
import { LAYERS } from '../../layers/index.ts';
import { writeShapefile } from '../../layers/load/foreign/shapefile-write.ts';
import { codes, households } from '../support/households-csv.ts';


/** A point table read by the import step. */
function pointTable(name: string, text: string) {
  return readForeignFiles([{ name, bytes: strToU8(text) }]);
}

/** `n` rows of 说明 text, one cell each, as a long title block. */
function titleBlock(n: number): string {
  return Array.from({ length: n }, (_, i) => `说明${i + 1}：本表由乡镇填报，坐标为 CGCS2000 经纬度……`).join('\n') + '\n';
}

describe('a units row under a header whose coordinates are one column (坐标 / 经纬度 / WKT)', () => {
  test('households.csv: `,度,人` under 经纬度, `WGS84` under WKT, （度） under 坐标 are skipped with a note (was: a rejected household with a bad-coordinate error)', () => {
    for (const [text, row] of [
      ['id,经纬度,persons\n,度,人\nA1,"114.75,38.6",3\n', 2],
      ['WKT,id\nWGS84,\n"POINT (114.75 38.6)",A1\n', 2],
      ['id,坐标,persons\n,（度）,（人）\nA1,"114.75,38.6",3\n', 2],
      ['id,经纬度\n,"度,度"\nA1,"114.75,38.6"\n', 2],
    ] as const) {
      const { h, counts, issues } = households(text);
      expect(counts, text).toEqual({ read: 1, loaded: 1, rejected: 0, unlocated: 0 });
      expect(h.ids).toEqual(['A1']);
      expect(issues.map((i) => [i.severity, i.code, i.row]), text).toEqual([['info', 'units-row', row]]);
    }
  });

  test('the point table: the same units row is not a feature without a position (was: a feature and a bad-coordinate warning)', () => {
    const r = pointTable('消火栓.csv', '编号,坐标\n,度\nH1,"114.75,38.6"\n');
    expect(r.layers[0].features.map((f) => [f.properties['编号'], f.geometry?.coordinates])).toEqual([['H1', [114.75, 38.6]]]);
    expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['info', 'units-row', 2]]);
  });

  test('only right under the header: a unit word further down is a bad row, said as such', () => {
    expect(codes(households('id,经纬度\nA1,"114.75,38.6"\nA2,度\n').issues, 'bad-coordinate').map((i) => i.row)).toEqual([3]);
    expect(pointTable('消火栓.csv', '编号,坐标\nH1,"114.75,38.6"\nH2,度\n').issues.map((i) => [i.code, i.row])).toEqual([['bad-coordinate', 3]]);
  });
});

describe('a header below row 20 (a long title block of 说明 rows)', () => {
  test('households.csv: 25 rows of 说明, then the header: read, with the rows above named (was: every row unplaced, the 说明 rows read as households)', () => {
    const { h, counts, issues } = households(titleBlock(25) + 'id,lon,lat,persons\nA1,114.75,38.6,3\nA2,114.76,38.61,2\n');
    expect(counts).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
    expect(h.ids).toEqual(['A1', 'A2']);
    expect(issues.map((i) => [i.severity, i.code, i.row])).toEqual([['info', 'rows-above-header', 26]]);
    expect(issues[0].message.zh).toContain('第 1–25 行');
  });

  test('households.csv: a 坐标 header at row 31 is found too; one naming lon and lat within the first 20 rows still wins over it', () => {
    expect(households(titleBlock(30) + 'id,坐标\nA1,"114.75,38.6"\n').h.ids).toEqual(['A1']);
    // a data row far down that happens to name x and y is not taken for the header of a 坐标 table
    const rows = Array.from({ length: 40 }, (_, i) => `A${i},"114.75,38.6",${i === 30 ? 'x,y' : 'a,b'}`).join('\n');
    const { counts } = households(`id,坐标,c1,c2\n${rows}\n`);
    expect(counts).toEqual({ read: 40, loaded: 40, rejected: 0, unlocated: 0 });
  });

  test('the point table: 25 rows of 说明 then 编号,经度,纬度 (was: no coordinate columns, quoting 说明1 as the header)', () => {
    const r = pointTable('消火栓.csv', titleBlock(25) + '编号,经度,纬度\nH1,114.75,38.6\n');
    expect(r.layers[0].features.map((f) => f.geometry?.coordinates)).toEqual([[114.75, 38.6]]);
    expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['info', 'rows-above-header', 26]]);
  });

  test('no header in the first 200 rows: refused naming the file and where the header was looked for, never read silently', () => {
    const r = pointTable('消火栓.csv', titleBlock(205) + '编号,经度,纬度\nH1,114.75,38.6\n');
    expect(r.layers).toEqual([]);
    expect(r.issues.map((i) => [i.severity, i.code])).toEqual([['error', 'no-coordinate-columns']]);
    expect(r.issues[0].message.zh).toContain('消火栓.csv');
    expect(r.issues[0].message.zh).toContain('前 200 行');
    expect(r.issues[0].message.en).toContain('first 200 rows');
    const { issues } = households(titleBlock(205) + 'id,lon,lat\nA1,114.75,38.6\n');
    const [e] = codes(issues, 'no-coordinates');
    expect(e.severity).toBe('error');
    expect(e.message.zh).toContain('households.csv');
    expect(e.message.zh).toContain('前 200 行');
    expect(e.message.en).toContain('first 200 rows');
  });
});

describe('the point table names the rows above its header, as households.csv does', () => {
  test('a title and a 填报单位 row above the header: info rows-above-header at the header row (was: nothing said)', () => {
    const r = pointTable('消火栓.csv', '某某县消火栓台账\n填报单位：某镇,,填报日期：2024年3月\n编号,经度,纬度\nH1,114.75,38.6\n');
    expect(r.layers[0].features).toHaveLength(1);
    expect(r.issues.map((i) => [i.severity, i.code, i.file, i.row])).toEqual([['info', 'rows-above-header', '消火栓.csv', 3]]);
    expect(r.issues[0].message.zh).toContain('第 1–2 行在表头（第 3 行）之上');
  });

  test('no note for a file whose header comes first', () => {
    expect(pointTable('消火栓.csv', '编号,经度,纬度\nH1,114.75,38.6\n').issues).toEqual([]);
  });

  test("a two-row header (编号 over an empty cell, 坐标 over 经度/纬度): the upper row is read as part of the header, and only a title above it is named as skipped", () => {
    const r = pointTable('消火栓.csv', '消火栓台账\n编号,坐标,\n,经度,纬度\nH1,114.75,38.6\n');
    expect(r.layers[0].features.map((f) => [f.properties['编号'], f.geometry?.coordinates])).toEqual([['H1', [114.75, 38.6]]]);
    const notes = r.issues.filter((i) => i.code === 'rows-above-header');
    expect(notes.map((i) => [i.severity, i.row])).toEqual([['info', 3]]);
    expect(notes[0].message.zh).toContain('第 1 行');
    expect(notes[0].message.zh).toContain('表头（第 2–3 行）');
  });
});

describe('red team of the readers: files nobody had tried', () => {
  /** A one-plot Shapefile (GBK attributes) as the writer makes it, with its .prj replaced by `prj`. */
  function plotShapefile(prj: string, drop: string[] = []) {
    const poly = { geometry: { type: 'Polygon', coordinates: [[[114.7, 38.6], [114.71, 38.6], [114.71, 38.61], [114.7, 38.6]]] }, properties: { 编号: 'D1', 名称: '北关地块' } };
    const files = unzipSync(writeShapefile([{ name: 'plots', features: [poly] }], { crs: { kind: 'wgs84' }, encoding: 'gbk' }).zip);
    return Object.entries(files)
      .filter(([n]) => !drop.some((d) => n.endsWith(d)))
      .map(([name, bytes]) => ({ name, bytes: name.endsWith('.prj') ? strToU8(prj) : bytes }));
  }
  const GCS = (name: string, datum: string) => `GEOGCS["${name}",DATUM["${datum}",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`;

  test('a .prj naming GCJ-02 or BD-09 over the WGS 84 ellipsoid is read as that offset, so the import asks to convert — for a polygon layer too (was: plain WGS 84, ~500 m off, nothing asked)', () => {
    for (const [prj, datum, suggest] of [
      [GCS('GCS_GCJ_02', 'D_GCJ_02'), 'GCJ02', 'gcj02'],
      [GCS('GCJ02', 'WGS_1984'), 'GCJ02', 'gcj02'],
      [GCS('BD09', 'BD09'), 'BD09', 'bd09'],
      [GCS('GCS_Baidu_BD09', 'D_WGS_1984'), 'BD09', 'bd09'],
    ] as const) {
      const r = readForeignFiles(plotShapefile(prj));
      expect(r.layers[0].crs, prj).toEqual({ kind: 'lonlat', datum });
      const [t] = suggestTargets(r.layers, null);
      expect(detectLayerOffset(r.layers[0], { ...t, layer: 'reservePlots' }, null)?.suggest, prj).toBe(suggest);
    }
    // a plain WGS 84 .prj is not asked about without roads to compare with
    const plain = readForeignFiles(plotShapefile(GCS('GCS_WGS_1984', 'D_WGS_1984')));
    expect(plain.layers[0].crs).toEqual({ kind: 'lonlat', datum: 'WGS84' });
    expect(detectLayerOffset(plain.layers[0], { ...suggestTargets(plain.layers, null)[0], layer: 'reservePlots' }, null)).toBeNull();
  });

  test('a GeoJSON `crs` naming GCJ-02 is asked about too', () => {
    const gj = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'GCJ02' } }, features: [{ type: 'Feature', properties: { 编号: 'H1' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } }] };
    const r = readForeignFiles([{ name: '高德标注.geojson', bytes: strToU8(JSON.stringify(gj)) }]);
    expect(r.layers[0].crs).toEqual({ kind: 'lonlat', datum: 'GCJ02' });
  });

  test("a GeoJSON `crs` of Xi'an 1980 or Beijing 1954 Gauss-Krüger (EPSG:2383, 2364, 2435) is converted, with the datum warning (was: unknown CRS, and the projected-coordinates message suggested CGCS2000 EPSG:4547)", () => {
    const at = (code: string, x: number, y: number) => {
      const gj = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: code } }, features: [{ type: 'Feature', properties: { 编号: 'H1', 类型: '消火栓', 状态: '完好' }, geometry: { type: 'Point', coordinates: [x, y] } }] };
      const r = readForeignFiles([{ name: '消火栓.geojson', bytes: strToU8(JSON.stringify(gj)) }]);
      const res = importForeign(null, r.layers, [{ source: r.layers[0].source, layer: 'hydrants', mode: 'replace' }]);
      const d = res.project.layers.hydrants;
      if (d.kind !== 'geojson') throw new Error('geojson');
      return { crs: r.layers[0].crs, p: d.data.features[0]?.geometry, issues: res.report.issues };
    };
    const cm = at('urn:ogc:def:crs:EPSG::2383', 500_000, 4_272_000);
    expect(cm.crs).toEqual({ kind: 'gauss-kruger', datum: 'Xian1980', centralMeridian: 114, falseEasting: 500_000, zoneWidth: 3 });
    const [lon, lat] = (cm.p as { coordinates: number[] }).coordinates;
    expect(lon).toBeCloseTo(114, 6);
    expect(lat).toBeGreaterThan(38.5);
    expect(lat).toBeLessThan(38.7);
    expect(cm.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(cm.issues.some((i) => i.message.zh.includes('西安 1980') && i.message.zh.includes('基准'))).toBe(true);
    // zone 40 with the zone number in the false easting; Beijing 1954 CM 114E
    expect(at('EPSG:2364', 40_500_000, 4_272_000).crs).toMatchObject({ datum: 'Xian1980', centralMeridian: 120, zone: 40, falseEasting: 40_500_000 });
    expect(at('EPSG:2435', 500_000, 4_272_000).crs).toMatchObject({ datum: 'Beijing1954', centralMeridian: 114, falseEasting: 500_000 });
    // 6° zones: Beijing 1954 zone 19 (CM 111°E) and CM 81°E, Xi'an 1980 CM 93°E
    expect(at('EPSG:21419', 19_500_000, 4_272_000).crs).toMatchObject({ datum: 'Beijing1954', centralMeridian: 111, zone: 19, zoneWidth: 6, falseEasting: 19_500_000 });
    expect(at('EPSG:21454', 500_000, 4_272_000).crs).toMatchObject({ datum: 'Beijing1954', centralMeridian: 81, zoneWidth: 6, falseEasting: 500_000 });
    expect(at('EPSG:2341', 500_000, 4_272_000).crs).toMatchObject({ datum: 'Xian1980', centralMeridian: 93, zoneWidth: 6 });
  });
});

describe('red team: a DXF whose plots are blocks (INSERT)', () => {
  const SQUARE = '0\nLWPOLYLINE\n5\nS1\n8\n0\n70\n1\n10\n0\n20\n0\n10\n10\n20\n0\n10\n10\n20\n10\n10\n0\n20\n10\n0\nTEXT\n8\n0\n10\n5\n20\n5\n1\nDK-1\n';
  /** A half-disc: from (0,0) to (10,0) straight, back along an arc of bulge 1 through (5,-5). */
  const ARC = '0\nLWPOLYLINE\n5\nA1\n8\n0\n70\n1\n10\n0\n20\n0\n42\n1\n10\n10\n20\n0\n';
  function dxf(blocks: string, entities: string): Uint8Array {
    return strToU8(`0\nSECTION\n2\nBLOCKS\n${blocks}0\nENDSEC\n0\nSECTION\n2\nENTITIES\n${entities}0\nENDSEC\n0\nEOF\n`);
  }
  const block = (name: string, base: [number, number], body: string) => `0\nBLOCK\n8\n0\n2\n${name}\n70\n0\n10\n${base[0]}\n20\n${base[1]}\n${body}0\nENDBLK\n8\n0\n`;
  const insert = (name: string, layer: string, handle: string, at: [number, number], extra = '') => `0\nINSERT\n5\n${handle}\n8\n${layer}\n2\n${name}\n10\n${at[0]}\n20\n${at[1]}\n${extra}`;
  const ring = (l: { features: { geometry: { coordinates: unknown } | null }[] }, i: number) => (l.features[i].geometry!.coordinates as number[][][])[0];
  const box = (pts: number[][]) => [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];

  test('each INSERT places the block: insertion point, base point, scale and rotation; layer 0 takes the INSERT layer; texts go with it (was: nothing read, "no features")', () => {
    const r = readForeignFiles([
      {
        name: '宗地块.dxf',
        bytes: dxf(
          block('ZD1', [0, 0], SQUARE),
          insert('ZD1', '宗地', 'I1', [38_500_000, 4_272_000]) + insert('ZD1', '宗地', 'I2', [38_500_100, 4_272_000], '41\n2\n42\n2\n50\n90\n'),
        ),
      },
    ]);
    expect(r.layers.map((l) => [l.name, l.geometry, l.features.length])).toEqual([['宗地', 'Polygon', 2]]);
    const l = r.layers[0];
    const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-6);
    expect(close(box(ring(l, 0)), [38_500_000, 4_272_000, 38_500_010, 4_272_010])).toBe(true);
    // scaled 2 and turned 90° counter-clockwise about the insertion point
    expect(close(box(ring(l, 1)), [38_500_080, 4_272_000, 38_500_100, 4_272_020])).toBe(true);
    expect(l.features.map((f) => [f.properties.layer, f.properties.handle, f.properties.label])).toEqual([
      ['宗地', 'I1/S1', 'DK-1'],
      ['宗地', 'I2/S1', 'DK-1'],
    ]);
    expect(r.issues.map((i) => [i.severity, i.code])).toEqual([['info', 'dxf-blocks']]);
  });

  test('a closed polyline of two vertices joined by bulges (a half disc; CAD draws circles so) is a plot (was: refused as 2 distinct points)', () => {
    const r = readForeignFiles([{ name: '圆.dxf', bytes: dxf('', ARC.replace('8\n0\n', '8\n地块\n')) }]);
    expect(r.layers.map((l) => [l.name, l.features.length])).toEqual([['地块', 1]]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('a bulge inside a block, a base point off the origin, a block inside a block, a mirrored insert', () => {
    const r = readForeignFiles([
      {
        name: '块.dxf',
        bytes: dxf(
          block('ARC', [5, 0], ARC) + block('TWO', [0, 0], insert('ARC', '0', 'N1', [0, 0]) + insert('ARC', '0', 'N2', [100, 0])),
          insert('TWO', '地块', 'T1', [1000, 2000]) + insert('ARC', '地块', 'M1', [0, 0], '41\n-1\n'),
        ),
      },
    ]);
    const l = r.layers[0];
    expect(l.features.map((f) => f.properties.handle)).toEqual(['T1/N1/A1', 'T1/N2/A1', 'M1/A1']);
    // the half disc: its base (5,0) at the insertion point, the arc below through y = -5
    const [x0, y0, x1, y1] = box(ring(l, 0));
    expect([x0, y0, x1, y1].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([995, 1995, 1005, 2000]);
    expect(box(ring(l, 1))[0]).toBeCloseTo(1095, 6);
    // mirrored in x: still the half disc around the insertion point, below it
    expect(box(ring(l, 2)).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([-5, -5, 5, 0]);
  });

  test('a block that inserts itself stops at a depth, and an INSERT of a block not defined is still named as not read', () => {
    const r = readForeignFiles([{ name: '环.dxf', bytes: dxf(block('SELF', [0, 0], SQUARE + insert('SELF', '0', 'R', [20, 0])), insert('SELF', '地块', 'X', [0, 0]) + insert('NONE', '地块', 'Y', [0, 0])) }]);
    expect(r.layers[0].features.length).toBe(8);
    const skipped = r.issues.find((i) => i.code === 'dxf-skipped');
    expect(skipped?.message.en).toContain('INSERT × 1');
    expect(skipped?.message.en).toContain('INSERT (> 8 levels of blocks) × 1');
  });
});

describe('red team: an .xlsx with merged cells in the data', () => {
  test('a township merged down over its households gives each of them the township, with an info note (was: the township only on the first row)', async () => {
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([
      ['户编号', '乡镇', '村', '经度', '纬度', '人口'],
      ['A1', '恒州镇', '东关村', 114.75, 38.6, 3],
      ['A2', null, null, 114.76, 38.61, 2],
      ['A3', null, '西关村', 114.77, 38.62, 4],
      ['A4', '羊平镇', '北村', 114.78, 38.63, 5],
    ]);
    ws['!merges'] = [
      { s: { r: 1, c: 1 }, e: { r: 3, c: 1 } },
      { s: { r: 1, c: 2 }, e: { r: 2, c: 2 } },
    ];
    XLSX.utils.book_append_sheet(wb, ws, '农户');
    const r = readForeignFiles([{ name: '农户台账.xlsx', bytes: new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer) }]);
    expect(r.layers[0].features.map((f) => [f.properties['户编号'], f.properties['乡镇'], f.properties['村']])).toEqual([
      ['A1', '恒州镇', '东关村'],
      ['A2', '恒州镇', '东关村'],
      ['A3', '恒州镇', '西关村'],
      ['A4', '羊平镇', '北村'],
    ]);
    expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['info', 'merged-cells-filled', 2]]);
    expect(r.issues[0].message.zh).toContain('“乡镇”、“村”列有合并单元格');
    expect(r.issues[0].message.zh).toContain('共 3 格');
  });
});


describe('red team: the older forms of a GeoJSON `crs` member', () => {
  test('{type: "EPSG", properties: {code: 4547}} is CGCS2000 CM 114E; a link is named as an unknown CRS (was: no CRS at all, the numbers guessed)', () => {
    const read = (crs: unknown) => readForeignFiles([{ name: 'a.geojson', bytes: strToU8(JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Point', coordinates: [500000, 4272000] } }] })) }]).layers[0].crs;
    expect(read({ type: 'EPSG', properties: { code: 4547 } })).toMatchObject({ kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 500000 });
    expect(read({ type: 'EPSG', properties: { code: '2383' } })).toMatchObject({ kind: 'gauss-kruger', datum: 'Xian1980', centralMeridian: 114 });
    expect(read({ type: 'link', properties: { href: 'http://example.com/crs/42', type: 'proj4' } })).toEqual({ kind: 'unknown', text: 'http://example.com/crs/42' });
    expect(read(undefined)).toBeNull();
  });
});

describe('red team: a very hidden sheet', () => {
  test('its note says how to show it (the VBA editor), as Excel\'s 取消隐藏 does not list it (was: "unhide it in Excel"); a hidden one keeps its note', async () => {
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.utils.book_new();
    for (const name of ['消火栓', '旧数据', '极隐藏']) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['编号', '经度', '纬度'], [name, 114.75, 38.6]]), name);
    wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }, { Hidden: 2 }] } as never;
    const r = readForeignFiles([{ name: '消火栓.xlsx', bytes: new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer) }]);
    expect(r.layers.map((l) => l.features[0].properties['编号'])).toEqual(['消火栓']);
    const notes = r.issues.filter((i) => i.code === 'hidden-sheet');
    expect(notes.map((i) => i.file)).toEqual(['消火栓.xlsx/旧数据', '消火栓.xlsx/极隐藏']);
    expect(notes[0].message.zh).toContain('请在 Excel 中取消隐藏');
    expect(notes[1].message.zh).toContain('深度隐藏');
    expect(notes[1].message.zh).toContain('VBA 编辑器');
    expect(notes[1].message.en).toContain('xlSheetVisible');
  });
});

describe('a CRS the user chose that the numbers contradict (the file states none)', () => {
  const layerOf = (coordinates: number[]) => readForeignFiles([{ name: 'a.geojson', bytes: strToU8(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Point', coordinates } }] })) }]).layers[0];
  const issueOf = (coordinates: number[], crs: string, code: string) => toContractCollection(layerOf(coordinates), LAYERS.hydrants, { source: 'a.geojson', layer: 'hydrants', mode: 'add', crs }).issues.find((i) => i.code === code);
  test('degrees under a chosen projected CRS, metres under a chosen lon/lat: the warning names the choice, not "the file states"', () => {
    const d = issueOf([114.7, 38.6], 'EPSG:4547', 'degrees-for-projected');
    expect(d?.message.zh).toBe('所选坐标系（EPSG:4547）是投影坐标（米），但数值像经纬度（度）；已按经纬度读取，请核对所选坐标系。');
    const p = issueOf([500000, 4272000], 'EPSG:4490', 'projected-for-degrees');
    expect(p?.message.en).toBe('The coordinate system chosen (EPSG:4490) is lon/lat but the numbers do not look like degrees. Please check the choice.');
  });
});

describe('lat,lon under a stated EPSG:4326: one message, not three', () => {
  test('the import step leaves the swap to the loader (swapped-coordinates): no "not degrees", no "outside China"; metres under a stated lon/lat still warned', () => {
    const read = (coordinates: number[][]) =>
      readForeignFiles([{ name: 'h.geojson', bytes: strToU8(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:4326' } }, features: coordinates.map((c, i) => ({ type: 'Feature', properties: { id: `H${i}` }, geometry: { type: 'Point', coordinates: c } })) })) }]).layers[0];
    const codesOf = (coordinates: number[][]) => toContractCollection(read(coordinates), LAYERS.hydrants, { source: 'h.geojson', layer: 'hydrants', mode: 'add' }).issues.map((i) => i.code);
    expect(codesOf([[38.6, 114.7], [38.61, 114.71]])).toEqual(['crs-used']);
    expect(codesOf([[500000, 4272000]])).toContain('projected-for-degrees');
  });
});
