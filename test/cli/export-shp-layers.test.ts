import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeHere } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

const SLOW = 60_000;


/** A project folder with one hydrant. */
function createProject(): string {
  const dir = tempDir('export-shp-layers-');
  writeFileSync(
    join(dir, 'hydrants.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'H1', kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } }] }),
  );
  return dir;
}

describe('export-shp never writes an empty shapefile.zip and exits 0', () => {
  test('--layers hydrant (misspelt) → exit 1 naming the name and the layers, nothing written', async () => {
    const data = createProject();
    const out = join(data, 'out');
    const r = await analyzeHere(['export-shp', '--data', data, '--out', out, '--layers', 'hydrant']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('export-shp：--layers 中没有图层 hydrant。可用图层：townships, built_up,');
    expect(r.stderr).toContain('export-shp: --layers names no layer hydrant. Layers: townships, built_up,');
    expect(existsSync(join(out, 'shapefile.zip'))).toBe(false);
  }, SLOW);

  test('layers that are all empty (roads only, the project has none) → exit 1, "no features to export"', async () => {
    const data = createProject();
    const out = join(data, 'out');
    const r = await analyzeHere(['export-shp', '--data', data, '--out', out, '--layers', 'roads']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('export-shp: the layers chosen have no features to export; shapefile.zip not written.');
    expect(existsSync(join(out, 'shapefile.zip'))).toBe(false);
  }, SLOW);

  test('--layers hydrants → the hydrant is written', async () => {
    const data = createProject();
    const out = join(data, 'out');
    const r = await analyzeHere(['export-shp', '--data', data, '--out', out, '--layers', 'hydrants']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('export-shp: hydrants (1) →');
    expect(existsSync(join(out, 'shapefile.zip'))).toBe(true);
  }, SLOW);
});
