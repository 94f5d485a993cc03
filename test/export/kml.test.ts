import { describe, expect, test } from 'vitest';
import { strToU8 } from 'fflate';
import type { ResultLayer } from '../../src/state/results-slice.ts';
import { resultLayersKml } from '../../src/export/kml.ts';
import { readKml } from '../../layers/load/foreign/kml.ts';

function createLayers(): ResultLayer[] {
  return [
    {
      id: 'hydrant-proposed',
      title: { zh: '建议新增消火栓', en: 'Proposed hydrants' },
      data: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: { type: 'Point', coordinates: [114.01, 30.02] }, properties: { id: 'P1', road: '人民路 <东段>', atM: 120.5, use: 'residential' } },
          { type: 'Feature', geometry: null, properties: { id: 'P2', road: 'x', atM: 1 } },
          { type: 'Feature', geometry: { type: 'Point', coordinates: [114.03, 30.04] }, properties: { id: '', road: '新华街', atM: 0 } },
        ],
      },
      style: [],
      legend: [{ label: { zh: '建议', en: 'proposed' }, color: '#e65100', shape: 'circle' }],
      visible: true,
      fields: [
        { name: 'id', label: { zh: '编号', en: 'Id' }, type: 'string' },
        { name: 'road', label: { zh: '道路', en: 'Road' }, type: 'string' },
        { name: 'atM', label: { zh: '里程', en: 'At' }, unit: { zh: '米', en: 'm' }, type: 'number' },
        { name: 'use', label: { zh: '用途', en: 'Use' }, type: 'enum', values: [{ code: 'residential', label: { zh: '住宅', en: 'residential' } }] },
      ],
    },
    {
      id: 'hydrant-gaps',
      title: { zh: '保护空白路段', en: 'Gaps' },
      data: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[114, 30], [114.001, 30.001]] }, properties: { lengthM: 80 } }] },
      style: [],
      legend: [],
      visible: true,
    },
  ];
}

describe('resultLayersKml', () => {
  test('a folder per result layer, labelled fields in Chinese, enum codes as labels, read back by the KML reader', () => {
    const kml = resultLayersKml(createLayers(), 'zh', '消火栓分析');
    const r = readKml({ name: '消火栓分析.kml', bytes: strToU8(kml) });
    expect(r.issues).toEqual([]);
    expect(r.layers.map((l) => [l.name, l.features.length])).toEqual([
      ['建议新增消火栓', 2],
      ['保护空白路段', 1],
    ]);
    expect(r.layers[0].features[0].properties).toEqual({ name: 'P1', 编号: 'P1', 道路: '人民路 <东段>', '里程（米）': 120.5, 用途: '住宅', folder: '建议新增消火栓' });
    expect(r.layers[0].features[1].properties.name).toBe('建议新增消火栓 2');
    expect(r.layers[1].features[0].geometry).toEqual({ type: 'LineString', coordinates: [[114, 30], [114.001, 30.001]] });
    expect(r.layers[1].features[0].properties.lengthM).toBe(80);
    expect(kml).toContain('<color>ff0051e6</color>');
  });

  test('English labels when the UI is English', () => {
    const r = readKml({ name: 'h.kml', bytes: strToU8(resultLayersKml(createLayers(), 'en', 'Hydrants')) });
    expect(Object.keys(r.layers[0].features[0].properties)).toEqual(['name', 'Id', 'Road', 'At (m)', 'Use', 'folder']);
  });
});
