// Scenarios on the demo county: switching the active scenario with cached figures (the headline
// redraw: key of every figure under the new scenario, cache look-up, the comparison rows), and
// recomputing every headline analysis (fire 5 min, hydrants, kindergartens) for one scenario.
import { resolve } from 'node:path';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { applyScenario, findScenario, type FacilityEdit } from '../../analysis/scenarios.ts';
import { compareFigures, scenarioFigures } from '../../analysis/scenario-figures.ts';
import { scenarioUpdaters } from '../../src/state/scenario-slice.ts';
import { persistentKey } from '../../src/state/result-key.ts';
import { SCENARIO_FIGURES_RESULT } from '../../src/panels/radii/result-keys.ts';
import { cachedFigures, cacheFigures } from '../../src/state/figures-cache.ts';
import { report, type BenchRow } from './util.ts';

const ROOT = resolve(import.meta.dirname, '../..');

async function main(): Promise<void> {
  const { project: loaded } = await loadProjectDir(resolve(ROOT, 'data/demo'));
  const stations: FacilityEdit[] = [
    { op: 'add', layer: 'fireStations', id: 'NEW-1', lon: 114.86, lat: 38.52, properties: { name: '新站 1', status: 'proposed', level: 'level1' } },
    { op: 'add', layer: 'fireStations', id: 'NEW-2', lon: 114.62, lat: 38.7, properties: { name: '新站 2', status: 'proposed', level: 'level1' } },
  ];
  const project = scenarioUpdaters.adopt(loaded, { edits: stations, newName: '方案A', change: (s) => ({ ...s, params: { ...s.params, statuses: 'existing,proposed' } }) });
  const a = findScenario(project, '现状')!;
  const b = findScenario(project, '方案A')!;
  const rows: BenchRow[] = [];

  // the first key of a session hashes the layers once (households, roads …)
  let t0 = performance.now();
  persistentKey(project, SCENARIO_FIGURES_RESULT, a.id);
  rows.push({ name: 'content key of the scenario figures, first in a session (layer digests)', ms: performance.now() - t0 });

  // recompute: every headline analysis of one scenario (prepare the fire grid included)
  t0 = performance.now();
  const fb = scenarioFigures(applyScenario(project, b));
  rows.push({ name: 'recompute all headline analyses for 方案A (fire prepare + compute, hydrants, kindergartens), demo county', ms: performance.now() - t0, note: `${fb.fire.householdsReached} households reached` });
  const fa = scenarioFigures(applyScenario(project, a));
  cacheFigures(persistentKey(project, SCENARIO_FIGURES_RESULT, a.id), fa);
  cacheFigures(persistentKey(project, SCENARIO_FIGURES_RESULT, b.id), fb);

  // switching: 现状 ⇄ 方案A, each time the figures of the active one from the cache and the comparison
  const times: number[] = [];
  let p = project;
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    p = scenarioUpdaters.switch(p, { id: i % 2 ? a.id : b.id });
    const here = cachedFigures(persistentKey(p, SCENARIO_FIGURES_RESULT));
    const other = cachedFigures(persistentKey(p, SCENARIO_FIGURES_RESULT, i % 2 ? b.id : a.id));
    if (!here || !other) throw new Error('cache miss');
    compareFigures(here, other);
    applyScenario(p);
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  rows.push({ name: 'switch scenario with cached figures (keys, cache, comparison rows, effective project), median of 20', ms: times[10], note: `max ${times[19].toFixed(1)} ms; goal < 200 ms` });
  report('scenarios', rows);
}

void main();
