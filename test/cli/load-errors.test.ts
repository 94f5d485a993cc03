import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SLOW = 60_000;

/** `npm run analyze -- <args>` as a child process (tsx, like the npm script). */
function analyze(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/analyze.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** A project folder with one road and a fire_stations.geojson cut off after its first line. */
function createCutStations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'load-errors-'));
  writeFileSync(
    join(dir, 'roads.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'LineString', coordinates: [[114.7, 38.6], [114.72, 38.6]] } }] }),
  );
  writeFileSync(join(dir, 'fire_stations.geojson'), '{"type":"FeatureCollection","features":[\n');
  return dir;
}

describe('a damaged layer file is announced by every command, not read as an empty layer', () => {
  test.each(['fire', 'export-shp'])('%s: a cut-off fire_stations.geojson → "1 load error(s)" on stderr with the validate hint', (command) => {
    const data = createCutStations();
    const r = analyze([command, '--data', data, '--out', join(data, 'out')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${command}: 1 load error(s) in ${data}; run \`npm run analyze -- validate --data ${data}\` for the list`);
  }, SLOW);
});
