import type { FeatureCollection, Geometry } from 'geojson';
import {
  computeFireCoverage,
  fireCoverageGeoJson,
  fireUncoveredRowFeatures,
  fireUncoveredRows,
  type FireUncoveredRows,
  prepareFireCoverage,
  type FireCoverageGeoJson,
  type FireCoverageInput,
  type FireCoverageResult,
  type FirePrepareOptions,
  type PreparedFireCoverage,
  type FireRunOptions,
} from '../../../analysis/fire-coverage';
import { assertFireOptions } from '../../../analysis/fire-params';
import type { ColumnLayerData } from '../../../layers/types';
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

/**
 * {@link FireTaskOutput} with the uncovered households as row indexes (a few typed arrays to
 * transfer) instead of a Feature each: what the fire panel's worker sends. The main thread, which
 * holds the households, makes the Features with {@link expandFireOutput}.
 */
export interface FireCompactOutput {
  before: FireFigures;
  after: FireFigures | null;
  geo: Omit<FireCoverageGeoJson, 'uncovered'> & { uncovered: FireUncoveredRows };
  /** As {@link FireTaskOutput.lanes}. */
  lanes?: LaneProblemLoss[];
}

/** The buffers of a compact output's uncovered rows (new arrays, safe to transfer). */
export function compactTransferables(out: FireCompactOutput): ArrayBuffer[] {
  const u = out.geo.uncovered;
  return [u.rows.buffer, u.timeSec.buffer, u.station.buffer] as ArrayBuffer[];
}

/** A compact output with its uncovered households as Features again (the same as the analysis gives). */
export function expandFireOutput(out: FireCompactOutput, households: ColumnLayerData | undefined | null, labels?: PreparedFireCoverage['householdLabels']): FireTaskOutput {
  const features = households ? [...fireUncoveredRowFeatures(households, out.geo.uncovered, labels)] : [];
  return { ...out, geo: { ...out.geo, uncovered: { type: 'FeatureCollection', features } } };
}

/** One scenario run on a prepared county: before, optionally after, and the map layers. */
export function runFireScenario(
  prep: PreparedFireCoverage,
  { options, stations, after }: Pick<FireTaskInput, 'options' | 'stations' | 'after'>,
  progress: (p: { stage?: string; fraction?: number }) => void = () => {},
): FireCompactOutput {
  progress({ stage: 'before', fraction: 0.6 });
  const before = computeFireCoverage(prep, stations, options);
  let afterResult: FireCoverageResult | null = null;
  if (after) {
    progress({ stage: 'after', fraction: 0.75 });
    afterResult = computeFireCoverage(prep, after.stations, { ...options, statuses: after.statuses });
  }
  progress({ stage: 'polygons', fraction: 0.85 });
  const shown = afterResult ?? before;
  const { isochrones, districts } = fireCoverageGeoJson(prep, shown, options.breaksMinutes, { uncovered: false });
  const geo = { isochrones, districts, uncovered: fireUncoveredRows(prep, shown) };
  return { before: figures(before), after: afterResult ? figures(afterResult) : null, geo };
}

/** Worker task: fire-response coverage (analysis/fire-coverage.ts), before and after a what-if edit. */
export const fireCoverageTask: TaskFn<FireTaskInput, FireTaskOutput> = ({ input, options, stations, after }, progress) => {
  assertFireOptions('fireCoverage', options as Record<string, unknown>);
  progress({ stage: 'prepare', fraction: 0.05 });
  const prep = prepareFireCoverage(input, options);
  return expandFireOutput(runFireScenario(prep, { options, stations, after }, progress), prep.households, prep.householdLabels);
};
