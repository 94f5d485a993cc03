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

/** What {@link FireScenarioCache.run} did for one request. */
export interface FireCachedRun {
  output: FireCompactOutput;
  /**
   * Names the shown scenario's map layers (outlines and uncovered rows): equal revisions of one
   * cache hold equal layers, so a caller that still has them can keep its own copies.
   */
  revision: string;
  /** Which parts were computed now (false: taken from the cache). */
  computed: { before: boolean; after: boolean; layers: boolean };
  /** Worker milliseconds per step of this request (0 for a cached step). */
  timingMs: { before: number; after: number; layers: number };
}

let cacheCount = 0;

/**
 * The last "before" and "after" results of one prepared county and the map layers of the scenario
 * shown, keyed by everything they are computed from (run options, stations, statuses). A request
 * equal to the previous one costs nothing; an edited "after" recomputes only "after" and its
 * layers. Build a new cache for each preparation (it holds results of that `prep` only).
 */
export class FireScenarioCache {
  private readonly id = `${++cacheCount}.${Math.random().toString(36).slice(2, 8)}`;
  private layersCount = 0;
  private before: { key: string; result: FireCoverageResult } | null = null;
  private after: { key: string; result: FireCoverageResult } | null = null;
  private layers: { key: string; revision: string; geo: FireCompactOutput['geo'] } | null = null;

  constructor(private readonly prep: PreparedFireCoverage) {}

  /**
   * One scenario run, as {@link runFireScenario} gives it, from the cache where the inputs are the
   * same. The output's typed arrays are copies (safe to transfer; the cache keeps its own).
   */
  run(
    { options, stations, after }: Pick<FireTaskInput, 'options' | 'stations' | 'after'>,
    progress: (p: { stage?: string; fraction?: number }) => void = () => {},
  ): FireCachedRun {
    const timingMs = { before: 0, after: 0, layers: 0 };
    const computed = { before: false, after: false, layers: false };
    const beforeKey = JSON.stringify([options, stations]);
    if (this.before?.key !== beforeKey) {
      progress({ stage: 'before', fraction: 0.6 });
      const t0 = performance.now();
      this.before = { key: beforeKey, result: computeFireCoverage(this.prep, stations, options) };
      timingMs.before = performance.now() - t0;
      computed.before = true;
    }
    let afterResult: FireCoverageResult | null = null;
    let shownKey = beforeKey;
    if (after) {
      // "after" counts its own statuses: the options' ("before") statuses are not an input of it
      const { statuses: _beforeStatuses, ...afterOptions } = options;
      const afterKey = JSON.stringify([afterOptions, after.stations, after.statuses]);
      if (this.after?.key !== afterKey) {
        progress({ stage: 'after', fraction: 0.75 });
        const t0 = performance.now();
        this.after = { key: afterKey, result: computeFireCoverage(this.prep, after.stations, { ...options, statuses: after.statuses }) };
        timingMs.after = performance.now() - t0;
        computed.after = true;
      }
      afterResult = this.after.result;
      shownKey = `after:${afterKey}`;
    }
    if (this.layers?.key !== shownKey) {
      progress({ stage: 'polygons', fraction: 0.85 });
      const t0 = performance.now();
      const shown = afterResult ?? this.before.result;
      const { isochrones, districts } = fireCoverageGeoJson(this.prep, shown, options.breaksMinutes, { uncovered: false });
      this.layers = { key: shownKey, revision: `${this.id}.${++this.layersCount}`, geo: { isochrones, districts, uncovered: fireUncoveredRows(this.prep, shown) } };
      timingMs.layers = performance.now() - t0;
      computed.layers = true;
    }
    const u = this.layers.geo.uncovered;
    const geo = { ...this.layers.geo, uncovered: { ...u, rows: u.rows.slice(), timeSec: u.timeSec.slice(), station: u.station.slice() } };
    return {
      output: { before: figures(this.before.result), after: afterResult ? figures(afterResult) : null, geo },
      revision: this.layers.revision,
      computed,
      timingMs,
    };
  }
}

/** Worker task: fire-response coverage (analysis/fire-coverage.ts), before and after a what-if edit. */
export const fireCoverageTask: TaskFn<FireTaskInput, FireTaskOutput> = ({ input, options, stations, after }, progress) => {
  assertFireOptions('fireCoverage', options as Record<string, unknown>);
  progress({ stage: 'prepare', fraction: 0.05 });
  const prep = prepareFireCoverage(input, options);
  return expandFireOutput(runFireScenario(prep, { options, stations, after }, progress), prep.households, prep.householdLabels);
};
