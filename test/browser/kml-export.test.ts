import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screenshot, useDemoApp, downloadBytes } from './harness';
import { readKml } from '../../layers/load/foreign/kml';

const SLOW = 300_000;

describe('导出 KML (demo county)', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('the plot review exports a KML that reads back with every plot, its id as the name and its fields in Chinese', async () => {
    const p = demo.main.page;
    const plots = JSON.parse(readFileSync(resolve(demo.app.dataDir, 'reserve_plots.geojson'), 'utf8')) as { features: { properties: { id: string }; geometry: { type: string } }[] };
    await p.getByTestId('panel-tab-plots').click();
    if (await p.getByTestId('plots-with-fire').isChecked()) await p.getByTestId('plots-with-fire').click();
    await p.getByTestId('plots-run').click();
    await p.getByTestId('plots-figures').waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('plots-export-kml').click()]);
    expect(download.suggestedFilename()).toBe('储备地块审查.kml');
    const bytes = new Uint8Array(await downloadBytes(download));
    const r = readKml({ name: download.suggestedFilename(), bytes });
    expect(r.issues).toEqual([]);
    expect(r.layers).toHaveLength(1);
    const features = r.layers[0].features;
    expect(features.map((f) => f.properties.name)).toEqual(plots.features.map((f) => f.properties.id));
    expect(features.map((f) => f.properties['编号'])).toEqual(plots.features.map((f) => f.properties.id));
    expect(features.every((f) => f.geometry && /Polygon$/.test(f.geometry.type))).toBe(true);
    expect(features.every((f) => ['住宅', '商业', '教育'].includes(String(f.properties['规划用途'])))).toBe(true);
    await screenshot(p, 'kml-export-plots');
  }, SLOW);
});
