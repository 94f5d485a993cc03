import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData } from '../../../layers/types';
import { siteFireStations, type SiteFireStationsOptions, type SiteFireStationsResult } from '../../../analysis/site-fire-stations';
import { siteKindergartens, type SiteKindergartensOptions, type SiteKindergartensResult } from '../../../analysis/site-kindergartens';
import { assertOptions } from '../../../analysis/params';
import { assertFireOptions } from '../../../analysis/fire-params';
import { KINDERGARTEN_OPTION_FIELDS, KINDERGARTEN_PARAMS } from '../../../analysis/radii-params';
import { assertSitingOptions } from '../../../analysis/siting-params';
import type { TaskFn } from '../protocol';
import type { MipSolver } from '../../../analysis/mip-model';
import { loadHighsBrowser } from '../../solver/load-highs-browser';
import { RULE_PARAMS } from '../../../analysis/rules/rules-params';

type FC = FeatureCollection<Geometry | null>;

/** The layers siting reads. */
export interface SitingLayers {
  roads: FC | null;
  builtUp: FC | null;
  townships: FC | null;
  households: ColumnLayerData;
  fireStations: FC | null;
  kindergartens: FC | null;
  /** The fire-lane ledger: its open problems cut the engine network, as in the fire panel. */
  fireLanes?: FC | null;
}

export type SitingTaskInput =
  | { facility: 'fire'; layers: SitingLayers; options: SiteFireStationsOptions }
  | { facility: 'kindergarten'; layers: SitingLayers; options: SiteKindergartensOptions };

export type SitingTaskOutput = { facility: 'fire'; fire: SiteFireStationsResult } | { facility: 'kindergarten'; kindergarten: SiteKindergartensResult };

const EMPTY: FC = { type: 'FeatureCollection', features: [] };

/**
 * The siting task with the solver it loads: HiGHS from the app's bundle in the worker
 * ({@link siteFacilitiesTask}); a Node test gives HiGHS from node_modules (the bundle's wasm URL
 * does not resolve outside Vite's server) and runs everything else as the worker does.
 */
export function makeSiteFacilitiesTask(loadSolver: () => Promise<MipSolver>): TaskFn<SitingTaskInput, SitingTaskOutput> {
  return async (t, progress) => {
    const l = t.layers;
    const options = t.options as Record<string, unknown>;
    // share (a fraction here, a percentage as a parameter) and capacityPlaces were not checked
    assertSitingOptions('siteFacilities', options);
    if (t.facility === 'fire') {
      assertFireOptions('siteFacilities', options);
      assertOptions('siteFacilities', RULE_PARAMS, { exitDistanceMeters: 'station-exit-distance', hazardDistanceMeters: 'station-hazard-distance' }, options);
    }
    else assertOptions('siteFacilities', KINDERGARTEN_PARAMS, KINDERGARTEN_OPTION_FIELDS, options);
    progress({ stage: 'load-solver' });
    const solver = await loadSolver();
    if (t.facility === 'fire') {
      progress({ stage: 'site-fire-stations' });
      const fire = siteFireStations(
        { roads: l.roads ?? undefined, builtUp: l.builtUp ?? undefined, townships: l.townships ?? undefined, households: l.households.count > 0 ? l.households : undefined, stations: l.fireStations ?? EMPTY, fireLanes: l.fireLanes ?? undefined, distanceLayers: { kindergartens: l.kindergartens } },
        // with a curve, the plan goes to the page first (the curve takes about three times as long)
        { ...t.options, mode: 'network', solver, onPlan: (plan) => progress({ partial: { facility: 'fire', fire: plan } satisfies SitingTaskOutput }) },
      );
      return { facility: 'fire', fire };
    }
    progress({ stage: 'site-kindergartens' });
    const kindergarten = siteKindergartens(
      { households: l.households, kindergartens: l.kindergartens ?? EMPTY, builtUp: l.builtUp, townships: l.townships, roads: l.roads },
      { ...t.options, solver },
    );
    return { facility: 'kindergarten', kindergarten };
  };
}

/**
 * Worker task: best sites for new fire stations (analysis/site-fire-stations.ts) or kindergartens
 * (analysis/site-kindergartens.ts), solved exactly with HiGHS (wasm bundled with the app) within
 * the options' time limit; the result carries the gap, bound, solver and status.
 */
export const siteFacilitiesTask: TaskFn<SitingTaskInput, SitingTaskOutput> = makeSiteFacilitiesTask(loadHighsBrowser);
