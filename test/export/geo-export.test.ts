import { describe, expect, test } from 'vitest';
import { unzipSync } from 'fflate';
import { readShapefiles } from '../../layers/load/foreign/shapefile';
import { meanLongitude, resultsGeojson, resultsShapefile, shapefileCrs, shapefileFeatureCount } from '../../src/export/geo-export';
import { resultFeatures, type ResultLayer } from '../../src/state/results-slice';
import { resultLayersKml } from '../../src/export/kml';
import { COUNT_PROPERTY, withAggregate } from '../../src/panels/radii/aggregate-result';

/** Two proposed hydrants and one gap on 恒山路 (115°E, 38.5°N), as the hydrant panel's result layers hold them. */
function createLayers(): ResultLayer[] {
  return [
    {
      id: 'hydrant-proposed',
      title: { zh: '建议新增消火栓', en: 'Proposed hydrants' },
      visible: true,
      style: [],
      legend: [],
      data: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: { type: 'Point', coordinates: [115.001, 38.5] }, properties: { id: 'P1', road: '恒山路', township: '恒州镇', covers_m: 120.5 } },
          { type: 'Feature', geometry: { type: 'Point', coordinates: [115.002, 38.5005] }, properties: { id: 'P2', road: '（未命名道路）', township: '恒州镇', covers_m: 80, __orig: { x: 1 } } },
        ],
      },
    },
    {
      id: 'hydrant-gaps',
      title: { zh: '消火栓保护空白', en: 'Hydrant gaps' },
      visible: true,
      style: [],
      legend: [],
      data: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[115.0074, 38.5], [115.0115, 38.5]] }, properties: { road: '恒山路', length_m_of_the_gap: 350.3 } }] },
    },
  ];
}

describe('resultsGeojson', () => {
  test('every feature with its layer title; internal (__) properties left out', () => {
    const fc = resultsGeojson(createLayers(), 'zh');
    expect(fc.features).toHaveLength(3);
    expect(fc.features[0].properties).toEqual({ 图层: '建议新增消火栓', id: 'P1', road: '恒山路', township: '恒州镇', covers_m: 120.5 });
    expect(fc.features[1].properties).not.toHaveProperty('__orig');
    expect(fc.features[2].properties?.['图层']).toBe('消火栓保护空白');
    // a text round trip keeps the Chinese and the coordinates
    expect(JSON.parse(JSON.stringify(fc)).features[2].geometry.coordinates[1]).toEqual([115.0115, 38.5]);
  });
});

describe('resultsShapefile', () => {
  test('GBK, Gauss-Krüger zone 38 (115°E → central meridian 114°): re-imported by our Shapefile reader with the same text and the stated CRS', () => {
    expect(meanLongitude(createLayers())).toBeCloseTo((115.001 + 115.002 + 115.0074) / 3, 9);
    expect(shapefileCrs('gk', 115.0)).toEqual({ kind: 'gauss-kruger', centralMeridian: 114, zoneInEasting: true });
    const { zip, fieldNames } = resultsShapefile(createLayers(), { crs: 'gk', encoding: 'gbk' }, 'zh');
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(
      ['hydrant-gaps.cpg', 'hydrant-gaps.dbf', 'hydrant-gaps.prj', 'hydrant-gaps.shp', 'hydrant-gaps.shx', 'hydrant-proposed.cpg', 'hydrant-proposed.dbf', 'hydrant-proposed.prj', 'hydrant-proposed.shp', 'hydrant-proposed.shx', '字段对照.csv'].sort(),
    );
    expect(new TextDecoder().decode(files['hydrant-proposed.cpg']).trim().toUpperCase()).toBe('GBK');
    expect(new TextDecoder().decode(files['hydrant-proposed.prj'])).toContain('CGCS2000');
    // a long property name is shortened to ≤ 10 bytes and the mapping says so
    const long = fieldNames['hydrant-gaps']['length_m_of_the_gap'];
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(10);
    const mapping = new TextDecoder('utf-8', { ignoreBOM: true }).decode(files['字段对照.csv']);
    expect(mapping.startsWith('\uFEFF图层,属性,DBF字段名（≤10字节）,超过254字节被截断的值（个，GeoJSON导出中完整）\r\n')).toBe(true);
    expect(mapping).toContain(`消火栓保护空白 (hydrant-gaps),length_m_of_the_gap,${long}`);

    const read = readShapefiles(Object.entries(files).map(([name, bytes]) => ({ name, bytes })));
    const proposed = read.layers.find((l) => l.name === 'hydrant-proposed')!;
    expect(proposed.encoding?.toLowerCase()).toMatch(/^(gbk|gb18030)$/); // the reader decodes GBK as its superset GB18030
    expect(proposed.crs).toMatchObject({ kind: 'gauss-kruger' });
    expect(proposed.features.map((f) => [f.properties.id, f.properties.road, f.properties.township, f.properties.covers_m])).toEqual([
      ['P1', '恒山路', '恒州镇', 120.5],
      ['P2', '（未命名道路）', '恒州镇', 80],
    ]);
    // zone number 38 in front of the easting; 115.001°E is about 87 km east of 114°E at 38.5°N
    const [x, y] = proposed.features[0].geometry!.coordinates as number[];
    expect(Math.floor(x / 1_000_000)).toBe(38);
    expect(x - 38_500_000).toBeGreaterThan(86_000);
    expect(x - 38_500_000).toBeLessThan(88_000);
    expect(y).toBeGreaterThan(4_260_000);
    expect(y).toBeLessThan(4_270_000);
    const gaps = read.layers.find((l) => l.name === 'hydrant-gaps')!;
    expect(gaps.features[0].properties[long]).toBe(350.3);
  });

  test('a text longer than a DBF field holds is counted in the mapping (session 13: it was cut without a word)', () => {
    const layers = createLayers();
    const gap = (layers[1].data as { features: { properties: Record<string, unknown> }[] }).features[0];
    gap.properties.where = '未命名道路：恒州镇，近 北环路'.repeat(30); // 450 characters
    const { zip } = resultsShapefile(layers, { crs: 'wgs84', encoding: 'utf-8' }, 'zh');
    const mapping = new TextDecoder('utf-8', { ignoreBOM: true }).decode(unzipSync(zip)['字段对照.csv']);
    expect(mapping).toContain('消火栓保护空白 (hydrant-gaps),where,where,1\r\n');
    expect(mapping).toContain('消火栓保护空白 (hydrant-gaps),road,road,\r\n');
  });

  test('result layers that hold no feature (every gap closed) give no Shapefile zip: refused in zh and en (it was a zip holding only the mapping header)', () => {
    const empty = createLayers().map((l) => ({ ...l, data: { type: 'FeatureCollection' as const, features: [] } }));
    expect(shapefileFeatureCount(empty)).toBe(0);
    expect(shapefileFeatureCount(createLayers())).toBe(3);
    expect(() => resultsShapefile(empty, { crs: 'gk', encoding: 'gbk' }, 'zh')).toThrow('结果图层中没有要素，未生成 Shapefile。');
    expect(() => resultsShapefile(empty, { crs: 'gk', encoding: 'gbk' }, 'en')).toThrow('The result layers hold no feature; no Shapefile was made.');
  });

  test('UTF-8 in WGS 84: lon/lat as written', () => {
    const { zip } = resultsShapefile(createLayers(), { crs: 'wgs84', encoding: 'utf-8' }, 'en');
    const files = unzipSync(zip);
    expect(files['field-names.csv']).toBeDefined();
    const read = readShapefiles(Object.entries(files).filter(([n]) => !n.endsWith('.csv')).map(([name, bytes]) => ({ name, bytes })));
    const proposed = read.layers.find((l) => l.name === 'hydrant-proposed')!;
    expect(proposed.crs).toMatchObject({ kind: 'lonlat', datum: 'WGS84' });
    expect(proposed.features[1].properties.road).toBe('（未命名道路）');
    expect(proposed.features[1].geometry!.coordinates).toEqual([115.002, 38.5005]);
  });
});

describe('drawing cells of a large point layer are not exported', () => {
  // 3 uncovered households, 2 of them in one grid cell: withAggregate adds 2 cells for the map
  const points: ResultLayer['data'] = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [115.0001, 38.5001] }, properties: { id: 'H1', children: 1 } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [115.0002, 38.5002] }, properties: { id: 'H2', children: 0 } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [115.2001, 38.7001] }, properties: { id: 'H3', children: 2 } },
    ],
  };
  const layer: ResultLayer = {
    id: 'kindergarten-uncovered',
    title: { zh: '幼儿园服务半径外农户', en: 'Households outside kindergarten radii' },
    visible: true,
    style: [],
    legend: [],
    fields: [{ name: 'id', label: { zh: '农户编号', en: 'Household' }, type: 'string' }],
    data: withAggregate(points),
  };

  test('the map gets 2 cells + 3 points; the count, GeoJSON, Shapefile and KML only the 3 households', () => {
    expect(layer.data.features).toHaveLength(5);
    expect(layer.data.features.filter((f) => f.properties && COUNT_PROPERTY in f.properties).map((f) => f.properties![COUNT_PROPERTY])).toEqual([2, 1]);
    expect(resultFeatures(layer).map((f) => f.properties?.id)).toEqual(['H1', 'H2', 'H3']);
    expect(resultsGeojson([layer], 'zh').features.map((f) => f.properties?.id)).toEqual(['H1', 'H2', 'H3']);
    const files = unzipSync(resultsShapefile([layer], { crs: 'wgs84', encoding: 'utf-8' }, 'zh').zip);
    const read = readShapefiles(Object.entries(files).filter(([n]) => !n.endsWith('.csv')).map(([name, bytes]) => ({ name, bytes })));
    expect(read.layers[0].features.map((f) => f.properties.id)).toEqual(['H1', 'H2', 'H3']);
    const kml = resultLayersKml([layer], 'zh', '测试');
    expect(kml.match(/<Placemark>/g)).toHaveLength(3);
    expect(meanLongitude([layer])).toBeCloseTo((115.0001 + 115.0002 + 115.2001) / 3, 9);
  });

  test('a layer without cells is given as it is', () => {
    const plain: ResultLayer = { ...layer, data: points };
    expect(resultFeatures(plain)).toBe(points.features);
  });
});
