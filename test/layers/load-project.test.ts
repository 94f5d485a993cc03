import { describe, expect, test } from 'vitest';
import { LAYERS, LAYER_LIST } from '../../layers/index.ts';
import { formatIssue, loadLayerFile, loadProject, MAX_ISSUES_PER_CODE } from '../../layers/load/index.ts';
import type { ColumnLayerData, GeoJsonLayerData, ValidationIssue } from '../../layers/types.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function createFile(name: string, content: unknown) {
  return { name, bytes: enc(typeof content === 'string' ? content : JSON.stringify(content)) };
}

function createPoint(lon: number, lat: number, properties: Record<string, unknown>) {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
}

function createCollection(features: unknown[]) {
  return { type: 'FeatureCollection', features };
}

function geo(data: unknown) {
  return (data as GeoJsonLayerData).data.features;
}

function ofCode(issues: ValidationIssue[], code: string) {
  return issues.filter((i) => i.code === code);
}

describe('loadProject', () => {
  test('reads name, region and params from project.json; unsafe param keys are dropped', () => {
    const { project, report } = loadProject([
      createFile('project.json', '{"name":"曲阳县","region":"130634","params":{"travelMinutes":4,"__proto__":{"x":1}}}'),
    ]);
    expect(project.name).toBe('曲阳县');
    expect(project.region).toBe('130634');
    expect(project.params).toEqual({ travelMinutes: 4 });
    expect(ofCode(report.issues, 'unsafe-key')).toHaveLength(1);
  });

  test('region written as a number (130634) is the same code; an object is warned about and ignored (session 16)', () => {
    // was: a number was dropped without a word, and HYD-06 is n/a for a project without a region
    expect(loadProject([createFile('project.json', '{"name":"曲阳县","region":130634}')]).project.region).toBe('130634');
    const bad = loadProject([createFile('project.json', '{"name":"曲阳县","region":{"code":"130634"}}')]);
    expect(bad.project.region).toBeUndefined();
    expect(ofCode(bad.report.issues, 'bad-region').map((i) => i.message.en)).toEqual(['region should be a region code (such as "130634"); ignored.']);
  });

  test('a missing layer is an empty layer of the right storage, with no issue', () => {
    const { project, report } = loadProject([]);
    expect(report.issues).toEqual([]);
    expect(report.counts).toEqual({});
    for (const def of LAYER_LIST) {
      const layer = project.layers[def.id];
      expect(layer.kind).toBe(def.storage);
      if (layer.kind === 'columns') {
        expect(layer.count).toBe(0);
        expect(layer.lon).toHaveLength(0);
        // Every schema column is there, empty, so readers need no special case.
        expect(Object.keys(layer.columns).sort()).toEqual(def.fields.filter((f) => f.name !== def.idField).map((f) => f.name).sort());
      }
      else expect(layer.data.features).toEqual([]);
    }
    expect(project.name).toBe('未命名项目');
    expect(loadProject([], { lang: 'en' }).project.name).toBe('Untitled project');
  });

  test('unknown files are reported as info; macOS junk is ignored silently', () => {
    const { report } = loadProject([createFile('notes.txt', 'x'), createFile('__MACOSX/._hydrants.geojson', 'x'), createFile('.DS_Store', 'x')]);
    expect(report.issues.map((i) => [i.severity, i.code, i.file])).toEqual([['info', 'unknown-file', 'notes.txt']]);
  });

  test('files in sub-folders and upper-case names are matched by their base name', () => {
    const fc = createCollection([createPoint(114.7, 38.6, { id: 'F1', status: '现有', level: '一级站' })]);
    const { project, report } = loadProject([createFile('demo/FIRE_STATIONS.GeoJSON', fc)]);
    expect(report.counts.fireStations).toEqual({ read: 1, loaded: 1, rejected: 0, unlocated: 0 });
    expect(geo(project.layers.fireStations)[0].properties).toMatchObject({ id: 'F1', status: 'existing', level: 'level1' });
  });

  test('households.geojson wins over households.csv, and the other file is reported', () => {
    const fc = createCollection([createPoint(114.7, 38.6, { id: 'G1' })]);
    const { project, report } = loadProject([createFile('households.csv', 'id,lon,lat\nC1,114.7,38.6\n'), createFile('households.geojson', fc)]);
    expect((project.layers.households as ColumnLayerData).ids).toEqual(['G1']);
    expect(ofCode(report.issues, 'duplicate-layer-file').map((i) => i.file)).toEqual(['households.csv']);
  });

  test('a bad file does not stop the others from loading, and nothing throws', () => {
    const { project, report } = loadProject([
      createFile('hydrants.geojson', '{"type": "FeatureCollection", "features": ['),
      createFile('kindergartens.geojson', createCollection([createPoint(114.7, 38.6, { id: 'K1', ownership: '民办', inclusive: '是' })])),
    ]);
    expect(ofCode(report.issues, 'invalid-json').map((i) => i.file)).toEqual(['hydrants.geojson']);
    expect(geo(project.layers.kindergartens)[0].properties).toMatchObject({ ownership: 'private', inclusive: true });
    expect(geo(project.layers.hydrants)).toEqual([]);
  });

  test('even input that is not bytes at all is reported, never thrown', () => {
    const { project, report } = loadProject([{ name: 'hydrants.geojson', bytes: null as unknown as Uint8Array }]);
    expect(report.issues.map((i) => [i.severity, i.code, i.file])).toEqual([['error', 'unreadable', 'hydrants.geojson']]);
    expect(geo(project.layers.hydrants)).toEqual([]);
  });

  test('reports progress after each layer file, by share of bytes, in draw order', () => {
    const seen: [string, number][] = [];
    // 10 + 30 bytes of layer files; project.json does not count.
    loadProject([createFile('hydrants.geojson', '0123456789'), createFile('roads.geojson', '0'.repeat(30)), createFile('project.json', '{}')], {
      onProgress: (p) => seen.push([p.file, p.fraction]),
    });
    // Roads (order 30) load before hydrants (order 70).
    expect(seen).toEqual([
      ['roads.geojson', 0.75],
      ['hydrants.geojson', 1],
    ]);
  });

  test('does not modify the input bytes', () => {
    const file = createFile('hydrants.geojson', createCollection([{ type: 'Feature', geometry: { type: 'Point', coordinates: [114.7, 38.6, 1, 2] }, properties: { id: 'H1', kind: '消火栓', status: '损坏' } }]));
    const before = Uint8Array.from(file.bytes);
    loadProject([file]);
    expect(file.bytes).toEqual(before);
  });
});

describe('properties (DATA-CONTRACT.md)', () => {
  test('Chinese values are normalised to the English code and the user text kept in __orig', () => {
    const fc = createCollection([
      createPoint(114.7, 38.6, { id: 'S1', status: '已建', level: '一级' }),
      createPoint(114.71, 38.6, { id: 'S2', status: 'PLANNED', level: '特勤站' }),
      createPoint(114.72, 38.6, { id: 'S3', status: ' proposed ', vehicles: '13辆' }),
    ]);
    const r = loadLayerFile(LAYERS.fireStations, 'fire_stations.geojson', enc(JSON.stringify(fc)));
    expect(r.issues).toEqual([]);
    expect(geo(r.data).map((f) => f.properties)).toEqual([
      { id: 'S1', status: 'existing', level: 'level1', __orig: { status: '已建', level: '一级' } },
      { id: 'S2', status: 'planned', level: 'special', __orig: { status: 'PLANNED', level: '特勤站' } },
      { id: 'S3', status: 'proposed', vehicles: 13, __orig: { status: ' proposed ', vehicles: '13辆' } },
    ]);
  });

  test('missing required field → feature rejected with file, feature and field named', () => {
    const fc = createCollection([createPoint(114.7, 38.6, { id: 'H1', kind: 'hydrant', status: 'working' }), createPoint(114.7, 38.6, { id: 'H2', kind: 'hydrant' })]);
    const r = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', enc(JSON.stringify(fc)));
    expect(geo(r.data).map((f) => f.properties.id)).toEqual(['H1']);
    const [issue] = ofCode(r.issues, 'missing-required');
    expect(formatIssue(issue, 'zh')).toBe('文件 hydrants.geojson，第 2 个要素，字段 status：要素 H2 缺少必填字段“状态（status）”，该要素未加载。请在文件中填写 status：working（完好）、broken（损坏）、under_construction（在建）、planned（规划）。');
    expect(formatIssue(issue, 'en')).toBe('File hydrants.geojson, feature 2, field status: Feature H2: the required field "Status (status)" is missing; the feature was not loaded. Fill in status in the file: working (完好), broken (损坏), under_construction (在建), planned (规划).');
    expect(r.counts).toEqual({ read: 2, loaded: 1, rejected: 1, unlocated: 0 });
  });

  test('CSV issues name the line: "文件 households.csv，第 3 行，字段 heating：…"', () => {
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc('id,lon,lat,heating\nA,114.7,38.6,gas\nB,114.7,38.6,柴火\n'));
    const [issue] = ofCode(r.issues, 'bad-enum');
    expect(formatIssue(issue, 'zh')).toMatch(/^文件 households\.csv，第 3 行，字段 heating：“取暖方式（heating）”的值“柴火”不在允许的取值中/);
    expect(formatIssue(issue, 'en')).toMatch(/^File households\.csv, row 3, field heating: Value "柴火" of "Heating \(heating\)" is not one of/);
  });

  test('value outside its list: required field → rejected (error); optional field → kept as missing (warning)', () => {
    const fc = createCollection([
      createPoint(114.7, 38.6, { id: 'K1', ownership: '合资' }),
      createPoint(114.7, 38.6, { id: 'K2', ownership: '公办', inclusive: '也许' }),
    ]);
    const r = loadLayerFile(LAYERS.kindergartens, 'kindergartens.geojson', enc(JSON.stringify(fc)));
    expect(geo(r.data).map((f) => f.properties)).toEqual([{ id: 'K2', ownership: 'public', __orig: { ownership: '公办' } }]);
    expect(r.issues.map((i) => [i.severity, i.code, i.featureIndex, i.field])).toEqual([
      ['error', 'bad-enum', 0, 'ownership'],
      ['warning', 'bad-boolean', 1, 'inclusive'],
    ]);
  });

  test('roads: Chinese classes map to OSM codes, oneway true/"yes"/"-1"/是 to yes/yes/reverse/yes', () => {
    const line = (cls: unknown, oneway: unknown) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[114.7, 38.6], [114.71, 38.6]] }, properties: { class: cls, oneway } });
    const fc = createCollection([line('主干路', true), line('县道', 'yes'), line('村道', '-1'), line('residential', '是'), line('motorway_link', false)]);
    const r = loadLayerFile(LAYERS.roads, 'roads.geojson', enc(JSON.stringify(fc)));
    expect(r.issues).toEqual([]);
    expect(geo(r.data).map((f) => [f.properties.class, f.properties.oneway])).toEqual([
      ['primary', 'yes'],
      ['secondary', 'yes'],
      ['unclassified', 'reverse'],
      ['residential', 'yes'],
      ['motorway', 'no'],
    ]);
  });

  test('fields may be named by their Chinese label', () => {
    const fc = createCollection([createPoint(114.7, 38.6, { 编号: 'H9', 类型: '水鹤', 状态: '规划' })]);
    const r = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', enc(JSON.stringify(fc)));
    expect(geo(r.data)[0].properties).toMatchObject({ id: 'H9', kind: 'water_crane', status: 'planned' });
  });

  test('properties outside the schema are kept as given', () => {
    const fc = createCollection([createPoint(114.7, 38.6, { id: 'H1', kind: 'hydrant', status: 'working', 备注: '北侧', flow_lps: 15 })]);
    const r = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', enc(JSON.stringify(fc)));
    expect(geo(r.data)[0].properties).toEqual({ id: 'H1', kind: 'hydrant', status: 'working', 备注: '北侧', flow_lps: 15 });
  });

  test('a repeated problem is listed 50 times and then summarised with the total', () => {
    const n = MAX_ISSUES_PER_CODE + 25;
    const rows = Array.from({ length: n }, (_, i) => `R${i},114.7,38.6,煤气灶`).join('\n');
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc(`id,lon,lat,heating\n${rows}\n`));
    const bad = ofCode(r.issues, 'bad-enum');
    // 50 detailed + 1 summary naming 75 in all and 25 not listed.
    expect(bad).toHaveLength(MAX_ISSUES_PER_CODE + 1);
    expect(bad[MAX_ISSUES_PER_CODE].message.en).toBe('75 issues of this kind (bad-enum); the first 50 are listed, 25 more are not.');
    expect((r.data as ColumnLayerData).count).toBe(n);
  });
});

describe('households as columns', () => {
  test('CSV → typed columns: numbers, booleans 0/1/255, enums as stable dictionary codes, ids', () => {
    const csv = 'id,lon,lat,persons,heating,co_alarm,low_income,floor_area_m2,备注\nA,114.7,38.6,3,电代煤,是,低保户,60平方米,甲\nB,114.8,38.7,,gas,,,1.5亩,\nC,114.9,38.8,４,其他,0,特困,"1,234",乙\n';
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc(csv));
    const d = r.data as ColumnLayerData;
    expect(d.ids).toEqual(['A', 'B', 'C']);
    expect(Array.from(d.lat)).toEqual([38.6, 38.7, 38.8]);
    expect(d.columns.persons).toEqual({ type: 'number', values: Float64Array.from([3, NaN, 4]) });
    // The heating dictionary holds the codes in definition order: gas 0, electric 1, clean_coal 2, other 3.
    expect(d.columns.heating).toEqual({ type: 'category', codes: Int32Array.from([1, 0, 3]), dict: ['gas', 'electric', 'clean_coal', 'other'] });
    expect(d.columns.co_alarm).toEqual({ type: 'boolean', values: Uint8Array.from([1, 255, 0]) });
    expect(d.columns.low_income).toEqual({ type: 'category', codes: Int32Array.from([1, -1, 0]), dict: ['destitute', 'minimum_living', 'other_low_income'] });
    // 1.5 亩 × 666.67 m²/亩 = 1000 m².
    expect((d.columns.floor_area_m2 as { values: Float64Array }).values[1]).toBeCloseTo(1000, 9);
    // Thousands separators are read: "1,234" m².
    expect((d.columns.floor_area_m2 as { values: Float64Array }).values[2]).toBe(1234);
    expect(d.columns['备注']).toEqual({ type: 'category', codes: Int32Array.from([0, -1, 1]), dict: ['甲', '乙'] });
    expect(ofCode(r.issues, 'extra-columns')).toHaveLength(1);
  });

  test('GeoJSON households become the same columns as CSV', () => {
    const csv = 'id,lon,lat,persons,heating,co_alarm\nA,114.7,38.6,3,电代煤,是\nB,114.8,38.7,2,gas,否\n';
    const fc = createCollection([
      createPoint(114.7, 38.6, { id: 'A', persons: 3, heating: '电代煤', co_alarm: true }),
      createPoint(114.8, 38.7, { id: 'B', persons: '2', heating: 'gas', co_alarm: '否' }),
    ]);
    const fromCsv = loadLayerFile(LAYERS.households, 'households.csv', enc(csv)).data as ColumnLayerData;
    const fromGeo = loadLayerFile(LAYERS.households, 'households.geojson', enc(JSON.stringify(fc))).data as ColumnLayerData;
    expect(fromGeo).toEqual(fromCsv);
  });

  test('rows without coordinates are kept as unlocated (NaN), rows with coordinates outside ±180/±90 are rejected', () => {
    const csv = 'id,lon,lat\nA,114.7,38.6\nB,,\nC,114.7,95\n';
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc(csv));
    const d = r.data as ColumnLayerData;
    expect(d.ids).toEqual(['A', 'B']);
    expect(Array.from(d.lon)).toEqual([114.7, NaN]);
    expect(r.counts).toEqual({ read: 3, loaded: 2, rejected: 1, unlocated: 1 });
    expect(ofCode(r.issues, 'coordinate-out-of-range').map((i) => i.row)).toEqual([4]);
  });

  test('a CSV without lon/lat columns loads every row as unlocated, with an error', () => {
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc('id,persons\nA,3\n'));
    expect(r.counts).toEqual({ read: 1, loaded: 1, rejected: 0, unlocated: 1 });
    expect(ofCode(r.issues, 'no-coordinates')[0].severity).toBe('error');
  });

  test('a trailing delimiter on every line is not an error; real extra values are reported per row', () => {
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc('id,lon,lat,\nA,114.7,38.6,\nB,114.7,38.6,,surplus\n'));
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([['extra-cells', 3]]);
    expect((r.data as ColumnLayerData).ids).toEqual(['A', 'B']);
  });

  test('tab-delimited CSV with Chinese headers 经度/纬度', () => {
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc('户编号\t经度\t纬度\t人口\nA\t114.7\t38.6\t4\n'));
    const d = r.data as ColumnLayerData;
    expect(r.issues).toEqual([]);
    expect([d.ids[0], d.lon[0], d.lat[0], (d.columns.persons as { values: Float64Array }).values[0]]).toEqual(['A', 114.7, 38.6, 4]);
  });
});
