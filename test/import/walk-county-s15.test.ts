// Session 15's walk through the app with a county that is not the demo (test/fixtures/walk-county,
// made by make-county.sh with GDAL from an OSM extract): the files as a county office holds them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { matchedFields, readForeignFiles, suggestFields, suggestTargets } from '../../layers/load/foreign/index.ts';

const OUT = resolve(import.meta.dirname, '../fixtures/walk-county/out');
const read = (...names: string[]) => readForeignFiles(names.map((n) => ({ name: n.split('/').pop()!, bytes: new Uint8Array(readFileSync(resolve(OUT, n))) }))).layers[0];
const csv = (text: string, name: string) => readForeignFiles([{ name, bytes: new TextEncoder().encode(text) }]).layers[0];
/** Every contract field the import step fills, by itself (自动) or as a suggestion. */
const mapped = (layer: ReturnType<typeof csv>, id: keyof typeof LAYERS) => ({ ...matchedFields(layer, LAYERS[id]), ...suggestFields(layer, LAYERS[id]) });

describe('a county office\'s column names are mapped to the contract fields (was: left as extra columns, the figures then estimated or missing)', () => {
  test('消防站.xlsx (GDAL): 车辆数 → vehicles, so rule FIRE-04 can check the vehicles per station level', () => {
    const l = read('消防站.xlsx');
    expect(suggestTargets([l], null)[0].layer).toBe('fireStations');
    expect(mapped(l, 'fireStations')).toMatchObject({ id: '编号', name: '名称', level: '等级', status: '状态', vehicles: '车辆数' });
  });

  test('乡镇.geojson (GDAL, EPSG:4547): 乡镇代码 → code', () => {
    const l = read('乡镇.geojson');
    expect(mapped(l, 'townships')).toMatchObject({ name: '乡镇名称', code: '乡镇代码', kind: '类型', mountain: '山区' });
  });

  test('a roads table: 道路名称 → name (was: the roads imported without names, every hydrant gap on a （未命名道路）)', () => {
    const l = csv('道路名称,道路等级,路宽,经度,纬度\n太行路,主干路,16,114.7,38.6\n', '道路.csv');
    expect(mapped(l, 'roads')).toMatchObject({ name: '道路名称', class: '道路等级', width_m: '路宽' });
  });

  test('a household ledger: 3-5岁幼儿 / 3-5岁儿童 (ASCII hyphen) → children_3_5 (was: every household estimated as persons × 0.03)', () => {
    for (const h of ['3-5岁幼儿', '3-5岁儿童', '3～5岁儿童']) {
      const l = csv(`户编号,乡镇,村,人口,${h},经度,纬度\nH1,城关镇,东村,4,1,114.7,38.6\n`, '农户.csv');
      expect(mapped(l, 'households').children_3_5).toBe(h.replace('～', '~')); // the reader reads full-width forms as ASCII
    }
  });

  test('a hydrant ledger keeps its own mapping (名称 is no field of hydrants; 道路 → road)', () => {
    const l = csv('编号,名称,类型,状态,道路,经度,纬度\nX1,消火栓1号,室外消火栓,完好,太行路,114.7,38.6\n', '消火栓台账.csv');
    expect(mapped(l, 'hydrants')).toMatchObject({ id: '编号', kind: '类型', status: '状态', road: '道路' });
  });
});
