import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { loadLayerFile } from '../../layers/load/index.ts';

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });

describe('fire-rule layers (issue #13): official districts, barriers, fire-lane ledger', () => {
  test('fire_districts: Chinese values read as codes; a district without its station is refused by feature and field', () => {
    const sq = [[[114.7, 38.6], [114.71, 38.6], [114.71, 38.61], [114.7, 38.61], [114.7, 38.6]]];
    const r = loadLayerFile(LAYERS.fireDistricts, 'fire_districts.geojson', enc(fc([
      { type: 'Feature', properties: { station: 'FS-01', level: '一级站', location: '近郊' }, geometry: { type: 'Polygon', coordinates: sq } },
      { type: 'Feature', properties: { level: '二级站' }, geometry: { type: 'Polygon', coordinates: sq } },
    ])));
    const feats = r.data.kind === 'geojson' ? r.data.data.features : [];
    expect(feats).toHaveLength(1);
    expect(feats[0].properties).toMatchObject({ station: 'FS-01', level: 'level1', location: 'edge' });
    const miss = r.issues.find((i) => i.code === 'missing-required');
    expect(miss).toMatchObject({ file: 'fire_districts.geojson', featureIndex: 1, field: 'station' });
  });

  test('barriers: kind from 铁路 / 河流; an unknown kind is named', () => {
    const line = [[114.7, 38.6], [114.8, 38.6]];
    const r = loadLayerFile(LAYERS.barriers, 'barriers.geojson', enc(fc([
      { type: 'Feature', properties: { name: 'R', kind: '铁路' }, geometry: { type: 'LineString', coordinates: line } },
      { type: 'Feature', properties: { name: 'W', kind: '河流' }, geometry: { type: 'LineString', coordinates: line } },
      { type: 'Feature', properties: { name: 'X', kind: '围墙' }, geometry: { type: 'LineString', coordinates: line } },
    ])));
    const feats = r.data.kind === 'geojson' ? r.data.data.features : [];
    expect(feats.map((f) => f.properties.kind)).toEqual(['railway', 'river']);
    expect(r.issues.find((i) => i.code === 'bad-enum')).toMatchObject({ featureIndex: 2, field: 'kind' });
  });

  test('fire_lanes: problem and status from the ledger\'s Chinese words', () => {
    const r = loadLayerFile(LAYERS.fireLanes, 'fire_lanes.geojson', enc(fc([
      { type: 'Feature', properties: { id: 'L1', problem: '占用', status: '未整改', date: '2024-03-12' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } },
      { type: 'Feature', properties: { id: 'L2', problem: '断头路', status: '已整改' }, geometry: { type: 'Point', coordinates: [114.71, 38.6] } },
    ])));
    const feats = r.data.kind === 'geojson' ? r.data.data.features : [];
    expect(feats.map((f) => [f.properties.problem, f.properties.status])).toEqual([['blocked', 'open'], ['dead_end', 'fixed']]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
