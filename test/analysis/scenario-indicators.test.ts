import { describe, expect, test } from 'vitest';
import type { Feature, Point } from 'geojson';
import type { LayerData, Project } from '../../layers/types.ts';
import { scenarioIndicators } from '../../analysis/scenario-indicators.ts';
import { applyScenario, type Scenario } from '../../analysis/scenarios.ts';

function createKg(id: string, props: Record<string, unknown>): Feature<Point> {
  return { type: 'Feature', properties: { id, name: id, ...props }, geometry: { type: 'Point', coordinates: [116, 39] } };
}

/** Three households (2 + 1 + NaN children; two 双代 in 甲乡 and 乙乡), two kindergartens, one maintenance point in 甲乡. */
function createProject(): Project {
  const households: LayerData = {
    kind: 'columns', id: 'households', count: 3, lon: new Float64Array(3), lat: new Float64Array(3), ids: ['h1', 'h2', 'h3'],
    columns: {
      children_3_5: { type: 'number', values: new Float64Array([2, 1, NaN]) },
      township: { type: 'category', codes: new Int32Array([0, 1, 1]), dict: ['甲乡', '乙乡'] },
      heating: { type: 'category', codes: new Int32Array([0, 1, -1]), dict: ['gas', 'coal'] },
    },
  } as unknown as LayerData;
  const fc = (id: string, features: Feature[]) => ({ kind: 'geojson', id, data: { type: 'FeatureCollection', features } }) as unknown as LayerData;
  return {
    name: '测试县',
    params: {},
    layers: {
      households,
      kindergartens: fc('kindergartens', [
        createKg('K1', { ownership: 'public', capacity: 3, enrolled: 2 }),
        createKg('K2', { ownership: 'private', inclusive: true, capacity: '2', enrolled: 1 }),
      ]),
      servicePoints: fc('servicePoints', [createKg('S1', { kind: 'maintenance', township: '甲乡' })]),
    } as unknown as Project['layers'],
  };
}

describe('scenarioIndicators: the scenario-dependent indicator cards in plain TypeScript', () => {
  test('base: 2 kindergartens, 5 places, 3 enrolled of 3 children (100 %), all inclusive, 2/3 public, no town without maintenance', () => {
    expect(scenarioIndicators(createProject())).toEqual({
      kindergartens: 2, capacity: 5, enrolled: 3, children: 3, grossEnrolment: 1, inclusiveShare: 1, publicShare: 2 / 3, townsWithoutMaintenance: 0,
      // h3 gives neither children_3_5 nor persons: counted 0, and said (the card flags the enrolment)
      childrenEstimatedHouseholds: 0, childrenMissingHouseholds: 1, childShare: 0.03,
    });
  });

  test('a scenario removing the public kindergarten and adding a private one without inclusive: the shares follow', () => {
    const sc: Scenario = {
      id: 'a', name: '方案A', params: {},
      edits: [
        { op: 'remove', layer: 'kindergartens', id: 'K1' },
        { op: 'add', layer: 'kindergartens', id: 'K3', lon: 116, lat: 39, properties: { name: 'K3', ownership: 'private', capacity: 4, enrolled: 3 } },
        { op: 'remove', layer: 'servicePoints', id: 'S1' },
      ],
    };
    const r = scenarioIndicators(applyScenario(createProject(), sc));
    expect(r).toEqual({ kindergartens: 2, capacity: 6, enrolled: 4, children: 3, grossEnrolment: 4 / 3, inclusiveShare: 1 / 4, publicShare: 0, townsWithoutMaintenance: 1, childrenEstimatedHouseholds: 0, childrenMissingHouseholds: 1, childShare: 0.03 });
  });

  test('a kindergarten added without enrolment counts as a place, not as enrolled; no kindergartens at all: shares null, gross 0', () => {
    const p = createProject();
    const sc: Scenario = { id: 'b', name: '方案B', params: {}, edits: [{ op: 'add', layer: 'kindergartens', id: 'K9', lon: 116, lat: 39, properties: { name: 'K9', ownership: 'public', capacity: 10 } }] };
    expect(scenarioIndicators(applyScenario(p, sc))).toMatchObject({ kindergartens: 3, capacity: 15, enrolled: 3, grossEnrolment: 1 });
    const none: Scenario = { id: 'c', name: '方案C', params: {}, edits: [{ op: 'remove', layer: 'kindergartens', id: 'K1' }, { op: 'remove', layer: 'kindergartens', id: 'K2' }] };
    expect(scenarioIndicators(applyScenario(p, none))).toMatchObject({ kindergartens: 0, enrolled: 0, grossEnrolment: 0, inclusiveShare: null, publicShare: null });
  });
});
