import { FIRE_MODE_PARAM, FIRE_PARAMS } from '../../../analysis/fire-params';
import { SITING_PARAMS } from '../../../analysis/siting-params';
import { RULE_PARAMS } from '../../../analysis/rules/rules-params';

/** The rulebook's siting distances fire siting applies to its candidates (FIRE-05). */
const SITING_DISTANCE_PARAMS = RULE_PARAMS.filter((d) => d.key === 'station-exit-distance' || d.key === 'station-hazard-distance');
import { PLOT_PARAMS } from '../../../analysis/plot-params';
import { HYDRANT_PARAMS, KINDERGARTEN_PARAMS, UNCOVERED_PARAMS } from '../../../analysis/radii-params';
import type { ResultKeySpec } from '../../state/result-key';

/** What the hydrant gap result depends on. */
export const HYDRANT_RESULT: ResultKeySpec = { layers: ['roads', 'hydrants', 'builtUp'], params: HYDRANT_PARAMS };

/** What the kindergarten access result depends on. */
export const KINDERGARTEN_RESULT: ResultKeySpec = { layers: ['households', 'kindergartens', 'builtUp', 'townships'], params: KINDERGARTEN_PARAMS };

/** What the uncovered-households result depends on (with or without the fire 5-minute check). */
export function uncoveredResultSpec(withFire: boolean): ResultKeySpec {
  return {
    layers: ['households', 'hydrants', 'kindergartens', 'servicePoints', 'builtUp', 'townships', ...(withFire ? ['roads', 'fireStations', 'fireLanes'] : [])],
    params: [...HYDRANT_PARAMS, ...KINDERGARTEN_PARAMS, ...UNCOVERED_PARAMS, ...(withFire ? FIRE_PARAMS : [])],
    edits: { withFire },
  };
}

/** What a siting result depends on: the siting parameters and those of the facility's analysis. */
export function sitingResultSpec(facility: 'fire' | 'kindergarten'): ResultKeySpec {
  return {
    // Fire siting reads the kindergartens too: no candidate within the exit distance of one.
    layers: ['roads', 'builtUp', 'townships', 'households', ...(facility === 'fire' ? ['fireStations', 'kindergartens', 'fireLanes'] : ['kindergartens'])],
    params: [...SITING_PARAMS, ...(facility === 'fire' ? [...FIRE_PARAMS, ...SITING_DISTANCE_PARAMS] : KINDERGARTEN_PARAMS)],
    edits: { facility },
  };
}

/** What the reserve-plot review depends on (with or without the fire reach check). */
export function plotsResultSpec(withFire: boolean): ResultKeySpec {
  return {
    layers: ['reservePlots', 'townships', 'builtUp', 'dualConversionAreas', 'fireStations', 'kindergartens', ...(withFire ? ['roads', 'households', 'fireLanes'] : [])],
    params: [...PLOT_PARAMS, ...KINDERGARTEN_PARAMS, ...(withFire ? FIRE_PARAMS : [])],
    edits: { withFire },
  };
}

/**
 * What the fire coverage layers depend on: the fire parameters, the station statuses compared and
 * the what-if scenario saved in the project's params (`scenarioKey`).
 */
export function fireResultSpec(before: readonly string[], after: readonly string[], scenarioKey: string): ResultKeySpec {
  return {
    layers: ['roads', 'builtUp', 'townships', 'households', 'fireStations', 'fireLanes'],
    params: [...FIRE_PARAMS, FIRE_MODE_PARAM],
    edits: { before: [...before], after: [...after] },
    projectKeys: [scenarioKey],
  };
}

/** What a scenario's headline figures depend on (analysis/scenario-figures.ts): fire, hydrant and kindergarten inputs. */
export const SCENARIO_FIGURES_RESULT: ResultKeySpec = {
  layers: ['roads', 'builtUp', 'townships', 'households', 'fireStations', 'hydrants', 'kindergartens', 'fireLanes'],
  params: [...FIRE_PARAMS, FIRE_MODE_PARAM, ...HYDRANT_PARAMS, ...KINDERGARTEN_PARAMS],
};
