import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLayerOffset, importForeign, readForeignFiles, suggestLayer, suggestTargets, type ForeignLayer } from '../../layers/load/foreign/index.ts';
import { detectOffset } from '../../layers/load/foreign/offset-detect.ts';
import { wgs84ToBd09, wgs84ToGcj02 } from '../../layers/load/foreign/gcj02.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { loadProject } from '../../layers/load/index.ts';
import type { GeoJsonLayerData, LayerData } from '../../layers/types.ts';

const ROOT = resolve(__dirname, '../..');
const DIR = join(ROOT, 'test/fixtures/import');
const file = (n: string) => ({ name: n, bytes: new Uint8Array(readFileSync(join(DIR, n))) });

let demoLoad: ReturnType<typeof loadProjectDir> | null = null;
/** The demo county, read once (importForeign never changes it; a test checks that). */
function loadDemo(): ReturnType<typeof loadProjectDir> {
  demoLoad ??= loadProjectDir(join(ROOT, 'data/demo'));
  return demoLoad;
}

function geo(d: LayerData): GeoJsonLayerData {
  if (d.kind !== 'geojson') throw new Error('geojson layer expected');
  return d;
}

function createLayer(name: string, geometry: ForeignLayer['geometry'], fields: string[]): ForeignLayer {
  return { source: `${name}.shp`, name, geometry, features: [], fields, crs: null };
}

describe('which layer', () => {
  it('suggests the target from any file name (Chinese, spaces), geometry and fields', () => {
    expect(suggestLayer(createLayer('新建 幼儿园 2024', 'Point', []))).toBe('kindergartens');
    expect(suggestLayer(createLayer('城区消防栓', 'Point', []))).toBe('hydrants');
    expect(suggestLayer(createLayer('DLJ 道路中心线', 'LineString', []))).toBe('roads');
    // no name hint: the fields decide
    expect(suggestLayer(createLayer('Export_Output', 'Point', ['编号', '状态', '类型']))).toBe('hydrants');
    // a name hint with the wrong geometry does not win
    expect(suggestLayer(createLayer('消防栓分布范围', 'Polygon', []))).not.toBe('hydrants');
    expect(suggestLayer(createLayer('Export_Output', 'Point', []))).toBeNull();
  });
});

describe('point tables', () => {
  it('reads an Excel hydrant list with 经度/纬度 and maps Chinese values to codes, keeping the text', () => {
    const res = readForeignFiles([file('消防栓台账.xlsx')]);
    expect(res.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const l = res.layers[0];
    expect(l.features).toHaveLength(4);
    expect(suggestLayer(l)).toBe('hydrants');
    const targets = suggestTargets(res.layers, null);
    const r = importForeign(null, res.layers, targets);
    const fs = geo(r.project.layers.hydrants).data.features;
    expect(fs.map((f) => f.properties.id)).toEqual(['SJ-101', 'SJ-102', 'SJ-103', 'SJ-104']);
    expect(fs.map((f) => f.properties.status)).toEqual(['working', 'broken', 'working', 'planned']);
    expect(fs.map((f) => f.properties.kind)).toEqual(['hydrant', 'water_crane', 'hydrant', 'hydrant']);
    expect(fs[3].properties.__orig).toMatchObject({ status: '规划中' });
    expect(fs[1].properties.road).toBe('太行路（北段）');
    expect((fs[0].geometry as { coordinates: number[] }).coordinates).toEqual([114.7251, 38.6011]);
  });

  it('finds X/Y columns in survey order (X = northing) and 东坐标/北坐标', () => {
    const csv = '点号,X,Y,状态\n1,4274787.486,38563369.872,完好\n';
    const res = readForeignFiles([{ name: '测量点.csv', bytes: new TextEncoder().encode(csv) }]);
    expect(res.layers[0].features[0].geometry?.coordinates).toEqual([38563369.872, 4274787.486]);
    expect(res.issues.some((i) => i.code === 'northing-first')).toBe(true);
    const csv2 = '编号,东坐标,北坐标\nA,563369.872,4274787.486\n';
    const res2 = readForeignFiles([{ name: 'b.csv', bytes: new TextEncoder().encode(csv2) }]);
    expect(res2.layers[0].features[0].geometry?.coordinates).toEqual([563369.872, 4274787.486]);
  });

  it('reports a row whose coordinates cannot be read with its row and column', () => {
    const csv = '编号,经度,纬度\nA,114.7,38.6\nB,abc,38.6\n';
    const res = readForeignFiles([{ name: 'c.csv', bytes: new TextEncoder().encode(csv) }]);
    expect(res.issues.find((i) => i.code === 'bad-coordinate')).toMatchObject({ file: 'c.csv', row: 3, field: '经度' });
  });
});

describe('GCJ-02 / BD-09 on the user word', () => {
  it('detects the offset of 高德 points against the project roads, and converts only when told', async () => {
    const demo = await loadDemo();
    const res = readForeignFiles([file('高德消火栓.csv')]);
    const [t] = suggestTargets(res.layers, demo.project);
    const d = detectLayerOffset(res.layers[0], t, demo.project);
    expect(d?.suggest).toBe('gcj02');
    expect(d!.medianGcj02).toBeLessThan(d!.medianAsIs / 2);
    const asIs = importForeign(demo, res.layers, [t]);
    const converted = importForeign(demo, res.layers, [{ ...t, offset: 'gcj02' }]);
    const orig = geo(demo.project.layers.hydrants).data.features;
    const pos = (r: typeof asIs, i: number) => (geo(r.project.layers.hydrants).data.features[orig.length + i].geometry as { coordinates: number[] }).coordinates;
    const want = (orig[0].geometry as { coordinates: number[] }).coordinates;
    const m = (a: number[], b: number[]) => Math.hypot((a[0] - b[0]) * 111_320 * Math.cos((b[1] * Math.PI) / 180), (a[1] - b[1]) * 111_320);
    expect(m(pos(asIs, 0), want)).toBeGreaterThan(300);
    expect(m(pos(converted, 0), want)).toBeLessThan(1);
    // the choice is remembered in the project for this file
    expect(converted.project.imports?.['高德消火栓.csv']).toEqual({ layer: 'hydrants', mode: 'add', offset: 'gcj02' });
    expect(suggestTargets(res.layers, converted.project)[0].offset).toBe('gcj02');
  });

  it('does not suggest a correction for WGS 84 points, and finds BD-09', async () => {
    const demo = await loadDemo();
    const pts = geo(demo.project.layers.hydrants).data.features.slice(0, 30).map((f) => (f.geometry as unknown as { coordinates: [number, number] }).coordinates);
    expect(detectOffset(pts, demo.project.layers.roads)?.suggest).toBeNull();
    expect(detectOffset(pts.map(([x, y]) => wgs84ToGcj02(x, y)), demo.project.layers.roads)?.suggest).toBe('gcj02');
    expect(detectOffset(pts.map(([x, y]) => wgs84ToBd09(x, y)), demo.project.layers.roads)?.suggest).toBe('bd09');
    // too few points are never judged
    expect(detectOffset(pts.slice(0, 5).map(([x, y]) => wgs84ToGcj02(x, y)), demo.project.layers.roads)?.suggest).toBeNull();
  });
});

describe('add to or replace a layer, nothing applied before the user confirms', () => {
  it('adds to the open project, or replaces the layer, leaving the open project unchanged', async () => {
    const demo = await loadDemo();
    const before = geo(demo.project.layers.hydrants).data.features.length;
    const res = readForeignFiles([file('县资源局数据.zip')]);
    const targets = suggestTargets(res.layers, demo.project);
    expect(targets.map((t) => [t.layer, t.mode])).toEqual([['hydrants', 'add'], ['reservePlots', 'add'], ['roads', 'add']]);
    const added = importForeign(demo, res.layers, targets);
    expect(geo(added.project.layers.hydrants).data.features).toHaveLength(before + 4);
    expect(added.layers.find((l) => l.layer === 'hydrants')).toMatchObject({ before, after: before + 4, counts: { read: 4, loaded: 4 } });
    expect(added.issues.some((i) => i.code === 'duplicate-id-existing' && i.field === 'id')).toBe(true);
    const replaced = importForeign(demo, res.layers, targets.map((t) => ({ ...t, mode: 'replace' as const })));
    expect(geo(replaced.project.layers.hydrants).data.features).toHaveLength(4);
    expect(replaced.report.counts.hydrants).toMatchObject({ read: 4, loaded: 4 });
    // the plots' 地块编号 / 亩数 / 用途 columns are mapped to id / area_mu / use
    const plots = geo(replaced.project.layers.reservePlots).data.features;
    expect(plots.map((f) => [f.properties.id, f.properties.area_mu, f.properties.use])).toEqual([['DK-01', 45.5, 'residential'], ['DK-02', 20, 'education']]);
    // the open project is untouched (cancel = do not apply the result)
    expect(geo(demo.project.layers.hydrants).data.features).toHaveLength(before);
    expect(demo.project.imports).toBeUndefined();
  });

  it('refuses to apply a layer whose every feature fails, and names file, feature and field', () => {
    const res = readForeignFiles([file('县资源局数据.zip')]);
    const roads = res.layers.find((l) => l.name === 'roads')!;
    const r = importForeign(null, [roads], [{ source: roads.source, layer: 'roads', mode: 'replace', fields: { class: '名称_不存在' } }]);
    expect(r.layers).toEqual([]);
    const miss = r.issues.find((i) => i.code === 'missing-required');
    expect(miss).toMatchObject({ file: '县资源局数据.zip/roads.shp', featureIndex: 0, field: 'class' });
    expect(r.issues.some((i) => i.code === 'nothing-imported')).toBe(true);
  });

  it('warns on a Beijing 1954 datum and when a zone puts the data far from the project', async () => {
    const stem = 'hydrants_bj54';
    const files = ['.shp', '.dbf', '.prj', '.cpg'].map((e) => ({ name: `${stem}${e}`, bytes: new Uint8Array(readFileSync(join(DIR, 'shp', `${stem}${e}`))) }));
    const res = readForeignFiles(files);
    const demo = await loadDemo();
    const r = importForeign(demo, res.layers, suggestTargets(res.layers, demo.project));
    expect(r.issues.some((i) => i.code === 'datum-not-shifted' && i.message.zh.includes('北京 1954'))).toBe(true);
    // a CM-114E file without .prj given CM 111E lands ~261 km west: the user is told
    const cm = readForeignFiles(['.shp', '.dbf', '.cpg'].map((e) => ({ name: `hydrants_cm114${e}`, bytes: new Uint8Array(readFileSync(join(DIR, 'shp', `hydrants_cm114${e}`))) })));
    const wrong = importForeign(demo, cm.layers, [{ source: 'hydrants_cm114.shp', layer: 'hydrants', mode: 'add', crs: 'EPSG:4546' }]);
    expect(wrong.issues.find((i) => i.code === 'far-from-project')?.file).toBe('hydrants_cm114.shp');
    // zone-38 numbers given a CRS without zone number: the mismatch is named
    const z38 = readForeignFiles(['.shp', '.dbf', '.cpg'].map((e) => ({ name: `hydrants_zone38${e}`, bytes: new Uint8Array(readFileSync(join(DIR, 'shp', `hydrants_zone38${e}`))) })));
    const mismatch = importForeign(demo, z38.layers, [{ source: 'hydrants_zone38.shp', layer: 'hydrants', mode: 'add', crs: 'EPSG:4547' }]);
    expect(mismatch.issues.find((i) => i.code === 'zone-mismatch')?.message.zh).toContain('带号 38');
  });

  it('reads the import memory back from project.json', () => {
    const json = JSON.stringify({ name: 'x', imports: { '高德消火栓.csv': { layer: 'hydrants', mode: 'add', offset: 'gcj02', bogus: 1 }, __proto__: { layer: 'roads' } } });
    const { project } = loadProject([{ name: 'project.json', bytes: new TextEncoder().encode(json) }]);
    expect(project.imports).toEqual({ '高德消火栓.csv': { layer: 'hydrants', mode: 'add', offset: 'gcj02' } });
  });
});

describe('any file name', () => {
  it('reads 新建幼儿园.geojson through the import step, suggesting kindergartens', () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 编号: 'K1', 名称: '新幼儿园', 性质: '公办' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } }] };
    const res = readForeignFiles([{ name: '新建幼儿园.geojson', bytes: new TextEncoder().encode(JSON.stringify(fc)) }]);
    const [t] = suggestTargets(res.layers, null);
    expect(t.layer).toBe('kindergartens');
    const r = importForeign(null, res.layers, [t]);
    expect(geo(r.project.layers.kindergartens).data.features[0].properties).toMatchObject({ id: 'K1', name: '新幼儿园', ownership: 'public' });
  });
});
