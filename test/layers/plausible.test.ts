import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { LAYERS } from '../../layers/index.ts';
import { formatIssue, loadLayerFile, loadProject, parseCoordinateText, projectExtent } from '../../layers/load/index.ts';
import { decimalNumber } from '../../layers/load/values.ts';
import type { ColumnLayerData, GeoJsonLayerData } from '../../layers/types.ts';

const DIR = join(import.meta.dirname, '../fixtures/trust/plausible');

function numbers(d: ColumnLayerData, name: string): number[] {
  return Array.from((d.columns[name] as { values: Float64Array }).values);
}

describe('implausible values, numbers in other bases, households outside the project (fixtures/trust/plausible)', () => {
  test('every problem is named by file, row/feature and field, in zh and en; nothing else is reported', async () => {
    const { report } = await loadProjectDir(DIR);
    expect(report.issues.map((i) => formatIssue(i, 'en'))).toEqual([
      'File roads.geojson, feature 1, field speed_kmh: Value "0" of "Speed (speed_kmh)" is not plausible (it should be greater than 0 and at most 150 km/h). Treated as not given; the other fields were loaded.',
      'File roads.geojson, feature 1, field width_m: Value "-3" of "Width (width_m)" is not plausible (it should be greater than 0 and at most 200 m). Treated as not given; the other fields were loaded.',
      'File reserve_plots.geojson, feature 2, field area_mu: Value "-8亩" of "Declared area (area_mu)" is not plausible (it should be greater than 0 and at most 100000 mu). The feature was not loaded.',
      'File households.csv, row 3, field persons: Value "-3" of "Persons (persons)" is not plausible (it should be between 0 and 50 persons). Treated as not given; the other fields were loaded.',
      'File households.csv, row 4, field persons: Value "0x72" of "Persons (persons)" is written in hexadecimal, binary or octal and is not read as a number. Treated as not given.',
      'File households.csv, row 5, field coal_tonnes: Value "5000" of "Clean coal ordered (coal_tonnes)" is not plausible (it should be between 0 and 50 t). Treated as not given; the other fields were loaded.',
      'File households.csv, row 6, field lon: Coordinates "0x72, 38.64" are not valid numbers (empty, NaN or infinite); the row was not loaded.',
      'File households.csv, row 8, field children_3_5: Value "12" of "Children aged 3–5 (children_3_5)" is not plausible (it should be between 0 and 10 children). Treated as not given; the other fields were loaded.',
      'File households.csv, row 8, field floor_area_m2: Value "1e6" of "Floor area (floor_area_m2)" is not plausible (it should be between 0 and 2000 m²). Treated as not given; the other fields were loaded.',
      'File kindergartens.geojson, feature 1, field capacity: Value "99999" of "Places (capacity)" is not plausible (it should be between 0 and 3000 places). Treated as not given; the other fields were loaded.',
      'File kindergartens.geojson, feature 1, field enrolled: Value "0b1110010" of "Enrolled (enrolled)" is written in hexadecimal, binary or octal and is not read as a number. Treated as not given.',
      'File kindergartens.geojson, feature 2: A coordinate is null, NaN, infinite or not a number; the feature was not loaded.',
      "File households.csv, row 7, field lon: The position of H6 (120, 38.65) lies outside the project's extent (the townships' bounding box, 114.6°–114.8°E, 38.5°–38.7°N, plus about 1 km); it was loaded, but its coordinates may be wrong. Please check.",
    ]);
    const zh = report.issues.map((i) => formatIssue(i, 'zh'));
    expect(zh[2]).toBe('文件 reserve_plots.geojson，第 2 个要素，字段 area_mu：“申报面积（area_mu）”的值“-8亩”不合理（应大于 0、不超过 100000 亩）。该要素未加载。');
    expect(zh[3]).toBe('文件 households.csv，第 3 行，字段 persons：“人口（persons）”的值“-3”不合理（应在 0–50 人 之间）。已按未填写处理，其余字段照常加载。');
    expect(zh[4]).toBe('文件 households.csv，第 4 行，字段 persons：“人口（persons）”的值“0x72”是十六进制、二进制或八进制写法，不按数字读取。已按未填写处理。');
    expect(zh[12]).toBe(
      '文件 households.csv，第 7 行，字段 lon：编号 H6 的位置（120, 38.65）在项目范围（乡镇界的外包框 114.6°–114.8°E, 38.5°–38.7°N，外扩约 1 km）之外；已加载，但坐标可能有误，请核对。',
    );
    expect(report.issues.map((i) => i.severity)).toEqual(['warning', 'warning', 'error', 'warning', 'warning', 'warning', 'error', 'warning', 'warning', 'warning', 'warning', 'error', 'warning']);
  });

  test('implausible optional values become "not given" and the rest of each row loads as before', async () => {
    const { project, report } = await loadProjectDir(DIR);
    const h = project.layers.households as ColumnLayerData;
    expect(h.ids).toEqual(['H1', 'H2', 'H3', 'H4', 'H6', 'H7']);
    expect(numbers(h, 'persons')).toEqual([4, NaN, NaN, 3, 3, 5]);
    expect(numbers(h, 'coal_tonnes')).toEqual([3, 2.5, 2, NaN, 3, 4]);
    expect(numbers(h, 'children_3_5')).toEqual([1, 0, 0, 1, 0, NaN]);
    expect(numbers(h, 'floor_area_m2')).toEqual([80, 70, 60, 90, 80, NaN]);
    // H6 is outside the townships but kept.
    expect(h.lon[4]).toBe(120);
    expect(report.counts.households).toEqual({ read: 7, loaded: 6, rejected: 1, unlocated: 0 });
    const roads = (project.layers.roads as GeoJsonLayerData).data.features.map((f) => f.properties);
    expect(roads).toEqual([
      { name: '建设路', class: 'primary', __orig: { class: '主干路' } },
      { name: '人民路', class: 'secondary', speed_kmh: 40, width_m: 12, __orig: { class: '次干路' } },
    ]);
    expect((project.layers.reservePlots as GeoJsonLayerData).data.features.map((f) => [f.properties.id, f.properties.area_mu])).toEqual([['P1', 12.5]]);
    const k = (project.layers.kindergartens as GeoJsonLayerData).data.features.map((f) => f.properties);
    expect(k).toEqual([{ id: 'K1', ownership: 'public', __orig: { ownership: '公办' } }]);
  });

  test('no townships: the extent is the union of the other layers (here the roads), still naming the row', () => {
    const enc = new TextEncoder();
    const roads = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"class":"县道"},"geometry":{"type":"LineString","coordinates":[[114.7,38.6],[114.8,38.7]]}}]}';
    const { report } = loadProject([
      { name: 'roads.geojson', bytes: enc.encode(roads) },
      { name: 'households.csv', bytes: enc.encode('id,lon,lat\nA,114.75,38.65\nB,114.75,39.65\n') },
    ]);
    expect(report.issues.map((i) => [i.code, i.file, i.row, i.field])).toEqual([['outside-project', 'households.csv', 3, 'lat']]);
    expect(report.issues[0].message.en).toContain("the union of the layers' bounding boxes, 114.7°–114.8°E, 38.6°–38.7°N");
  });

  test("households imported on their own into an open project are checked against that project's townships (opts.extent)", async () => {
    const { project } = await loadProjectDir(DIR);
    const extent = projectExtent(project);
    expect(extent).toEqual({ minLon: 114.6, minLat: 38.5, maxLon: 114.8, maxLat: 38.7, from: 'townships' });
    const bytes = new TextEncoder().encode('id,lon,lat\nA,114.75,38.65\nB,114.75,38.75\n');
    const { report } = loadProject([{ name: 'households.csv', bytes }], { extent: extent ?? undefined });
    expect(report.issues.map((i) => formatIssue(i, 'en'))).toEqual([
      "File households.csv, row 3, field lat: The position of B (114.75, 38.75) lies outside the project's extent (the townships' bounding box, 114.6°–114.8°E, 38.5°–38.7°N, plus about 1 km); it was loaded, but its coordinates may be wrong. Please check.",
    ]);
    // Townships among the imported files take the place of the given extent.
    const townships = new TextEncoder().encode('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"北镇"},"geometry":{"type":"Polygon","coordinates":[[[114.7,38.7],[114.8,38.7],[114.8,38.8],[114.7,38.8],[114.7,38.7]]]}}]}');
    const both = loadProject([{ name: 'households.csv', bytes }, { name: 'townships.geojson', bytes: townships }], { extent: extent ?? undefined });
    expect(both.report.issues.map((i) => [i.code, i.row])).toEqual([['outside-project', 2]]);
  });

  test('a households file alone (no extent to compare with) reports nothing about the extent', () => {
    const r = loadLayerFile(LAYERS.households, 'households.csv', new TextEncoder().encode('id,lon,lat\nA,114.75,38.65\nB,100.75,30.65\n'));
    expect(r.issues).toEqual([]);
  });

  test('text in hexadecimal, binary or octal is never read as a number (JS Number("0x72") is 114)', () => {
    for (const t of ['0x72', '0X72', '0b1110010', '0o162', ' 0x72 ', 'Infinity', '', '  ', '1_000']) expect(decimalNumber(t), t).toBeNaN();
    expect(parseCoordinateText('0x72')).toBeNaN();
    expect([decimalNumber(' 114.5 '), decimalNumber('-3'), decimalNumber('1e3'), decimalNumber('.5'), decimalNumber('007')]).toEqual([114.5, -3, 1000, 0.5, 7]);
  });
});
