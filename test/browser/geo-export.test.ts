import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { screenshot, useDemoApp, downloadBytes } from './harness';
import { readShapefiles } from '../../layers/load/foreign/shapefile';

const SLOW = 300_000;

describe('导出 GeoJSON / Shapefile (demo county)', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('the plot review exports GeoJSON and a GBK Gauss-Krüger Shapefile that our importer reads back with every plot id in full', async () => {
    const p = demo.main.page;
    const plots = JSON.parse(readFileSync(resolve(demo.app.dataDir, 'reserve_plots.geojson'), 'utf8')) as { features: { properties: { id: string } }[] };
    const ids = plots.features.map((f) => f.properties.id);
    await p.getByTestId('panel-tab-plots').click();
    if (await p.getByTestId('plots-with-fire').isChecked()) await p.getByTestId('plots-with-fire').click();
    await p.getByTestId('plots-run').click();
    await p.getByTestId('plots-figures').waitFor({ timeout: 120_000 });

    const [gj] = await Promise.all([p.waitForEvent('download'), p.getByTestId('plots-export-geojson').click()]);
    expect(gj.suggestedFilename()).toBe('储备地块审查.geojson');
    const fc = JSON.parse((await downloadBytes(gj)).toString('utf8')) as { features: { properties: Record<string, unknown>; geometry: { type: string } }[] };
    expect(fc.features.map((f) => f.properties.id)).toEqual(ids);
    expect(fc.features.every((f) => f.properties['图层'] && /Polygon$/.test(f.geometry.type))).toBe(true);

    expect(await p.getByTestId('plots-export-shp-crs').inputValue()).toBe('gk');
    expect(await p.getByTestId('plots-export-shp-encoding').inputValue()).toBe('gbk');
    const [shp] = await Promise.all([p.waitForEvent('download'), p.getByTestId('plots-export-shp').click()]);
    expect(shp.suggestedFilename()).toBe('储备地块审查-shp.zip');
    const files = unzipSync(new Uint8Array(await downloadBytes(shp)));
    expect(Object.keys(files)).toContain('字段对照.csv');
    expect(new TextDecoder().decode(files['plot-review.cpg']).trim().toUpperCase()).toBe('GBK');
    const read = readShapefiles(Object.entries(files).map(([name, bytes]) => ({ name, bytes })));
    const layer = read.layers.find((l) => l.name === 'plot-review')!;
    expect(layer.crs).toMatchObject({ kind: 'gauss-kruger' });
    expect(layer.features.map((f) => f.properties.id)).toEqual(ids); // 曲储【2022】01号 … in full, through GBK
    // the demo county lies near 114.6–114.9°E: zone 38 (central meridian 114°) in front of the easting
    const first = (c: unknown): number[] => (Array.isArray(c) && typeof c[0] === 'number' ? (c as number[]) : first((c as unknown[])[0]));
    const [x] = first(layer.features[0].geometry!.coordinates);
    expect(Math.floor(x / 1_000_000)).toBe(38);
    await screenshot(p, 'geo-export-plots');
    expect(demo.main.externalRequests).toEqual([]);
  }, SLOW);
});
