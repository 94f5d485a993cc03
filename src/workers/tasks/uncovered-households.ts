import type { FeatureCollection, Geometry } from 'geojson';
import { uncoveredHouseholds, type UncoveredHouseholdsInput, type UncoveredHouseholdsOptions, type UncoveredHouseholdsResult } from '../../../analysis/uncovered-households';
import { fireCoverage } from '../../../analysis/fire-coverage';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../../analysis/fire-params';
import { assertOptions, fromProject, resolveParams } from '../../../analysis/params';
import { HYDRANT_PARAMS, KINDERGARTEN_OPTION_FIELDS, KINDERGARTEN_PARAMS, UNCOVERED_OPTION_FIELDS, UNCOVERED_PARAMS } from '../../../analysis/radii-params';
import type { TaskFn } from '../protocol';

export interface UncoveredTaskInput {
  input: Omit<UncoveredHouseholdsInput, 'fire'>;
  options: UncoveredHouseholdsOptions;
  /** Compute the fire 5-minute reach first (needs roads and stations); else the fire service is "not computed". */
  fire: { roads: FeatureCollection<Geometry | null> | null; stations: FeatureCollection<Geometry | null> | null; params: Record<string, unknown>; fireLanes?: FeatureCollection<Geometry | null> | null } | null;
}

/** Worker task: every service against every household (analysis/uncovered-households.ts), with the fire reach from analysis/fire-coverage.ts. */
export const uncoveredHouseholdsTask: TaskFn<UncoveredTaskInput, UncoveredHouseholdsResult> = ({ input, options, fire }, progress) => {
  const o = options as unknown as Record<string, unknown>;
  assertOptions('uncoveredHouseholds', HYDRANT_PARAMS, { hydrantRadiusMeters: 'hydrant-radius', includePlannedHydrants: 'include-planned', cranesAsHydrants: 'cranes-as-hydrants' }, o);
  assertOptions('uncoveredHouseholds', UNCOVERED_PARAMS, UNCOVERED_OPTION_FIELDS, o);
  if (options.kindergarten) assertOptions('uncoveredHouseholds', KINDERGARTEN_PARAMS, KINDERGARTEN_OPTION_FIELDS, options.kindergarten as unknown as Record<string, unknown>);
  let fireResult = null;
  let fireError: string | null = null;
  if (fire && fire.stations) {
    progress({ stage: 'fire-coverage', fraction: 0.1 });
    const values = resolveParams<Record<string, unknown>>(FIRE_PARAMS, fromProject(fire.params));
    const roads = fire.roads && fire.roads.features.length > 0 ? fire.roads : undefined;
    try {
      fireResult = fireCoverage(
        { roads, builtUp: input.builtUp ?? undefined, townships: input.townships ?? undefined, households: input.households, fireLanes: fire.fireLanes ?? undefined },
        fire.stations,
        fireOptionsFromParams(values),
      );
    } catch (e) {
      fireError = (e as Error).message;
    }
  }
  progress({ stage: 'services', fraction: 0.7 });
  const result = uncoveredHouseholds({ ...input, fire: fireResult }, options);
  if (fireError) result.services.fire.note = fireError;
  if (fireResult) result.warnings.unshift(...fireResult.warnings);
  return result;
};
