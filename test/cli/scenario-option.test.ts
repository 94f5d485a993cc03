import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { applyScenario, findScenario } from '../../analysis/scenarios.ts';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { resolveHydrantOptions } from '../../analysis/radii-params.ts';
import { fromProject } from '../../analysis/params.ts';
import { analyzeHere } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

const MINI = resolve(import.meta.dirname, '../fixtures/radii/mini');
const SLOW = 60_000;

/** The mini county with stored scenarios: 方案A removes hydrants H1 and H2; 方案B repairs H4. */
function createProjectDir(): string {
  const dir = tempDir('scenario-option-');
  cpSync(MINI, dir, { recursive: true });
  const scenarios = {
    active: 'current',
    list: [
      { id: 'current', name: '现状', params: { statuses: 'existing', 'include-planned': false } },
      { id: 'a', name: '方案A', edits: [{ op: 'remove', layer: 'hydrants', id: 'H1' }, { op: 'remove', layer: 'hydrants', id: 'H2' }], params: {} },
      { id: 'b', name: '方案B', edits: [{ op: 'status', layer: 'hydrants', id: 'H4', status: 'working' }], params: {} },
    ],
  };
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '方案测试县', params: {}, scenarios }));
  return dir;
}


async function expected(dir: string, name: string) {
  const { project } = await loadProjectDir(dir);
  const p = applyScenario(project, findScenario(project, name)!);
  const fc = (id: 'roads' | 'hydrants' | 'builtUp') => {
    const l = p.layers[id];
    return l.kind === 'geojson' ? l.data : { type: 'FeatureCollection' as const, features: [] };
  };
  return hydrantGaps({ roads: fc('roads'), hydrants: fc('hydrants'), builtUp: fc('builtUp') }, resolveHydrantOptions(fromProject(p.params)));
}

describe('analyze --scenario NAME (project.json scenarios)', () => {
  test('hydrants under 方案A and 方案B: the figures of applyScenario on the same project, the scenario named in hydrants.json', async () => {
    const data = createProjectDir();
    const runs: Record<string, { coveredRoadPct: number; scenario: string; hydrants: { working: number } }> = {};
    for (const name of ['现状', '方案A', '方案B']) {
      const out = join(data, `out-${name}`);
      const r = await analyzeHere(['hydrants', '--data', data, '--out', out, '--scenario', name]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`hydrants: 方案 / scenario ${name}`);
      runs[name] = JSON.parse(readFileSync(join(out, 'hydrants.json'), 'utf8'));
      const e = await expected(data, name);
      expect(runs[name].scenario).toBe(name);
      expect(runs[name].coveredRoadPct).toBeCloseTo(e.coveredRoadPct!, 9);
      expect(runs[name].hydrants.working).toBe(e.hydrants.working);
    }
    expect(runs['方案A'].coveredRoadPct).toBeLessThan(runs['现状'].coveredRoadPct);
    expect(runs['方案A'].hydrants.working).toBe(1);
    expect(runs['方案B'].hydrants.working).toBe(4);
  }, SLOW);

  test('an unknown scenario is refused before any work, naming it and the stored ones (zh + en)', async () => {
    const data = createProjectDir();
    const out = join(data, 'out');
    const r = await analyzeHere(['fire', '--data', data, '--out', out, '--scenario', '方案Z']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fire：没有名为“方案Z”的方案（project.json scenarios）。可用方案：现状、方案A、方案B');
    expect(r.stderr).toContain('fire: no scenario named "方案Z" (project.json scenarios). Scenarios: 现状, 方案A, 方案B');
    expect(existsSync(join(out, 'fire-summary.json'))).toBe(false);
  }, SLOW);

  test('a folder without scenarios runs as before, and its default scenarios can be named', async () => {
    const data = tempDir('scenario-none-');
    cpSync(MINI, data, { recursive: true });
    const plain = await analyzeHere(['hydrants', '--data', data, '--out', join(data, 'o1')]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(data, 'o1', 'hydrants.json'), 'utf8')).scenario).toBeNull();
    // an unknown name there: each language's line in its own language only
    const unknown = await analyzeHere(['hydrants', '--data', data, '--out', join(data, 'o0'), '--scenario', '方案Z']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('hydrants：没有名为“方案Z”的方案（project.json 无 scenarios，仅有默认方案）。可用方案：现状、规划\n');
    expect(unknown.stderr).toContain('hydrants: no scenario named "方案Z" (no scenarios in project.json, only the defaults). Scenarios: 现状, 规划');
    const planned = await analyzeHere(['hydrants', '--data', data, '--out', join(data, 'o2'), '--scenario', '规划']);
    expect(planned.code, planned.stderr).toBe(0);
    const j = JSON.parse(readFileSync(join(data, 'o2', 'hydrants.json'), 'utf8'));
    expect(j.scenario).toBe('规划');
    expect(j.params.find((x: { key: string }) => x.key === 'include-planned').value).toBe(true);
  }, SLOW);
});
