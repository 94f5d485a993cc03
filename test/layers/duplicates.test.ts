import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { formatIssue, loadLayerFile } from '../../layers/load/index.ts';
import { canonicalName } from '../../layers/load/geojson-layer.ts';
import type { GeoJsonLayerData, LayerDefinition } from '../../layers/types.ts';

const DIR = join(import.meta.dirname, '../fixtures/trust');

function createLoad(def: LayerDefinition, fixture: string) {
  return loadLayerFile(def, fixture, new Uint8Array(readFileSync(join(DIR, fixture))));
}

describe('duplicates that inflate figures are flagged', () => {
  test('same-spot-hydrants.geojson: features 2, 3 and 5 lie within 1 m of feature 1 (H1) → one warning each; H4, 17 m away, is not flagged; all 5 load', () => {
    const r = createLoad(LAYERS.hydrants, 'same-spot-hydrants.geojson');
    expect(r.issues.map((i) => formatIssue(i, 'en'))).toEqual([
      'File same-spot-hydrants.geojson, feature 2: At the same spot as feature 1 (H1), 0.0 m apart: possibly entered twice, which inflates counts. Loaded; please check.',
      'File same-spot-hydrants.geojson, feature 3: At the same spot as feature 1 (H1), 0.5 m apart: possibly entered twice, which inflates counts. Loaded; please check.',
      'File same-spot-hydrants.geojson, feature 5: At the same spot as feature 1 (H1), 0.4 m apart: possibly entered twice, which inflates counts. Loaded; please check.',
    ]);
    expect(formatIssue(r.issues[0], 'zh')).toBe('文件 same-spot-hydrants.geojson，第 2 个要素：与第 1 个要素（编号 H1）在同一位置（相距 0.0 米），可能是重复录入，会使数量偏多；已加载，请核对。');
    expect(r.issues.every((i) => i.severity === 'warning' && i.code === 'duplicate-location')).toBe(true);
    expect((r.data as GeoJsonLayerData).data.features.map((f) => f.properties.id)).toEqual(['H1', 'H2', 'H3', 'H4', 'H5']);
  });

  test('points 1 m apart across a grid-cell edge are found; 1.5 m apart are not', () => {
    const enc = new TextEncoder();
    const fc = (pts: number[][]) =>
      enc.encode(JSON.stringify({ type: 'FeatureCollection', features: pts.map((c, k) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: { id: `S${k + 1}`, kind: 'maintenance' } })) }));
    // 0.00002° is a cell edge; 0.9 m of latitude is 0.0000081°.
    const near = loadLayerFile(LAYERS.servicePoints, 's.geojson', fc([[114.7, 38.6000199], [114.7, 38.6000199 + 0.0000081]]));
    expect(near.issues.map((i) => [i.code, i.featureIndex])).toEqual([['duplicate-location', 1]]);
    const far = loadLayerFile(LAYERS.servicePoints, 's.geojson', fc([[114.7, 38.6], [114.7, 38.6 + 1.5 / 111320]]));
    expect(far.issues).toEqual([]);
  });

  test('duplicate-townships.geojson: "城关镇\\u200B" and "第１街道" repeat features 1 and 2 → warnings naming feature and field name; the names are kept as written', () => {
    const r = createLoad(LAYERS.townships, 'duplicate-townships.geojson');
    expect(r.issues.map((i) => formatIssue(i, 'zh'))).toEqual([
      '文件 duplicate-townships.geojson，第 3 个要素，字段 name：“城关镇\\u200B”与第 1 个要素的“城关镇”是同一个乡镇名称（忽略全角/半角、零宽字符和空格后相同）；同一乡镇名称出现两次会使按它统计的数字重复。已加载，请核对。',
      '文件 duplicate-townships.geojson，第 4 个要素，字段 name：“第１街道”与第 2 个要素的“第1街道”是同一个乡镇名称（忽略全角/半角、零宽字符和空格后相同）；同一乡镇名称出现两次会使按它统计的数字重复。已加载，请核对。',
    ]);
    expect(formatIssue(r.issues[1], 'en')).toBe(
      'File duplicate-townships.geojson, feature 4, field name: "第１街道" is the same township as "第1街道" of feature 2 (once full-/half-width forms, zero-width characters and spaces are ignored); a township listed twice counts twice in figures grouped by it. Loaded; please check.',
    );
    expect((r.data as GeoJsonLayerData).data.features.map((f) => f.properties.name)).toEqual(['城关镇', '第1街道', '城关镇\u200b', '第１街道', '南关乡']);
  });

  test('a division code written twice (full-width digits in the second) → duplicate-name on field code', () => {
    const poly = (name: string, code: string, x: number) => ({ type: 'Feature', properties: { name, code }, geometry: { type: 'Polygon', coordinates: [[[x, 38.5], [x + 0.1, 38.5], [x + 0.1, 38.6], [x, 38.6], [x, 38.5]]] } });
    const fc = { type: 'FeatureCollection', features: [poly('城关镇', '130634100', 114.5), poly('南关乡', '１３０６３４１００', 114.6)] };
    const r = loadLayerFile(LAYERS.townships, 'townships.geojson', new TextEncoder().encode(JSON.stringify(fc)));
    expect(r.issues.map((i) => formatIssue(i, 'en'))).toEqual([
      'File townships.geojson, feature 2, field code: "１３０６３４１００" is the same division code as "130634100" of feature 1 (once full-/half-width forms, zero-width characters and spaces are ignored); a division code listed twice counts twice in figures grouped by it. Loaded; please check.',
    ]);
  });

  test('canonicalName: NFKC, zero-width removed, spaces collapsed, case folded', () => {
    expect(canonicalName(' Ｃｈｅｎｇ\u3000guan\u200d\uFEFF ')).toBe('cheng guan');
    expect(canonicalName('城关镇')).not.toBe(canonicalName('城关乡'));
  });
});

describe('same-spot check stays linear', () => {
  test('50 000 hydrants stacked at one spot and 50 000 at a spot 1.5 m away (same grid cell) → 49 999 + 49 999 flagged, each against the first of its stack', () => {
    const features = Array.from({ length: 100_000 }, (_, k) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [114.7, k < 50_000 ? 38.600001 : 38.600001 + 1.5 / 111320] },
      properties: { id: `H${k + 1}`, kind: 'hydrant', status: 'working' },
    }));
    const r = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features })));
    const flagged = r.issues.filter((i) => i.code === 'duplicate-location');
    expect(flagged.at(-1)?.message.en).toBe('99998 issues of this kind (duplicate-location); the first 50 are listed, 99948 more are not.');
    expect(flagged[0].message.en).toContain('feature 1 (H1)');
    expect(r.counts.loaded).toBe(100_000);
  });
});
