import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { formatIssue, loadLayerFile } from '../../layers/load/index.ts';
import type { ColumnLayerData, GeoJsonLayerData, LayerDefinition, ValidationIssue } from '../../layers/types.ts';

const DIR = join(import.meta.dirname, '../fixtures/bad-inputs');

function createLoad(def: LayerDefinition, fixture: string) {
  const bytes = new Uint8Array(readFileSync(join(DIR, fixture)));
  return loadLayerFile(def, fixture, bytes);
}

function codes(issues: ValidationIssue[]): string[] {
  return issues.map((i) => i.code);
}

function features(r: { data: unknown }) {
  return (r.data as GeoJsonLayerData).data.features;
}

function only(issues: ValidationIssue[], code: string): ValidationIssue {
  const found = issues.filter((i) => i.code === code);
  expect(found, `issues with code ${code} in ${JSON.stringify(codes(issues))}`).toHaveLength(1);
  return found[0];
}

describe('BAD-INPUTS corpus', () => {
  test('BAD-INPUTS #1: empty file (0 bytes) → "file is empty", empty layer', () => {
    const r = createLoad(LAYERS.hydrants, '01-empty.geojson');
    const i = only(r.issues, 'empty-file');
    expect(i.severity).toBe('error');
    expect(formatIssue(i, 'zh')).toBe('文件 01-empty.geojson：文件是空的（0 字节）。');
    expect(formatIssue(i, 'en')).toBe('File 01-empty.geojson: The file is empty (0 bytes).');
    expect(features(r)).toEqual([]);
    expect(r.counts).toEqual({ read: 0, loaded: 0, rejected: 0, unlocated: 0 });
  });

  test('BAD-INPUTS #2: truncated JSON → parse error at the last line/column', () => {
    // The fixture is the first 12 lines of a pretty-printed file; line 12 is "   }," (5 chars),
    // so the input ends at line 12, column 6.
    const r = createLoad(LAYERS.hydrants, '02-truncated.geojson');
    const i = only(r.issues, 'invalid-json');
    expect(i.message.zh).toContain('第 12 行第 6 列');
    expect(i.message.en).toContain('line 12, column 6');
    expect(features(r)).toEqual([]);
  });

  test('BAD-INPUTS #2: trailing comma → parse error at the "]" after it (line 5, column 2)', () => {
    const r = createLoad(LAYERS.hydrants, '02-trailing-comma.geojson');
    expect(only(r.issues, 'invalid-json').message.en).toContain('line 5, column 2');
  });

  test.each(['03-bom.geojson', '03-utf16le.geojson', '03-utf16be-nobom.geojson'])('BAD-INPUTS #3: UTF-8 BOM / UTF-16 (%s) is read like plain UTF-8', (fixture) => {
    const r = createLoad(LAYERS.hydrants, fixture);
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(features(r).map((f) => [f.properties.id, f.properties.kind, f.properties.status])).toEqual([
      ['H1', 'hydrant', 'working'],
      ['H2', 'water_crane', 'under_construction'],
    ]);
    expect(features(r)[1].properties.__orig).toEqual({ kind: '消防水鹤', status: '在建' });
  });

  test('BAD-INPUTS #4: valid JSON that is not GeoJSON → "not GeoJSON"', () => {
    const r = createLoad(LAYERS.hydrants, '04-not-geojson.geojson');
    expect(only(r.issues, 'not-geojson').message.en).toMatch(/not GeoJSON/);
    expect(features(r)).toEqual([]);
  });

  test('BAD-INPUTS #5: geometry null → kept as unlocated and counted', () => {
    const r = createLoad(LAYERS.kindergartens, '05-null-geometry.geojson');
    expect(r.counts).toEqual({ read: 3, loaded: 3, rejected: 0, unlocated: 1 });
    expect(features(r)[1]).toMatchObject({ geometry: null, properties: { id: 'K2', ownership: 'public' } });
    expect(only(r.issues, 'unlocated').message.zh).toContain('1 个要素没有几何位置');
  });

  test('BAD-INPUTS #6: empty coordinate arrays → skipped with a warning naming the feature', () => {
    const r = createLoad(LAYERS.hydrants, '06-empty-coordinates.geojson');
    expect(r.counts).toEqual({ read: 3, loaded: 1, rejected: 2, unlocated: 0 });
    const skipped = r.issues.filter((i) => i.code === 'empty-geometry');
    expect(skipped.map((i) => [i.severity, i.featureIndex])).toEqual([
      ['warning', 1],
      ['warning', 2],
    ]);
  });

  test('BAD-INPUTS #7: null, NaN and Infinity coordinates (hand-made JSON) → those features rejected, each reported', () => {
    // H2 has null, H3 NaN, H4 Infinity; only H1 loads.
    const r = createLoad(LAYERS.hydrants, '07-nonfinite.geojson');
    expect(features(r).map((f) => f.properties.id)).toEqual(['H1']);
    expect(r.issues.filter((i) => i.code === 'bad-coordinate').map((i) => i.featureIndex)).toEqual([1, 2, 3]);
    expect(codes(r.issues)).toContain('non-finite-json');
    expect(r.counts).toEqual({ read: 4, loaded: 1, rejected: 3, unlocated: 0 });
  });

  test('BAD-INPUTS #7: NaN, Infinity and text coordinates in a CSV → rows rejected with their line numbers', () => {
    // Lines: 1 header, 2 ok, 3 NaN, 4 Infinity, 5 "abc", 6 ok.
    const r = createLoad(LAYERS.households, '07-nonfinite.csv');
    const d = r.data as ColumnLayerData;
    expect(d.ids).toEqual(['1', '5']);
    expect(Array.from(d.lon)).toEqual([114.7, 114.71]);
    expect(r.issues.filter((i) => i.code === 'bad-coordinate').map((i) => i.row)).toEqual([3, 4, 5]);
    expect(r.counts).toEqual({ read: 5, loaded: 2, rejected: 3, unlocated: 0 });
  });

  test('BAD-INPUTS #8: unclosed ring → rejected', () => {
    const r = createLoad(LAYERS.reservePlots, '08-unclosed-ring.geojson');
    expect(features(r).map((f) => f.properties.id)).toEqual(['P1']);
    expect(only(r.issues, 'unclosed-ring')).toMatchObject({ severity: 'error', featureIndex: 1 });
  });

  test('BAD-INPUTS #9: ring with fewer than 4 positions → rejected', () => {
    const r = createLoad(LAYERS.reservePlots, '09-short-ring.geojson');
    expect(features(r).map((f) => f.properties.id)).toEqual(['P1']);
    expect(only(r.issues, 'short-ring')).toMatchObject({ severity: 'error', featureIndex: 1 });
    expect(only(r.issues, 'short-ring').message.zh).toContain('只有 3 个点');
  });

  test('BAD-INPUTS #10: self-intersecting bow-tie → loaded, flagged and marked __invalid', () => {
    const r = createLoad(LAYERS.reservePlots, '10-bowtie.geojson');
    const [square, bowtie] = features(r);
    expect(square.properties.__invalid).toBeUndefined();
    expect(bowtie.properties.__invalid).toBe('self-intersection');
    expect(only(r.issues, 'self-intersection')).toMatchObject({ severity: 'warning', featureIndex: 1 });
  });

  test('BAD-INPUTS #11: hole outside its shell → flagged invalid; a hole inside is fine', () => {
    const r = createLoad(LAYERS.reservePlots, '11-hole-outside.geojson');
    expect(features(r).map((f) => f.properties.__invalid ?? null)).toEqual([null, 'hole-outside-shell']);
    expect(only(r.issues, 'hole-outside-shell').featureIndex).toBe(1);
  });

  test('BAD-INPUTS #12: clockwise outer ring (and counter-clockwise hole) → rewound and counted', () => {
    // P1 is counter-clockwise already; P2 clockwise; P3 clockwise shell with a counter-clockwise hole.
    const r = createLoad(LAYERS.reservePlots, '12-clockwise.geojson');
    expect(only(r.issues, 'rewound')).toMatchObject({ severity: 'info' });
    expect(only(r.issues, 'rewound').message.en).toMatch(/^2 polygons/);
    const [p1, p2, p3] = features(r).map((f) => (f.geometry as { coordinates: number[][][] }).coordinates);
    expect(p2).toEqual(p1);
    // Outer ring counter-clockwise: from (114.70, 38.60) east to (114.71, 38.60) first.
    expect(p3[0][1]).toEqual([114.71, 38.6]);
    // Hole clockwise: from (114.702, 38.602) north to (114.702, 38.608) first.
    expect(p3[1][1]).toEqual([114.702, 38.608]);
  });

  test('BAD-INPUTS #13: duplicate consecutive vertices → removed and counted; a zero-length line rejected', () => {
    const r = createLoad(LAYERS.reservePlots, '13-duplicate-vertices.geojson');
    // The ring had 8 positions, 3 of them repeats of the one before.
    expect((features(r)[0].geometry as { coordinates: number[][][] }).coordinates[0]).toHaveLength(5);
    expect(only(r.issues, 'duplicate-vertices').message.en).toBe('Removed 3 consecutive duplicate vertices.');
    const roads = loadLayerFile(LAYERS.roads, 'roads.geojson', readFileSync(join(DIR, '13-duplicate-vertices.geojson')));
    expect(codes(roads.issues)).toContain('short-line');
  });

  test('BAD-INPUTS #14: mixed geometry types → wrong ones rejected with the type named; a one-point MultiPoint becomes a Point', () => {
    const r = createLoad(LAYERS.hydrants, '14-mixed-geometry.geojson');
    expect(features(r).map((f) => [f.properties.id, f.geometry?.type])).toEqual([
      ['H1', 'Point'],
      ['H3', 'Point'],
    ]);
    const wrong = r.issues.filter((i) => i.code === 'wrong-geometry');
    expect(wrong.map((i) => i.featureIndex)).toEqual([1, 3]);
    expect(wrong[0].message.en).toContain('LineString');
    expect(wrong[1].message.en).toContain('GeometryCollection');
  });

  test('BAD-INPUTS #15: Gauss-Krüger metres (x≈560 000) read as lon/lat → flagged, CRS asked, nothing drawn', () => {
    const r = createLoad(LAYERS.kindergartens, '15-gauss-kruger.geojson');
    const i = only(r.issues, 'projected-coordinates');
    expect(i.severity).toBe('error');
    expect(i.message.zh).toContain('高斯-克吕格');
    expect(i.message.en).toContain('Please state the coordinate system');
    expect(features(r)).toEqual([]);
    expect(r.counts).toEqual({ read: 3, loaded: 0, rejected: 3, unlocated: 0 });
  });

  test('BAD-INPUTS #15: Gauss-Krüger metres in a households CSV (x/y columns) → flagged, no rows drawn', () => {
    const r = createLoad(LAYERS.households, '15-gauss-kruger.csv');
    expect(only(r.issues, 'projected-coordinates').message.en).toContain('Gauss-Krüger');
    expect((r.data as ColumnLayerData).count).toBe(0);
    expect(r.counts.rejected).toBe(3);
  });

  test('BAD-INPUTS #16: zone prefix in the easting (38 561 234) → zone 38, CM 114°E, EPSG:4526 named', () => {
    const r = createLoad(LAYERS.kindergartens, '16-gk-zoned.geojson');
    const i = only(r.issues, 'projected-coordinates');
    // Zone 38 of the 3-degree series: central meridian 38 × 3 = 114°E; EPSG 4513 + (38 − 25) = 4526.
    expect(i.message.en).toContain('zone 38');
    expect(i.message.en).toContain('114°E');
    expect(i.message.en).toContain('EPSG:4526');
    expect(features(r)).toEqual([]);
  });

  test('BAD-INPUTS #17: latitude and longitude swapped → flagged for confirmation, not drawn', () => {
    const r = createLoad(LAYERS.hydrants, '17-swapped.geojson');
    expect(only(r.issues, 'swapped-coordinates').message.zh).toContain('经纬度顺序似乎颠倒');
    expect(features(r)).toEqual([]);
    expect(r.counts.rejected).toBe(3);
  });

  test('BAD-INPUTS #21: points at the poles → loaded with an outside-China warning, no error', () => {
    const r = createLoad(LAYERS.hydrants, '21-poles.geojson');
    expect(features(r)).toHaveLength(3);
    expect(only(r.issues, 'outside-china').message.en).toMatch(/^2 features/);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('BAD-INPUTS #28: CSV in GBK → decoded as GB18030, Chinese values and enums intact', () => {
    const r = createLoad(LAYERS.households, '28-gbk.csv');
    const d = r.data as ColumnLayerData;
    expect(codes(r.issues)).toEqual(['encoding-gb18030']);
    const village = d.columns.village as { type: 'category'; codes: Int32Array; dict: string[] };
    expect(Array.from(village.codes, (c) => village.dict[c])).toEqual(['东旺村', '羊平村']);
    const heating = d.columns.heating as { type: 'category'; codes: Int32Array; dict: string[] };
    expect(Array.from(heating.codes, (c) => heating.dict[c])).toEqual(['gas', 'clean_coal']);
    expect(Array.from((d.columns.co_alarm as { values: Uint8Array }).values)).toEqual([1, 0]);
  });

  test('BAD-INPUTS #29: UTF-8 BOM, semicolons, CRLF, quoted newline and "" escapes', () => {
    const r = createLoad(LAYERS.households, '29-semicolon-crlf.csv');
    const d = r.data as ColumnLayerData;
    expect(r.issues).toEqual([]);
    expect(d.ids).toEqual(['B1', 'B2', 'B3']);
    expect(Array.from(d.lon)).toEqual([114.7, 114.71, 114.72]);
    const village = d.columns.village as { codes: Int32Array; dict: string[] };
    expect(Array.from(village.codes, (c) => village.dict[c])).toEqual(['x', '恒州镇\r\n城区', '说"引号"村']);
    // B1 has no persons cell: missing (NaN).
    expect(Array.from((d.columns.persons as { values: Float64Array }).values)).toEqual([NaN, 3, 5]);
  });

  test('BAD-INPUTS #29: a quoted newline shifts later line numbers correctly', () => {
    const csv = 'id,lon,lat,village\n1,114.7,38.6,"two\nlines"\n2,bad,38.6,x\n';
    const r = loadLayerFile(LAYERS.households, 'households.csv', new TextEncoder().encode(csv));
    // Record 1 spans lines 2–3, so record 2 starts on line 4.
    expect(only(r.issues, 'bad-coordinate').row).toBe(4);
  });

  test('BAD-INPUTS #32: numbers with units, separators and full-width digits → typed value, raw text kept', () => {
    const r = createLoad(LAYERS.reservePlots, '32-units.geojson');
    const area = Object.fromEntries(features(r).map((f) => [f.properties.id, f.properties.area_mu]));
    // 8600 m² / 666.67 m² per 亩 = 12.9 亩; "5 万方" = 50 000 with a warning; "大约十亩" is not a number
    // and area_mu is required, so P6 is rejected.
    expect(area.P1).toBe(129.01);
    expect(area.P2).toBe(1234.5);
    expect(area.P3).toBe(123);
    expect(area.P4).toBeCloseTo(12.9, 10);
    expect(area.P5).toBe(50000);
    expect(area.P6).toBeUndefined();
    expect(area.P7).toBe(10.2);
    expect(features(r)[0].properties.__orig).toEqual({ area_mu: '129.01亩' });
    expect(features(r).find((f) => f.properties.id === 'P7')?.properties.use).toBe('commercial');
    expect(only(r.issues, 'unit-converted').featureIndex).toBe(3);
    expect(only(r.issues, 'ambiguous-unit').featureIndex).toBe(4);
    expect(only(r.issues, 'bad-number')).toMatchObject({ severity: 'error', featureIndex: 5, field: 'area_mu' });
  });

  test('BAD-INPUTS #33: coordinates as text, E/N, degree-minute-second and full-width → parsed', () => {
    const r = createLoad(LAYERS.households, '33-string-coords.csv');
    const d = r.data as ColumnLayerData;
    expect(r.issues).toEqual([]);
    // 114°30'36" = 114 + 30/60 + 36/3600 = 114.51; 38°36'00" = 38.6.
    expect(Array.from(d.lon)).toEqual([114.5, 114.51, 114.6, 114.7]);
    expect(Array.from(d.lat)).toEqual([38.5, 38.6, 38.6, 38.6]);
  });

  test('BAD-INPUTS #33: GeoJSON coordinates written as text are read as numbers, with a warning; non-numeric text is rejected', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: ['114.7', '38.6'] }, properties: { id: 'H1', kind: 'hydrant', status: 'working' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: ['东经114度', '38.6'] }, properties: { id: 'H2', kind: 'hydrant', status: 'working' } },
      ],
    };
    const r = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', new TextEncoder().encode(JSON.stringify(fc)));
    expect(features(r).map((f) => (f.geometry as { coordinates: number[] }).coordinates)).toEqual([[114.7, 38.6]]);
    // H1's two values; H2 is rejected, and repairs of rejected features are not counted.
    expect(only(r.issues, 'string-coordinates').message.en).toMatch(/^2 coordinate values were text/);
    expect(only(r.issues, 'bad-coordinate').featureIndex).toBe(1);
  });

  test('BAD-INPUTS #34: duplicate and numeric ids → re-keyed uniquely and reported; missing id generated', () => {
    const r = createLoad(LAYERS.hydrants, '34-duplicate-ids.geojson');
    expect(features(r).map((f) => f.properties.id)).toEqual(['H1', 'H1#2', 'H1#3', '7', 'hydrants-5']);
    expect(features(r).map((f) => f.id)).toEqual([0, 1, 2, 3, 4]);
    expect(features(r)[1].properties.__orig).toEqual({ id: 'H1' });
    expect(r.issues.filter((i) => i.code === 'duplicate-id').map((i) => i.featureIndex)).toEqual([1, 2]);
    expect(only(r.issues, 'missing-id').featureIndex).toBe(4);
  });

  test('BAD-INPUTS #35: HTML/JS in attribute values is kept as plain text, unchanged', () => {
    const r = createLoad(LAYERS.kindergartens, '35-html-values.geojson');
    expect(features(r)[0].properties.name).toBe('<img src=x onerror=alert(1)>');
    expect(features(r)[0].properties.township).toBe('<details open ontoggle=alert(1)>');
  });

  test('BAD-INPUTS #38: __proto__ / constructor keys never pollute and are reported', () => {
    const r = createLoad(LAYERS.hydrants, '38-proto.geojson');
    const props = features(r)[0].properties;
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.keys(props).sort()).toEqual(['id', 'kind', 'status']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.issues.filter((i) => i.code === 'unsafe-key').map((i) => i.field)).toEqual(['__proto__', 'constructor']);
  });

  test('BAD-INPUTS #41: a GeoJSON file over the size limit → refused with the limit stated, no parse attempted', () => {
    // 05-null-geometry.geojson is a few hundred bytes; a 100-byte limit (0.0001 MB → "0 MB") stands in for 400 MB.
    const bytes = new Uint8Array(readFileSync(join(DIR, '05-null-geometry.geojson')));
    const r = loadLayerFile(LAYERS.kindergartens, 'kindergartens.geojson', bytes, { maxJsonBytes: 100 });
    expect(only(r.issues, 'too-large').message.en).toContain('limited to 0 MB');
    expect(features(r)).toEqual([]);
  });

  test('BAD-INPUTS #42: one polygon with 200 000 vertices loads; its validity is still checked over the whole ring', () => {
    // A circle of n vertices is a simple ring. Swapping vertices 150 000 and 150 001 makes the edges
    // (p149999 → p150001) and (p150000 → p150002) cross: a tiny bow-tie far into the ring.
    const n = 200_000;
    const circle = Array.from({ length: n }, (_, i) => [114.7 + 0.05 * Math.cos((2 * Math.PI * i) / n), 38.6 + 0.04 * Math.sin((2 * Math.PI * i) / n)]);
    const crossed = circle.slice();
    [crossed[150_000], crossed[150_001]] = [crossed[150_001], crossed[150_000]];
    const fc = {
      type: 'FeatureCollection',
      features: [circle, crossed].map((ring, i) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] }, properties: { name: `big-${i}` } })),
    };
    const r = loadLayerFile(LAYERS.builtUp, 'built_up.geojson', new TextEncoder().encode(JSON.stringify(fc)));
    expect(r.counts).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
    expect(features(r).map((f) => f.properties.__invalid ?? null)).toEqual([null, 'self-intersection']);
  });

  test('BAD-INPUTS #46: Z kept, M dropped and reported', () => {
    const r = createLoad(LAYERS.hydrants, '46-zm.geojson');
    expect(features(r).map((f) => (f.geometry as { coordinates: number[] }).coordinates)).toEqual([
      [114.7, 38.6, 52.5],
      [114.71, 38.61, 50],
    ]);
    expect(only(r.issues, 'm-dropped').message.en).toMatch(/^1 positions/);
  });

  test('BAD-INPUTS #48: an .xlsx (ZIP bytes) renamed .csv → reported as a ZIP/Excel file', () => {
    const r = createLoad(LAYERS.households, '48-xlsx-renamed.csv');
    expect(only(r.issues, 'wrong-file-type').message.en).toContain('ZIP');
    expect((r.data as ColumnLayerData).count).toBe(0);
  });

  test('BAD-INPUTS #48: an HTML page renamed .geojson → reported as a web page', () => {
    const r = createLoad(LAYERS.hydrants, '48-html-renamed.geojson');
    expect(only(r.issues, 'wrong-file-type').message.zh).toContain('网页');
  });
});
