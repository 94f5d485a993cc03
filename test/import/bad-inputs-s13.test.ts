// Bad inputs left open by session 12's red-team pass, and new hand-made ones of session 13: a
// households.csv of a project folder (loadProject) and the import step's point tables
// (readForeignFiles → importForeign) read the same table habits the same way.
import { strToU8 } from 'fflate';
import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { importForeign, readForeignFiles, suggestTargets } from '../../layers/load/foreign/index.ts';
import { layerDocument } from '../../layers/load/layer-document.ts';
import { loadProject } from '../../layers/load/load-project.ts';
import type { LayerData } from '../../layers/types.ts';
import { codes, households } from '../support/households-csv.ts';


function positions(h: { count: number; lon: Float64Array; lat: Float64Array }): [number, number][] {
  return Array.from({ length: h.count }, (_, i) => [h.lon[i], h.lat[i]]);
}

function ids(d: LayerData): string[] {
  if (d.kind === 'columns') return d.ids;
  return d.data.features.map((f) => String(f.properties?.id));
}

describe('households.csv with a title block above its header (was: every row unplaced)', () => {
  test('a title row and a 填报单位 row: the header is the row naming lon and lat; the rows above are named in an info note', () => {
    const { h, counts, issues } = households('某某县农户台账\n填报单位：某镇人民政府,,,填报日期：2024年3月\nid,lon,lat,persons\nA1,114.75,38.6,3\nA2,114.76,38.61,2\nA3,东经,38.62,4\n');
    expect(counts).toEqual({ read: 3, loaded: 2, rejected: 1, unlocated: 0 });
    expect(h.ids).toEqual(['A1', 'A2']);
    expect(positions(h)).toEqual([
      [114.75, 38.6],
      [114.76, 38.61],
    ]);
    expect(codes(issues, 'no-coordinates')).toEqual([]);
    const [note] = codes(issues, 'rows-above-header');
    expect(note).toMatchObject({ severity: 'info', file: 'households.csv', row: 3 });
    expect(note.message.zh).toContain('第 1–2 行');
    expect(note.message.en).toContain('Row 1–2');
    // a bad coordinate below names its line in the file
    expect(codes(issues, 'bad-coordinate').map((i) => [i.row, i.field])).toEqual([[6, 'lon']]);
  });

  test('a title alone and Chinese headers (户编号, 经度, 纬度, 人口); header issues name the header row', () => {
    const { h, counts, issues } = households('某某县农户台账\n户编号,经度,纬度,人口,人口\nA1,114.75,38.6,3,3\n');
    expect(counts).toMatchObject({ loaded: 1, rejected: 0 });
    expect(h.ids).toEqual(['A1']);
    expect(codes(issues, 'rows-above-header').map((i) => [i.row, i.message.zh])).toEqual([[2, expect.stringContaining('第 1 行')]]);
    expect(codes(issues, 'duplicate-column').map((i) => [i.row, i.field])).toEqual([[2, '人口']]);
  });

  test('a file with its header first has no note; a file naming no coordinates still says so, at the first row of two cells', () => {
    expect(codes(households('id,lon,lat\nA1,114.75,38.6\n').issues, 'rows-above-header')).toEqual([]);
    const { issues } = households('台账\n编号,人口\nA1,3\n');
    expect(codes(issues, 'no-coordinates').map((i) => i.row)).toEqual([2]);
  });
});

describe('households.csv with the header repeated in the middle (was: a bad coordinate)', () => {
  test('two exports pasted together: the second header is skipped and named, not a rejected row', () => {
    const { h, counts, issues } = households('id,lon,lat,persons\nA1,114.75,38.6,3\nid,lon,lat,persons\nA2,114.76,38.61,2\n');
    expect(counts).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
    expect(h.ids).toEqual(['A1', 'A2']);
    expect(codes(issues, 'bad-coordinate')).toEqual([]);
    const [w] = codes(issues, 'repeated-header');
    expect(w).toMatchObject({ severity: 'warning', row: 3 });
    expect(w.message.zh).toContain('第 3 行与表头相同');
    expect(w.message.en).toContain('Row 3 repeats the header');
  });
});

describe('one column holding both coordinates (坐标 "114.75,38.6"; was: no coordinate columns)', () => {
  const lonFirst = ['"114.75,38.6"', '"114.75, 38.6"', '114.75 38.6', '114.75，38.6', '"E114°45′,N38°36′"'];

  test('point table: every separator under 坐标 / 经纬度 / coordinates / lonlat', () => {
    for (const head of ['坐标', '经纬度', 'coordinates', 'lonlat', '坐标(WGS84)']) {
      for (const cell of lonFirst) {
        const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8(`编号,${head},状态\nH1,${cell},完好\n`) }]);
        expect(r.issues.filter((i) => i.severity !== 'info'), `${head} ${cell}`).toEqual([]);
        expect(r.layers[0].fields, head).toEqual(['编号', '状态']);
        const [x, y] = r.layers[0].features[0].geometry?.coordinates as number[];
        expect([x, +y.toFixed(6)], `${head} ${cell}`).toEqual([114.75, 38.6]);
      }
    }
  });

  test('point table: latitude first when the header says so (纬度经度, lat,lon); refused under 坐标, the row and column named', () => {
    for (const head of ['纬度经度', '"lat,lon"', 'latlng']) {
      const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8(`编号,${head}\nH1,"38.6,114.75"\n`) }]);
      expect(r.layers[0].features[0].geometry?.coordinates, head).toEqual([114.75, 38.6]);
    }
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号,坐标\nH1,"38.6,114.75"\nH2,"114.76,38.61"\n') }]);
    expect(r.layers[0].features.map((f) => f.geometry?.coordinates ?? null)).toEqual([null, [114.76, 38.61]]);
    const [w] = r.issues.filter((i) => i.code === 'coordinate-order');
    expect(w).toMatchObject({ severity: 'warning', file: '消火栓.csv', row: 2, field: '坐标' });
    expect(w.message.zh).toContain('无法确定经纬度顺序');
    expect(w.message.zh).toContain('38.6,114.75');
    expect(w.message.en).toContain('no clear order');
  });

  test('point table: a cell that is not two numbers is named; two real columns win over a 坐标 column', () => {
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号,坐标\nH0,"114.74,38.6"\nH1,"114.75,38.6,12"\n') }]);
    expect(r.issues.filter((i) => i.code === 'bad-coordinate').map((i) => [i.row, i.field, i.message.zh.includes('不是两个坐标')])).toEqual([[3, '坐标', true]]);
    const two = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号,坐标,经度,纬度\nH1,西街口,114.75,38.6\n') }]);
    expect(two.layers[0].fields).toEqual(['编号', '坐标']);
    expect(two.layers[0].features[0].geometry?.coordinates).toEqual([114.75, 38.6]);
  });

  test('a two-row header (坐标 merged over 经度/纬度) still takes the lower row', () => {
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号,坐标,\n,经度,纬度\nH1,114.75,38.6\n') }]);
    expect(r.layers[0].features[0].geometry?.coordinates).toEqual([114.75, 38.6]);
  });

  test('households.csv: the same cells under 经纬度 / 坐标; lat first only by header; a refused row is not loaded and named', () => {
    for (const cell of lonFirst) {
      const { h, counts } = households(`id,经纬度,persons\nA1,${cell},3\n`);
      expect(counts, cell).toEqual({ read: 1, loaded: 1, rejected: 0, unlocated: 0 });
      expect([h.lon[0], +h.lat[0].toFixed(6)], cell).toEqual([114.75, 38.6]);
    }
    const latFirst = households('id,纬度经度,persons\nA1,"38.6,114.75",3\n');
    expect(positions(latFirst.h)).toEqual([[114.75, 38.6]]);
    const { h, counts, issues } = households('id,坐标,persons\nA1,"38.6,114.75",3\nA2,"114.76,38.61",2\nA3,,1\n');
    expect(counts).toEqual({ read: 3, loaded: 2, rejected: 1, unlocated: 1 });
    expect(h.ids).toEqual(['A2', 'A3']);
    const [e] = codes(issues, 'coordinate-order');
    expect(e).toMatchObject({ severity: 'error', row: 2, field: '坐标' });
    expect(e.message.zh).toContain('该行未加载');
    expect(e.message.en).toContain('not loaded');
    expect(codes(issues, 'no-coordinates')).toEqual([]);
  });

  test('households.csv: a repeated header with a 坐标 column is skipped too', () => {
    const { counts, issues } = households('id,坐标\nA1,"114.75,38.6"\nid,坐标\nA2,"114.76,38.61"\n');
    expect(counts).toMatchObject({ read: 2, loaded: 2, rejected: 0 });
    expect(codes(issues, 'repeated-header').map((i) => i.row)).toEqual([3]);
  });
});

describe('two imported files sharing a facility id (was: re-keyed only on the next project load)', () => {
  const sheet = (ids: string[], lon0: number) => strToU8(`编号,类型,状态,经度,纬度\n${ids.map((id, k) => `${id},消火栓,完好,${lon0 + k * 0.01},38.6`).join('\n')}\n`);

  test('two hydrant sheets both with XH-001: the import re-keys and reports it; save and reload give the same ids', () => {
    const read = readForeignFiles([
      { name: '一中队消火栓.csv', bytes: sheet(['XH-001', 'XH-002'], 114.7) },
      { name: '二中队消火栓.csv', bytes: sheet(['XH-001', 'XH-003'], 114.8) },
    ]);
    const targets = suggestTargets(read.layers, null);
    expect(targets.map((t) => t.layer)).toEqual(['hydrants', 'hydrants']);
    const r = importForeign(null, read.layers, targets);
    const imported = ids(r.project.layers.hydrants);
    expect(imported).toEqual(['XH-001', 'XH-002', 'XH-001#2', 'XH-003']);
    const dup = r.issues.filter((i) => i.code === 'duplicate-id');
    expect(dup.map((i) => [i.file, i.featureIndex, i.field])).toEqual([['二中队消火栓.csv', 0, 'id']]);
    expect(dup[0].message.zh).toContain('XH-001#2');
    expect(dup[0].message.en).toContain('XH-001#2');
    // the original id is kept for display, as the project load keeps it
    const f = r.project.layers.hydrants.kind === 'geojson' ? r.project.layers.hydrants.data.features[2] : null;
    expect(f?.properties?.__orig).toMatchObject({ id: 'XH-001' });
    // save the project folder, load it again: the same ids, in the same order
    const doc = layerDocument(LAYERS.hydrants, r.project.layers.hydrants);
    const again = loadProject([{ name: doc.name, bytes: strToU8(doc.text) }]);
    expect(ids(again.project.layers.hydrants)).toEqual(imported);
  });

  test('a sheet imported into an open project that already has XH-001: re-keyed at once, and the same after reload', () => {
    const open = readForeignFiles([{ name: '消火栓旧台账.csv', bytes: sheet(['XH-001'], 114.7) }]);
    const first = importForeign(null, open.layers, suggestTargets(open.layers, null));
    const more = readForeignFiles([{ name: '消火栓新台账.csv', bytes: sheet(['XH-001', 'XH-001'], 114.9) }]);
    const r = importForeign(first, more.layers, suggestTargets(more.layers, first.project));
    const imported = ids(r.project.layers.hydrants);
    expect(imported).toEqual(['XH-001', 'XH-001#2', 'XH-001#3']);
    expect(r.issues.filter((i) => i.code === 'duplicate-id').map((i) => [i.file, i.featureIndex])).toEqual([
      ['消火栓新台账.csv', 0],
      ['消火栓新台账.csv', 1],
    ]);
    const [summary] = r.issues.filter((i) => i.code === 'duplicate-id-existing');
    expect(summary).toMatchObject({ severity: 'warning', file: '消火栓新台账.csv', field: 'id' });
    expect(summary.message.zh).toContain('2 个编号');
    expect(summary.message.zh).toContain('已改编号');
    expect(summary.message.en).toContain('added with new ids');
    const doc = layerDocument(LAYERS.hydrants, r.project.layers.hydrants);
    expect(ids(loadProject([{ name: doc.name, bytes: strToU8(doc.text) }]).project.layers.hydrants)).toEqual(imported);
  });

  test('households imported in two files sharing an id: re-keyed at import, and the same after reload', () => {
    const csv = (id: string, lon: number) => strToU8(`户编号,经度,纬度,人口\n${id},${lon},38.6,3\n`);
    const read = readForeignFiles([
      { name: '甲村农户.csv', bytes: csv('H-1', 114.7) },
      { name: '乙村农户.csv', bytes: csv('H-1', 114.8) },
    ]);
    const targets = read.layers.map((l) => ({ ...suggestTargets([l], null)[0], layer: 'households' as const, mode: 'add' as const }));
    const r = importForeign(null, read.layers, targets);
    expect(ids(r.project.layers.households)).toEqual(['H-1', 'H-1#2']);
    expect(r.issues.filter((i) => i.code === 'duplicate-id').map((i) => i.file)).toEqual(['乙村农户.csv']);
    const doc = layerDocument(LAYERS.households, r.project.layers.households);
    expect(ids(loadProject([{ name: doc.name, bytes: strToU8(doc.text) }]).project.layers.households)).toEqual(['H-1', 'H-1#2']);
  });
});

describe("session 13's red-team: new hand-made files", () => {
  test('households.csv from a European Excel: ;-separated with decimal commas under a title line without delimiters (was: delimiter taken from the title, nothing read)', () => {
    const { h, counts, issues } = households('某某县农户台账\nid;lon;lat;persons\nA1;114,75;38,6;3\nA2;114,76;38,61;2\n');
    expect(counts).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
    expect(positions(h)).toEqual([
      [114.75, 38.6],
      [114.76, 38.61],
    ]);
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
    // decimal commas in a 坐标 column, the pair split at the space
    expect(positions(households('id;坐标;persons\nA1;114,75 38,6;3\n').h)).toEqual([[114.75, 38.6]]);
    // Excel's own "sep=;" first line is a row above the header too
    expect(households('sep=;\nid;lon;lat;persons\nA1;114,75;38,6;3\n').counts).toMatchObject({ loaded: 1, rejected: 0 });
  });

  test('a 合计 row at the foot of households.csv is not a household (was: an unlocated household 合计 whose 人口 counted twice)', () => {
    const { h, counts, issues } = households('户编号,经度,纬度,人口\nA1,114.75,38.6,3\nA2,114.76,38.61,2\n合计,,,5\n');
    expect(counts).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
    expect(h.ids).toEqual(['A1', 'A2']);
    const [w] = codes(issues, 'total-row');
    expect(w).toMatchObject({ severity: 'warning', row: 4 });
    expect(w.message.zh).toContain('第 4 行是“合计”行');
    expect(w.message.en).toContain('Row 4 is a "合计" (total) row');
    // 小计 under an empty 序号, and 总 计： with a space and colon
    const sub = households('序号,户编号,经度,纬度,人口\n1,A1,114.75,38.6,3\n,小计,,,3\n,总 计：,,,3\n2,合计,,,3\n');
    expect(sub.counts).toMatchObject({ read: 1, loaded: 1, unlocated: 0 });
    expect(codes(sub.issues, 'total-row').map((i) => i.row)).toEqual([3, 4, 5]);
    // a row with a position is a household whatever its first cell says
    expect(households('户编号,经度,纬度\n合计,114.75,38.6\n').h.ids).toEqual(['合计']);
  });

  test('a 合计 row at the foot of a point table is not a feature (was: a feature without a position)', () => {
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号,类型,户数,经度,纬度\nH1,消火栓,3,114.75,38.6\n合计,,3,,\n') }]);
    expect(r.layers[0].features.map((f) => f.properties['编号'])).toEqual(['H1']);
    expect(r.issues.filter((i) => i.code === 'bad-coordinate')).toEqual([]);
    expect(r.issues.filter((i) => i.code === 'total-row').map((i) => [i.severity, i.file, i.row])).toEqual([['warning', '消火栓.csv', 3]]);
  });

  test("a GIS export's WKT column (GDAL GEOMETRY=AS_WKT, QGIS wkt_geom) and pairs in brackets are read (was: no coordinate columns / not two coordinates)", () => {
    for (const [head, cell] of [
      ['WKT', '"POINT (114.75 38.6)"'],
      ['wkt_geom', 'Point (114.75 38.6)'],
      ['geometry', '"SRID=4490;POINT Z(114.75 38.6 80)"'],
      ['坐标', '"(114.75, 38.6)"'],
      ['经纬度', '[114.75，38.6]'],
    ]) {
      const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8(`${head},编号\n${cell},H1\n`) }]);
      expect(r.layers[0]?.features[0].geometry?.coordinates, head).toEqual([114.75, 38.6]);
      expect(positions(households(`${head},id\n${cell},A1\n`).h), head).toEqual([[114.75, 38.6]]);
    }
    // a WKT column of polygons is no coordinates at all: one error naming the column, not a warning per row
    const poly = readForeignFiles([{ name: '地块.csv', bytes: strToU8('WKT,编号\n"POLYGON ((114 38,115 38,115 39,114 38))",D1\n"POLYGON ((114 38,115 38,115 39,114 38))",D2\n') }]);
    expect(poly.layers).toEqual([]);
    expect(poly.issues.map((i) => [i.severity, i.code, i.field])).toEqual([['error', 'no-coordinate-columns', 'WKT']]);
    expect(poly.issues[0].message.zh).toContain('“WKT”列没有一个值能读成一对坐标');
  });

  test('a units row under the header (度, 度, 人) is skipped with a note (was: a feature without position / a rejected household)', () => {
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号,经度,纬度\n,（度）,°\nH1,114.75,38.6\n') }]);
    expect(r.layers[0].features.map((f) => f.geometry?.coordinates)).toEqual([[114.75, 38.6]]);
    expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['info', 'units-row', 2]]);
    const { counts, issues } = households('id,lon,lat,persons\n,度,度,人\nA1,114.75,38.6,3\n');
    expect(counts).toEqual({ read: 1, loaded: 1, rejected: 0, unlocated: 0 });
    expect(codes(issues, 'units-row').map((i) => [i.severity, i.row, i.message.en])).toEqual([['info', 2, 'Row 2 is a units row (degrees, metres …), not a record; skipped.']]);
    // only right under the header: further down it is a bad row, said as such
    expect(codes(households('id,lon,lat\nA1,114.75,38.6\nA2,度,度\n').issues, 'bad-coordinate').map((i) => i.row)).toEqual([3]);
  });

  test('a hydrant ledger named 新台账.csv goes where its columns say (was: suggested as fire-lane problems by the word 台账, its rows then rejected)', () => {
    const r = readForeignFiles([
      { name: '新台账.csv', bytes: strToU8('编号,类型,状态,经度,纬度\nH1,消火栓,完好,114.75,38.6\n') },
      { name: '全县农户台账.csv', bytes: strToU8('户编号,经度,纬度,人口,村\nA1,114.75,38.6,3,西河村\n') },
      { name: '通道台账.csv', bytes: strToU8('编号,位置,问题,整改状态,经度,纬度\nL1,西街,堵塞,未整改,114.75,38.6\n') },
    ]);
    expect(suggestTargets(r.layers, null).map((t) => [t.source, t.layer])).toEqual([
      ['新台账.csv', 'hydrants'],
      ['全县农户台账.csv', 'households'],
      ['通道台账.csv', 'fireLanes'],
    ]);
  });

  test('a sheet with a vague name goes where its values say: 地上式消火栓 / 消防水鹤 and 正常 / 故障 are hydrants (was: suggested as service points by its 类型 column)', () => {
    const r = readForeignFiles([
      { name: '附件3.csv', bytes: strToU8('序号,名称,类型,状况,经度,纬度\n1,北街1号,地上式消火栓,正常,114.75,38.6\n2,南街,消防水鹤,故障,114.76,38.61\n3,西街,地下式消火栓,正常,114.77,38.6\n') },
      { name: '附件4.csv', bytes: strToU8('序号,名称,类型,经度,纬度\n1,县配送中心,配送中心,114.75,38.6\n2,东村,村级配送点,114.76,38.61\n') },
      { name: '附件5.csv', bytes: strToU8('序号,名称,备注,经度,纬度\n1,甲,无,114.75,38.6\n2,乙,无,114.76,38.61\n') },
    ]);
    expect(suggestTargets(r.layers, null).map((t) => [t.source, t.layer])).toEqual([
      ['附件3.csv', 'hydrants'],
      ['附件4.csv', 'servicePoints'],
      ['附件5.csv', null],
    ]);
  });
});


describe('households.csv whose columns use a ledger\'s words (编号, 户号, 户人数, 乡镇, 村) (was: the ids generated as households-2 …, the ledger\'s number kept as an extra column)', () => {
  test('编号 is the household id, 户人数 the persons, 所属乡镇 the township: read as the import step suggests, with an info note naming each column', () => {
    const { h, issues } = households('编号,经度,纬度,户人数,所属乡镇,村名\nH-007,114.75,38.6,3,恒州镇,东村\nH-008,114.76,38.61,2,恒州镇,西村\n');
    expect(h.ids).toEqual(['H-007', 'H-008']);
    const persons = h.columns.persons;
    expect(persons.type === 'number' && Array.from(persons.values)).toEqual([3, 2]);
    expect(codes(issues, 'missing-id')).toEqual([]);
    expect(codes(issues, 'extra-columns')).toEqual([]);
    const note = codes(issues, 'column-read-as');
    expect(note.map((i) => i.severity)).toEqual(['info']);
    expect(note[0].message.zh).toBe('列“编号”按“户编号（id）”读取，列“户人数”按“人口（persons）”读取，列“所属乡镇”按“乡镇（township）”读取，列“村名”按“村（village）”读取。');
  });

  test('a column named by the field itself wins over a hinted one: id and 编号 → id is the id, 编号 an extra column', () => {
    const { h, issues } = households('编号,id,lon,lat\n1,A1,114.75,38.6\n2,A2,114.76,38.61\n');
    expect(h.ids).toEqual(['A1', 'A2']);
    expect(codes(issues, 'column-read-as')).toEqual([]);
  });

  test('户号 before 序号: the household number, not the row number, is the id', () => {
    const { h } = households('序号,户号,lon,lat\n1,HH-1,114.75,38.6\n2,HH-2,114.76,38.61\n');
    expect(h.ids).toEqual(['HH-1', 'HH-2']);
  });
});
