import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeHere } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

const SLOW = 60_000;

/** A project folder holding only project.json with the given params. */
function createProjectDir(params: Record<string, unknown>): string {
  const dir = tempDir('param-refusal-');
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '测试县', params }));
  return dir;
}


describe('the CLI refuses a bad parameter before any work', () => {
  test('a negative --turnout: exit 1, the option and its range in zh and en, no output folder', async () => {
    const data = createProjectDir({});
    const out = join(data, 'out');
    const r = await analyzeHere(['fire', '--data', data, '--out', out, '--turnout', '-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('命令行选项 --turnout（出动时间（专职站））为 -1，超出允许范围：0–30 min');
    expect(r.stderr).toContain('command-line option --turnout (Turnout time (professional crew)) is -1, outside the allowed range: 0–30 min');
    expect(existsSync(out)).toBe(false);
  }, SLOW);

  test('an unknown option is refused', async () => {
    const data = createProjectDir({});
    const out = join(data, 'out');
    const r = await analyzeHere(['hydrants', '--data', data, '--out', out, '--radius', '150']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hydrants: unknown option --radius.');
    expect(existsSync(out)).toBe(false);
  }, SLOW);

  test('a bad project.json param: exit 1, the file and key named, nothing written', async () => {
    const data = createProjectDir({ 'hydrant-radius': '150 米' });
    const out = join(data, 'out');
    const r = await analyzeHere(['hydrants', '--data', data, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('project.json 的 params.hydrant-radius（消火栓保护半径）应为数字，实际为 "150 米"；允许：1–1000 m');
    expect(r.stderr).toContain('project.json params.hydrant-radius (Hydrant protection radius) must be a number, got "150 米"; allowed: 1–1000 m');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(data)).toEqual(['project.json']);
  }, SLOW);

  test('a target of 500 % in project.json stops the site command too', async () => {
    const data = createProjectDir({ target: 500 });
    const out = join(data, 'out');
    const r = await analyzeHere(['site', '--data', data, '--out', out, '--facility', 'fire']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('project.json params.target (Target: built-up area reached within 5 min) is 500, outside the allowed range: 1–100 %');
    expect(existsSync(out)).toBe(false);
  }, SLOW);
});

describe('the CLI says what a figure was computed from', () => {
  test('fire with no existing station: the warning on stderr and in fire-summary.json; the built-up share null without built-up areas', async () => {
    const data = createProjectDir({});
    writeFileSync(
      join(data, 'roads.geojson'),
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'LineString', coordinates: [[114.7, 38.6], [114.72, 38.6]] } }] }),
    );
    writeFileSync(
      join(data, 'fire_stations.geojson'),
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'A', name: 'A', level: 'level1', status: 'planned' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } }] }),
    );
    const out = join(data, 'out');
    const r = await analyzeHere(['fire', '--data', data, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('fire: WARNING no-stations: No located fire station has status existing (1 in the fire-station layer)');
    expect(r.stderr).toContain('fire: 警告 no-stations：没有状态为 existing 且有位置的消防站');
    expect(r.stdout).toContain('= no data (target 80%)');
    const s = JSON.parse(readFileSync(join(out, 'fire-summary.json'), 'utf8'));
    expect(s.coveredBuiltUpPct).toBeNull();
    expect(s.meetsTarget).toBeNull();
    expect(s.warnings.map((w: { code: string }) => w.code)).toEqual(['no-stations', 'no-built-up', 'no-households']);
    expect(s.warnings[0].counts).toEqual({ stations: 0, stationsInLayer: 1 });
  }, SLOW);
});

describe('validate reports project.json params out of range', () => {
  test('a cell of 0.5 m and a coal price of -1: both listed as errors, exit code 2, in validation.json', async () => {
    const data = createProjectDir({ cell: 0.5, 'coal-price': -1, fireScenario: { base: 'x' } });
    const out = join(data, 'out');
    const r = await analyzeHere(['validate', '--data', data, '--out', out, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('ERROR project.json params.cell (Grid cell size) is 0.5, outside the allowed range: 10–2000 m');
    expect(r.stdout).toContain('ERROR project.json params.coal-price (Clean-coal price) is -1, outside the allowed range: 0–10000 yuan/t');
    const v = JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8'));
    expect(v.paramProblems.map((p: { key: string }) => p.key)).toEqual(['cell', 'coal-price']);
  }, SLOW);
});
