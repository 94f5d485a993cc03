import { describe, expect, test } from 'vitest';
import type { Polygon } from 'geojson';
import type { LayerData, Project } from '../../layers/types.ts';
import { plotDecisionEdits, plotDecisionOf, plotFacilityId, type DecisionPlot } from '../../analysis/plot-decisions.ts';
import { addEdits, applyScenario, defaultScenarios, type Scenario } from '../../analysis/scenarios.ts';
import { scenarioUpdaters } from '../../src/state/scenario-slice.ts';

const names = { fireStation: (p: DecisionPlot) => `${p.name} 消防站`, kindergarten: (p: DecisionPlot) => `${p.name} 幼儿园` };

/** A 0.002° square plot with its south-west corner at (lon, lat). */
function createPlot(id: string, lon = 116, lat = 39): DecisionPlot {
  const ring = [[lon, lat], [lon + 0.002, lat], [lon + 0.002, lat + 0.002], [lon, lat + 0.002], [lon, lat]];
  return { id, name: `地块${id}`, township: '城关镇', geometry: { type: 'Polygon', coordinates: [ring] } as Polygon };
}

function createScenario(): Scenario {
  return { id: 's3', name: '方案A', edits: [], params: {} };
}

function createProject(): Project {
  const empty = (id: string) => ({ kind: 'geojson', id, data: { type: 'FeatureCollection', features: [] } }) as unknown as LayerData;
  return { name: '测试县', params: {}, layers: { fireStations: empty('fireStations'), kindergartens: empty('kindergartens') } as unknown as Project['layers'] };
}

describe('plot decisions as scenario edits', () => {
  test('拟建消防站 adds one proposed station on the plot, named, with the plot id', () => {
    const edits = plotDecisionEdits(createPlot('R1'), 'keep', 'fireStation', names);
    expect(edits).toHaveLength(1);
    const e = edits[0] as Extract<(typeof edits)[0], { op: 'add' }>;
    expect(e).toMatchObject({ op: 'add', layer: 'fireStations', id: 'PLOT-R1', properties: { name: '地块R1 消防站', status: 'proposed', level: 'level1', plot: 'R1' } });
    // a point inside the square
    expect(e.lon).toBeGreaterThan(116);
    expect(e.lon).toBeLessThan(116.002);
    expect(e.lat).toBeGreaterThan(39);
    expect(e.lat).toBeLessThan(39.002);
  });

  test('the scenario reads back the decision; switching to 拟建幼儿园 moves the facility to the kindergarten layer; 保留 takes it out', () => {
    const plot = createPlot('R1');
    let sc = addEdits(createScenario(), plotDecisionEdits(plot, 'keep', 'fireStation', names));
    expect(plotDecisionOf(sc, 'R1')).toBe('fireStation');
    expect(plotDecisionOf(sc, 'R2')).toBe('keep');
    sc = addEdits(sc, plotDecisionEdits(plot, plotDecisionOf(sc, 'R1'), 'kindergarten', names));
    expect(plotDecisionOf(sc, 'R1')).toBe('kindergarten');
    expect(sc.edits).toHaveLength(1);
    expect(sc.edits[0]).toMatchObject({ op: 'add', layer: 'kindergartens', id: 'PLOT-R1', properties: { ownership: 'public', township: '城关镇' } });
    sc = addEdits(sc, plotDecisionEdits(plot, plotDecisionOf(sc, 'R1'), 'keep', names));
    expect(plotDecisionOf(sc, 'R1')).toBe('keep');
    expect(sc.edits).toEqual([]);
  });

  test('no change, no edit; a plot without a polygon is refused by its id', () => {
    expect(plotDecisionEdits(createPlot('R1'), 'fireStation', 'fireStation', names)).toEqual([]);
    expect(() => plotDecisionEdits({ ...createPlot('R9'), geometry: null }, 'keep', 'kindergarten', names)).toThrow(/R9/);
  });

  test('adopted while 现状 is active: a new 方案A holds the station, 现状 and the layers as imported unchanged', () => {
    const project = { ...createProject(), scenarios: defaultScenarios() };
    const next = scenarioUpdaters.adopt(project, { edits: plotDecisionEdits(createPlot('R1'), 'keep', 'fireStation', names), newName: '方案A' });
    const list = next.scenarios!.list;
    expect(list.map((s) => s.name)).toEqual(['现状', '规划', '方案A']);
    expect(list[0].edits).toEqual([]);
    const a = list[2];
    expect(next.scenarios!.active).toBe(a.id);
    expect(plotDecisionOf(a, 'R1')).toBe('fireStation');
    const fs = applyScenario(next).layers.fireStations as Extract<LayerData, { kind: 'geojson' }>;
    expect(fs.data.features.map((f) => f.properties?.id ?? f.id)).toContain(plotFacilityId('R1'));
    expect((project.layers.fireStations as Extract<LayerData, { kind: 'geojson' }>).data.features).toEqual([]);
  });
});
