import type { FeatureCollection, Geometry } from 'geojson';
import {
  computeFireCoverage,
  fireCoverageGeoJson,
  prepareFireCoverage,
  type FireCoverageGeoJson,
  type FireCoverageInput,
  type FireCoverageResult,
  type FirePrepareOptions,
  type PreparedFireCoverage,
  type FireRunOptions,
} from '../../../analysis/fire-coverage';
import { assertFireOptions } from '../../../analysis/fire-params';
import type { LaneProblemLoss } from '../../../analysis/fire-lane-losses';
import type { TaskFn } from '../protocol';

/** The figures of a fire-coverage result (its typed per-cell / per-household arrays left out). */
export type FireFigures = Omit<FireCoverageResult, 'cellTimeSec' | 'cellStation' | 'householdTimeSec' | 'householdStation'>;

export interface FireTaskInput {
  input: FireCoverageInput;
  options: FirePrepareOptions & FireRunOptions;
  /** The project's stations ("before"). */
  stations: FeatureCollection<Geometry | null>;
  /** The edited stations and the statuses they count with ("after"); omitted for a single run. */
  after?: { stations: FeatureCollection<Geometry | null>; statuses: string[] };
}

export interface FireTaskOutput {
  before: FireFigures;
  after: FireFigures | null;
  /** Map layers of the "after" scenario when given, else of "before". */
  geo: FireCoverageGeoJson;
  /** Open fire-lane problems and what fixing each alone would add ("before" stations); absent without a ledger. */
  lanes?: LaneProblemLoss[];
}

function figures(r: FireCoverageResult): FireFigures {
  const { cellTimeSec: _a, cellStation: _b, householdTimeSec: _c, householdStation: _d, ...rest } = r;
  return rest;
}

/** One scenario run on a prepared county: before, optionally after, and the map layers. */
export function runFireScenario(
  prep: PreparedFireCoverage,
  { options, stations, after }: Pick<FireTaskInput, 'options' | 'stations' | 'after'>,
  progress: (p: { stage?: string; fraction?: number }) => void = () => {},
): FireTaskOutput {
  progress({ stage: 'before', fraction: 0.6 });
  const before = computeFireCoverage(prep, stations, options);
  let afterResult: FireCoverageResult | null = null;
  if (after) {
    progress({ stage: 'after', fraction: 0.75 });
    afterResult = computeFireCoverage(prep, after.stations, { ...options, statuses: after.statuses });
  }
  progress({ stage: 'polygons', fraction: 0.85 });
  const geo = fireCoverageGeoJson(prep, afterResult ?? before, options.breaksMinutes);
  return { before: figures(before), after: afterResult ? figures(afterResult) : null, geo };
}

/** Worker task: fire-response coverage (analysis/fire-coverage.ts), before and after a what-if edit. */
export const fireCoverageTask: TaskFn<FireTaskInput, FireTaskOutput> = ({ input, options, stations, after }, progress) => {
  assertFireOptions('fireCoverage', options as Record<string, unknown>);
  progress({ stage: 'prepare', fraction: 0.05 });
  const prep = prepareFireCoverage(input, options);
  return runFireScenario(prep, { options, stations, after }, progress);
};
