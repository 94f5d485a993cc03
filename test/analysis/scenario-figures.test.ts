import { beforeAll, describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import type { LayerData, Project } from '../../layers/types.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { applyScenario, type Scenario } from '../../analysis/scenarios.ts';
import { compareFigures, scenarioFigures, type ScenarioFigures } from '../../analysis/scenario-figures.ts';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { resolveHydrantOptions } from '../../analysis/radii-params.ts';

const MINI = resolve(import.meta.dirname, '../fixtures/radii/mini');
let project: Project;

beforeAll(async () => {
  project = (await loadProjectDir(MINI)).project;
});

function createFigures(pct: number | null, reached: number, towns: [string, number, number][]): ScenarioFigures {
  return {
    fire: { statuses: ['existing'], coveredBuiltUpPct: pct, householdsReached: reached, households: 10, byTownship: towns.map(([township, r, total]) => ({ township, reached: r, total })) },
    hydrants: { coveredRoadPct: 50, gapCount: 1 },
    kindergartens: { householdsCovered: 2, households: 4, coveredPct: 50 },
  };
}

describe('scenarioFigures', () => {
  test('hydrant coverage under a scenario is hydrantGaps on the edited layer', () => {
    const sc: Scenario = { id: 'a', name: '方案A', edits: [{ op: 'remove', layer: 'hydrants', id: 'H1' }], params: {} };
    const eff = applyScenario(project, sc);
    const f = scenarioFigures(eff);
    const fc = (l: LayerData) => (l.kind === 'geojson' ? l.data : { type: 'FeatureCollection' as const, features: [] });
    const direct = hydrantGaps({ roads: fc(project.layers.roads), hydrants: fc(eff.layers.hydrants), builtUp: fc(project.layers.builtUp) }, resolveHydrantOptions());
    expect(f.hydrants.coveredRoadPct).toBe(direct.coveredRoadPct);
    expect(f.hydrants.coveredRoadPct).toBeLessThan(scenarioFigures(project).hydrants.coveredRoadPct!);
  });

  test('a fire station added by a scenario reaches households that no station reached', () => {
    const sc: Scenario = {
      id: 'a',
      name: '方案A',
      edits: [{ op: 'add', layer: 'fireStations', id: 'N1', lon: 115.001146358, lat: 38.5, properties: { name: '新站', status: 'existing', level: 'level1' } }],
      params: {},
    };
    expect(scenarioFigures(project).fire.householdsReached).toBe(0);
    const f = scenarioFigures(applyScenario(project, sc));
    expect(f.fire.householdsReached).toBeGreaterThan(0);
    expect(f.fire.byTownship.reduce((a, t) => a + t.reached, 0)).toBe(f.fire.householdsReached);
  });
});

describe('compareFigures', () => {
  test('B − A per headline, null when either is null, townships of both by name', () => {
    const c = compareFigures(createFigures(10, 3, [['甲镇', 3, 5]]), createFigures(null, 7, [['甲镇', 4, 5], ['乙乡', 3, 5]]));
    expect(c.rows.find((r) => r.key === 'fireBuiltUp')).toEqual({ key: 'fireBuiltUp', a: 10, b: null, diff: null });
    expect(c.rows.find((r) => r.key === 'fireHouseholds')).toEqual({ key: 'fireHouseholds', a: 3, b: 7, diff: 4 });
    expect(c.rows.find((r) => r.key === 'hydrantCoverage')!.diff).toBe(0);
    expect(c.townships).toEqual([
      { township: '甲镇', a: 3, b: 4, diff: 1, total: 5 },
      { township: '乙乡', a: 0, b: 3, diff: 3, total: 5 },
    ]);
  });
});
