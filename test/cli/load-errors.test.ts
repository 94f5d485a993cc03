import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeHere } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

const SLOW = 60_000;


/** A project folder with one road and a fire_stations.geojson cut off after its first line. */
function createCutStations(): string {
  const dir = tempDir('load-errors-');
  writeFileSync(
    join(dir, 'roads.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'LineString', coordinates: [[114.7, 38.6], [114.72, 38.6]] } }] }),
  );
  writeFileSync(join(dir, 'fire_stations.geojson'), '{"type":"FeatureCollection","features":[\n');
  return dir;
}

describe('a damaged layer file is announced by every command, not read as an empty layer', () => {
  test.each(['fire', 'export-shp'])('%s: a cut-off fire_stations.geojson → "1 load error(s)" on stderr with the validate hint', async (command) => {
    const data = createCutStations();
    const r = await analyzeHere([command, '--data', data, '--out', join(data, 'out')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${command}: 1 load error(s) in ${data}; run \`npm run analyze -- validate --data ${data}\` for the list`);
  }, SLOW);
});

describe('a path on the command line that cannot be read is named in zh and en, without the system jargon', () => {
  test('--data that does not exist, or is a file → exit 1 with both lines', async () => {
    const dir = tempDir('load-errors-');
    const missing = join(dir, 'no-such-county');
    const r = await analyzeHere(['fire', '--data', missing, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`无法读取项目文件夹“${missing}”：不存在。\nCannot read project folder "${missing}": it does not exist.`);
    expect(r.stderr).not.toContain('scandir');
    writeFileSync(join(dir, 'a-file'), 'x');
    const file = await analyzeHere(['fire', '--data', join(dir, 'a-file'), '--out', join(dir, 'out')]);
    expect(file.stderr).toContain('Cannot read project folder');
    expect(file.stderr).toContain('it (or a folder on its path) is a file, not a folder.');
  }, SLOW);

  test('import of a file that does not exist → exit 1, zh and en', async () => {
    const dir = tempDir('load-errors-');
    const r = await analyzeHere(['import', '--data', dir, '--out', join(dir, 'out'), join(dir, 'gone.shp')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`import: 无法读取文件“${join(dir, 'gone.shp')}”：不存在。\nimport: Cannot read file "${join(dir, 'gone.shp')}": it does not exist.`);
  }, SLOW);
});
