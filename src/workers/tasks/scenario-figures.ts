import type { LayerData, Project } from '../../../layers/types';
import { compareFigures, fireprepKey, scenarioFigures, scenarioFireInput, type ScenarioFigures } from '../../../analysis/scenario-figures';
import { prepareFireCoverage } from '../../../analysis/fire-coverage';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../../analysis/fire-params';
import { fromProject, resolveParams } from '../../../analysis/params';
import type { TaskFn } from '../protocol';

/** The layers every scenario shares (never edited by one) and, per scenario, its params and facility layers. */
export interface CompareTaskInput {
  shared: { roads?: LayerData; builtUp?: LayerData; townships?: LayerData; households?: LayerData; fireLanes?: LayerData };
  scenarios: { params: Project['params']; fireStations?: LayerData; hydrants?: LayerData; kindergartens?: LayerData }[];
}

export interface CompareTaskOutput {
  figures: ScenarioFigures[];
  compare: ReturnType<typeof compareFigures> | null;
}

/** Worker task: the headline figures of each scenario (analysis/scenario-figures.ts), one fire grid shared when the options allow. */
export const scenarioFiguresTask: TaskFn<CompareTaskInput, CompareTaskOutput> = ({ shared, scenarios }, progress) => {
  const preps = new Map<string, ReturnType<typeof prepareFireCoverage>>();
  const figures = scenarios.map((s, i) => {
    const project = { params: s.params, layers: { ...shared, fireStations: s.fireStations, hydrants: s.hydrants, kindergartens: s.kindergartens } };
    const key = fireprepKey(project);
    progress({ stage: 'scenario', fraction: i / scenarios.length });
    if (!preps.has(key)) {
      const households = shared.households?.kind === 'columns' ? shared.households : undefined;
      const opts = fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS, fromProject(s.params)));
      preps.set(key, prepareFireCoverage(scenarioFireInput(shared, households), opts));
    }
    return scenarioFigures(project, preps.get(key));
  });
  return { figures, compare: figures.length === 2 ? compareFigures(figures[0], figures[1]) : null };
};
