import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { loadLayerFile, MAX_ISSUES_PER_CODE, parseCoordinateText, parseNumberText } from '../../layers/load/index.ts';
import type { ColumnLayerData } from '../../layers/types.ts';

// Crafted inputs that made a reader super-linear. Each finishes in well under a second now; with
// the old code they ran for hours, so a regression shows up as the test's time-out, not a timing
// assertion.
const enc = new TextEncoder();

describe('readers stay linear on crafted input', () => {
  test('a number cell of 10 000 spaces between the digit and a two-line unit is "not a number" (the old regex backtracked cubically)', () => {
    expect(parseNumberText('1' + ' '.repeat(10_000) + '万' + ' '.repeat(10_000) + 'a\nb')).toBeNull();
    expect(parseCoordinateText('1°' + ' '.repeat(10_000) + '!')).toBeNaN();
  });

  test('the hand-split number reader still reads units, 万 and spaces as before', () => {
    expect(parseNumberText(' 5 万 ')).toEqual({ value: 50_000 });
    expect(parseNumberText('129.01 亩', LAYERS.reservePlots.fields.find((f) => f.name === 'area_mu'))).toEqual({ value: 129.01 });
    expect(parseNumberText('3 人')).toEqual({ value: 3 });
    expect(parseNumberText('3 人\n4')).toBeNull();
    expect(parseNumberText('2万方')).toEqual({ value: 20_000, note: 'ambiguous' });
    expect(parseCoordinateText("114° 30' 15\" E")).toBeCloseTo(114.504166, 5);
    expect(parseCoordinateText('N 38.5')).toBe(38.5);
    expect(parseCoordinateText('114 30')).toBeNaN();
  });

  test('200 000 rows that each open a quote never closed (only "" pairs follow) → each row named, all rejected', () => {
    const rows = Array.from({ length: 200_000 }, () => '"a"",114.7,38.6').join('\n');
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc.encode(`village,lon,lat\n${rows}\n`));
    expect(r.counts).toEqual({ read: 200_000, loaded: 0, rejected: 200_000, unlocated: 0 });
    const bad = r.issues.filter((i) => i.code === 'unterminated-quote');
    expect(bad).toHaveLength(MAX_ISSUES_PER_CODE + 1);
    expect(bad.slice(0, 3).map((i) => [i.row, i.field])).toEqual([
      [2, 'village'],
      [3, 'village'],
      [4, 'village'],
    ]);
    expect(bad[MAX_ISSUES_PER_CODE].message.en).toBe('200000 issues of this kind (unterminated-quote); the first 50 are listed, 199950 more are not.');
  });

  test('one 10 MB line of 2 500 000 quoted cells loads as one row (the newline is looked up once per line)', () => {
    const line = Array.from({ length: 2_500_000 }, () => '"x"').join(',');
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc.encode(`id,lon,lat,village\nA,114.7,38.6,"v"\n${line}\n`));
    expect(r.counts.read).toBe(2);
    expect((r.data as ColumnLayerData).ids[0]).toBe('A');
  });

  test('a 5 MB JSON string full of backslashes and a 1 MB run of commas are read or rejected in one pass', () => {
    const s = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null, properties: { id: 'H1', kind: 'hydrant', status: 'working', note: '\\"'.repeat(1_000_000) } }] });
    const ok = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', enc.encode(s));
    expect(ok.counts.loaded).toBe(1);
    const bad = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', enc.encode('[' + ','.repeat(1_000_000) + ']'));
    expect(bad.issues.map((i) => [i.code, i.message.en])).toEqual([['invalid-json', 'Invalid JSON at line 1, column 2 (the file may be truncated or have a trailing comma).']]);
  });
});

describe('ids stay linear', () => {
  test('200 000 rows with the same id become A, A#2 … A#200000 (each new suffix was searched from #2: quadratic)', () => {
    const rows = Array.from({ length: 200_000 }, () => 'A,114.7,38.6').join('\n');
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc.encode(`id,lon,lat\n${rows}\n`));
    const ids = (r.data as ColumnLayerData).ids;
    expect([ids[0], ids[1], ids[199_999]]).toEqual(['A', 'A#2', 'A#200000']);
    expect(new Set(ids).size).toBe(200_000);
    expect(r.issues.filter((i) => i.code === 'duplicate-id').at(-1)?.message.en).toBe('199999 issues of this kind (duplicate-id); the first 50 are listed, 199949 more are not.');
  });

  test('an id that collides with a generated suffix still gets a free one', () => {
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc.encode('id,lon,lat\nA,114.7,38.6\nA#2,114.7,38.6\nA,114.7,38.6\nA,114.7,38.6\n'));
    expect((r.data as ColumnLayerData).ids).toEqual(['A', 'A#2', 'A#3', 'A#4']);
  });
});

describe('readers stay bounded in memory on crafted input', () => {
  test('a CSV header of 100 000 unknown columns over 100 000 rows keeps 200 extra columns (not 100 000 full ones) and says so', () => {
    const header = ['id', 'lon', 'lat', ...Array.from({ length: 100_000 }, (_, k) => `c${k}`)].join(',');
    const rows = Array.from({ length: 100_000 }, (_, k) => `R${k},114.7,38.6`).join('\n');
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc.encode(`${header}\n${rows}\n`));
    const d = r.data as ColumnLayerData;
    expect(d.count).toBe(100_000);
    expect(Object.keys(d.columns).filter((k) => /^c\d+$/.test(k))).toHaveLength(200);
    expect(r.issues.filter((i) => i.code === 'too-many-columns').map((i) => [i.row, i.message.en])).toEqual([
      [1, 'More than 200 columns (properties) are outside the data contract; 99800 more were not kept.'],
    ]);
  });

  test('GeoJSON households with a distinct unknown key in each of 50 000 features keep 200 extra columns', () => {
    const features = Array.from({ length: 50_000 }, (_, k) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [114.7 + k * 1e-4, 38.6] }, properties: { id: `H${k}`, [`k${k}`]: 1 } }));
    const r = loadLayerFile(LAYERS.households, 'households.geojson', enc.encode(JSON.stringify({ type: 'FeatureCollection', features })));
    expect((r.data as ColumnLayerData).count).toBe(50_000);
    expect(Object.keys((r.data as ColumnLayerData).columns).filter((k) => /^k\d+$/.test(k))).toHaveLength(200);
    expect(r.issues.map((i) => [i.code, i.message.en])).toEqual([['too-many-columns', 'More than 200 columns (properties) are outside the data contract; 49800 more were not kept.']]);
  });
});

describe('polygon validity check stays bounded', () => {
  test('a star of 40 000 spikes (every edge box overlaps the others; 44 s before) loads with a validity-unchecked warning naming the feature', () => {
    const n = 40_000;
    const ring = Array.from({ length: n }, (_, k) => {
      const a = (2 * Math.PI * k) / n;
      const rad = k % 2 === 0 ? 0.05 : 0.00005;
      return [114.7 + rad * Math.cos(a), 38.6 + rad * Math.sin(a)];
    });
    ring.push(ring[0]);
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '星形镇' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
    const r = loadLayerFile(LAYERS.townships, 'townships.geojson', enc.encode(JSON.stringify(fc)));
    expect(r.counts.loaded).toBe(1);
    expect(r.issues.map((i) => [i.code, i.featureIndex, i.message.en])).toEqual([
      ['validity-unchecked', 0, 'The polygon outline is too tangled (many edges overlap) to check for self-intersection in the time allowed; loaded, but its area and overlay results may be unreliable.'],
    ]);
  });
});
