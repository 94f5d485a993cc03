import type { Project } from '../../layers/types';
import {
  activeScenario,
  addEdits,
  copyScenario,
  deleteScenario,
  freeName,
  renameScenario,
  scenariosOf,
  switchScenario,
  updateScenario,
  withScenarioParams,
  type FacilityEdit,
  type Scenario,
  type ScenarioSet,
} from '../../analysis/scenarios';
import { withParams } from './params-slice';

function withSet(project: Project, set: ScenarioSet): Project {
  return set === scenariosOf(project) ? project : { ...project, scenarios: set };
}

/** Pure updaters of a project's scenarios: each returns a new project (one undo step in the store) or the same one. */
export const scenarioUpdaters = {
  /** A copy of scenario `from` (default: the active one) named `name`, made active. */
  copy(project: Project, p: { name: string; from?: string }): Project {
    const set = scenariosOf(project);
    return withSet(project, copyScenario(set, { from: p.from ?? activeScenario(project).id, name: p.name }));
  },
  rename(project: Project, p: { id: string; name: string }): Project {
    return withSet(project, renameScenario(scenariosOf(project), p));
  },
  /** Deletes a scenario; never the last one (throws). */
  delete(project: Project, p: { id: string }): Project {
    return withSet(project, deleteScenario(scenariosOf(project), p));
  },
  switch(project: Project, p: { id: string }): Project {
    return withSet(project, switchScenario(scenariosOf(project), p));
  },
  /** Adds facility edits to a scenario (default: the active one). */
  edit(project: Project, p: { edits: readonly FacilityEdit[]; id?: string }): Project {
    if (p.edits.length === 0) return project;
    const id = p.id ?? activeScenario(project).id;
    return withSet(project, updateScenario(scenariosOf(project), { id, change: (s) => addEdits(s, p.edits) }));
  },
  /**
   * Adopts facilities into a scenario: into the active one, or (`newName`) into a new copy of the
   * active one made active (方案A …). `change` may adjust the scenario (e.g. count the adopted status).
   * Never changes the layers as imported.
   */
  adopt(project: Project, p: { edits: readonly FacilityEdit[]; newName?: string; change?: (s: Scenario) => Scenario }): Project {
    let next = project;
    if (p.newName !== undefined) next = scenarioUpdaters.copy(next, { name: freeName(scenariosOf(next), p.newName) });
    const id = activeScenario(next).id;
    return withSet(next, updateScenario(scenariosOf(next), { id, change: (s) => (p.change ? p.change(addEdits(s, p.edits)) : addEdits(s, p.edits)) }));
  },
};

/**
 * Sets parameters: a key the active scenario overrides is set in that scenario, every other key in
 * the project's `params` (shared by every scenario). undefined removes the value (the scenario's
 * override, or the project's value so the default applies). The same project when nothing changes.
 */
export function setProjectParams(project: Project, patch: Readonly<Record<string, unknown>>): Project {
  const sc = activeScenario(project);
  const own: Record<string, unknown> = {};
  const shared: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (Object.prototype.hasOwnProperty.call(sc.params, k)) own[k] = v;
    else shared[k] = v;
  }
  let next = withParams(project, shared);
  const changed = Object.entries(own).some(([k, v]) => sc.params[k] !== v);
  if (changed) next = withSet(next, updateScenario(scenariosOf(next), { id: sc.id, change: (s) => withScenarioParams(s, own) }));
  return next;
}
