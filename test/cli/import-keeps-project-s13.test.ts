import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeHere } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();
const SLOW = 60_000;

/**
 * Session 13 red-team: `analyze import` writes the project folder's project.json again; it wrote
 * only name, region, params and imports, so the stored scenarios (方案: edits and parameter
 * overrides the county made) and any member a newer version had written were gone without a word.
 */
describe('import keeps what project.json holds', () => {
  test('scenarios and members this version does not know survive an import into a new folder and into the project folder itself', async () => {
    const data = tempDir('import-keeps-');
    const scenarios = {
      active: 's2',
      list: [
        { id: 's1', name: '现状', edits: [], params: {} },
        { id: 's2', name: '方案A', edits: [{ op: 'status', layer: 'fireStations', id: 'FS-02', status: 'existing' }], params: { turnout: 0.5 } },
      ],
    };
    const project = { name: '测试县', region: '130634', params: { 'hydrant-radius': 120 }, scenarios, formatVersion: 7, notes: { 编制单位: '县消防救援大队' } };
    writeFileSync(join(data, 'project.json'), JSON.stringify(project));
    const csv = join(data, '消火栓台账.csv');
    writeFileSync(csv, '编号,类型,状态,经度,纬度\nH1,消火栓,完好,114.70,38.60\nH2,消火栓,损坏,114.71,38.61\n');
    const out = join(data, 'out');
    const r = await analyzeHere(['import', '--data', data, '--out', out, '--layer', 'hydrants', csv]);
    expect(r.code, r.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(out, 'project.json'), 'utf8'));
    expect(written).toMatchObject({ name: '测试县', region: '130634', params: { 'hydrant-radius': 120 }, scenarios, formatVersion: 7, notes: { 编制单位: '县消防救援大队' } });
    expect(written.imports).toBeDefined();
    // into the project folder itself (--force): the same
    const again = await analyzeHere(['import', '--data', out, '--out', out, '--force', '--layer', 'hydrants', '--replace', csv]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'project.json'), 'utf8'))).toMatchObject({ scenarios, formatVersion: 7 });
  }, SLOW);
});
