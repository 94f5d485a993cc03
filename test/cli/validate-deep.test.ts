import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { loadProject } from '../../layers/load/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('a hydrants.geojson nested 100 000 deep: the CLI (its own process) prints the too-deep error, exits 2, no stack trace, and reports what the app’s loader reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-deep-'));
  const out = mkdtempSync(join(tmpdir(), 'cp-deep-out-'));
  dirs.push(dir, out);
  const deep = '{"type": "FeatureCollection", "features": [' + '['.repeat(100_000) + ']'.repeat(100_000) + ']}';
  const stations = '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [114.7, 38.6]}, "properties": {"id": "F1", "status": "existing"}}]}';
  writeFileSync(join(dir, 'hydrants.geojson'), deep);
  writeFileSync(join(dir, 'fire_stations.geojson'), stations);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/analyze.ts'), 'validate', '--data', dir, '--out', out, '--lang', 'en'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(2);
  // 43 characters before the first nested '['; the root and features make 2 levels, so the 255th '[' (column 43 + 255) is level 257.
  expect(r.stdout).toContain('ERROR File hydrants.geojson: The JSON is nested more than 256 levels deep (line 1, column 298); that is not ordinary GeoJSON, and the file was not read.');
  expect(r.stdout + r.stderr).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
  const report = JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8'));
  expect(report.counts.fireStations).toEqual({ read: 1, loaded: 1, rejected: 0, unlocated: 0 });
  const enc = new TextEncoder();
  const inApp = loadProject([
    { name: 'fire_stations.geojson', bytes: enc.encode(stations) },
    { name: 'hydrants.geojson', bytes: enc.encode(deep) },
  ]);
  expect(report.issues).toEqual(inApp.report.issues);
});
