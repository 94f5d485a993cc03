import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeHere } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();
const MINI = resolve(import.meta.dirname, '../fixtures/radii/mini');

// A reserve-plot file whose GeoJSON `crs` says GCJ-02: the warning says the file states it (and of
// its coordinates, not "these points": a polygon layer), and that nothing was converted.
describe('analyze import: a file stating GCJ-02', () => {
  test('a polygon layer whose crs names GCJ02: "the file says its coordinates are GCJ-02", not "these points look like"', async () => {
    const dir = tempDir('import-gcj-');
    const file = join(dir, 'plots-gcj.geojson');
    const ring = [[114.7, 38.6], [114.701, 38.6], [114.701, 38.601], [114.7, 38.601], [114.7, 38.6]];
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'GCJ02' } }, features: [{ type: 'Feature', properties: { id: 'D1', name: '一号地', area_mu: 15, use: 'residential', township: '恒州镇' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
    const out = join(dir, 'out');
    const r = await analyzeHere(['import', '--data', MINI, '--out', out, '--layer', 'reservePlots', file]);
    expect(r.code, r.stderr).toBe(0);
    const all = r.stdout + r.stderr;
    expect(all).toContain('文件说明其坐标是 GCJ-02（高德/腾讯） 偏移坐标。未转换；请加 --offset gcj02 重新导入。');
    expect(all).not.toContain('这些点像是');
    const report = JSON.parse(readFileSync(join(out, 'import-report.json'), 'utf8')) as { issues: { code: string; message: { en: string } }[] };
    expect(report.issues.find((i) => i.code === 'offset-suspected')?.message.en).toBe('The file says its coordinates are GCJ-02 (Amap/Tencent) offset coordinates. Not converted; import again with --offset gcj02.');
  }, 60_000);
});
